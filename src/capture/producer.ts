/**
 * What every record reader implements, the unparsed-tail window the native readers parse from,
 * and the one place frames are built (one object shape for all readers, so call sites stay
 * monomorphic).
 * @module capture/producer
 */
import { tsOfParts, type AnomalyLog, type Frame, type Limits } from '../core/index.js';
import type { CaptureInterface, CaptureStop, NameResolutionRecord } from './types.js';

/** Mutable per-input context shared by a reader and the iterator driving it. */
export interface ReaderContext {
  readonly name: string;
  readonly input: number;
  /** Frame number of this input's first frame; settable until iteration starts. */
  firstFrame: number;
  readonly anomalies: AnomalyLog;
  readonly limits: Limits;
}

/**
 * A record reader: bytes are pushed in, frames are polled out. `poll()` returns null when it
 * needs more input or has stopped (`stop` set); it never throws because of input bytes.
 */
export interface FrameProducer {
  poll(): Frame | null;
  push(chunk: Buffer): void;
  /** The input has ended: sets `stop` to complete or truncated (unless already stopped). */
  end(): void;
  /** Reading failed below the reader (gzip, I/O): stop now with this outcome. */
  fail(stop: (atFrame: number, atOffset: number, missingBytes: number) => CaptureStop): void;
  readonly stop: CaptureStop | null;
  interfaces(): readonly CaptureInterface[];
  nameRecords(): readonly NameResolutionRecord[];
  readonly nameRecordsDropped: number;
}

const EMPTY = Buffer.alloc(0);

/**
 * The unparsed tail of the input plus chunks not yet needed. Chunks are only joined when a
 * record spans them, and then once: the tail and just enough pending chunks, never per record.
 */
export class Window {
  /** BORROWED current chunk (or joined tail). */
  buf: Buffer = EMPTY;
  /** Parse position inside `buf`. */
  pos = 0;
  /** Input offset of `buf[0]`. */
  base = 0;
  readonly #pending: Buffer[] = [];
  #pendingBytes = 0;

  /** Add a chunk after everything already held. */
  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    if (this.pos >= this.buf.length && this.#pendingBytes === 0) {
      this.base += this.buf.length;
      this.buf = chunk;
      this.pos = 0;
      return;
    }
    // Chunks may be views of a reused read ring (file-source.ts), which only the last two chunks
    // handed over may be: a record spanning more than two chunks (rare: caps keep records well
    // under a chunk) gets its bytes so far, and every later chunk, copied.
    if (this.#pending.length === 0) {
      this.#pending.push(chunk);
    } else {
      if (this.#pending.length === 1) {
        this.buf = Buffer.from(this.buf.subarray(this.pos));
        this.base += this.pos;
        this.pos = 0;
        this.#pending[0] = Buffer.from(this.#pending[0]!);
      }
      this.#pending.push(Buffer.from(chunk));
    }
    this.#pendingBytes += chunk.length;
  }

  /** Bytes held from `pos` on, pending chunks included. */
  remaining(): number {
    return this.buf.length - this.pos + this.#pendingBytes;
  }

  /** Input offset of `pos`. */
  get offset(): number {
    return this.base + this.pos;
  }

  /** Make `n` bytes contiguous from `pos` if they are held; false if more input is needed. */
  ensure(n: number): boolean {
    const have = this.buf.length - this.pos;
    if (have >= n) return true;
    if (have + this.#pendingBytes < n) return false;
    if (have === 0 && this.#pending[0]!.length >= n) {
      // The next chunk holds the bytes: switch to it without copying.
      const c = this.#pending.shift()!;
      this.#pendingBytes -= c.length;
      this.base += this.buf.length;
      this.buf = c;
      this.pos = 0;
      return true;
    }
    // A record spans chunks: copy exactly the `n` bytes it needs (never a whole chunk) and keep
    // the rest of the last chunk pending as a view.
    const joined = Buffer.allocUnsafe(n);
    if (have > 0) this.buf.copy(joined, 0, this.pos);
    let total = have;
    while (total < n) {
      const c = this.#pending.shift()!;
      const take = Math.min(c.length, n - total);
      c.copy(joined, total, 0, take);
      total += take;
      this.#pendingBytes -= c.length;
      if (take < c.length) {
        const rest = c.subarray(take);
        this.#pending.unshift(rest);
        this.#pendingBytes += rest.length;
      }
    }
    this.base += this.pos;
    this.buf = joined;
    this.pos = 0;
    return true;
  }
}

/**
 * The one frame object a reader hands out, refilled for each record: a frame is BORROWED until
 * the iterator advances (core/frame.ts), so no object is allocated per record. The timestamp
 * comes as numbers (see Frame.tsSec) and the bytes as the reader's chunk and an offset: the exact
 * BigInt and the view of the bytes are made only when a consumer asks for `tsNs` or `data`.
 * Every frame is one of these (makeFrame too), so call sites stay monomorphic.
 */
export class ReusedFrame implements Frame {
  frame = 0;
  input = 0;
  inputFrame = 0;
  tsSec = 0;
  tsNsec = 0;
  tsExact: bigint | null = null;
  linkType = 0;
  interfaceId = 0;
  capturedLength = 0;
  originalLength = 0;
  fileOffset = 0;
  buf: Uint8Array = NO_DATA;
  dataOffset = 0;
  #ns: bigint | null = null;
  #data: Uint8Array | null = null;
  declare readonly tsNs: bigint;
  declare readonly data: Uint8Array;

  constructor() {
    // Own enumerable accessors: `{ ...frame }` copies the values, as it would plain fields.
    Object.defineProperty(this, 'tsNs', { enumerable: true, get: () => (this.#ns ??= tsOfParts(this.tsSec, this.tsNsec, this.tsExact)) });
    Object.defineProperty(this, 'data', { enumerable: true, get: () => (this.#data ??= view(this.buf, this.dataOffset, this.capturedLength)) });
  }

  /**
   * The frame, refilled with these values (same order as makeFrame's; the bytes as
   * `capturedLength` bytes of `buf` at `dataOffset`).
   */
  set(
    frame: number, input: number, inputFrame: number, tsSec: number, tsNsec: number, tsExact: bigint | null, linkType: number,
    interfaceId: number, capturedLength: number, originalLength: number, fileOffset: number, buf: Uint8Array, dataOffset: number,
  ): Frame {
    this.frame = frame;
    this.input = input;
    this.inputFrame = inputFrame;
    this.tsSec = tsSec;
    this.tsNsec = tsNsec;
    this.tsExact = tsExact;
    this.#ns = null;
    this.linkType = linkType;
    this.interfaceId = interfaceId;
    this.capturedLength = capturedLength;
    this.originalLength = originalLength;
    this.fileOffset = fileOffset;
    this.buf = buf;
    this.dataOffset = dataOffset;
    this.#data = null;
    return this;
  }
}

const NO_DATA = new Uint8Array(0);

/** A frame that is not reused, around its own bytes `data`. */
export function makeFrame(
  frame: number, input: number, inputFrame: number, tsSec: number, tsNsec: number, tsExact: bigint | null, linkType: number,
  interfaceId: number, capturedLength: number, originalLength: number, fileOffset: number, data: Uint8Array,
): Frame {
  return new ReusedFrame().set(frame, input, inputFrame, tsSec, tsNsec, tsExact, linkType, interfaceId, capturedLength, originalLength, fileOffset, data, 0);
}

/** A Uint8Array view (cheaper to create than a Buffer subarray). BORROWED. */
export function view(buf: Uint8Array, start: number, length: number): Uint8Array {
  return new Uint8Array(buf.buffer, buf.byteOffset + start, length);
}
