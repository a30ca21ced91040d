/**
 * IPv4 and IPv6 fragmentation helpers.
 * @module tests/builders/packets/fragment
 */
import { be, checksum, concat } from './bytes.js';

/** Splits a whole IPv4 datagram into fragments whose IP length is at most `mtu` (RFC 791 §3.2). */
export function fragmentIpv4(datagram: Uint8Array, mtu: number): Uint8Array[] {
  const hlen = (datagram[0]! & 0x0f) * 4;
  const header = datagram.subarray(0, hlen);
  const data = datagram.subarray(hlen);
  const step = Math.floor((mtu - hlen) / 8) * 8;
  const out: Uint8Array[] = [];
  for (let off = 0; off < data.length; off += step) {
    const chunk = data.subarray(off, Math.min(data.length, off + step));
    const more = off + step < data.length;
    const f = concat(header, chunk);
    f[2] = f.length >> 8;
    f[3] = f.length & 0xff;
    const ff = (header[6]! & 0x40) << 8 | (more ? 0x2000 : 0) | (off >> 3);
    f[6] = ff >> 8;
    f[7] = ff & 0xff;
    f[10] = 0;
    f[11] = 0;
    const c = checksum(f.subarray(0, hlen));
    f[10] = c >> 8;
    f[11] = c & 0xff;
    out.push(f);
  }
  return out;
}

/**
 * Splits a whole IPv6 packet into fragments of at most `mtu` bytes (RFC 8200 §4.5). The
 * unfragmentable part is the fixed header plus `unfragmentable` extension bytes (default 0).
 */
export function fragmentIpv6(packet: Uint8Array, mtu: number, o: { id?: number; unfragmentable?: number } = {}): Uint8Array[] {
  const unfrag = 40 + (o.unfragmentable ?? 0);
  // The next-header byte naming the first fragmentable header: fixed header's, or the last unfragmentable ext's.
  let nhPos = 6;
  for (let p = 40; p < unfrag; ) {
    nhPos = p;
    p += (packet[p + 1]! + 1) * 8;
  }
  const firstNext = packet[nhPos]!;
  const data = packet.subarray(unfrag);
  const step = Math.floor((mtu - unfrag - 8) / 8) * 8;
  const out: Uint8Array[] = [];
  for (let off = 0; off < data.length; off += step) {
    const chunk = data.subarray(off, Math.min(data.length, off + step));
    const more = off + step < data.length;
    const fh = concat(Uint8Array.of(firstNext, 0), be(off | (more ? 1 : 0), 2), be(o.id ?? 0xabcd, 4));
    const f = concat(packet.subarray(0, unfrag), fh, chunk);
    f[nhPos] = 44;
    f[4] = (f.length - 40) >> 8;
    f[5] = (f.length - 40) & 0xff;
    out.push(f);
  }
  return out;
}
