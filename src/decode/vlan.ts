/**
 * IEEE 802.1Q VLAN tags, 802.1ad / pre-standard QinQ stacks, and Cisco VN-Tag.
 * @module decode/vlan
 */
import { readU16BE } from '../core/index.js';
import type { LayerResult } from './types.js';
import { ETHERTYPE_LLC, FAIL, MAX_L2_LAYERS, MIN_ETHERTYPE, runL2, type L2Header, type L2State } from './l2.js';

/** TCI (PCP 3 bits, DEI 1, VID 12) + inner EtherType; IEEE 802.1Q §9.6. */
export const VLAN_TAG_LENGTH = 4;
/** VN-Tag: 4 bytes of tag + inner EtherType. */
export const VNTAG_LENGTH = 6;

/** Reads one VLAN tag (the 0x8100/0x88a8/0x9100 EtherType was already consumed). */
export function readVlan(buf: Uint8Array, off: number, end: number, s: L2State): number {
  if (end - off < VLAN_TAG_LENGTH) {
    s.code = 'decoder.vlan.trunc_hdr';
    return FAIL;
  }
  if (s.vlanCount >= MAX_L2_LAYERS) {
    s.code = 'decoder.vlan.too_many_layers';
    return FAIL;
  }
  s.vlans[s.vlanCount++] = readU16BE(buf, off) & 0x0fff;
  const t = readU16BE(buf, off + 2);
  s.etherType = t < MIN_ETHERTYPE ? ETHERTYPE_LLC : t; // a length: 802.3/LLC inside the tag
  return off + VLAN_TAG_LENGTH;
}

/** Reads a Cisco VN-Tag (EtherType 0x8926). */
export function readVntag(buf: Uint8Array, off: number, end: number, s: L2State): number {
  if (end - off < VNTAG_LENGTH) {
    s.code = 'decoder.vntag.trunc_hdr';
    return FAIL;
  }
  s.etherType = readU16BE(buf, off + 4);
  return off + VNTAG_LENGTH;
}

/** Decodes one VLAN tag at `off` (just after its TPID). */
export function decodeVlan(buf: Uint8Array, off = 0, end = buf.length): LayerResult<L2Header> {
  return runL2(readVlan, buf, off, end);
}
