/**
 * MPLS label stacks (RFC 3032) with the payload guessed from its first nibble, as Wireshark and
 * Suricata do, and the pseudo-wire Ethernet control word (RFC 4385 §3: first nibble 0).
 * @module decode/mpls
 */
import type { LayerResult } from './types.js';
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6, ETHERTYPE_TEB, FAIL, runL2, type L2Header, type L2State } from './l2.js';

const LABEL_LENGTH = 4;
/** Bottom-of-stack bit in the third byte of a label entry (RFC 3032 §2.1). */
const BOTTOM_OF_STACK = 0x01;
const PW_CONTROL_WORD_LENGTH = 4;

/** Reads the whole label stack and the payload guess. */
export function readMpls(buf: Uint8Array, off: number, end: number, s: L2State): number {
  for (;;) {
    if (end - off < LABEL_LENGTH) {
      s.code = 'decoder.mpls.trunc_hdr';
      return FAIL;
    }
    const bottom = (buf[off + 2]! & BOTTOM_OF_STACK) !== 0;
    off += LABEL_LENGTH;
    if (bottom) break;
  }
  if (off >= end) {
    s.code = 'decoder.mpls.trunc_hdr';
    return FAIL;
  }
  const nibble = buf[off]! >> 4;
  if (nibble === 4) s.etherType = ETHERTYPE_IPV4;
  else if (nibble === 6) s.etherType = ETHERTYPE_IPV6;
  else if (nibble === 0) {
    if (end - off < PW_CONTROL_WORD_LENGTH) {
      s.code = 'decoder.mpls.trunc_hdr';
      return FAIL;
    }
    s.etherType = ETHERTYPE_TEB;
    return off + PW_CONTROL_WORD_LENGTH;
  } else {
    s.code = 'decoder.mpls.unknown_payload';
    return FAIL;
  }
  return off;
}

/** Decodes an MPLS label stack at `off`. */
export function decodeMpls(buf: Uint8Array, off = 0, end = buf.length): LayerResult<L2Header> {
  return runL2(readMpls, buf, off, end);
}
