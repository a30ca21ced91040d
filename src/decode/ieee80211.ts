/**
 * IEEE 802.11 data frames (LINKTYPE_IEEE802_11 = 105; IEEE 802.11-2020 §9.2) and the radiotap
 * header in front of them (LINKTYPE_IEEE802_11_RADIOTAP = 127; https://www.radiotap.org).
 * Only unprotected data frames carry a readable packet; management, control, null-data and
 * protected frames are counted as not IP.
 * @module decode/ieee80211
 */
import { readU16LE } from '../core/index.js';
import type { LayerResult } from './types.js';
import {
  FAIL,
  PSEUDO_WLAN_CTRL,
  PSEUDO_WLAN_MGMT,
  PSEUDO_WLAN_NO_DATA,
  PSEUDO_WLAN_PROTECTED,
  readMac48,
  runL2,
  type L2Header,
  type L2State,
} from './l2.js';
import { readLlc } from './llc.js';

const WLAN_BASE_LENGTH = 24;
const WLAN_TYPE_MGMT = 0;
const WLAN_TYPE_CTRL = 1;
const FLAG_TO_DS = 0x01;
const FLAG_FROM_DS = 0x02;
const FLAG_PROTECTED = 0x40;
const FLAG_ORDER = 0x80;
/** Data subtypes with bit 0x4 set carry no frame body (null data, CF-Ack/Poll only). */
const SUBTYPE_NO_DATA = 0x4;
const SUBTYPE_QOS = 0x8;
const RADIOTAP_MIN_LENGTH = 8;

/** Reads an 802.11 MAC header and the LLC/SNAP header of a data frame. */
export function readIeee80211(buf: Uint8Array, off: number, end: number, s: L2State): number {
  if (end - off < 2) {
    s.code = 'decoder.ieee80211.trunc_hdr';
    return FAIL;
  }
  const fc0 = buf[off]!;
  const flags = buf[off + 1]!;
  const type = (fc0 >> 2) & 3;
  const subtype = fc0 >> 4;
  if (type === WLAN_TYPE_MGMT || type === WLAN_TYPE_CTRL || type === 3) {
    s.etherType = type === WLAN_TYPE_MGMT ? PSEUDO_WLAN_MGMT : PSEUDO_WLAN_CTRL;
    return end;
  }
  let len = WLAN_BASE_LENGTH;
  if ((flags & (FLAG_TO_DS | FLAG_FROM_DS)) === (FLAG_TO_DS | FLAG_FROM_DS)) len += 6;
  if ((subtype & SUBTYPE_QOS) !== 0) len += (flags & FLAG_ORDER) !== 0 ? 6 : 2;
  if (end - off < len) {
    s.code = 'decoder.ieee80211.trunc_hdr';
    return FAIL;
  }
  if ((subtype & SUBTYPE_NO_DATA) !== 0) {
    s.etherType = PSEUDO_WLAN_NO_DATA;
    return end;
  }
  if ((flags & FLAG_PROTECTED) !== 0) {
    s.etherType = PSEUDO_WLAN_PROTECTED;
    return end;
  }
  // Source address (IEEE 802.11-2020 Table 9-26): address 2 to the DS, 3 from the DS, 4 in a WDS.
  const ds = flags & (FLAG_TO_DS | FLAG_FROM_DS);
  s.srcMac = readMac48(buf, off + (ds === FLAG_FROM_DS ? 16 : ds === (FLAG_TO_DS | FLAG_FROM_DS) ? 24 : 10));
  return readLlc(buf, off + len, end, s);
}

/** Reads a radiotap header (its length is little-endian at byte 2), then the 802.11 frame. */
export function readRadiotap(buf: Uint8Array, off: number, end: number, s: L2State): number {
  if (end - off < RADIOTAP_MIN_LENGTH) {
    s.code = 'decoder.radiotap.trunc_hdr';
    return FAIL;
  }
  const len = readU16LE(buf, off + 2);
  if (len < RADIOTAP_MIN_LENGTH || end - off < len) {
    s.code = 'decoder.radiotap.trunc_hdr';
    return FAIL;
  }
  return readIeee80211(buf, off + len, end, s);
}

/** Decodes an 802.11 frame header at `off`. */
export function decodeIeee80211(buf: Uint8Array, off = 0, end = buf.length): LayerResult<L2Header> {
  return runL2(readIeee80211, buf, off, end);
}

/** Decodes radiotap + 802.11 headers at `off`. */
export function decodeRadiotap(buf: Uint8Array, off = 0, end = buf.length): LayerResult<L2Header> {
  return runL2(readRadiotap, buf, off, end);
}
