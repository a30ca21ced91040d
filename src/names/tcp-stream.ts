/**
 * Bounded in-order reassembly of one direction of a TCP stream, for the first bytes a name lives
 * in (a ClientHello, HTTP request heads, DNS-over-TCP messages). Sequence numbers are compared
 * modulo 2^32 (RFC 9293 §3.4); retransmitted and overlapping bytes are taken once (first copy
 * wins, as most stacks do); segments that arrive early wait, copied, within the same byte cap.
 * This is a named copy point (STYLE rule 4): every byte kept here is a copy.
 * @module names/tcp-stream
 */
import { TH_SYN } from '../flow/index.js';

/** What pushing a segment did. */
export type StreamPush =
  /** Bytes were added to the in-order data (or nothing new arrived). */
  | 'ok'
  /** The segment lies beyond a hole; it waits (or was dropped at the cap). */
  | 'gap'
  /** The cap is full: the caller should give up on this stream. */
  | 'cap';

const EMPTY = new Uint8Array(0);

interface Early {
  readonly rel: number;
  readonly bytes: Uint8Array;
}

/** One direction of a TCP connection, reassembled in order up to `cap` bytes held at once. */
export class TcpStream {
  readonly #cap: number;
  /** Sequence number of the byte at data offset 0; null until the first SYN or data segment. */
  #base: number | null = null;
  #buf: Uint8Array;
  #len = 0;
  #early: Early[] = [];
  #earlyBytes = 0;
  /** Stream offset (from the first byte) of data offset 0. */
  #consumed = 0;

  constructor(cap: number) {
    this.#cap = cap;
    this.#buf = EMPTY; // sized by the first bytes (most ClientHellos and request heads fit one segment)
  }

  /** Stream offset of the first byte of `data` (bytes consumed so far). */
  get offset(): number {
    return this.#consumed;
  }

  /** Sequence number of the first byte `data` holds; null before the first SYN or data segment. */
  get baseSeq(): number | null {
    return this.#base;
  }

  /** The contiguous bytes held (BORROWED until the next push or consume). */
  get data(): Uint8Array {
    return this.#buf.subarray(0, this.#len);
  }

  /** Early segments are waiting behind a hole. */
  get hasGap(): boolean {
    return this.#early.length > 0;
  }

  /** Adds a segment with sequence number `seq`, TCP `flags` and `payload` (BORROWED). */
  push(seq: number, flags: number, payload: Uint8Array): StreamPush {
    if (this.#base === null) {
      if ((flags & TH_SYN) !== 0) {
        this.#base = (seq + 1) >>> 0;
        if (payload.length === 0) return 'ok';
        seq = (seq + 1) >>> 0; // data on a SYN (TCP Fast Open) follows the SYN's sequence number
      } else if (payload.length === 0) {
        return 'ok';
      } else {
        this.#base = seq >>> 0; // the capture started mid-connection: take the first bytes seen
      }
    } else if ((flags & TH_SYN) !== 0) {
      if (payload.length === 0) return 'ok';
      seq = (seq + 1) >>> 0;
    }
    if (payload.length === 0) return 'ok';
    // Signed distance from the next expected byte, modulo 2^32.
    const rel = (seq - this.#base) | 0;
    return this.#place(rel, payload);
  }

  #place(rel: number, payload: Uint8Array): StreamPush {
    let start = 0;
    if (rel < this.#len) start = this.#len - rel; // retransmitted or overlapping: take only new bytes
    if (start >= payload.length) return 'ok';
    if (rel > this.#len) return this.#hold(rel, payload);
    if (!this.#append(payload.subarray(start))) return 'cap';
    return this.#drainEarly();
  }

  #hold(rel: number, payload: Uint8Array): StreamPush {
    if (rel + payload.length > this.#cap || this.#earlyBytes + payload.length > this.#cap) return 'cap';
    this.#early.push({ rel, bytes: payload.slice() });
    this.#earlyBytes += payload.length;
    return 'gap';
  }

  #append(bytes: Uint8Array): boolean {
    const need = this.#len + bytes.length;
    if (need > this.#cap) return false;
    if (need > this.#buf.length) {
      const grown = new Uint8Array(this.#buf.length === 0 ? need : Math.min(this.#cap, Math.max(need, this.#buf.length * 2)));
      grown.set(this.#buf.subarray(0, this.#len));
      this.#buf = grown;
    }
    this.#buf.set(bytes, this.#len);
    this.#len = need;
    return true;
  }

  #drainEarly(): StreamPush {
    if (this.#early.length === 0) return 'ok';
    this.#early.sort((a, b) => a.rel - b.rel);
    while (this.#early.length > 0 && this.#early[0]!.rel <= this.#len) {
      const e = this.#early.shift()!;
      this.#earlyBytes -= e.bytes.length;
      const skip = this.#len - e.rel;
      if (skip < e.bytes.length && !this.#append(e.bytes.subarray(skip))) return 'cap';
    }
    return this.#early.length > 0 ? 'gap' : 'ok';
  }

  /**
   * Drops the first `n` stream bytes from the front. `n` may exceed the bytes held: the stream
   * then skips bytes not yet arrived (an HTTP body), and segments below the new base are old.
   */
  consume(n: number): void {
    if (n <= 0 || this.#base === null) return;
    const held = Math.min(n, this.#len);
    this.#buf.copyWithin(0, held, this.#len);
    this.#len -= held;
    this.#base = (this.#base + n) >>> 0;
    this.#consumed += n;
    if (this.#early.length > 0) {
      const kept: Early[] = [];
      this.#earlyBytes = 0;
      for (const e of this.#early) {
        const rel = e.rel - n;
        if (rel + e.bytes.length <= 0) continue;
        const bytes = rel < 0 ? e.bytes.subarray(-rel) : e.bytes;
        kept.push({ rel: Math.max(rel, 0), bytes });
        this.#earlyBytes += bytes.length;
      }
      this.#early = kept;
      this.#drainEarly();
    }
  }

  /** Frees the buffers (the stream is no longer looked at). */
  release(): void {
    this.#buf = EMPTY;
    this.#len = 0;
    this.#early = [];
    this.#earlyBytes = 0;
  }
}
