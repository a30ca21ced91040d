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
import { SlotHashWorker, type ChunkHasher } from './hash.js';

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

/** A regular file read through the shared ring, hashed as it is read. */
export class SharedFileSource implements RawSource, ChunkHasher {
  readonly #path: string;
  readonly #hashed: boolean[] = new Array<boolean>(RING_SLOTS).fill(true);
  readonly #w = new SlotHashWorker(RING_SLOTS, SLOT_BYTES, (slot) => {
    this.#hashed[slot] = true;
  });
  #fd: number | null = null;
  #chunk = 0;
  #ahead: Promise<Buffer | null> | null = null;
  #eof = false;
  #lost = false;
  #closed = false;

  constructor(path: string) {
    this.#path = path;
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
    while (!this.#hashed[slot] && this.#w.alive) await this.#w.waitForFree();
    this.#fd ??= openSync(this.#path, 'r');
    const view = Buffer.from(this.#w.sab, slot * SLOT_BYTES, SLOT_BYTES);
    // Synchronous reads: from the page cache a 1 MiB read is a memcpy, cheaper than a trip
    // through the thread pool and a promise; the kernel's read-ahead keeps cold files streaming.
    const bytesRead = readSync(this.#fd, view, 0, SLOT_BYTES, null);
    if (bytesRead === 0) {
      this.#eof = true;
      return null;
    }
    this.#chunk++;
    if (this.#w.alive) {
      this.#hashed[slot] = false;
      this.#w.submit(slot, bytesRead);
    } else {
      this.#lost = true;
    }
    return view.subarray(0, bytesRead);
  }

  /** Hashing happens as chunks are read: nothing to do per chunk. */
  update(): undefined {
    return undefined;
  }

  digest(): Promise<string> {
    if (this.#lost || !this.#eof) {
      this.#w.stop();
      return Promise.resolve('');
    }
    return this.#w.digest();
  }

  cancel(): void {
    this.#w.stop();
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
}
