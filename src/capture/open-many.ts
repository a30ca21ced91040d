/**
 * Several inputs read one after another as one continuous capture (frame numbers continue).
 * @module capture/open-many
 */
import type { Frame } from '../core/index.js';
import { openReader } from './open.js';
import type { CaptureReader } from './reader.js';
import type { CaptureSource, CaptureSummary, MultiCapture, OpenManyOptions } from './types.js';

/**
 * Open every input up front (so a file that is not a capture is reported before any analysis;
 * throws its CaptureFormatError), then read them in order as one capture.
 */
export async function openCaptures(sources: readonly CaptureSource[], opts: OpenManyOptions): Promise<MultiCapture> {
  const readers: CaptureReader[] = [];
  try {
    for (let i = 0; i < sources.length; i++) {
      const onProgress = opts.onProgress;
      readers.push(
        await openReader(sources[i]!, {
          limits: opts.limits,
          anomalies: opts.anomalies,
          firstFrame: 1,
          input: i,
          ...(opts.pcapReader !== undefined ? { pcapReader: opts.pcapReader } : {}),
          ...(onProgress !== undefined ? { onProgress: (b: number) => onProgress(i, b) } : {}),
        }),
      );
    }
  } catch (err) {
    for (const r of readers) await r.return();
    throw err;
  }
  return new ManyReader(readers, opts.firstFrame ?? 1);
}

class ManyReader implements MultiCapture, AsyncIterator<Frame> {
  readonly #readers: readonly CaptureReader[];
  #i = 0;
  #next: number;
  #begun = false;

  constructor(readers: readonly CaptureReader[], firstFrame: number) {
    this.#readers = readers;
    this.#next = firstFrame;
  }

  [Symbol.asyncIterator](): AsyncIterator<Frame> {
    return this;
  }

  async next(): Promise<IteratorResult<Frame>> {
    while (this.#i < this.#readers.length) {
      const r = this.#readers[this.#i]!;
      if (!this.#begun) {
        r.setFirstFrame(this.#next);
        this.#begun = true;
      }
      const res = await r.next();
      if (res.done !== true) return res;
      this.#next += r.frames;
      this.#i++;
      this.#begun = false;
    }
    return { value: undefined, done: true };
  }

  async return(): Promise<IteratorResult<Frame>> {
    for (let i = this.#i; i < this.#readers.length; i++) await this.#readers[i]!.return();
    this.#i = this.#readers.length;
    return { value: undefined, done: true };
  }

  summaries(): readonly CaptureSummary[] {
    return this.#readers.map((r) => r.summary());
  }
}
