/**
 * sha256 of an input's raw bytes, computed on another core: a worker hashes slots of shared
 * memory in the order they are handed over (SlotHashWorker). Either the reader copies chunks into
 * slots (WorkerHasher, for streams) or reads the file straight into them (file-source.ts). The
 * hash covers exactly the bytes that were parsed, even for a file that grows while it is read,
 * and the slots bound the bytes in flight, so memory never grows with the input.
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
 * A worker thread hashing slots of one SharedArrayBuffer, in the order they are submitted.
 * `onFree(slot)` is called when the worker is done with a slot.
 */
export class SlotHashWorker {
  readonly sab: SharedArrayBuffer;
  readonly slotBytes: number;
  #worker: Worker | null;
  #wake: (() => void) | null = null;
  #digest: ((hex: string) => void) | null = null;
  #failed = false;

  constructor(slots: number, slotBytes: number, onFree: (slot: number) => void) {
    this.slotBytes = slotBytes;
    this.sab = new SharedArrayBuffer(slots * slotBytes);
    const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { sab: this.sab, slotBytes } });
    // Unref'd before the 'message' listener, which refs the worker's port again: while the worker
    // runs it keeps the process alive (the reader may be awaiting its digest, with nothing else
    // left to wait on), so every input must stop it: digest() or cancel(), see CaptureReader.
    w.unref();
    w.on('message', (m: { free?: number; hex?: string }) => {
      if (typeof m.free === 'number') {
        onFree(m.free);
        this.#release();
      } else if (typeof m.hex === 'string') {
        this.#digest?.(m.hex);
        this.stop();
      }
    });
    w.on('error', () => this.#fail());
    w.on('exit', () => this.#fail());
    this.#worker = w;
  }

  /** The worker is running (not stopped, not failed). */
  get alive(): boolean {
    return this.#worker !== null;
  }

  /** The worker died before the digest: the hash is unknown. */
  get failed(): boolean {
    return this.#failed;
  }

  /** Hash `length` bytes of `slot` next. */
  submit(slot: number, length: number): void {
    this.#worker?.postMessage([slot, length]);
  }

  /** Resolves when the worker frees a slot, or stops. */
  waitForFree(): Promise<void> {
    return new Promise((resolve) => {
      this.#wake = resolve;
    });
  }

  /** Hex digest of everything submitted; '' if the worker failed or was stopped. */
  digest(): Promise<string> {
    const w = this.#worker;
    if (w === null) return Promise.resolve('');
    return new Promise((resolve) => {
      this.#digest = resolve;
      w.postMessage('end');
    });
  }

  /** Release the worker (a pending digest resolves to ''). */
  stop(): void {
    const w = this.#worker;
    this.#worker = null;
    this.#digest?.('');
    this.#digest = null;
    this.#release();
    if (w !== null) void w.terminate();
  }

  #release(): void {
    const w = this.#wake;
    this.#wake = null;
    w?.();
  }

  #fail(): void {
    if (this.#worker === null) return;
    this.#failed = true;
    this.stop();
  }
}

/**
 * Hash in a worker thread: each chunk is copied into a free slot and the worker is told which;
 * no per-chunk allocation on either side. Falls back to inline hashing if the worker died before
 * the first chunk.
 */
export class WorkerHasher implements ChunkHasher {
  readonly #free: number[] = Array.from({ length: SLOTS }, (_, i) => i);
  readonly #w = new SlotHashWorker(SLOTS, SLOT_BYTES, (slot) => this.#free.push(slot));
  readonly #mem = new Uint8Array(this.#w.sab);
  readonly #fallback = new InlineHasher();
  #sentAny = false;

  update(chunk: Uint8Array): Promise<void> | undefined {
    if (!this.#w.alive) return this.#sentAny ? undefined : this.#fallback.update(chunk);
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
    this.#w.submit(slot, n);
    return off + n;
  }

  async #updateSlow(chunk: Uint8Array, off: number): Promise<void> {
    while (off < chunk.length && this.#w.alive) {
      let slot = this.#free.pop();
      while (slot === undefined && this.#w.alive) {
        await this.#w.waitForFree();
        slot = this.#free.pop();
      }
      if (slot === undefined) return;
      off = this.#send(chunk, off, slot);
    }
  }

  digest(): Promise<string> {
    if (this.#sentAny) return this.#w.digest();
    this.#w.stop();
    return this.#fallback.digest();
  }

  cancel(): void {
    this.#fallback.cancel();
    this.#w.stop();
  }
}
