/**
 * MAC addresses as 48-bit numbers (the decoders' form: no allocation per packet; -1 for none)
 * and as text.
 * @module core/mac
 */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** `aa:bb:cc:dd:ee:ff` (lower case, as Zeek's `orig_l2_addr`) for a 48-bit MAC number ≥ 0. */
export function formatMac(mac: number): string {
  const hi = Math.floor(mac / 0x1000000);
  const lo = mac % 0x1000000;
  return `${HEX[(hi >>> 16) & 0xff]}:${HEX[(hi >>> 8) & 0xff]}:${HEX[hi & 0xff]}:${HEX[(lo >>> 16) & 0xff]}:${HEX[(lo >>> 8) & 0xff]}:${HEX[lo & 0xff]}`;
}
