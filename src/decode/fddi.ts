/**
 * FDDI (LINKTYPE_FDDI = 10): frame control, destination, source (13 bytes), then LLC/SNAP.
 * @module decode/fddi
 */
import type { LayerResult } from './types.js';
import { FAIL, runL2, type L2Header, type L2State } from './l2.js';
import { readLlc } from './llc.js';

const FDDI_HEADER_LENGTH = 13;

/** Reads an FDDI header and the LLC header after it. */
export function readFddi(buf: Uint8Array, off: number, end: number, s: L2State): number {
  if (end - off < FDDI_HEADER_LENGTH) {
    s.code = 'decoder.fddi.trunc_hdr';
    return FAIL;
  }
  return readLlc(buf, off + FDDI_HEADER_LENGTH, end, s);
}

/** Decodes an FDDI frame header at `off`. */
export function decodeFddi(buf: Uint8Array, off = 0, end = buf.length): LayerResult<L2Header> {
  return runL2(readFddi, buf, off, end);
}
