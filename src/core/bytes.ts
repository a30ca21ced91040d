/**
 * Bounds-aware readers over Uint8Array. Byte order is in the name (STYLE rule 4).
 * Callers check lengths before reading; these helpers do no checks of their own so they stay fast.
 * @module core/bytes
 */

export function readU16BE(b: Uint8Array, off: number): number {
  return ((b[off]! << 8) | b[off + 1]!) >>> 0;
}

export function readU16LE(b: Uint8Array, off: number): number {
  return (b[off]! | (b[off + 1]! << 8)) >>> 0;
}

export function readU32BE(b: Uint8Array, off: number): number {
  return ((b[off]! << 24) | (b[off + 1]! << 16) | (b[off + 2]! << 8) | b[off + 3]!) >>> 0;
}

export function readU32LE(b: Uint8Array, off: number): number {
  return (b[off]! | (b[off + 1]! << 8) | (b[off + 2]! << 16) | (b[off + 3]! << 24)) >>> 0;
}

/** Lower-case hex of a byte range, for anomaly details and tests. */
export function hex(b: Uint8Array, start = 0, end = b.length): string {
  let s = '';
  for (let i = start; i < end && i < b.length; i++) s += b[i]!.toString(16).padStart(2, '0');
  return s;
}
