/**
 * Our own classic pcap record walker (µs and ns, either byte order) over large chunks: it keeps
 * only the unparsed tail and makes frames as borrowed views into the chunk.
 * Format: draft-ietf-opsawg-pcap §5 (record: ts_sec, ts_frac, incl_len, orig_len, data).
 * @module capture/pcap
 */
import { readU32BE, readU32LE } from '../core/index.js';
import type { Frame } from '../core/index.js';
import {
  PCAP_FILE_HEADER_LEN,
  PCAP_RECORD_HEADER_LEN as HDR,
  pcapInterface,
  pcapRecordCap,
  recordTooLargeReason,
  pcapTsParts,
  type PcapHeader,
} from './pcap-header.js';
import { ReusedFrame, Window, type FrameProducer, type ReaderContext } from './producer.js';
import type { TsOut } from './timestamp.js';
import type { CaptureInterface, CaptureStop, NameResolutionRecord } from './types.js';

/** Classic pcap reader; see module doc. */
export class PcapReader implements FrameProducer {
  readonly #ctx: ReaderContext;
  readonly #header: PcapHeader;
  readonly #w = new Window();
  readonly #frame = new ReusedFrame();
  /** The record being read's timestamp parts (scratch: nothing allocated per record). */
  readonly #ts: TsOut = { sec: 0, nsec: 0, exact: null };
  readonly #u32: (b: Uint8Array, off: number) => number;
  readonly #cap: number;
  readonly #fracLimit: number;
  /** 0: incl_len first; 1: orig_len first; 2: whichever is smaller is incl_len. */
  readonly #lengths: number;
  #count = 0;
  #started = false;
  stop: CaptureStop | null = null;
  readonly nameRecordsDropped = 0;

  constructor(header: PcapHeader, ctx: ReaderContext) {
    this.#ctx = ctx;
    this.#header = header;
    this.#u32 = header.littleEndian ? readU32LE : readU32BE;
    this.#cap = pcapRecordCap(header, ctx.limits);
    this.#fracLimit = header.nanoseconds ? 1_000_000_000 : 1_000_000;
    this.#lengths = header.lengths === 'normal' ? 0 : header.lengths === 'swapped' ? 1 : 2;
  }

  /** incl_len of the record header at `p`, honouring the file's length order. */
  #incl(buf: Uint8Array, p: number): number {
    const a = this.#u32(buf, p + 8);
    if (this.#lengths === 0) return a;
    const b = this.#u32(buf, p + 12);
    return this.#lengths === 1 || a > b ? b : a;
  }

  /** The first chunk must hold the whole file header (openCapture guarantees it). */
  push(chunk: Buffer): void {
    this.#w.push(chunk);
    if (!this.#started) {
      this.#started = true;
      this.#w.ensure(PCAP_FILE_HEADER_LEN);
      this.#w.pos += PCAP_FILE_HEADER_LEN;
    }
  }

  poll(): Frame | null {
    if (this.stop !== null) return null;
    const w = this.#w;
    if (!w.ensure(HDR)) return null;
    let buf = w.buf;
    let p = w.pos;
    const u32 = this.#u32;
    const incl = this.#lengths === 0 ? u32(buf, p + 8) : this.#incl(buf, p);
    if (incl > this.#cap) {
      this.#tooLarge(incl);
      return null;
    }
    if (buf.length - p < HDR + incl) {
      if (!w.ensure(HDR + incl)) return null;
      buf = w.buf;
      p = w.pos;
    }
    const sec = u32(buf, p);
    const frac = u32(buf, p + 4);
    const orig = this.#lengths === 0 ? u32(buf, p + 12) : u32(buf, p + 8) + u32(buf, p + 12) - incl;
    const ctx = this.#ctx;
    const n = ++this.#count;
    const frameNo = ctx.firstFrame + n - 1;
    if (frac >= this.#fracLimit) ctx.anomalies.note('capture.pcap.bad_timestamp', frameNo);
    if (incl > orig) ctx.anomalies.note('capture.pcap.caplen_gt_origlen', frameNo);
    const ts = this.#ts;
    pcapTsParts(sec, frac, this.#header.nanoseconds, ts);
    w.pos = p + HDR + incl;
    return this.#frame.set(frameNo, ctx.input, n, ts.sec, ts.nsec, ts.exact, this.#header.linkType, 0, incl, orig, w.base + p, buf, p + HDR);
  }

  end(): void {
    if (this.stop !== null) return;
    const w = this.#w;
    const rem = w.remaining();
    if (rem === 0) {
      this.stop = { kind: 'complete' };
      return;
    }
    let missing = HDR - rem;
    if (rem >= HDR && w.ensure(HDR)) missing = HDR + this.#incl(w.buf, w.pos) - rem;
    this.stop = {
      kind: 'truncated',
      atFrame: this.#ctx.firstFrame + this.#count,
      atOffset: w.offset,
      missingBytes: missing,
      reason: rem < HDR ? `input ends inside a record header (${rem} of ${HDR} bytes)` : `input ends inside a record (${missing} bytes missing)`,
    };
  }

  fail(stop: (atFrame: number, atOffset: number, missingBytes: number) => CaptureStop): void {
    if (this.stop !== null) return;
    const w = this.#w;
    const rem = w.remaining();
    let missing = rem === 0 ? 0 : HDR - rem;
    if (rem >= HDR && w.ensure(HDR)) missing = HDR + this.#incl(w.buf, w.pos) - rem;
    this.stop = stop(this.#ctx.firstFrame + this.#count, w.offset, Math.max(0, missing));
  }

  #tooLarge(incl: number): void {
    this.stop = {
      kind: 'corrupt',
      atFrame: this.#ctx.firstFrame + this.#count,
      atOffset: this.#w.offset,
      code: 'capture.pcap.record_too_large',
      reason: recordTooLargeReason(incl, this.#cap),
    };
  }

  interfaces(): readonly CaptureInterface[] {
    return [pcapInterface(this.#header)];
  }

  nameRecords(): readonly NameResolutionRecord[] {
    return [];
  }
}
