/**
 * The client's Initial CRYPTO stream (RFC 9000 §19.6, §2.2): data arrives at any offset, out of
 * order, retransmitted or overlapping, and is written once into a bounded buffer. The first
 * bytes written at an offset win (a retransmission carries the same bytes). The buffer grows by
 * doubling up to the cap; this is the QUIC parser's one named copy point.
 * @module names/quic/crypto-stream
 */

/** Disjoint byte ranges kept before the stream counts as over its cap (one range per hole + 1). */
export const QUIC_MAX_CRYPTO_RANGES = 64;
const INITIAL_BUFFER = 2048;

/** CRYPTO stream reassembly for one flow, capped at `cap` bytes of stream offset. */
export class CryptoStream {
  readonly #cap: number;
  #buf = new Uint8Array(0);
  /** Sorted, disjoint, non-adjacent `[start, end)` pairs of bytes present. */
  #ranges: number[] = [];
  /** `[start, end, frame]` triples: which frame first wrote which bytes. */
  #writes: number[] = [];

  constructor(cap: number) {
    this.#cap = cap;
  }

  /** Bytes present from offset 0 without a hole. */
  get contiguous(): number {
    return this.#ranges[0] === 0 ? this.#ranges[1]! : 0;
  }

  /** The stream bytes written so far; valid up to `contiguous`. BORROWED until the next `add`. */
  get bytes(): Uint8Array {
    return this.#buf;
  }

  /**
   * Copies the bytes of `data` (stream offset `offset`) that are not there yet. False, and
   * nothing written, when they reach past the cap or would leave too many holes.
   */
  add(offset: number, data: Uint8Array, frame: number): boolean {
    const end = offset + data.length;
    if (end > this.#cap) return false;
    if (data.length === 0) return true;
    const merged = mergeRange(this.#ranges, offset, end);
    if (merged.length > 2 * QUIC_MAX_CRYPTO_RANGES) return false;
    this.#grow(end);
    let p = offset;
    const r = this.#ranges;
    for (let i = 0; i < r.length && p < end; i += 2) {
      if (r[i + 1]! <= p) continue;
      if (r[i]! >= end) break;
      if (r[i]! > p) this.#write(data, offset, p, r[i]!, frame);
      p = Math.max(p, r[i + 1]!);
    }
    if (p < end) this.#write(data, offset, p, end, frame);
    this.#ranges = merged;
    return true;
  }

  /** Frame numbers (ascending, distinct) that first wrote any byte below stream offset `n`. */
  framesBelow(n: number): number[] {
    const out = new Set<number>();
    for (let i = 0; i < this.#writes.length; i += 3) if (this.#writes[i]! < n) out.add(this.#writes[i + 2]!);
    return [...out].sort((a, b) => a - b);
  }

  /** Frees the buffer; the stream reads as empty afterwards. */
  release(): void {
    this.#buf = new Uint8Array(0);
    this.#ranges = [];
    this.#writes = [];
  }

  #write(data: Uint8Array, offset: number, from: number, to: number, frame: number): void {
    this.#buf.set(data.subarray(from - offset, to - offset), from);
    this.#writes.push(from, to, frame);
  }

  #grow(end: number): void {
    if (end <= this.#buf.length) return;
    let size = Math.max(this.#buf.length, INITIAL_BUFFER);
    while (size < end) size *= 2;
    const next = new Uint8Array(Math.min(size, this.#cap));
    next.set(this.#buf);
    this.#buf = next;
  }
}

/** `ranges` with `[start, end)` added, merged with any range it overlaps or touches. */
function mergeRange(ranges: readonly number[], start: number, end: number): number[] {
  const out: number[] = [];
  let i = 0;
  for (; i < ranges.length && ranges[i + 1]! < start; i += 2) out.push(ranges[i]!, ranges[i + 1]!);
  let s = start;
  let e = end;
  for (; i < ranges.length && ranges[i]! <= e; i += 2) {
    s = Math.min(s, ranges[i]!);
    e = Math.max(e, ranges[i + 1]!);
  }
  out.push(s, e);
  for (; i < ranges.length; i += 2) out.push(ranges[i]!, ranges[i + 1]!);
  return out;
}
