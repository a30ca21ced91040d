/**
 * Flow keys from numbers, and the flow index.
 *
 * A key is the two endpoints as address words (IPv4: one 32-bit word; IPv6: four) and ports,
 * ordered so both directions give the same key, plus one number packing (IP version, protocol,
 * one-way flag, both ports) and the VLAN ids as text ('' when untagged, the common case). One-way
 * ICMP messages keep their direction (flag set, not ordered), as Zeek's is_one_way keys do.
 * Addresses are read from the packet's `addrBytes`, so no address text is made per packet.
 *
 * Measured (tests/flow/bench-flow-table.ts, big.pcap): nested Maps string → string → number keyed
 * on address text cost ~250 ns per packet with the text formatting; a numeric hash over the
 * words with an intrusive chain per bucket costs ~20 ns and allocates nothing.
 * @module flow/key
 */

/** Key fields shared by the per-packet scratch key and the live flows (same shape for both). */
export interface KeyFields {
  /** (version bit, ipProto, one-way bit) · 2^32 + first port · 2^16 + second port. */
  kpp: number;
  /** Address words (signed int32, see `word`) of the endpoint ordered first (a) and second (b); IPv4 uses only word 0. */
  ka0: number;
  ka1: number;
  ka2: number;
  ka3: number;
  kb0: number;
  kb1: number;
  kb2: number;
  kb3: number;
  /** VLAN ids as text, '' when untagged. */
  kvlan: string;
  /** Hash of the fields above (the VLAN text excepted); set by the index (`hashKey`), not by setKey. */
  hash: number;
}

/** A per-packet key: the fields plus which way round the packet's endpoints were put. */
export class ScratchKey implements KeyFields {
  kpp = 0;
  ka0 = 0;
  ka1 = 0;
  ka2 = 0;
  ka3 = 0;
  kb0 = 0;
  kb1 = 0;
  kb2 = 0;
  kb3 = 0;
  kvlan = '';
  hash = 0;
  /** The packet's source endpoint is endpoint a. */
  srcFirst = true;
  /** Both endpoints are equal (address and port): every packet is from the originator. */
  sameEnds = false;
}

/** VLAN ids as key text: '' when untagged (the common case allocates nothing). */
export function vlanKey(vlan: readonly number[]): string {
  if (vlan.length === 0) return '';
  if (vlan.length === 1) return String(vlan[0]);
  return vlan.join('.');
}

/**
 * The 32-bit big-endian word at `o`, as a signed int32: a small integer to V8 (an unsigned word
 * of 2^31 or more would be a heap number, allocated wherever it crosses a call). `>>> 0` gives the
 * unsigned value back; `unsignedOrder` compares as unsigned.
 */
function word(b: Uint8Array, o: number): number {
  return (b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!;
}

/** -1, 0 or 1 comparing signed words as the unsigned values they hold (addresses compare so). */
function unsignedOrder(p: number, q: number): number {
  if (p === q) return 0;
  return (p ^ 0x80000000) < (q ^ 0x80000000) ? -1 : 1;
}

/** -1, 0 or 1 comparing the 16-byte addresses at `x` and `y`. */
function compare6(b: Uint8Array, x: number, c: Uint8Array, y: number): number {
  for (let i = 0; i < 16; i += 4) {
    const o = unsignedOrder(word(b, x + i), word(c, y + i));
    if (o !== 0) return o;
  }
  return 0;
}

/** Mixes `v` into the running hash `h` (MurmurHash3's 32-bit block step). */
function mix(h: number, v: number): number {
  let k = Math.imul(v, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** MurmurHash3's finaliser: spreads every input bit over the result. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Loads one endpoint's address words into a (first) or b (second). */
function loadAddr(k: KeyFields, first: boolean, v6: boolean, b: Uint8Array, o: number): void {
  if (first) {
    k.ka0 = word(b, o);
    k.ka1 = v6 ? word(b, o + 4) : 0;
    k.ka2 = v6 ? word(b, o + 8) : 0;
    k.ka3 = v6 ? word(b, o + 12) : 0;
  } else {
    k.kb0 = word(b, o);
    k.kb1 = v6 ? word(b, o + 4) : 0;
    k.kb2 = v6 ? word(b, o + 8) : 0;
    k.kb3 = v6 ? word(b, o + 12) : 0;
  }
}

/**
 * Fills `k` with the key of a packet from (`sb[so]`, sport) to (`db[do]`, dport): 4-byte addresses
 * for IPv4, 16-byte for IPv6. Two-way keys order the endpoints; one-way keys keep src first.
 */
export function setKey(
  k: ScratchKey, ipVersion: 4 | 6, ipProto: number, oneWay: boolean,
  sb: Uint8Array, so: number, sport: number, db: Uint8Array, dOff: number, dport: number, vlan: string,
): void {
  const v6 = ipVersion === 6;
  let c = 0;
  if (!oneWay) {
    c = v6 ? compare6(sb, so, db, dOff) : unsignedOrder(word(sb, so), word(db, dOff));
    if (c === 0) c = Math.sign(sport - dport);
  }
  const srcFirst = c <= 0;
  k.srcFirst = srcFirst;
  k.sameEnds = !oneWay && c === 0;
  loadAddr(k, srcFirst, v6, sb, so);
  loadAddr(k, !srcFirst, v6, db, dOff);
  const pa = srcFirst ? sport : dport;
  const pb = srcFirst ? dport : sport;
  const tag = ((v6 ? 512 : 0) | (ipProto << 1) | (oneWay ? 1 : 0));
  k.kpp = tag * 0x1_0000_0000 + pa * 65536 + pb;
  k.kvlan = vlan;
}

/**
 * Hash of a key's numbers (not its VLAN text). Computed only when the index is consulted: most
 * packets belong to the previous packet's flow and are matched by `sameKey` without it.
 */
export function hashKey(k: KeyFields): number {
  const pp = k.kpp;
  let h = mix(Math.floor(pp / 0x1_0000_0000), pp % 0x1_0000_0000);
  h = mix(h, k.ka0);
  h = mix(h, k.kb0);
  if (k.ka1 !== 0 || k.ka2 !== 0 || k.ka3 !== 0 || k.kb1 !== 0 || k.kb2 !== 0 || k.kb3 !== 0) {
    h = mix(mix(mix(h, k.ka1), k.ka2), k.ka3);
    h = mix(mix(mix(h, k.kb1), k.kb2), k.kb3);
  }
  return fmix(h);
}

/** True when `f` has the key `k` (hashes are not compared: `k`'s may not be computed). */
export function sameKey(f: KeyFields, k: KeyFields): boolean {
  return f.kpp === k.kpp && f.ka0 === k.ka0 && f.kb0 === k.kb0
    && f.ka1 === k.ka1 && f.kb1 === k.kb1 && f.ka2 === k.ka2 && f.kb2 === k.kb2
    && f.ka3 === k.ka3 && f.kb3 === k.kb3 && f.kvlan === k.kvlan;
}

/** Something the index can chain: its key and the next entry of its bucket. */
export interface IndexEntry<T> extends KeyFields {
  hnext: T | null;
}

const MIN_BUCKETS = 1024;

/**
 * Live flows by key: a power-of-two bucket array with an intrusive chain per bucket (no Map, no
 * allocation per lookup). Grows by doubling at one entry per bucket, so its memory follows the peak
 * number of live flows (capped by `maxActiveFlows`).
 */
export class FlowIndex<T extends IndexEntry<T>> {
  #buckets: (T | null)[] = new Array<T | null>(MIN_BUCKETS).fill(null);
  #mask = MIN_BUCKETS - 1;
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** The entry with key `k`, or undefined; sets `k.hash`. */
  get(k: KeyFields): T | undefined {
    const h = hashKey(k);
    k.hash = h;
    let e = this.#buckets[h & this.#mask] ?? null;
    while (e !== null) {
      if (e.hash === h && sameKey(e, k)) return e;
      e = e.hnext;
    }
    return undefined;
  }

  /** Adds `e` (not in the index; its key fields set); sets `e.hash`. */
  add(e: T): void {
    if (this.#size >= this.#buckets.length) this.#grow();
    e.hash = hashKey(e);
    const i = e.hash & this.#mask;
    e.hnext = this.#buckets[i] ?? null;
    this.#buckets[i] = e;
    this.#size++;
  }

  /** Removes `e` if it is in the index. */
  delete(e: T): void {
    const i = e.hash & this.#mask;
    let prev: T | null = null;
    let cur = this.#buckets[i] ?? null;
    while (cur !== null && cur !== e) {
      prev = cur;
      cur = cur.hnext;
    }
    if (cur === null) return;
    if (prev === null) this.#buckets[i] = e.hnext;
    else prev.hnext = e.hnext;
    e.hnext = null;
    this.#size--;
  }

  #grow(): void {
    const old = this.#buckets;
    const n = old.length * 2;
    const buckets = new Array<T | null>(n).fill(null);
    const mask = n - 1;
    for (let e of old) {
      while (e !== null && e !== undefined) {
        const next: T | null = e.hnext;
        const i = e.hash & mask;
        e.hnext = buckets[i] ?? null;
        buckets[i] = e;
        e = next;
      }
    }
    this.#buckets = buckets;
    this.#mask = mask;
  }
}
