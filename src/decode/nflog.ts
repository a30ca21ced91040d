/**
 * Linux NFLOG (LINKTYPE_NFLOG = 239; https://www.tcpdump.org/linktypes/LINKTYPE_NFLOG.html):
 * family, version, resource id, then TLVs (length and type in host byte order, length includes the
 * 4-byte TLV header, padded to 4). The packet is the NFULA_PAYLOAD (type 9) TLV.
 * @module decode/nflog
 */
import { readU16BE, readU16LE } from '../core/index.js';
import type { LayerResult } from './types.js';
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6, FAIL, PSEUDO_NFLOG_NO_PAYLOAD, runL2, type L2Header, type L2State } from './l2.js';

const NFLOG_HEADER_LENGTH = 4;
const TLV_HEADER_LENGTH = 4;
const NFULA_PAYLOAD = 9;
const AF_INET = 2;
const AF_INET6 = 10;

/** Reads the NFLOG header and TLVs up to the payload TLV. */
export function readNflog(buf: Uint8Array, off: number, end: number, s: L2State): number {
  if (end - off < NFLOG_HEADER_LENGTH) {
    s.code = 'decoder.nflog.trunc_hdr';
    return FAIL;
  }
  const family = buf[off]!;
  if (family !== AF_INET && family !== AF_INET6) {
    s.code = 'decoder.nflog.unknown_family';
    return FAIL;
  }
  // Host byte order: little-endian unless that reading is impossible.
  const le = readU16LE(buf, off + NFLOG_HEADER_LENGTH) >= TLV_HEADER_LENGTH || end - off < 8;
  let p = off + NFLOG_HEADER_LENGTH;
  while (end - p >= TLV_HEADER_LENGTH) {
    const len = le ? readU16LE(buf, p) : readU16BE(buf, p);
    const type = (le ? readU16LE(buf, p + 2) : readU16BE(buf, p + 2)) & 0x7fff;
    if (len < TLV_HEADER_LENGTH || end - p < len) break;
    if (type === NFULA_PAYLOAD) {
      s.etherType = family === AF_INET ? ETHERTYPE_IPV4 : ETHERTYPE_IPV6;
      return p + TLV_HEADER_LENGTH;
    }
    p += (len + 3) & ~3;
  }
  if (p === end) {
    s.etherType = PSEUDO_NFLOG_NO_PAYLOAD;
    return end;
  }
  s.code = 'decoder.nflog.trunc_hdr';
  return FAIL;
}

/** Decodes an NFLOG header at `off`. */
export function decodeNflog(buf: Uint8Array, off = 0, end = buf.length): LayerResult<L2Header> {
  return runL2(readNflog, buf, off, end);
}
