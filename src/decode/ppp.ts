/**
 * PPP (RFC 1661) with optional HDLC-like framing (RFC 1662 §3.1: address 0xff, control 0x03)
 * and protocol-field compression; PPPoE sessions (RFC 2516 §4); Cisco HDLC.
 * @module decode/ppp
 */
import { readU16BE } from '../core/index.js';
import type { LayerResult } from './types.js';
import {
  ETHERTYPE_IPV4,
  ETHERTYPE_IPV6,
  ETHERTYPE_MPLS,
  ETHERTYPE_MPLS_MCAST,
  FAIL,
  PSEUDO_PPP,
  runL2,
  type L2Header,
  type L2State,
} from './l2.js';

/** PPP DLL protocol numbers (https://www.iana.org/assignments/ppp-numbers). */
export const PPP_IPV4 = 0x0021;
export const PPP_IPV6 = 0x0057;
export const PPP_MPLS = 0x0281;
export const PPP_MPLS_MCAST = 0x0283;

/** PPPoE header: ver/type, code, session id, length (RFC 2516 §4). */
const PPPOE_HEADER_LENGTH = 6;
/** Cisco HDLC: address, control, 2-byte EtherType. */
const CHDLC_HEADER_LENGTH = 4;

/** EtherType (or pseudo EtherType) of a PPP protocol number. */
export function pppToEtherType(p: number): number {
  switch (p) {
    case PPP_IPV4:
      return ETHERTYPE_IPV4;
    case PPP_IPV6:
      return ETHERTYPE_IPV6;
    case PPP_MPLS:
      return ETHERTYPE_MPLS;
    case PPP_MPLS_MCAST:
      return ETHERTYPE_MPLS_MCAST;
    default:
      return PSEUDO_PPP | p;
  }
}

/** Reads PPP framing: optional ff 03, then a 1- or 2-byte protocol (RFC 1661 §6.5). */
export function readPpp(buf: Uint8Array, off: number, end: number, s: L2State): number {
  if (end - off >= 2 && buf[off] === 0xff && buf[off + 1] === 0x03) off += 2;
  else if (end - off >= 2 && (buf[off] === 0x0f || buf[off] === 0x8f) && buf[off + 1] === 0x00) {
    return readChdlc(buf, off, end, s); // Cisco HDLC inside a PPP link type (seen with DLT_PPP_SERIAL)
  }
  if (end - off < 1) {
    s.code = 'decoder.ppp.trunc_hdr';
    return FAIL;
  }
  if ((buf[off]! & 1) === 1) {
    s.etherType = pppToEtherType(buf[off]!);
    return off + 1;
  }
  if (end - off < 2) {
    s.code = 'decoder.ppp.trunc_hdr';
    return FAIL;
  }
  s.etherType = pppToEtherType(readU16BE(buf, off));
  return off + 2;
}

/** Reads a PPPoE session header and the PPP protocol after it. */
export function readPppoe(buf: Uint8Array, off: number, end: number, s: L2State): number {
  if (end - off < PPPOE_HEADER_LENGTH + 2) {
    s.code = 'decoder.pppoe.trunc_hdr';
    return FAIL;
  }
  if (buf[off] !== 0x11) {
    s.code = 'decoder.pppoe.bad_version';
    return FAIL;
  }
  s.etherType = pppToEtherType(readU16BE(buf, off + PPPOE_HEADER_LENGTH));
  return off + PPPOE_HEADER_LENGTH + 2;
}

/** Reads a Cisco HDLC header (LINKTYPE_C_HDLC = 104). */
export function readChdlc(buf: Uint8Array, off: number, end: number, s: L2State): number {
  if (end - off < CHDLC_HEADER_LENGTH) {
    s.code = 'decoder.chdlc.trunc_hdr';
    return FAIL;
  }
  s.etherType = readU16BE(buf, off + 2);
  return off + CHDLC_HEADER_LENGTH;
}

/** Decodes PPP framing at `off` (LINKTYPE_PPP = 9, LINKTYPE_PPP_HDLC = 50). */
export function decodePpp(buf: Uint8Array, off = 0, end = buf.length): LayerResult<L2Header> {
  return runL2(readPpp, buf, off, end);
}

/** Decodes a PPPoE session header at `off` (after EtherType 0x8864). */
export function decodePppoe(buf: Uint8Array, off = 0, end = buf.length): LayerResult<L2Header> {
  return runL2(readPppoe, buf, off, end);
}

/** Decodes a Cisco HDLC header at `off`. */
export function decodeChdlc(buf: Uint8Array, off = 0, end = buf.length): LayerResult<L2Header> {
  return runL2(readChdlc, buf, off, end);
}
