/**
 * Numbers and inclusive ranges in policies: AS numbers (`13238`, `"AS13238"`, `"64512-65534"`) and
 * ports (`443`, `"8000-8099"`).
 * @module policy/ranges
 */

/** An inclusive range. */
export type NumberRange = readonly [low: number, high: number];

/** Largest AS number (4-octet ASNs, RFC 6793). */
export const MAX_ASN = 4294967295;

/** Largest port. */
export const MAX_PORT = 65535;

/**
 * Parse an entry as a range: an integer, or text `a` / `a-b` (each side optionally `AS`-prefixed
 * when `asPrefix`). Returns the problem as text when it is not one.
 */
export function parseRange(v: unknown, max: number, asPrefix: boolean): NumberRange | string {
  if (typeof v === 'number') {
    return Number.isInteger(v) && v >= 0 && v <= max ? [v, v] : `${v} is not an integer from 0 to ${max}`;
  }
  if (typeof v !== 'string') return `${JSON.stringify(v)} is not a number or range`;
  const side = asPrefix ? '(?:[Aa][Ss])?(\\d{1,10})' : '(\\d{1,10})';
  const m = new RegExp(`^${side}(?:-${side})?$`).exec(v);
  if (m === null) return `${JSON.stringify(v)} is not a number or "low-high" range`;
  const lo = Number(m[1]);
  const hi = m[2] === undefined ? lo : Number(m[2]);
  if (lo > max || hi > max) return `${JSON.stringify(v)} is outside 0-${max}`;
  if (lo > hi) return `${JSON.stringify(v)}: the range is reversed (${lo} > ${hi})`;
  return [lo, hi];
}

/** True when `n` lies in one of `ranges`. */
export function inRanges(ranges: readonly NumberRange[], n: number): boolean {
  for (const r of ranges) if (n >= r[0] && n <= r[1]) return true;
  return false;
}
