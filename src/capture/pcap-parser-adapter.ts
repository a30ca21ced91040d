/**
 * npm `pcap-parser` 0.2.1 (named by the project owner) behind our FrameProducer interface, with
 * what it lacks added here (STYLE §5 note):
 * - it only knows the µs magic: nanosecond files get their magic patched and the "µs" field is
 *   read as ns;
 * - it never bounds a record's captured length: we check it on `packetHeader` and stop;
 * - it drops a truncated last record silently: we detect `end` after a header with no packet;
 * - it has no backpressure: the driver only pushes the next chunk once our queue is drained,
 *   so memory stays at about one chunk;
 * - its version check uses && for ||: the file header is validated before it sees it.
 * @module capture/pcap-parser-adapter
 */
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
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
import { makeFrame, type FrameProducer, type ReaderContext } from './producer.js';
import type { TsOut } from './timestamp.js';
import type { CaptureInterface, CaptureStop, NameResolutionRecord } from './types.js';

interface PpRecordHeader {
  readonly timestampSeconds: number;
  readonly timestampMicroseconds: number;
  readonly capturedLength: number;
  readonly originalLength: number;
}
interface PpParser extends EventEmitter {
  errored?: boolean;
  state: () => boolean;
  buffer: Buffer | null;
}
interface PpModule {
  parse(input: NodeJS.EventEmitter): PpParser;
}

const pcapParser = createRequire(import.meta.url)('pcap-parser') as PpModule;

/** Stand-in for the stream pcap-parser expects: we emit its 'data'/'end' ourselves. */
class FeedStream extends EventEmitter {
  pause(): this {
    return this;
  }
  resume(): this {
    return this;
  }
}

/** Classic pcap through pcap-parser; see module doc. */
export class PcapParserAdapter implements FrameProducer {
  readonly #ctx: ReaderContext;
  readonly #header: PcapHeader;
  readonly #feed = new FeedStream();
  readonly #parser: PpParser;
  readonly #cap: number;
  readonly #queue: Frame[] = [];
  #head = 0;
  #count = 0;
  #offset = PCAP_FILE_HEADER_LEN;
  /** Captured length of a record whose header arrived but whose data has not; -1 if none. */
  #awaiting = -1;
  #started = false;
  stop: CaptureStop | null = null;
  readonly nameRecordsDropped = 0;

  constructor(header: PcapHeader, ctx: ReaderContext) {
    this.#ctx = ctx;
    this.#header = header;
    this.#cap = pcapRecordCap(header, ctx.limits);
    this.#parser = pcapParser.parse(this.#feed);
    this.#parser.on('packetHeader', (h: PpRecordHeader) => this.#onHeader(h));
    this.#parser.on('packet', (p: { header: PpRecordHeader; data: Buffer }) => this.#onPacket(p.header, p.data));
    this.#parser.on('error', (err: Error) => this.#halt('capture.pcap.bad_record_header', `pcap-parser: ${err.message}`));
  }

  #onHeader(h: PpRecordHeader): void {
    if (h.capturedLength > this.#cap) {
      this.#halt('capture.pcap.record_too_large', recordTooLargeReason(h.capturedLength, this.#cap));
      return;
    }
    this.#awaiting = h.capturedLength;
  }

  #onPacket(h: PpRecordHeader, data: Buffer): void {
    const ctx = this.#ctx;
    const n = ++this.#count;
    const frameNo = ctx.firstFrame + n - 1;
    const ns = this.#header.nanoseconds;
    const frac = h.timestampMicroseconds;
    if (frac >= (ns ? 1_000_000_000 : 1_000_000)) ctx.anomalies.note('capture.pcap.bad_timestamp', frameNo);
    if (h.capturedLength > h.originalLength) ctx.anomalies.note('capture.pcap.caplen_gt_origlen', frameNo);
    const ts: TsOut = { sec: 0, nsec: 0, exact: null };
    pcapTsParts(h.timestampSeconds, frac, ns, ts);
    const len = h.capturedLength;
    this.#queue.push(makeFrame(frameNo, ctx.input, n, ts.sec, ts.nsec, ts.exact, this.#header.linkType, 0, len, h.originalLength, this.#offset, data));
    this.#offset += HDR + len;
    this.#awaiting = -1;
  }

  /** Stop the parser at once: no further events from the chunk it is working through. */
  #halt(code: 'capture.pcap.record_too_large' | 'capture.pcap.bad_record_header', reason: string): void {
    this.#parser.errored = true;
    this.#parser.state = () => false;
    if (this.stop !== null) return;
    this.stop = { kind: 'corrupt', atFrame: this.#ctx.firstFrame + this.#count, atOffset: this.#offset, code, reason };
  }

  push(chunk: Buffer): void {
    if (this.stop !== null) return;
    if (!this.#started) {
      this.#started = true;
      if (this.#header.nanoseconds) {
        chunk = Buffer.from(chunk); // patch a copy of the header chunk only: ns magic → µs magic
        chunk.writeUInt32BE(this.#header.littleEndian ? 0xd4c3b2a1 : 0xa1b2c3d4, 0);
      }
    }
    this.#feed.emit('data', chunk);
  }

  poll(): Frame | null {
    if (this.#head < this.#queue.length) {
      const f = this.#queue[this.#head]!;
      this.#queue[this.#head++] = undefined as unknown as Frame;
      if (this.#head === this.#queue.length) {
        this.#queue.length = 0;
        this.#head = 0;
      }
      return f;
    }
    return null;
  }

  end(): void {
    this.#feed.emit('end');
    if (this.stop !== null) return;
    const held = this.#parser.buffer?.length ?? 0;
    if (this.#awaiting >= 0) {
      const missing = this.#awaiting - held;
      this.stop = this.#truncated(missing, `input ends inside a record (${missing} bytes missing)`);
    } else if (held > 0) {
      this.stop = this.#truncated(HDR - held, `input ends inside a record header (${held} of ${HDR} bytes)`);
    } else {
      this.stop = { kind: 'complete' };
    }
  }

  fail(stop: (atFrame: number, atOffset: number, missingBytes: number) => CaptureStop): void {
    if (this.stop !== null) return;
    const held = this.#parser.buffer?.length ?? 0;
    const missing = this.#awaiting >= 0 ? this.#awaiting - held : held > 0 ? HDR - held : 0;
    this.stop = stop(this.#ctx.firstFrame + this.#count, this.#offset, missing);
    this.#halt('capture.pcap.bad_record_header', 'stopped');
  }

  #truncated(missingBytes: number, reason: string): CaptureStop {
    return { kind: 'truncated', atFrame: this.#ctx.firstFrame + this.#count, atOffset: this.#offset, missingBytes, reason };
  }

  interfaces(): readonly CaptureInterface[] {
    return [pcapInterface(this.#header)];
  }

  nameRecords(): readonly NameResolutionRecord[] {
    return [];
  }
}
