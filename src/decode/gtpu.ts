/**
 * GTP-U version 1 (3GPP TS 29.281 §5.1, UDP 2152): mandatory 8 bytes, then sequence number,
 * N-PDU number and next-extension type when any of E/S/PN is set, then the extension header chain
 * (§5.2, length in 4-byte units, last byte names the next one). Only G-PDU (type 255) carries a
 * user packet; echo and error messages are valid packets of the outer flow.
 * @module decode/gtpu
 */
import { readU16BE } from '../core/index.js';
import type { LayerResult } from './types.js';
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6, FAIL, NOT_DATA, runL2, type L2Header, type L2State } from './l2.js';

const GTPU_BASE_LENGTH = 8;
const GTPU_OPTIONAL_LENGTH = 4;
const GTP_FLAG_E = 0x04;
const GTP_FLAG_S = 0x02;
const GTP_FLAG_PN = 0x01;
/** Version 1, protocol type 1 (GTP, not GTP'). */
const GTP_V1_PT = 0x30;
const GTP_MSG_GPDU = 255;

function skipExtensions(buf: Uint8Array, off: number, end: number, next: number, s: L2State): number {
  while (next !== 0) {
    if (end - off < 1) break;
    const len = buf[off]! << 2;
    if (len === 0 || end - off < len) break;
    next = buf[off + len - 1]!;
    off += len;
  }
  if (next !== 0) {
    s.code = 'decoder.gtpu.trunc_hdr';
    return FAIL;
  }
  return off;
}

/** Reads a GTP-U header; leaves the inner IP version's EtherType. */
export function readGtpu(buf: Uint8Array, off: number, end: number, s: L2State): number {
  if (end - off < GTPU_BASE_LENGTH) {
    s.code = 'decoder.gtpu.trunc_hdr';
    return FAIL;
  }
  const flags = buf[off]!;
  if ((flags & 0xf0) !== GTP_V1_PT) {
    s.code = 'decoder.gtpu.bad_version';
    return FAIL;
  }
  if (buf[off + 1] !== GTP_MSG_GPDU) return NOT_DATA;
  // The length field counts bytes after the mandatory header; trust the UDP length for `end`.
  const msgEnd = Math.min(end, off + GTPU_BASE_LENGTH + readU16BE(buf, off + 2));
  let p = off + GTPU_BASE_LENGTH;
  if ((flags & (GTP_FLAG_E | GTP_FLAG_S | GTP_FLAG_PN)) !== 0) {
    if (msgEnd - p < GTPU_OPTIONAL_LENGTH) {
      s.code = 'decoder.gtpu.trunc_hdr';
      return FAIL;
    }
    const next = (flags & GTP_FLAG_E) !== 0 ? buf[p + 3]! : 0;
    p = skipExtensions(buf, p + GTPU_OPTIONAL_LENGTH, msgEnd, next, s);
    if (p < 0) return FAIL;
  }
  const v = p < msgEnd ? buf[p]! >> 4 : 0;
  if (v === 4) s.etherType = ETHERTYPE_IPV4;
  else if (v === 6) s.etherType = ETHERTYPE_IPV6;
  else {
    s.code = 'decoder.gtpu.not_ip';
    return FAIL;
  }
  return p;
}

/** Decodes a GTP-U header at `off` (the UDP payload). */
export function decodeGtpu(buf: Uint8Array, off = 0, end = buf.length): LayerResult<L2Header> {
  return runL2(readGtpu, buf, off, end);
}
