/**
 * Which names a client was told an address had, and when: the DNS side of the time-aware join.
 * Keyed by (client, address), so answers to one client never name another client's flows. Bounded:
 * at `maxEntries` the oldest entry goes first (counted; names may then be missing).
 * @module names/dns-map
 */
import type { IpAddr } from '../core/index.js';

/** One address answer, as learnt from one response. */
export interface DnsMapEntry {
  readonly key: string;
  /** The name the client asked (head of the CNAME chain). */
  readonly name: string;
  /** Asked name, CNAME targets…, owner of the address record; absent without CNAMEs. */
  readonly chain: readonly string[] | undefined;
  readonly ttl: number;
  readonly frame: number;
  readonly tsNs: bigint;
  readonly resolver: IpAddr;
  /** Capture time after which the answer no longer names flows (ts + ttl + grace). */
  readonly untilNs: bigint;
}

const SECOND = 1_000_000_000n;

/** RFC 2181 §8: a TTL with the top bit set is treated as 0. */
function ttlSeconds(ttl: number): number {
  return ttl >= 0x80000000 ? 0 : ttl;
}

/** The bounded answer map. */
export class DnsAnswerMap {
  readonly #max: number;
  readonly #graceNs: bigint;
  readonly #byKey = new Map<string, DnsMapEntry[]>();
  /** Entries in insertion order (a queue with a moving head). */
  #fifo: DnsMapEntry[] = [];
  #head = 0;
  #size = 0;
  #evicted = 0;
  #added = 0;

  constructor(maxEntries: number, graceNs: bigint) {
    this.#max = Math.max(1, maxEntries);
    this.#graceNs = graceNs;
  }

  /** Entries dropped at the cap so far. */
  get evicted(): number {
    return this.#evicted;
  }

  /** Address answers recorded so far. */
  get added(): number {
    return this.#added;
  }

  /** Records that `client` was told (by `resolver`, in `frame` at `tsNs`) that `name` has `address`. */
  add(client: IpAddr, address: IpAddr, name: string, chain: readonly string[] | undefined, ttl: number, frame: number, tsNs: bigint, resolver: IpAddr): void {
    const key = `${client}>${address}`;
    const list = this.#byKey.get(key);
    const untilNs = tsNs + BigInt(ttlSeconds(ttl)) * SECOND + this.#graceNs;
    const entry: DnsMapEntry = { key, name, chain, ttl: ttlSeconds(ttl), frame, tsNs, resolver, untilNs };
    this.#added++;
    if (list === undefined) this.#byKey.set(key, [entry]);
    else list.push(entry);
    this.#fifo.push(entry);
    this.#size++;
    if (this.#size > this.#max) this.#evictOldest();
  }

  #evictOldest(): void {
    const old = this.#fifo[this.#head]!;
    this.#head++;
    this.#size--;
    this.#evicted++;
    const list = this.#byKey.get(old.key);
    if (list !== undefined) {
      const i = list.indexOf(old);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) this.#byKey.delete(old.key);
    }
    if (this.#head > 4096 && this.#head * 2 > this.#fifo.length) {
      this.#fifo = this.#fifo.slice(this.#head);
      this.#head = 0;
    }
  }

  /**
   * Answers that name a flow from `client` to `address` starting at `startNs`: seen at or before
   * the start and still within TTL + grace then; most recent first, one per distinct name (the
   * most recent answer for that name).
   */
  candidates(client: IpAddr, address: IpAddr, startNs: bigint): DnsMapEntry[] {
    const list = this.#byKey.get(`${client}>${address}`);
    if (list === undefined) return [];
    const out: DnsMapEntry[] = [];
    for (let i = list.length - 1; i >= 0; i--) {
      const e = list[i]!;
      if (e.tsNs > startNs || e.untilNs < startNs) continue;
      if (out.some((o) => o.name === e.name)) continue;
      out.push(e);
    }
    return out;
  }

  /** Some answer for (client, address) came after `startNs` (the flow started before its DNS answer). */
  answeredAfter(client: IpAddr, address: IpAddr, startNs: bigint): boolean {
    const list = this.#byKey.get(`${client}>${address}`);
    return list !== undefined && list.some((e) => e.tsNs > startNs);
  }
}
