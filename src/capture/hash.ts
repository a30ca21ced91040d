/**
 * sha256 of an input's raw bytes, computed on another core: the reader hands each raw chunk
 * (copied) to a worker thread that hashes it, so hashing costs the parsing thread a memcpy
 * instead of the digest. The hash covers exactly the bytes that were parsed, even for a file
 * that grows while it is read. In-flight bytes are bounded: the reader waits when the worker
 * falls more than MAX_IN_FLIGHT behind, so memory never grows with the input.
 * @module capture/hash
 */
import { createHash, type Hash } from 'node:crypto';
import { Worker } from 'node:worker_threads';

/** Shared-memory slots the reader copies chunks into for the worker: 16 × 1 MiB in flight at most. */
const SLOT_BYTES = 1024 * 1024;
const SLOTS = 16;

/**
 * Plain CommonJS so it runs the same under tsx, vitest and the compiled dist (`eval: true`
 * workers get no TypeScript transform). Messages: [slot, length] to hash a slot (answered with
 * the slot number, now free), or 'end' (answered with the digest).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const h = createHash('sha256');
const sab = workerData.sab, size = workerData.slotBytes;
parentPort.on('message', (m) => {
  if (m === 'end') { parentPort.postMessage({ hex: h.digest('hex') }); return; }
  h.update(new Uint8Array(sab, m[0] * size, m[1]));
  parentPort.postMessage({ free: m[0] });
});
`;

/** Incremental sha256 of a byte sequence. */
export interface ChunkHasher {
  /** Add a chunk; the promise resolves when more may be added (backpressure). */
  update(chunk: Uint8Array): Promise<void> | undefined;
  /** Hex digest of everything added. */
  digest(): Promise<string>;
  /** Stop and release the worker; digest() then gives ''. */
  cancel(): void;
}

/** Hash on the calling thread (fallback, and for tiny inputs). */
export class InlineHasher implements ChunkHasher {
  readonly #h: Hash = createHash('sha256');
  #cancelled = false;
  update(chunk: Uint8Array): undefined {
    this.#h.update(chunk);
    return undefined;
  }
  digest(): Promise<string> {
    return Promise.resolve(this.#cancelled ? '' : this.#h.digest('hex'));
  }
  cancel(): void {
    this.#cancelled = true;
  }
}

/**
 * Hash in a worker thread through shared memory: each chunk is copied into a free slot and the
 * worker is told which; no per-chunk allocation on either side. Falls back to inline hashing if
 * the worker cannot start before the first chunk.
 */
export class WorkerHasher implements ChunkHasher {
  #worker: Worker | null;
  readonly #sab = new SharedArrayBuffer(SLOT_BYTES * SLOTS);
  readonly #mem = new Uint8Array(this.#sab);
  readonly #free: number[] = Array.from({ length: SLOTS }, (_, i) => i);
  #wake: (() => void) | null = null;
  #digest: ((hex: string) => void) | null = null;
  #failed = false;
  #sentAny = false;
  readonly #fallback = new InlineHasher();

  constructor() {
    this.#worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { sab: this.#sab, slotBytes: SLOT_BYTES } });
    this.#worker.unref();
    this.#worker.on('message', (m: { free?: number; hex?: string }) => {
      if (typeof m.free === 'number') {
        this.#free.push(m.free);
        this.#release();
      } else if (typeof m.hex === 'string') {
        this.#digest?.(m.hex);
        this.#stop();
      }
    });
    this.#worker.on('error', () => this.#fail());
    this.#worker.on('exit', () => this.#fail());
  }

  update(chunk: Uint8Array): Promise<void> | undefined {
    if (this.#worker === null) {
      if (!this.#sentAny && !this.#failed) return this.#fallback.update(chunk);
      return undefined;
    }
    this.#sentAny = true;
    let off = 0;
    while (off < chunk.length) {
      const slot = this.#free.pop();
      if (slot === undefined) return this.#updateSlow(chunk, off);
      off = this.#send(chunk, off, slot);
    }
    return undefined;
  }

  /** Copy the next piece of `chunk` into `slot` and hand it over; returns the new offset. */
  #send(chunk: Uint8Array, off: number, slot: number): number {
    const n = Math.min(SLOT_BYTES, chunk.length - off);
    this.#mem.set(chunk.subarray(off, off + n), slot * SLOT_BYTES);
    this.#worker?.postMessage([slot, n]);
    return off + n;
  }

  async #updateSlow(chunk: Uint8Array, off: number): Promise<void> {
    while (off < chunk.length && this.#worker !== null) {
      let slot = this.#free.pop();
      while (slot === undefined && this.#worker !== null) {
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
        });
        slot = this.#free.pop();
      }
      if (slot === undefined) return;
      off = this.#send(chunk, off, slot);
    }
  }

  digest(): Promise<string> {
    if (this.#worker === null) return this.#failed && this.#sentAny ? Promise.resolve('') : this.#fallback.digest();
    const w = this.#worker;
    return new Promise((resolve) => {
      this.#digest = resolve;
      w.postMessage('end');
    });
  }

  cancel(): void {
    this.#digest?.('');
    this.#stop();
  }

  #release(): void {
    const w = this.#wake;
    this.#wake = null;
    w?.();
  }

  #fail(): void {
    if (this.#worker === null) return;
    this.#failed = true;
    this.#digest?.('');
    this.#stop();
  }

  #stop(): void {
    const w = this.#worker;
    this.#worker = null;
    this.#digest = null;
    this.#release();
    if (w !== null) void w.terminate();
  }
}

