/**
 * AS organisation patterns: a case-insensitive substring, or `/regex/` (case-insensitive). Regexes
 * are bounded before use: V8's backtracking engine is exponential on nested quantifiers such as
 * `(a+)+`, so those, back-references and look-arounds are rejected, at most two unbounded
 * quantifiers are allowed, and subjects are cut to `AS_ORG_MAX_SUBJECT` characters.
 * @module policy/as-org
 */

/** Longest AS organisation text a pattern is run on (longer text is cut). */
export const AS_ORG_MAX_SUBJECT = 256;

/** Unbounded quantifiers (`*`, `+`, `{n,}`) allowed in one regex. */
const MAX_UNBOUNDED = 2;

/** A compiled pattern. */
export type OrgMatcher = { readonly kind: 'substring'; readonly text: string } | { readonly kind: 'regex'; readonly re: RegExp };

/** The compiled pattern, or the problem with it. */
export function compileOrgPattern(pattern: string): { ok: true; matcher: OrgMatcher } | { ok: false; message: string } {
  if (!(pattern.length >= 2 && pattern.startsWith('/'))) return { ok: true, matcher: { kind: 'substring', text: pattern.toLowerCase() } };
  const last = pattern.lastIndexOf('/');
  if (last === 0) return { ok: false, message: `${JSON.stringify(pattern)}: a regex must end with "/"` };
  if (last !== pattern.length - 1) return { ok: false, message: `${JSON.stringify(pattern)}: flags are not allowed (patterns are always case-insensitive)` };
  const source = pattern.slice(1, -1);
  if (source.length === 0) return { ok: false, message: `${JSON.stringify(pattern)}: empty regex` };
  const unsafe = regexHazard(source);
  if (unsafe !== undefined) return { ok: false, message: `${JSON.stringify(pattern)}: ${unsafe}` };
  try {
    return { ok: true, matcher: { kind: 'regex', re: new RegExp(source, 'iu') } };
  } catch (e) {
    return { ok: false, message: `${JSON.stringify(pattern)} is not a valid regular expression (${(e as Error).message})` };
  }
}

/** True when `org` matches. */
export function orgMatches(m: OrgMatcher, org: string): boolean {
  const subject = org.length > AS_ORG_MAX_SUBJECT ? org.slice(0, AS_ORG_MAX_SUBJECT) : org;
  return m.kind === 'substring' ? subject.toLowerCase().includes(m.text) : m.re.test(subject);
}

interface Group {
  quantified: boolean; // contains a quantifier
  alternation: boolean;
}

/** Why a regex source could backtrack badly, or `undefined`. A syntax scan, not a parser. */
export function regexHazard(src: string): string | undefined {
  const stack: Group[] = [{ quantified: false, alternation: false }];
  let unbounded = 0;
  let lastGroup: Group | undefined; // the group that just closed, if the previous atom was one
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    const q = quantifierAt(src, i);
    if (q !== undefined) {
      if (lastGroup !== undefined && q.repeats && (lastGroup.quantified || lastGroup.alternation)) {
        return 'a quantified group containing a quantifier or "|" may backtrack exponentially';
      }
      if (q.unbounded && ++unbounded > MAX_UNBOUNDED) return `more than ${MAX_UNBOUNDED} unbounded quantifiers (*, +, {n,})`;
      stack[stack.length - 1]!.quantified = true;
      i += q.length - 1;
      lastGroup = undefined;
      continue;
    }
    lastGroup = undefined;
    if (c === '\\') {
      const n = src[i + 1] ?? '';
      if (/[1-9]/.test(n) || n === 'k') return 'back-references are not allowed';
      i++;
    } else if (c === '[') {
      i = classEnd(src, i);
    } else if (c === '(') {
      if (/^\(\?<?[=!]/.test(src.slice(i, i + 4))) return 'look-arounds are not allowed';
      stack.push({ quantified: false, alternation: false });
      if (src[i + 1] === '?') i = src[i + 2] === '<' ? Math.max(i, src.indexOf('>', i)) : i + 2; // (?: or (?<name>
    } else if (c === ')') {
      if (stack.length > 1) {
        lastGroup = stack.pop()!;
        const parent = stack[stack.length - 1]!;
        parent.quantified ||= lastGroup.quantified;
      }
    } else if (c === '|') {
      stack[stack.length - 1]!.alternation = true;
    }
  }
  return undefined;
}

/** A quantifier at `i`: its length, whether it is unbounded, and whether it can repeat (not `?`). */
function quantifierAt(src: string, i: number): { length: number; unbounded: boolean; repeats: boolean } | undefined {
  const c = src[i];
  if (c === '*' || c === '+') return { length: lazyLen(src, i + 1, 1), unbounded: true, repeats: true };
  if (c === '?') return { length: lazyLen(src, i + 1, 1), unbounded: false, repeats: false };
  if (c !== '{') return undefined;
  const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(i));
  if (m === null) return undefined;
  const unbounded = m[2] !== undefined && (m[3] === undefined || m[3] === '');
  const max = unbounded ? Infinity : Number(m[3] ?? m[1]);
  return { length: lazyLen(src, i + m[0].length, m[0].length), unbounded, repeats: max > 1 };
}

function lazyLen(src: string, next: number, len: number): number {
  return src[next] === '?' ? len + 1 : len;
}

function classEnd(src: string, i: number): number {
  for (let j = i + 1; j < src.length; j++) {
    if (src[j] === '\\') j++;
    else if (src[j] === ']') return j;
  }
  return src.length;
}
