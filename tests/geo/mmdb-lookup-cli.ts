/** `mmdblookup` (libmaxminddb, Debian mmdb-bin) as a reference reader; absent → tests skip. */
import { spawnSync } from 'node:child_process';

/** True when the mmdblookup binary runs. */
export const HAVE_MMDBLOOKUP = spawnSync('mmdblookup', ['--version']).status === 0;

/**
 * Leaf lines (`"RU" <utf8_string>`, `64496 <uint32>`) of the record for `ip`, in encoded order,
 * or `null` when mmdblookup finds no entry.
 */
export function mmdblookupLeaves(file: string, ip: string): string[] | null {
  const res = spawnSync('mmdblookup', ['--file', file, '--ip', ip], { encoding: 'utf8' });
  const out = res.stdout + res.stderr;
  if (/Could not find an entry/.test(out)) return null;
  if (res.status !== 0) throw new Error(`mmdblookup failed: ${out}`);
  return out
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /<\w+>$/.test(l));
}

/** The same leaf lines from a decoded record, for records of strings, uint32 and booleans. */
export function leavesOf(v: unknown): string[] {
  if (typeof v === 'string') return [`${JSON.stringify(v)} <utf8_string>`];
  if (typeof v === 'number') return [`${v} <uint32>`];
  if (typeof v === 'boolean') return [`${v} <boolean>`];
  if (Array.isArray(v)) return v.flatMap(leavesOf);
  if (v !== null && typeof v === 'object') return Object.values(v).flatMap(leavesOf);
  throw new Error(`unsupported leaf ${String(v)}`);
}
