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

/** Bytes handed to the worker and not yet hashed, before the reader waits. */
const MAX_IN_FLIGHT = 32 * 1024 * 1024;

/**
 * Plain CommonJS so it runs the same under tsx, vitest and the compiled dist (`eval: true`
 * workers get no TypeScript transform).
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const h = createHash('sha256');
parentPort.on('message', (m) => {
  if (m === 'end') { parentPort.postMessage({ hex: h.digest('hex') }); return; }
  h.update(m);
  parentPort.postMessage({ done: m.byteLength });
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

/** Hash in a worker thread; falls back to inline hashing if the worker cannot run. */
export class WorkerHasher implements ChunkHasher {
  #worker: Worker | null;
  #inFlight = 0;
  #wake: (() => void) | null = null;
  #digest: ((hex: string) => void) | null = null;
  #failed = false;
  readonly #fallback = new InlineHasher();
  #sentAny = false;

  constructor() {
    this.#worker = new Worker(WORKER_SOURCE, { eval: true });
    this.#worker.unref();
    this.#worker.on('message', (m: { done?: number; hex?: string }) => {
      if (typeof m.done === 'number') {
        this.#inFlight -= m.done;
        if (this.#inFlight <= MAX_IN_FLIGHT / 2) this.#release();
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
    this.#inFlight += chunk.byteLength;
    this.#worker.postMessage(chunk);
    if (this.#inFlight <= MAX_IN_FLIGHT) return undefined;
    return new Promise((resolve) => {
      this.#wake = resolve;
    });
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
