/**
 * VXLAN (RFC 7348 §5, UDP 4789) and Geneve (RFC 8926 §3, UDP 6081).
 * @module decode/vxlan
 */
import { readU16BE } from '../core/index.js';
import type { LayerResult } from './types.js';
import { ETHERTYPE_TEB, FAIL, runL2, type L2Header, type L2State } from './l2.js';

/** Flags, reserved, VNI, reserved (RFC 7348 §5). */
export const VXLAN_HEADER_LENGTH = 8;
/** The I flag: a valid VNI is present; RFC 7348 says it MUST be 1. */
const VXLAN_FLAG_I = 0x08;
/** Geneve header before options (RFC 8926 §3.4). */
export const GENEVE_BASE_LENGTH = 8;

/** Reads a VXLAN header; an Ethernet frame follows. */
export function readVxlan(buf: Uint8Array, off: number, end: number, s: L2State): number {
  if (end - off < VXLAN_HEADER_LENGTH) {
    s.code = 'decoder.vxlan.trunc_hdr';
    return FAIL;
  }
  // RFC 7348 §5: I flag set; the last reserved byte is zero (Suricata checks the same).
  if ((buf[off]! & VXLAN_FLAG_I) === 0 || buf[off + 7] !== 0) {
    s.code = 'decoder.vxlan.bad_flags';
    return FAIL;
  }
  s.etherType = ETHERTYPE_TEB;
  return off + VXLAN_HEADER_LENGTH;
}

/** Reads a Geneve header and its options; the protocol type is an EtherType. */
export function readGeneve(buf: Uint8Array, off: number, end: number, s: L2State): number {
  if (end - off < GENEVE_BASE_LENGTH) {
    s.code = 'decoder.geneve.trunc_hdr';
    return FAIL;
  }
  if (buf[off]! >> 6 !== 0) {
    s.code = 'decoder.geneve.bad_version';
    return FAIL;
  }
  const len = GENEVE_BASE_LENGTH + ((buf[off]! & 0x3f) << 2);
  if (end - off < len) {
    s.code = 'decoder.geneve.trunc_hdr';
    return FAIL;
  }
  s.etherType = readU16BE(buf, off + 2);
  return off + len;
}

/** Decodes a VXLAN header at `off`. */
export function decodeVxlan(buf: Uint8Array, off = 0, end = buf.length): LayerResult<L2Header> {
  return runL2(readVxlan, buf, off, end);
}

/** Decodes a Geneve header at `off`. */
export function decodeGeneve(buf: Uint8Array, off = 0, end = buf.length): LayerResult<L2Header> {
  return runL2(readGeneve, buf, off, end);
}
