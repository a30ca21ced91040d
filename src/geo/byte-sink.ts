/**
 * A growable big-endian byte buffer for the MMDB writer (one named copy point: `bytes()`).
 * @module geo/byte-sink
 */

/** Append-only bytes with doubling growth. */
export class ByteSink {
  #buf: Uint8Array;
  #len = 0;

  constructor(initial = 4096) {
    this.#buf = new Uint8Array(initial);
  }

  get length(): number {
    return this.#len;
  }

  #reserve(n: number): void {
    if (this.#len + n <= this.#buf.length) return;
    let cap = this.#buf.length * 2;
    while (cap < this.#len + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.#buf.subarray(0, this.#len));
    this.#buf = next;
  }

  u8(v: number): void {
    this.#reserve(1);
    this.#buf[this.#len++] = v & 0xff;
  }

  /** `n` bytes of the unsigned value `v` (n ≤ 6), big-endian. */
  uintBE(v: number, n: number): void {
    this.#reserve(n);
    for (let i = n - 1; i >= 0; i--) this.#buf[this.#len++] = Math.floor(v / 2 ** (8 * i)) & 0xff;
  }

  bytes(src: Uint8Array): void {
    this.#reserve(src.length);
    this.#buf.set(src, this.#len);
    this.#len += src.length;
  }

  /** A copy of the bytes written so far. */
  toBuffer(): Buffer {
    return Buffer.from(this.#buf.subarray(0, this.#len));
  }
}
