/**
 * Inclusive address ranges (as in ip-location-db CSVs) → the minimal list of CIDR blocks
 * covering exactly the range (the classic aligned-block split, as Python's
 * `ipaddress.summarize_address_range`).
 * @module geo/ip-range
 */
import type { IpNetwork } from './ip-bytes.js';

/** CIDRs covering `[start, end]` of an IPv4 range given as unsigned 32-bit numbers. */
export function ipv4RangeToCidrs(start: number, end: number): IpNetwork[] {
  if (!(start >= 0 && end >= start && end <= 0xffffffff)) throw new RangeError(`bad IPv4 range ${start}-${end}`);
  const out: IpNetwork[] = [];
  let s = start;
  while (s <= end) {
    // Block size: limited by the alignment of s (trailing zeros) and by what is left of the range.
    const lowBit = ((s | 0) & -(s | 0)) >>> 0;
    const align = s === 0 ? 32 : 31 - Math.clz32(lowBit);
    const left = end - s + 1;
    const fit = left >= 2 ** 32 ? 32 : 31 - Math.clz32(left);
    const k = Math.min(align, fit);
    const b = new Uint8Array(4);
    for (let i = 0; i < 4; i++) b[i] = Math.floor(s / 2 ** (8 * (3 - i))) & 0xff;
    out.push({ version: 4, bytes: b, prefix: 32 - k });
    s += 2 ** k;
  }
  return out;
}

/** CIDRs covering `[start, end]` of an IPv6 range given as unsigned 128-bit bigints. */
export function ipv6RangeToCidrs(start: bigint, end: bigint): IpNetwork[] {
  if (!(start >= 0n && end >= start && end < 1n << 128n)) throw new RangeError(`bad IPv6 range ${start}-${end}`);
  const out: IpNetwork[] = [];
  let s = start;
  while (s <= end) {
    // Trailing zero bits of s bound the block; what is left of the range bounds it too.
    const align = s === 0n ? 128 : bitLength(s & -s) - 1;
    const fit = bitLength(end - s + 1n) - 1;
    const k = Math.min(align, fit);
    const b = new Uint8Array(16);
    let x = s;
    for (let i = 15; i >= 0; i--) {
      b[i] = Number(x & 0xffn);
      x >>= 8n;
    }
    out.push({ version: 6, bytes: b, prefix: 128 - k });
    s += 1n << BigInt(k);
  }
  return out;
}

function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(16).length * 4 - (Math.clz32(parseInt(x.toString(16)[0]!, 16)) - 28);
}
