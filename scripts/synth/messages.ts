/**
 * Byte streams that a session cuts into segments: a fixed byte string, random bytes, a TLS
 * application-data record stream, or an HTTP response head followed by a body. Each writes
 * the bytes at stream offset [at, at+len) into a frame buffer, so a 60 MB transfer is never
 * materialised in memory. Random content comes from one shared pool made by the seeded PRNG.
 * @module synth/messages
 */
import type { Prng } from './prng.js';

/** A byte stream of known length that can be written piecewise. */
export interface Message {
  readonly length: number;
  /** Writes stream bytes [at, at+len) to buf[off, off+len). */
  write(buf: Uint8Array, off: number, at: number, len: number): void;
}

const POOL_SIZE = 1 << 20;

/** Random bytes shared by all random-content messages. */
export class RandomPool {
  readonly bytes: Uint8Array;

  /** Fills a 1 MiB pool from the PRNG. */
  constructor(rng: Prng) {
    this.bytes = new Uint8Array(POOL_SIZE + 2048);
    rng.fill(this.bytes, 0, this.bytes.length);
  }

  /** Copies `len` (≤ 2048) pool bytes chosen by `key` into buf at off. */
  copy(buf: Uint8Array, off: number, key: number, len: number): void {
    const start = (key >>> 0) % POOL_SIZE;
    buf.set(this.bytes.subarray(start, start + len), off);
  }
}

/** A literal byte string. */
export class BytesMessage implements Message {
  readonly length: number;
  readonly #bytes: Uint8Array;

  /** Wraps (does not copy) the bytes. */
  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
    this.length = bytes.length;
  }

  /** @inheritdoc */
  write(buf: Uint8Array, off: number, at: number, len: number): void {
    buf.set(this.#bytes.subarray(at, at + len), off);
  }
}

/** `length` random-looking bytes (SSH/IMAPS/other opaque streams). */
export class RandomMessage implements Message {
  /** @param salt makes different messages draw different pool bytes */
  constructor(readonly length: number, readonly pool: RandomPool, readonly salt: number) {}

  /** @inheritdoc */
  write(buf: Uint8Array, off: number, at: number, len: number): void {
    this.pool.copy(buf, off, this.salt + at * 7, len);
  }
}

/** Largest TLSCiphertext fragment: 2^14 + 256 (RFC 8446 §5.2); we use 2^14 + 17 (AEAD tag + type). */
const TLS_RECORD_BODY = 16384 + 17;
const TLS_RECORD = 5 + TLS_RECORD_BODY;

/**
 * `bodyBytes` of TLS 1.3 application data split into records of at most TLS_RECORD_BODY:
 * header 17 03 03 len (RFC 8446 §5.2) followed by random ciphertext.
 */
export class TlsAppDataMessage implements Message {
  readonly length: number;
  readonly #body: number;
  readonly #pool: RandomPool;
  readonly #salt: number;

  /** @param bodyBytes ciphertext bytes, headers excluded */
  constructor(bodyBytes: number, pool: RandomPool, salt: number) {
    const body = Math.max(1, Math.floor(bodyBytes));
    this.#body = body;
    this.#pool = pool;
    this.#salt = salt;
    this.length = body + 5 * Math.ceil(body / TLS_RECORD_BODY);
  }

  /** @inheritdoc */
  write(buf: Uint8Array, off: number, at: number, len: number): void {
    let pos = at;
    let o = off;
    const end = at + len;
    while (pos < end) {
      const rec = Math.floor(pos / TLS_RECORD);
      const within = pos - rec * TLS_RECORD;
      const recBody = Math.min(TLS_RECORD_BODY, this.#body - rec * TLS_RECORD_BODY);
      if (within < 5) {
        const hdr = [0x17, 0x03, 0x03, recBody >>> 8, recBody & 0xff];
        for (let i = within; i < 5 && pos < end; i++, pos++) buf[o++] = hdr[i]!;
        continue;
      }
      const n = Math.min(end - pos, 5 + recBody - within);
      this.#pool.copy(buf, o, this.#salt + pos * 13, n);
      o += n;
      pos += n;
    }
  }
}

/** A head (e.g. HTTP response header) followed by `bodyBytes` random body bytes. */
export class HeadBodyMessage implements Message {
  readonly length: number;

  /** @param head literal first bytes */
  constructor(readonly head: Uint8Array, readonly bodyBytes: number, readonly pool: RandomPool, readonly salt: number) {
    this.length = head.length + bodyBytes;
  }

  /** @inheritdoc */
  write(buf: Uint8Array, off: number, at: number, len: number): void {
    let o = off;
    let pos = at;
    const end = at + len;
    if (pos < this.head.length) {
      const n = Math.min(end, this.head.length) - pos;
      buf.set(this.head.subarray(pos, pos + n), o);
      o += n;
      pos += n;
    }
    if (pos < end) this.pool.copy(buf, o, this.salt + pos * 3, end - pos);
  }
}
