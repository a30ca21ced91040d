/**
 * IEEE 802.3br mPackets (LINKTYPE_ETHERNET_MPACKET = 274): 7-byte preamble and an SMD byte, then
 * (for express and first preemptable fragments) an Ethernet frame. Continuation fragments and
 * verify/respond mPackets carry no decodable frame start.
 * @module decode/mpacket
 */
import type { LayerResult } from './types.js';
import { FAIL, PSEUDO_MPACKET_FRAGMENT, PSEUDO_MPACKET_VERIFY, runL2, type L2Header, type L2State } from './l2.js';
import { readEthernet } from './ethernet.js';

const MPACKET_PREAMBLE_LENGTH = 8;
/** SMD-E (express) and SMD-S0..S3 (start of a preemptable frame), IEEE 802.3br Table 99-1. */
const SMD_FRAME_START: ReadonlySet<number> = new Set([0xd5, 0xe6, 0x4c, 0x7f, 0xb3]);
/** SMD-V (verify) and SMD-R (respond). */
const SMD_VERIFY: ReadonlySet<number> = new Set([0x07, 0x19]);

/** Reads the preamble and SMD; an Ethernet header follows frame starts. */
export function readMpacket(buf: Uint8Array, off: number, end: number, s: L2State): number {
  if (end - off < MPACKET_PREAMBLE_LENGTH) {
    s.code = 'decoder.mpacket.trunc_hdr';
    return FAIL;
  }
  const smd = buf[off + 7]!;
  if (SMD_FRAME_START.has(smd)) return readEthernet(buf, off + MPACKET_PREAMBLE_LENGTH, end, s);
  s.etherType = SMD_VERIFY.has(smd) ? PSEUDO_MPACKET_VERIFY : PSEUDO_MPACKET_FRAGMENT;
  return end;
}

/** Decodes an mPacket header at `off`. */
export function decodeMpacket(buf: Uint8Array, off = 0, end = buf.length): LayerResult<L2Header> {
  return runL2(readMpacket, buf, off, end);
}
