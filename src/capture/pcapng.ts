/**
 * pcapng reader (draft-ietf-opsawg-pcapng): several sections in either byte order, several
 * interfaces with their own link type, if_tsresol and if_tsoffset; EPB, SPB and the obsolete PB
 * give frames; IDB, ISB, NRB are kept for the summary; other blocks are skipped and counted.
 * Interface ids in frames are file-wide (a running index over all sections).
 * @module capture/pcapng
 */
import { readU16BE, readU16LE, readU32BE, readU32LE } from '../core/index.js';
import type { Frame } from '../core/index.js';
import type { CaptureAnomalyCode } from './anomalies.js';
import {
  PCAPNG_BLOCK_EPB,
  PCAPNG_BLOCK_IDB,
  PCAPNG_BLOCK_ISB,
  PCAPNG_BLOCK_NRB,
  PCAPNG_BLOCK_PB,
  PCAPNG_BLOCK_SPB,
  PCAPNG_BLOCKS_IGNORED,
  PCAPNG_BYTE_ORDER_MAGIC,
  PCAPNG_MIN_LEN,
  parseIdb,
  parseIsb,
  parseNrb,
  type PcapngInterface,
  type SectionOrder,
} from './pcapng-blocks.js';
import { isPacketProblem, readPacketBlock } from './pcapng-packets.js';
import { ReusedFrame } from './producer.js';
import { Window, type FrameProducer, type ReaderContext } from './producer.js';
import { PCAPNG_BLOCK_SHB } from './sniff.js';
import type { CaptureInterface, CaptureStop, CaptureStopCode, NameResolutionRecord } from './types.js';

const LE: SectionOrder = { littleEndian: true, u16: readU16LE, u32: readU32LE };
const BE: SectionOrder = { littleEndian: false, u16: readU16BE, u32: readU32BE };
/** Block header (type, total length) plus trailing total length: the smallest possible block. */
const MIN_BLOCK = 12;
/** Room for options around the largest packet a block may carry. */
const BLOCK_OPTIONS_ROOM = 128 * 1024;
/** Name records kept over the whole file. */
export const MAX_NAME_RECORDS = 10_000;

/** The SHB's byte order from its byte-order magic at `p + 8`, or null if it is not one. */
export function shbOrder(b: Uint8Array, p: number): SectionOrder | null {
  if (readU32LE(b, p + 8) === PCAPNG_BYTE_ORDER_MAGIC) return LE;
  if (readU32BE(b, p + 8) === PCAPNG_BYTE_ORDER_MAGIC) return BE;
  return null;
}

/** Largest block accepted, from the frame limit. */
export function pcapngBlockCap(maxFrameBytes: number): number {
  return maxFrameBytes + BLOCK_OPTIONS_ROOM;
}

/** pcapng reader; see module doc. */
export class PcapngReader implements FrameProducer {
  readonly #ctx: ReaderContext;
  readonly #w = new Window();
  readonly #frame = new ReusedFrame();
  readonly #cap: number;
  #order: SectionOrder = LE;
  #section = -1;
  /** This section's interfaces, by local id. */
  #local: PcapngInterface[] = [];
  readonly #all: PcapngInterface[] = [];
  readonly #names: NameResolutionRecord[] = [];
  #count = 0;
  stop: CaptureStop | null = null;
  nameRecordsDropped = 0;

  constructor(ctx: ReaderContext) {
    this.#ctx = ctx;
    this.#cap = pcapngBlockCap(ctx.limits.maxFrameBytes);
  }

  push(chunk: Buffer): void {
    this.#w.push(chunk);
  }

  poll(): Frame | null {
    const w = this.#w;
    while (this.stop === null) {
      if (!w.ensure(MIN_BLOCK)) return null;
      let b = w.buf;
      let p = w.pos;
      let type = this.#order.u32(b, p);
      let order = this.#order;
      if (type === PCAPNG_BLOCK_SHB) {
        const o = shbOrder(b, p);
        if (o === null) return this.#corrupt('capture.pcapng.bad_section_header', 'section header block without a valid byte-order magic');
        order = o;
        type = PCAPNG_BLOCK_SHB;
      }
      const len = order.u32(b, p + 4);
      const min = PCAPNG_MIN_LEN.get(type) ?? MIN_BLOCK;
      if (len < min || len % 4 !== 0) return this.#corrupt('capture.pcapng.bad_block_length', `block type 0x${type.toString(16)} has total length ${len} (minimum ${min}, multiple of 4)`);
      if (len > this.#cap) return this.#corrupt('capture.pcapng.block_too_large', `block type 0x${type.toString(16)} claims ${len} bytes, more than the limit of ${this.#cap}`);
      if (!w.ensure(len)) return null;
      b = w.buf;
      p = w.pos;
      const trailer = order.u32(b, p + len - 4);
      if (trailer !== len) return this.#corrupt('capture.pcapng.block_length_mismatch', `block total length ${len} but trailing length ${trailer}`);
      const frame = this.#block(type, order, b, p, len);
      if (this.stop !== null) return null;
      w.pos = p + len;
      if (frame !== null) return frame;
    }
    return null;
  }

  /** Handle one complete, length-checked block; returns a frame for packet blocks. */
  #block(type: number, order: SectionOrder, b: Buffer, p: number, len: number): Frame | null {
    const nextFrame = this.#ctx.firstFrame + this.#count;
    switch (type) {
      case PCAPNG_BLOCK_EPB:
      case PCAPNG_BLOCK_PB:
      case PCAPNG_BLOCK_SPB: {
        const slot = { frame: nextFrame, input: this.#ctx.input, inputFrame: this.#count + 1, fileOffset: this.#w.base + p, into: this.#frame };
        const r = readPacketBlock(type, b, p, len, order, this.#local, slot);
        if (!isPacketProblem(r)) {
          this.#count++;
          if (r.capturedLength > r.originalLength) this.#note('capture.pcapng.caplen_gt_origlen', nextFrame);
          return r;
        }
        if (r.kind === 'no-interface') this.#note('capture.pcapng.undefined_interface', nextFrame);
        else this.#corrupt('capture.pcapng.bad_packet_length', r.reason);
        return null;
      }
      case PCAPNG_BLOCK_SHB:
        return this.#sectionHeader(order, b, p);
      case PCAPNG_BLOCK_IDB: {
        const r = parseIdb(b, p, len, order, this.#all.length, this.#section);
        if (!r.optionsOk) this.#note('capture.pcapng.bad_option', nextFrame);
        this.#local.push(r.iface);
        this.#all.push(r.iface);
        return null;
      }
      case PCAPNG_BLOCK_ISB: {
        const r = parseIsb(b, p, len, order);
        if (!r.optionsOk) this.#note('capture.pcapng.bad_option', nextFrame);
        const iface = this.#local[r.localId];
        if (iface === undefined) this.#note('capture.pcapng.undefined_interface', nextFrame);
        else iface.statistics = r.stats;
        return null;
      }
      case PCAPNG_BLOCK_NRB: {
        const r = parseNrb(b, p, len, order, this.#names, MAX_NAME_RECORDS);
        this.nameRecordsDropped += r.dropped;
        if (!r.ok) this.#note('capture.pcapng.bad_name_record', nextFrame);
        return null;
      }
      default:
        if (!PCAPNG_BLOCKS_IGNORED.has(type)) this.#note('capture.pcapng.unknown_block', nextFrame);
        return null;
    }
  }

  /** A new section: byte order may change and interface ids restart (§4.1). */
  #sectionHeader(order: SectionOrder, b: Buffer, p: number): null {
    const major = order.u16(b, p + 12);
    if (major !== 1) {
      this.#corrupt('capture.pcapng.bad_section_header', `unsupported pcapng version ${major}.${order.u16(b, p + 14)}`);
      return null;
    }
    this.#order = order;
    this.#section++;
    this.#local = [];
    return null;
  }

  #note(code: CaptureAnomalyCode, frame: number): void {
    this.#ctx.anomalies.note(code, frame);
  }

  #corrupt(code: CaptureStopCode, reason: string): null {
    this.stop = { kind: 'corrupt', atFrame: this.#ctx.firstFrame + this.#count, atOffset: this.#w.offset, code, reason };
    return null;
  }

  /** Bytes still needed to complete the block at the current position (0 if none started). */
  #missing(): number {
    const w = this.#w;
    const rem = w.remaining();
    if (rem === 0) return 0;
    if (rem < 8 || !w.ensure(8)) return MIN_BLOCK - rem;
    const o = this.#order.u32(w.buf, w.pos) === PCAPNG_BLOCK_SHB && rem >= MIN_BLOCK && w.ensure(MIN_BLOCK) ? (shbOrder(w.buf, w.pos) ?? this.#order) : this.#order;
    return Math.max(MIN_BLOCK, o.u32(w.buf, w.pos + 4)) - rem;
  }

  end(): void {
    if (this.stop !== null) return;
    const missing = this.#missing();
    if (missing <= 0 && this.#w.remaining() === 0) {
      this.stop = { kind: 'complete' };
      return;
    }
    const atFrame = this.#ctx.firstFrame + this.#count;
    this.stop = { kind: 'truncated', atFrame, atOffset: this.#w.offset, missingBytes: Math.max(0, missing), reason: `input ends inside a block (${missing} bytes missing)` };
  }

  fail(stop: (atFrame: number, atOffset: number, missingBytes: number) => CaptureStop): void {
    if (this.stop !== null) return;
    this.stop = stop(this.#ctx.firstFrame + this.#count, this.#w.offset, Math.max(0, this.#missing()));
  }

  interfaces(): readonly CaptureInterface[] {
    return this.#all.map((i) => (i.statistics === undefined ? i.info : { ...i.info, statistics: i.statistics }));
  }

  nameRecords(): readonly NameResolutionRecord[] {
    return this.#names;
  }
}
