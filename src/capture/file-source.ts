/**
 * Reading a regular file on another core: a worker reads the file in 1 MiB chunks into the slots
 * of a SharedArrayBuffer ring, sha256-hashes each chunk after it is filled, and stays up to
 * AHEAD chunks ahead of the parser, which takes the chunks as Buffer views: no read system call,
 * no hashing and no copy on the parsing thread. The parser holds at most the tail of the last
 * three chunks it was handed (records are capped well below a slot, see `canUseSharedFile`;
 * records that span chunks are copied out by the Window, producer.ts, and gunzip input is copied,
 * byte-stream.ts), so the worker refills a slot only once RING_SLOTS - AHEAD later chunks have
 * been handed out: a slot is never overwritten while it is still referenced.
 *
 * Shared control words (Int32Array): HANDED (chunks handed to the parser), FILLED (chunks the
 * worker filled), STATE (running, eof, error), WAITING (the parser waits for a 'wake' message),
 * WAKE_AT (the HANDED count the sleeping worker wants to be woken at). The worker blocks in
 * Atomics.wait on HANDED when it is AHEAD chunks ahead, and is woken only once it can read
 * REFILL chunks in a row (one wake per chunk would cost a context switch per megabyte); the
 * parser, when it finds no filled chunk, sets WAITING, re-checks, and awaits the worker's message.
 * @module capture/file-source
 */
import { Worker } from 'node:worker_threads';
import type { ChunkHasher } from './hash.js';

const SLOT_BYTES = 1024 * 1024;
const RING_SLOTS = 16;
/** How far the worker may read ahead of the parser (RING_SLOTS minus the 4 chunks the parser may still reference). */
const AHEAD = RING_SLOTS - 4;

const HANDED = 0;
const FILLED = 1;
const STATE = 2;
const WAITING = 3;
const WAKE_AT = 4;
/** Chunks the worker reads per wake-up once it has caught up. */
const REFILL = 4;
const STATE_RUNNING = 0;
const STATE_EOF = 1;
const STATE_ERROR = 2;
/** Added to HANDED to release a worker blocked on it when the reader is closed. */
const RELEASE = 1 << 28;

/**
 * Plain CommonJS so it runs the same under tsx, vitest and the compiled dist (`eval: true`
 * workers get no TypeScript transform). Messages to the parser: 'wake' (a chunk or a state
 * change while it waits), { error } before STATE_ERROR, { hex } after EOF (the digest).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { openSync, readSync, closeSync } = require('node:fs');
const { createHash } = require('node:crypto');
const { sab, ctl, lengths, path, slots, slotBytes, ahead } = workerData;
const c = new Int32Array(ctl), len = new Int32Array(lengths);
const h = createHash('sha256');
const wake = () => { if (Atomics.exchange(c, ${WAITING}, 0) === 1) parentPort.postMessage('wake'); };
let fd = -1;
try {
  fd = openSync(path, 'r');
  for (let n = 0; ; ) {
    const handed = Atomics.load(c, ${HANDED});
    if (handed >= ${RELEASE}) break;
    if (n - handed >= ahead) {
      Atomics.store(c, ${WAKE_AT}, n - ahead + ${REFILL});
      if (Atomics.load(c, ${HANDED}) === handed) Atomics.wait(c, ${HANDED}, handed);
      continue;
    }
    const slot = n % slots;
    const view = new Uint8Array(sab, slot * slotBytes, slotBytes);
    let got = 0, r = 0;
    // A regular file fills the slot in one read except at its end; loop for short reads.
    while (got < slotBytes && (r = readSync(fd, view, got, slotBytes - got, null)) > 0) got += r;
    if (got > 0) {
      len[slot] = got;
      Atomics.store(c, ${FILLED}, ++n);
      wake();
      h.update(view.subarray(0, got));
    }
    if (got < slotBytes) {
      Atomics.store(c, ${STATE}, ${STATE_EOF});
      parentPort.postMessage({ hex: h.digest('hex') });
      wake();
      break;
    }
  }
} catch (e) {
  parentPort.postMessage({ error: { message: String(e && e.message), code: e && e.code } });
  Atomics.store(c, ${STATE}, ${STATE_ERROR});
  wake();
} finally {
  if (fd >= 0) try { closeSync(fd); } catch {}
}
`;

/** Largest record the readers may hold across chunks for the ring to be safe. */
export function canUseSharedFile(maxRecordBytes: number): boolean {
  return maxRecordBytes <= 2 * SLOT_BYTES;
}

/** A source of raw chunks; null at the end. */
export interface RawSource {
  next(): Promise<Buffer | null>;
  close(): void;
}

/** A regular file read and hashed by a worker into the shared ring. */
export class SharedFileSource implements RawSource, ChunkHasher {
  readonly #sab = new SharedArrayBuffer(RING_SLOTS * SLOT_BYTES);
  readonly #ctl = new Int32Array(new SharedArrayBuffer(4 * 5));
  readonly #lengths = new Int32Array(new SharedArrayBuffer(4 * RING_SLOTS));
  #worker: Worker | null;
  #handed = 0;
  #eof = false;
  #closed = false;
  #error: Error | null = null;
  #hex: string | null = null;
  #wake: (() => void) | null = null;
  #digestWaiter: ((hex: string) => void) | null = null;

  constructor(path: string) {
    const w = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { sab: this.#sab, ctl: this.#ctl.buffer, lengths: this.#lengths.buffer, path, slots: RING_SLOTS, slotBytes: SLOT_BYTES, ahead: AHEAD },
    });
    w.on('message', (m: string | { hex?: string; error?: { message: string; code?: string } }) => {
      if (typeof m === 'object' && typeof m.hex === 'string') this.#settleDigest(m.hex);
      else if (typeof m === 'object' && m.error !== undefined) this.#error = Object.assign(new Error(m.error.message), { code: m.error.code });
      this.#release();
    });
    w.unref();
    w.on('error', (e: Error) => this.#died(e));
    w.on('exit', () => this.#died(new Error('reader worker exited')));
    this.#worker = w;
  }

  /** The next chunk (a view of a ring slot, valid until four more chunks are taken); null at the end. */
  async next(): Promise<Buffer | null> {
    const c = this.#ctl;
    for (;;) {
      if (this.#closed) return null;
      if (Atomics.load(c, FILLED) > this.#handed) return this.#take();
      if (this.#settled()) continue;
      // Nothing filled: ask for a 'wake', then look again before waiting (the worker may have
      // filled a chunk between the first look and the request).
      Atomics.store(c, WAITING, 1);
      if (Atomics.load(c, FILLED) > this.#handed || this.#settled()) continue;
      // The worker keeps the process alive only while the parser waits for it.
      this.#worker?.ref();
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
      this.#worker?.unref();
    }
  }

  /**
   * True when there is something to act on (a chunk to take, or the end: sets eof); false while
   * the worker runs, or failed but its error message has not arrived yet. Throws the worker's error.
   */
  #settled(): boolean {
    const state = Atomics.load(this.#ctl, STATE);
    // A chunk filled before the state changed is still to be taken.
    if (Atomics.load(this.#ctl, FILLED) > this.#handed) return true;
    if (state === STATE_EOF) {
      this.#eof = true;
      this.#closed = true;
      return true;
    }
    if (this.#error !== null) throw this.#error;
    if (this.#worker === null) throw new Error('reader worker stopped');
    return false;
  }

  #take(): Buffer {
    const slot = this.#handed % RING_SLOTS;
    const n = this.#lengths[slot]!;
    this.#handed++;
    Atomics.store(this.#ctl, HANDED, this.#handed);
    if (this.#handed === Atomics.load(this.#ctl, WAKE_AT)) Atomics.notify(this.#ctl, HANDED);
    return Buffer.from(this.#sab, slot * SLOT_BYTES, n);
  }

  /** Hashing happens as chunks are read: nothing to do per chunk. */
  update(): undefined {
    return undefined;
  }

  /** The sha256 of the whole file once it was read to its end; '' otherwise. */
  digest(): Promise<string> {
    if (!this.#eof) {
      this.cancel();
      return Promise.resolve('');
    }
    if (this.#hex !== null) return Promise.resolve(this.#hex);
    if (this.#worker === null) return Promise.resolve('');
    this.#worker.ref();
    return new Promise((resolve) => {
      this.#digestWaiter = resolve;
    });
  }

  cancel(): void {
    this.#stopWorker();
  }

  close(): void {
    this.#closed = true;
    // Keep the worker until its digest arrives when the file was read to the end.
    if (!this.#eof) this.#stopWorker();
    this.#release();
  }

  #settleDigest(hex: string): void {
    this.#hex = hex;
    const w = this.#digestWaiter;
    this.#digestWaiter = null;
    w?.(hex);
    this.#stopWorker();
  }

  #died(e: Error): void {
    if (this.#worker === null) return;
    this.#error ??= e;
    this.#worker = null;
    this.#digestWaiter?.('');
    this.#digestWaiter = null;
    this.#release();
  }

  #stopWorker(): void {
    const w = this.#worker;
    this.#worker = null;
    this.#digestWaiter?.(this.#hex ?? '');
    this.#digestWaiter = null;
    if (w === null) return;
    Atomics.add(this.#ctl, HANDED, RELEASE);
    Atomics.notify(this.#ctl, HANDED);
    w.removeAllListeners('exit');
    void w.terminate();
  }

  #release(): void {
    const w = this.#wake;
    this.#wake = null;
    w?.();
  }
}
