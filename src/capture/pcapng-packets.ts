/**
 * pcapng packet blocks → frames: Enhanced Packet Block (§4.3), Simple Packet Block (§4.4) and
 * the obsolete Packet Block (Appendix A). The caller has checked the block's total length.
 * @module capture/pcapng-packets
 */
import type { Frame } from '../core/index.js';
import { PCAPNG_BLOCK_EPB, PCAPNG_BLOCK_PB, type PcapngInterface, type SectionOrder } from './pcapng-blocks.js';
import type { ReusedFrame } from './producer.js';
import { scaleTsParts, type TsOut } from './timestamp.js';

/** Scratch for the record being read (frames are handed out one at a time). */
const TS: TsOut = { sec: 0, nsec: 0, exact: null };

/** Why a packet block gave no frame. */
export type PacketBlockProblem =
  | { readonly kind: 'no-interface'; readonly localId: number }
  | { readonly kind: 'bad-length'; readonly reason: string };

/** Where a frame's numbering and position come from, and the frame object to fill. */
export interface FrameSlot {
  readonly frame: number;
  readonly input: number;
  readonly inputFrame: number;
  readonly fileOffset: number;
  readonly into: ReusedFrame;
}

/** EPB/PB fixed part: header 8, interface 4 (PB: 2+2 drops), ts 8, caplen 4, origlen 4. */
const EPB_DATA = 28;
/** SPB fixed part: header 8, original length 4. */
const SPB_DATA = 12;

/** Read one EPB, PB or SPB at `p` (total length `len`) into a frame. */
export function readPacketBlock(
  type: number,
  b: Buffer,
  p: number,
  len: number,
  o: SectionOrder,
  ifaces: readonly PcapngInterface[],
  slot: FrameSlot,
): Frame | PacketBlockProblem {
  if (type === PCAPNG_BLOCK_EPB || type === PCAPNG_BLOCK_PB) {
    const localId = type === PCAPNG_BLOCK_EPB ? o.u32(b, p + 8) : o.u16(b, p + 8);
    const iface = ifaces[localId];
    if (iface === undefined) return { kind: 'no-interface', localId };
    const caplen = o.u32(b, p + 20);
    if (EPB_DATA + caplen + 4 > len) {
      return { kind: 'bad-length', reason: `packet block of ${len} bytes cannot hold its ${caplen} captured bytes` };
    }
    scaleTsParts(iface.scale, o.u32(b, p + 12), o.u32(b, p + 16), TS);
    const info = iface.info;
    return slot.into.set(slot.frame, slot.input, slot.inputFrame, TS.sec, TS.nsec, TS.exact, info.linkType, info.id, caplen, o.u32(b, p + 24), slot.fileOffset, b, p + EPB_DATA);
  }
  // SPB: interface 0 of the section, no timestamp; captured = min(original, snaplen, room) (§4.4).
  const iface = ifaces[0];
  if (iface === undefined) return { kind: 'no-interface', localId: 0 };
  const orig = o.u32(b, p + 8);
  const snap = iface.info.snapLength;
  const room = len - SPB_DATA - 4;
  const caplen = Math.min(orig, snap === 0 ? orig : snap, room);
  return slot.into.set(slot.frame, slot.input, slot.inputFrame, 0, 0, null, iface.info.linkType, iface.info.id, caplen, orig, slot.fileOffset, b, p + SPB_DATA);
}

/** Narrow a packet-block outcome to its problem, if any. */
export function isPacketProblem(r: Frame | PacketBlockProblem): r is PacketBlockProblem {
  return (r as { kind?: unknown }).kind !== undefined;
}
