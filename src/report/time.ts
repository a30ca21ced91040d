/**
 * Timestamp text for reports: exact decimal seconds with nanoseconds, and RFC 3339.
 * @module report/time
 */

const NS = 1_000_000_000n;

/** `1700000000.123456789` (always 9 decimals; exact for any bigint ns, negative included). */
export function formatEpochNs(tsNs: bigint): string {
  const neg = tsNs < 0n;
  const abs = neg ? -tsNs : tsNs;
  const s = abs / NS;
  const f = abs % NS;
  return `${neg ? '-' : ''}${s}.${f.toString().padStart(9, '0')}`;
}

/** Zeek conn.log `time`/`interval` text: seconds with 6 decimals (Zeek's precision). */
export function formatZeekTime(tsNs: bigint): string {
  const neg = tsNs < 0n;
  const abs = neg ? -tsNs : tsNs;
  const us = (abs + 500n) / 1000n;
  return `${neg ? '-' : ''}${us / 1_000_000n}.${(us % 1_000_000n).toString().padStart(6, '0')}`;
}

/** RFC 3339 UTC with nanoseconds: `2023-11-14T22:13:20.123456789Z`; null for out-of-range values. */
export function formatRfc3339Ns(tsNs: bigint): string | null {
  const ms = tsNs / 1_000_000n;
  const d = new Date(Number(ms));
  if (Number.isNaN(d.getTime())) return null;
  let frac = tsNs % NS;
  if (frac < 0n) frac += NS;
  return d.toISOString().slice(0, 19) + '.' + frac.toString().padStart(9, '0') + 'Z';
}
