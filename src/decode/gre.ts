/**
 * GRE (RFC 2784, key and sequence number RFC 2890), enhanced GRE of PPTP (RFC 2637 §4.1, version 1),
 * and ERSPAN type I/II (protocol 0x88be) and III (0x22eb) carried in GRE (draft-foschiano-erspan).
 * The GRE protocol type is an EtherType, so the payload continues through the EtherType table.
 * @module decode/gre
 */
import { readU16BE } from '../core/index.js';
import type { LayerResult } from './types.js';
import { ETHERTYPE_TEB, FAIL, NOT_DATA, runL2, type L2Header, type L2State } from './l2.js';

const GRE_BASE_LENGTH = 4;
const GRE_C = 0x8000; // checksum present (+4 with reserved1)
const GRE_R = 0x4000; // RFC 1701 routing present: not supported
const GRE_K = 0x2000; // key present (+4)
const GRE_S = 0x1000; // sequence number present (+4)
const GRE_A = 0x0080; // enhanced GRE: acknowledgment number present (+4)
const GRE_VERSION_MASK = 0x0007;
const ETHERTYPE_ERSPAN_2 = 0x88be;
const ETHERTYPE_ERSPAN_3 = 0x22eb;
const ERSPAN_2_LENGTH = 8;
const ERSPAN_3_LENGTH = 12;
const ERSPAN_3_SUBHEADER_LENGTH = 8;

/** Skips ERSPAN headers; the mirrored Ethernet frame follows. */
function readErspan(buf: Uint8Array, off: number, end: number, s: L2State, proto: number, seq: boolean): number {
  let len = 0;
  if (proto === ETHERTYPE_ERSPAN_2) len = seq ? ERSPAN_2_LENGTH : 0; // type I has no header and no S bit
  else {
    len = ERSPAN_3_LENGTH;
    if (end - off >= ERSPAN_3_LENGTH && (buf[off + 11]! & 0x01) !== 0) len += ERSPAN_3_SUBHEADER_LENGTH;
  }
  if (end - off < len) {
    s.code = 'decoder.gre.trunc_hdr';
    return FAIL;
  }
  s.etherType = ETHERTYPE_TEB;
  return off + len;
}

/** Reads a GRE header; the payload's EtherType is left in `s.etherType`. */
export function readGre(buf: Uint8Array, off: number, end: number, s: L2State): number {
  if (end - off < GRE_BASE_LENGTH) {
    s.code = 'decoder.gre.trunc_hdr';
    return FAIL;
  }
  const flags = readU16BE(buf, off);
  const version = flags & GRE_VERSION_MASK;
  if (version > 1) {
    s.code = 'decoder.gre.bad_version';
    return FAIL;
  }
  if ((flags & GRE_R) !== 0 || (version === 1 && (flags & GRE_K) === 0)) {
    s.code = 'decoder.gre.bad_flags';
    return FAIL;
  }
  let len = GRE_BASE_LENGTH;
  if ((flags & GRE_C) !== 0) len += 4;
  if ((flags & GRE_K) !== 0) len += 4;
  if ((flags & GRE_S) !== 0) len += 4;
  if (version === 1 && (flags & GRE_A) !== 0) len += 4;
  if (end - off < len) {
    s.code = 'decoder.gre.trunc_hdr';
    return FAIL;
  }
  // Enhanced GRE without a sequence number is an acknowledgment only: no payload (RFC 2637 §4.1).
  if (version === 1 && (flags & GRE_S) === 0) return NOT_DATA;
  const proto = readU16BE(buf, off + 2);
  if (proto === ETHERTYPE_ERSPAN_2 || proto === ETHERTYPE_ERSPAN_3) {
    return readErspan(buf, off + len, end, s, proto, (flags & GRE_S) !== 0);
  }
  s.etherType = proto;
  return off + len;
}

/** Decodes a GRE header at `off`. */
export function decodeGre(buf: Uint8Array, off = 0, end = buf.length): LayerResult<L2Header> {
  return runL2(readGre, buf, off, end);
}
