/**
 * Teredo (RFC 4380 §5.1.1, UDP 3544): optional authentication and origin indication headers, then
 * an IPv6 packet. Like Zeek, decapsulate only if the payload really is one: version 6 and a payload
 * length that matches the UDP payload (or exceeds it only because the frame was snap-truncated).
 * @module decode/teredo
 */
import { readU16BE } from '../core/index.js';
import type { LayerResult } from './types.js';
import { ETHERTYPE_IPV6, FAIL, runL2, type L2Header, type L2State } from './l2.js';

/** Authentication: 0x0001, id-len, au-len, client id, auth value, nonce 8, confirmation 1. */
const TEREDO_AUTH = 0x0001;
const TEREDO_AUTH_FIXED = 4 + 8 + 1;
/** Origin indication: 0x0000, port 2, address 4. */
const TEREDO_ORIGIN = 0x0000;
const TEREDO_ORIGIN_LENGTH = 8;
const IPV6_HEADER_LENGTH = 40;

/** Reads Teredo headers; leaves ETHERTYPE_IPV6 for the validated payload. */
export function readTeredo(buf: Uint8Array, off: number, end: number, s: L2State): number {
  if (end - off >= 2 && readU16BE(buf, off) === TEREDO_AUTH) {
    if (end - off < TEREDO_AUTH_FIXED) {
      s.code = 'decoder.teredo.trunc_hdr';
      return FAIL;
    }
    const len = TEREDO_AUTH_FIXED + buf[off + 2]! + buf[off + 3]!;
    if (end - off < len) {
      s.code = 'decoder.teredo.trunc_hdr';
      return FAIL;
    }
    off += len;
  }
  if (end - off >= 2 && readU16BE(buf, off) === TEREDO_ORIGIN) {
    if (end - off < TEREDO_ORIGIN_LENGTH) {
      s.code = 'decoder.teredo.trunc_hdr';
      return FAIL;
    }
    off += TEREDO_ORIGIN_LENGTH;
  }
  const avail = end - off;
  if (avail < IPV6_HEADER_LENGTH || buf[off]! >> 4 !== 6) {
    s.code = 'decoder.teredo.not_ipv6';
    return FAIL;
  }
  const claimed = IPV6_HEADER_LENGTH + readU16BE(buf, off + 4);
  if (claimed !== avail && !(claimed > avail && s.snapCut)) {
    s.code = 'decoder.teredo.not_ipv6';
    return FAIL;
  }
  s.etherType = ETHERTYPE_IPV6;
  return off;
}

/** Decodes Teredo headers at `off` (the UDP payload). */
export function decodeTeredo(buf: Uint8Array, off = 0, end = buf.length): LayerResult<L2Header> {
  return runL2(readTeredo, buf, off, end);
}
