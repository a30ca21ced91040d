/**
 * QUIC variable-length integers (RFC 9000 §16): the two high bits of the first byte give the
 * length (1, 2, 4 or 8 bytes), the rest is the value, big-endian. Pure; no allocation.
 * @module names/quic/varint
 */

/** The largest value a varint can hold, 2^62 − 1 (RFC 9000 §16). */
export const QUIC_VARINT_MAX = 2 ** 62 - 1;

/** Length in bytes of the varint whose first byte is `first`: 1, 2, 4 or 8. */
export function varintSize(first: number): number {
  return 1 << (first >>> 6);
}

/**
 * The varint at `off`, or -1 when it does not fit before `end`. Values above 2^53 lose precision
 * (they are only ever compared with caps far below that).
 */
export function readVarint(b: Uint8Array, off: number, end: number): number {
  if (off >= end) return -1;
  const first = b[off]!;
  const n = varintSize(first);
  if (end - off < n) return -1;
  let v = first & 0x3f;
  if (n === 8) {
    const hi = ((v << 24) | (b[off + 1]! << 16) | (b[off + 2]! << 8) | b[off + 3]!) >>> 0;
    const lo = ((b[off + 4]! << 24) | (b[off + 5]! << 16) | (b[off + 6]! << 8) | b[off + 7]!) >>> 0;
    return hi * 2 ** 32 + lo;
  }
  for (let i = 1; i < n; i++) v = v * 256 + b[off + i]!;
  return v;
}

/** True when `value` read in `size` bytes could have been written in fewer (RFC 9000 §12.4 frame types). */
export function varintOverlong(value: number, size: number): boolean {
  return (size > 1 && value < 64) || (size > 2 && value < 16384) || (size > 4 && value < 2 ** 30);
}
