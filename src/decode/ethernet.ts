/**
 * Ethernet II and IEEE 802.3 (length field) frames.
 * @module decode/ethernet
 */
import { readU16BE } from '../core/index.js';
import type { LayerResult } from './types.js';
import { ETHERTYPE_LLC, FAIL, MIN_ETHERTYPE, readMac48, runL2, type L2Header, type L2State } from './l2.js';

/** Destination MAC (6) + source MAC (6) + EtherType/length (2); IEEE 802.3 §3.1. */
export const ETHERNET_HEADER_LENGTH = 14;

/** Reads an Ethernet header; 802.3/LLC frames get the pseudo EtherType ETHERTYPE_LLC. */
export function readEthernet(buf: Uint8Array, off: number, end: number, s: L2State): number {
  if (end - off < ETHERNET_HEADER_LENGTH) {
    s.code = 'decoder.ethernet.trunc_hdr';
    return FAIL;
  }
  const t = readU16BE(buf, off + 12);
  s.etherType = t < MIN_ETHERTYPE ? ETHERTYPE_LLC : t;
  // A new Ethernet header starts a new L2: VLAN ids and the source MAC describe the innermost one.
  s.vlanCount = 0;
  s.srcMac = readMac48(buf, off + 6);
  return off + ETHERNET_HEADER_LENGTH;
}

/** Decodes an Ethernet header at `off` (LINKTYPE_ETHERNET = 1). */
export function decodeEthernet(buf: Uint8Array, off = 0, end = buf.length): LayerResult<L2Header> {
  return runL2(readEthernet, buf, off, end);
}
