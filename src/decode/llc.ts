/**
 * IEEE 802.2 LLC with SNAP (RFC 1042): AA AA 03, OUI, EtherType. Frames without SNAP (STP, NetBIOS,
 * …) are not IP and get the pseudo EtherType ETHERTYPE_LLC. Used by FDDI and IEEE 802.11.
 * @module decode/llc
 */
import { readU16BE } from '../core/index.js';
import { ETHERTYPE_LLC, FAIL, type L2State } from './l2.js';

const LLC_SNAP_LENGTH = 8;

/** Reads an LLC header; with SNAP the EtherType follows. */
export function readLlc(buf: Uint8Array, off: number, end: number, s: L2State): number {
  if (end - off < 3) {
    s.code = 'decoder.llc.trunc_hdr';
    return FAIL;
  }
  if (buf[off] !== 0xaa || buf[off + 1] !== 0xaa || buf[off + 2] !== 0x03) {
    s.etherType = ETHERTYPE_LLC;
    return off + 3;
  }
  if (end - off < LLC_SNAP_LENGTH) {
    s.code = 'decoder.llc.trunc_hdr';
    return FAIL;
  }
  s.etherType = readU16BE(buf, off + 6);
  return off + LLC_SNAP_LENGTH;
}
