/**
 * Capture meta-headers that name the link type of the frame after them: Apple PKTAP
 * (LINKTYPE_PKTAP = 258: header length and DLT, host byte order, in practice little-endian) and
 * PPI (LINKTYPE_PPI = 192: version, flags, length LE, DLT LE). The inner link type continues
 * through the link table via the PSEUDO_LINK EtherType.
 * @module decode/pktap
 */
import { readU16LE, readU32LE } from '../core/index.js';
import type { LayerResult } from './types.js';
import { FAIL, PSEUDO_LINK, runL2, type L2Header, type L2State } from './l2.js';

const PKTAP_MIN_LENGTH = 8;
const PPI_MIN_LENGTH = 8;

/** Reads a PKTAP header. */
export function readPktap(buf: Uint8Array, off: number, end: number, s: L2State): number {
  if (end - off < PKTAP_MIN_LENGTH) {
    s.code = 'decoder.pktap.trunc_hdr';
    return FAIL;
  }
  const len = readU32LE(buf, off);
  if (len < PKTAP_MIN_LENGTH || end - off < len) {
    s.code = 'decoder.pktap.trunc_hdr';
    return FAIL;
  }
  s.etherType = PSEUDO_LINK | (readU32LE(buf, off + 4) & 0xffff);
  return off + len;
}

/** Reads a PPI header. */
export function readPpi(buf: Uint8Array, off: number, end: number, s: L2State): number {
  if (end - off < PPI_MIN_LENGTH) {
    s.code = 'decoder.ppi.trunc_hdr';
    return FAIL;
  }
  const len = readU16LE(buf, off + 2);
  if (len < PPI_MIN_LENGTH || end - off < len) {
    s.code = 'decoder.ppi.trunc_hdr';
    return FAIL;
  }
  s.etherType = PSEUDO_LINK | (readU32LE(buf, off + 4) & 0xffff);
  return off + len;
}

/** Decodes a PKTAP header at `off`. */
export function decodePktap(buf: Uint8Array, off = 0, end = buf.length): LayerResult<L2Header> {
  return runL2(readPktap, buf, off, end);
}

/** Decodes a PPI header at `off`. */
export function decodePpi(buf: Uint8Array, off = 0, end = buf.length): LayerResult<L2Header> {
  return runL2(readPpi, buf, off, end);
}
