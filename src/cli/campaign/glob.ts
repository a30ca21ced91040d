/**
 * File globs for manifests (Node 20 has no fs.glob): `*` and `?` within one path segment, `[abc]`,
 * `[a-z]` and `[!a]` classes, and `**` for any number of folders. As in POSIX shells (XCU §2.13.3),
 * a wildcard does not match a leading '.', so hidden and temporary files are never picked up.
 * Matches are sorted by path in natural order (runs of digits by their value, the rest by code
 * units), so a glob always expands in the same order and tcpdump's rotated files (`cap`, `cap1`,
 * …, `cap10`) come in the order they were written, not `cap1, cap10, cap2`.
 * @module cli/campaign/glob
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Whether `s` contains a glob character. */
export function isGlob(s: string): boolean {
  return /[*?[]/.test(s);
}

/** One path segment of a glob → an anchored RegExp (null: the segment is `**`). */
export function segmentRegex(seg: string): RegExp | null {
  if (seg === '**') return null;
  let re = '';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = seg.indexOf(']', i + 2);
      if (end < 0) {
        re += '\\[';
        continue;
      }
      let body = seg.slice(i + 1, end);
      const negate = body.startsWith('!');
      if (negate) body = body.slice(1);
      re += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = end;
    } else re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/**
 * Every regular file under `base` whose path relative to `base` matches `pattern` ('/'-separated).
 * Symbolic links to folders are not followed (no cycles); the caller checks where matches lead.
 */
export async function expandGlob(base: string, pattern: string): Promise<string[]> {
  const segs = pattern.split('/').filter((s) => s !== '' && s !== '.');
  const out = new Set<string>();
  await walk(base, '', segs, 0, out);
  return [...out].sort(naturalCompare);
}

/**
 * `a` before `b` in natural order: digit runs compare by value, everything else by code units;
 * equal so (`x9`, `x09`), by code units. A total order that needs no locale.
 */
export function naturalCompare(a: string, b: string): number {
  const ra = a.match(/\d+|\D+/g) ?? [];
  const rb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ra.length, rb.length); i++) {
    const x = ra[i]!;
    const y = rb[i]!;
    if (x === y) continue;
    const dx = x.charCodeAt(0) >= 48 && x.charCodeAt(0) <= 57;
    const dy = y.charCodeAt(0) >= 48 && y.charCodeAt(0) <= 57;
    if (dx && dy) {
      const vx = x.replace(/^0+(?=\d)/, '');
      const vy = y.replace(/^0+(?=\d)/, '');
      if (vx.length !== vy.length) return vx.length - vy.length;
      if (vx !== vy) return vx < vy ? -1 : 1;
      continue; // the same value: leading zeros decide only at the end
    }
    return x < y ? -1 : 1;
  }
  if (ra.length !== rb.length) return ra.length - rb.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

async function walk(base: string, rel: string, segs: readonly string[], i: number, out: Set<string>): Promise<void> {
  const seg = segs[i];
  if (seg === undefined) return;
  const last = i === segs.length - 1;
  if (!isGlob(seg)) {
    const next = rel === '' ? seg : `${rel}/${seg}`;
    if (last) {
      const entries = await list(join(base, rel));
      if (entries.some((e) => e.name === seg && (e.isFile() || e.isSymbolicLink()))) out.add(next);
    } else await walk(base, next, segs, i + 1, out);
    return;
  }
  const entries = await list(join(base, rel));
  const re = segmentRegex(seg);
  if (re === null) {
    // `**`: this folder (zero segments), then every non-hidden sub-folder, recursively.
    await walk(base, rel, segs, i + 1, out);
    for (const e of entries) if (e.isDirectory() && !e.name.startsWith('.')) await walk(base, rel === '' ? e.name : `${rel}/${e.name}`, segs, i, out);
    return;
  }
  for (const e of entries) {
    if (e.name.startsWith('.') && !seg.startsWith('.')) continue;
    if (!re.test(e.name)) continue;
    const next = rel === '' ? e.name : `${rel}/${e.name}`;
    if (last) {
      if (e.isFile() || e.isSymbolicLink()) out.add(next);
    } else if (e.isDirectory()) await walk(base, next, segs, i + 1, out);
  }
}

async function list(dir: string): Promise<import('node:fs').Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}
