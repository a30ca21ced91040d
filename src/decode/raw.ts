/**
 * Raw IP link types: LINKTYPE_RAW (101, and DLT_RAW 12 / 14 as written by some platforms),
 * LINKTYPE_IPV4 (228), LINKTYPE_IPV6 (229). The version nibble decides, as tcpdump does, so an
 * IPv6 packet in a LINKTYPE_IPV4 file is still decoded.
 * @module decode/raw
 */
import type { LayerResult } from './types.js';
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6, FAIL, runL2, type L2Header, type L2State } from './l2.js';

/** Reads nothing; chooses IPv4 or IPv6 by the first nibble. */
export function readRaw(buf: Uint8Array, off: number, end: number, s: L2State): number {
  if (end - off < 1) {
    s.code = 'decoder.raw.trunc_hdr';
    return FAIL;
  }
  const v = buf[off]! >> 4;
  if (v === 4) s.etherType = ETHERTYPE_IPV4;
  else if (v === 6) s.etherType = ETHERTYPE_IPV6;
  else {
    s.code = 'decoder.raw.bad_version';
    return FAIL;
  }
  return off;
}

/** Decodes the start of a raw IP frame. */
export function decodeRaw(buf: Uint8Array, off = 0, end = buf.length): LayerResult<L2Header> {
  return runL2(readRaw, buf, off, end);
}
