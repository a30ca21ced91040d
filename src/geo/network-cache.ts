/**
 * A direct-mapped cache keyed by network (masked address bits + prefix length): one slot per
 * hash, a newer network overwrites an older one in its slot. Bounded by construction, no
 * allocation per probe, no eviction bookkeeping; a Map keyed by 38-bit numbers or strings was
 * 3× slower on the lookup path (heap-number keys, string hashing).
 * @module geo/network-cache
 */

/** Slots by default: 2^16 (about 1.5 MiB of keys and references). */
const DEFAULT_BITS = 16;

/** Network → value, direct-mapped. */
export class NetworkCache<V> {
  readonly #bits: number;
  readonly #words: Int32Array;
  /** 0 = empty; otherwise 1 + prefix (+ 129 for IPv6). */
  readonly #tags: Uint16Array;
  readonly #values: (V | undefined)[];
  #k0 = 0;
  #k1 = 0;
  #k2 = 0;
  #k3 = 0;
  #tag = 0;
  #slot = 0;

  constructor(bits = DEFAULT_BITS) {
    this.#bits = bits;
    this.#words = new Int32Array(4 << bits);
    this.#tags = new Uint16Array(1 << bits);
    this.#values = new Array<V | undefined>(1 << bits).fill(undefined);
  }

  /** Value stored for the network of `bytes` with `prefix` bits, if its slot still holds it. */
  get(bytes: Uint8Array, prefix: number): V | undefined {
    this.#key(bytes, prefix);
    const s = this.#slot;
    const w = this.#words;
    const o = s << 2;
    if (this.#tags[s] === this.#tag && w[o] === this.#k0 && w[o + 1] === this.#k1 && w[o + 2] === this.#k2 && w[o + 3] === this.#k3) {
      return this.#values[s];
    }
    return undefined;
  }

  /** Store `value` for the network of the last `get` (call `get` first with the same arguments). */
  setLast(value: V): void {
    const s = this.#slot;
    const o = s << 2;
    this.#words[o] = this.#k0;
    this.#words[o + 1] = this.#k1;
    this.#words[o + 2] = this.#k2;
    this.#words[o + 3] = this.#k3;
    this.#tags[s] = this.#tag;
    this.#values[s] = value;
  }

  /** Masked words of the key, its tag and its slot, kept in fields (no allocation). */
  #key(bytes: Uint8Array, prefix: number): void {
    const v6 = bytes.length === 16;
    this.#k0 = maskedWord(bytes, 0, prefix);
    this.#k1 = v6 ? maskedWord(bytes, 4, prefix - 32) : 0;
    this.#k2 = v6 ? maskedWord(bytes, 8, prefix - 64) : 0;
    this.#k3 = v6 ? maskedWord(bytes, 12, prefix - 96) : 0;
    this.#tag = 1 + prefix + (v6 ? 129 : 0);
    let h = Math.imul(this.#k0 ^ this.#tag, 0x9e3779b1);
    h = Math.imul(h ^ this.#k1, 0x85ebca77);
    h = Math.imul(h ^ this.#k2, 0xc2b2ae3d);
    h = Math.imul(h ^ this.#k3, 0x27d4eb2f);
    this.#slot = (h ^ (h >>> 15)) >>> (32 - this.#bits);
  }
}

/** The 32-bit word at `off`, keeping its first `bits` bits (≤ 0: none, ≥ 32: all). */
function maskedWord(b: Uint8Array, off: number, bits: number): number {
  if (bits <= 0) return 0;
  const w = (b[off]! << 24) | (b[off + 1]! << 16) | (b[off + 2]! << 8) | b[off + 3]!;
  return bits >= 32 ? w : w & ~(0xffffffff >>> bits);
}
