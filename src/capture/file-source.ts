/**
 * Reading a regular file into shared memory that the sha256 worker hashes in place: each 1 MiB
 * chunk is read (synchronously, one chunk ahead) into a slot of a SharedArrayBuffer ring, handed to
 * the parser as a Buffer view, and hashed by the worker from the same bytes: no copy on either
 * thread. A slot is refilled only after the worker has hashed it and at least RING_SLOTS - 3
 * later chunks have been handed out; the record readers hold at most the tail of two chunks
 * (records are capped well below a slot, see `canUseSharedFile`), so a slot is never
 * overwritten while it is still referenced. Records that span chunks are copied out by the
 * Window (producer.ts), and gunzip input is copied (byte-stream.ts).
 * @module capture/file-source
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { ChunkHasher } from './hash.js';

const SLOT_BYTES = 1024 * 1024;
const RING_SLOTS = 8;

/** Largest record the readers may hold across chunks for the ring to be safe. */
export function canUseSharedFile(maxRecordBytes: number): boolean {
  return maxRecordBytes <= 4 * SLOT_BYTES;
}

/** A source of raw chunks; null at the end. */
export interface RawSource {
  next(): Promise<Buffer | null>;
  close(): void;
}

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

/** A regular file read through the shared ring, hashed as it is read. */
export class SharedFileSource implements RawSource, ChunkHasher {
  readonly #path: string;
  readonly #sab = new SharedArrayBuffer(SLOT_BYTES * RING_SLOTS);
  readonly #hashed: boolean[] = new Array<boolean>(RING_SLOTS).fill(true);
  #fd: number | null = null;
  #worker: Worker | null;
  #chunk = 0;
  #ahead: Promise<Buffer | null> | null = null;
  #eof = false;
  #failed = false;
  #closed = false;
  #wake: (() => void) | null = null;
  #digest: ((hex: string) => void) | null = null;

  constructor(path: string) {
    this.#path = path;
    const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { sab: this.#sab, slotBytes: SLOT_BYTES } });
    w.unref();
    w.on('message', (m: { free?: number; hex?: string }) => {
      if (typeof m.free === 'number') {
        this.#hashed[m.free] = true;
        this.#release();
      } else if (typeof m.hex === 'string') {
        this.#digest?.(m.hex);
        this.#stopWorker();
      }
    });
    w.on('error', () => this.#fail());
    w.on('exit', () => this.#fail());
    this.#worker = w;
  }

  /** The next chunk (a view of a ring slot, valid while RING_SLOTS - 3 more chunks are read). */
  async next(): Promise<Buffer | null> {
    if (this.#closed) return null;
    const cur = this.#ahead ?? this.#read();
    const c = await cur;
    this.#ahead = c === null ? null : this.#read();
    // A failed read-ahead surfaces at the next call, not as an unhandled rejection.
    this.#ahead?.catch(() => undefined);
    return c;
  }

  async #read(): Promise<Buffer | null> {
    if (this.#eof || this.#closed) return null;
    const slot = this.#chunk % RING_SLOTS;
    while (!this.#hashed[slot] && this.#worker !== null) {
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
    this.#fd ??= openSync(this.#path, 'r');
    const view = Buffer.from(this.#sab, slot * SLOT_BYTES, SLOT_BYTES);
    // Synchronous reads: from the page cache a 1 MiB read is a memcpy, cheaper than a trip
    // through the thread pool and a promise; the kernel's read-ahead keeps cold files streaming.
    const bytesRead = readSync(this.#fd, view, 0, SLOT_BYTES, null);
    if (bytesRead === 0) {
      this.#eof = true;
      return null;
    }
    this.#chunk++;
    if (this.#worker !== null) {
      this.#hashed[slot] = false;
      this.#worker.postMessage([slot, bytesRead]);
    } else {
      this.#failed = true;
    }
    return view.subarray(0, bytesRead);
  }

  /** Hashing happens as chunks are read: nothing to do per chunk. */
  update(): undefined {
    return undefined;
  }

  digest(): Promise<string> {
    const w = this.#worker;
    if (w === null || this.#failed || !this.#eof) return Promise.resolve('');
    return new Promise((resolve) => {
      this.#digest = resolve;
      w.postMessage('end');
    });
  }

  cancel(): void {
    this.#digest?.('');
    this.#stopWorker();
  }

  close(): void {
    this.#closed = true;
    const fd = this.#fd;
    this.#fd = null;
    if (fd !== null) {
      try {
        closeSync(fd);
      } catch {
        /* already closed */
      }
    }
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
    this.#stopWorker();
  }

  #stopWorker(): void {
    const w = this.#worker;
    this.#worker = null;
    this.#digest = null;
    this.#release();
    if (w !== null) void w.terminate();
  }
}
