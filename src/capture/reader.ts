/**
 * One input being read: drives a FrameProducer from a ByteStream, tracks the summary, and
 * guarantees the iteration ends (stream end, read error, or the consumer breaking out early).
 * @module capture/reader
 */
import { tsOfParts, type Frame } from '../core/index.js';
import { StreamFault, type ByteStream } from './byte-stream.js';
import type { FrameProducer, ReaderContext } from './producer.js';
import type { Capture, CaptureFormat, CaptureStop, CaptureSummary } from './types.js';

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

/** How the reader was set up by openCapture. */
export interface ReaderSetup {
  readonly ctx: ReaderContext;
  readonly format: CaptureFormat;
  readonly compression: 'gzip' | 'none';
  readonly bytes: ByteStream;
  readonly producer: FrameProducer;
  /** A regular file: after damage, the rest is still read (not parsed) so its sha256 is known. */
  readonly hashWholeInput: boolean;
}

/** A Capture over one input. Single use: iterating it twice continues where it stopped. */
export class CaptureReader implements Capture, AsyncIterator<Frame> {
  readonly name: string;
  readonly format: CaptureFormat;
  readonly #s: ReaderSetup;
  #sha256 = '';
  #finished = false;
  #frames = 0;
  #firstTs: bigint | null = null;
  /** The last frame's timestamp parts (BigInt made once, at the end); sec NaN before any frame. */
  #lastSec = NaN;
  #lastNsec = 0;
  #lastExact: bigint | null = null;
  #stop: CaptureStop | null = null;

  constructor(setup: ReaderSetup) {
    this.#s = setup;
    this.name = setup.ctx.name;
    this.format = setup.format;
  }

  /** Frame number given to this input's first frame; only before iteration starts. */
  setFirstFrame(n: number): void {
    if (this.#frames > 0 || this.#finished) throw new Error('setFirstFrame after iteration started');
    this.#s.ctx.firstFrame = n;
  }

  /** Frames produced so far. */
  get frames(): number {
    return this.#frames;
  }

  [Symbol.asyncIterator](): AsyncIterator<Frame> {
    return this;
  }

  async next(): Promise<IteratorResult<Frame>> {
    const p = this.#s.producer;
    while (!this.#finished) {
      const f = p.poll();
      if (f !== null) {
        this.#count(f);
        return { value: f, done: false };
      }
      await this.#refill();
    }
    return DONE;
  }

  /**
   * Read every frame, calling `onFrame` for each (the frame is BORROWED for the call only).
   * The fast path: frames already in memory are handed over synchronously, and the only awaits
   * are for more input, so there is no promise per frame. `onFrame` may return true to stop early.
   */
  async forEachFrame(onFrame: (f: Frame) => boolean | void): Promise<void> {
    const p = this.#s.producer;
    while (!this.#finished) {
      for (let f = p.poll(); f !== null; f = p.poll()) {
        this.#count(f);
        if (onFrame(f) === true) {
          await this.return();
          return;
        }
      }
      await this.#refill();
    }
  }

  #count(f: Frame): void {
    this.#frames++;
    if (this.#firstTs === null) this.#firstTs = f.tsNs;
    this.#lastSec = f.tsSec;
    this.#lastNsec = f.tsNsec;
    this.#lastExact = f.tsExact;
  }

  /** The producer has no frame ready: finish if it stopped, else feed it the next chunk (or the end). */
  async #refill(): Promise<void> {
    const p = this.#s.producer;
    if (p.stop !== null) {
      await this.#finish(p.stop);
      return;
    }
    let chunk: Buffer | null;
    try {
      chunk = await this.#s.bytes.read();
    } catch (err) {
      p.fail(stopFromFault(err));
      return;
    }
    if (chunk === null) p.end();
    else p.push(chunk);
  }

  /** The consumer stopped early (break/return/throw in for-await): release the input at once. */
  async return(): Promise<IteratorResult<Frame>> {
    if (!this.#finished) {
      this.#finished = true;
      this.#s.bytes.destroy();
      void this.#s.bytes.digest();
      const p = this.#s.producer;
      p.fail((atFrame, atOffset, missingBytes) => ({ kind: 'truncated', atFrame, atOffset, missingBytes, reason: 'reading stopped early by the consumer' }));
      this.#stop = p.stop;
    }
    return DONE;
  }

  async #finish(stop: CaptureStop): Promise<void> {
    this.#finished = true;
    this.#stop = stop;
    const bytes = this.#s.bytes;
    // Reading stopped before the end of a regular file (damage): read the rest only to hash
    // it, so the report still names the exact file. Not for pipes, which may never end.
    if (!bytes.rawEnded && this.#s.hashWholeInput && this.#s.compression === 'none') {
      try {
        while ((await bytes.readRaw()) !== null);
      } catch {
        /* the hash stays unknown */
      }
    }
    bytes.destroy();
    // Always asked: for an input not read to its end it is '' and releases the hashing worker.
    this.#sha256 = await bytes.digest();
  }

  summary(): CaptureSummary {
    const s = this.#s;
    return {
      name: this.name,
      format: this.format,
      compression: s.compression,
      sha256: this.#sha256,
      bytes: s.bytes.rawBytes,
      interfaces: s.producer.interfaces(),
      frames: this.#frames,
      firstFrame: s.ctx.firstFrame,
      firstTsNs: this.#firstTs,
      lastTsNs: Number.isNaN(this.#lastSec) ? null : tsOfParts(this.#lastSec, this.#lastNsec, this.#lastExact),
      stop: this.#stop ?? s.producer.stop ?? { kind: 'truncated', atFrame: s.ctx.firstFrame + this.#frames, atOffset: 0, missingBytes: 0, reason: 'not read to the end yet' },
      nameRecords: s.producer.nameRecords(),
      nameRecordsDropped: s.producer.nameRecordsDropped,
    };
  }
}

/** Map a failure of the byte stream to how reading stops. */
function stopFromFault(err: unknown): (atFrame: number, atOffset: number, missingBytes: number) => CaptureStop {
  const kind = err instanceof StreamFault ? err.kind : 'read_error';
  const reason = err instanceof Error ? err.message : String(err);
  if (kind === 'gzip_truncated') return (atFrame, atOffset, missingBytes) => ({ kind: 'truncated', atFrame, atOffset, missingBytes, reason });
  const code = kind === 'gzip_corrupt' ? 'capture.gzip.corrupt' : 'capture.read_error';
  return (atFrame, atOffset) => ({ kind: 'corrupt', atFrame, atOffset, code, reason });
}
