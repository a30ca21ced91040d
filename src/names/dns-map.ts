/**
 * Which names a client was told an address had, and when: the DNS side of the time-aware join.
 * Keyed by (client, address), so answers to one client never name another client's flows. Bounded
 * two ways: at `maxEntries` the oldest entry goes first (counted; names may then be missing), and
 * in monitor mode `expire` forgets answers whose window (ts + TTL + grace) has ended.
 *
 * Expiry without a heap: answers are queued in insertion order, one queue per window class (the
 * bit length of TTL + grace in seconds, so windows within a queue differ by less than 2×). Answers
 * arrive in about capture-time order, so within a queue the windows end in about insertion order;
 * `expire` pops each queue's head while it has ended. A long window queued before a short one of
 * the same class only delays the short one (by less than its own window): nothing is dropped
 * early, each answer is pushed and popped once (amortised O(1)), and an answer outlives its window
 * by less than 2× plus the margin. A long TTL never blocks short ones: they are in other queues.
 * @module names/dns-map
 */
import type { IpAddr } from '../core/index.js';

/** One address answer, as learnt from one response. */
export interface DnsMapEntry {
  readonly key: string;
  /** The address the answer was sent to. */
  readonly client: IpAddr;
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

/** An entry with its insertion number (the cap evicts the lowest first). */
interface Held extends DnsMapEntry {
  readonly seq: number;
}

/** Answers of one window class in insertion order: a queue with a moving head. */
interface WindowQueue {
  items: Held[];
  head: number;
}

const SECOND = 1_000_000_000n;
/** Window classes: bit lengths 0..32 of the window in seconds (longer windows go in the last). */
const CLASSES = 33;
/**
 * How long after its window ended an answer is still kept: frames of a live capture can come a
 * little out of time order (several interfaces, buffering), and a flow whose first packet is that
 * late must still be joined to the answers current at its start.
 */
export const DNS_EXPIRY_MARGIN_NS = 60n * SECOND;

/** RFC 2181 §8: a TTL with the top bit set is treated as 0. */
function ttlSeconds(ttl: number): number {
  return ttl >= 0x80000000 ? 0 : ttl;
}

/** The queue a window of `ns` goes in: its bit length in whole seconds. */
function windowClass(ns: bigint): number {
  const s = ns / SECOND;
  return s >= 0xffffffffn ? CLASSES - 1 : 32 - Math.clz32(Number(s));
}

/** The bounded answer map. */
export class DnsAnswerMap {
  readonly #max: number;
  readonly #graceNs: bigint;
  readonly #byKey = new Map<string, DnsMapEntry[]>();
  readonly #queues: WindowQueue[] = Array.from({ length: CLASSES }, () => ({ items: [], head: 0 }));
  #size = 0;
  #evicted = 0;
  #expired = 0;
  #added = 0;
  /** Capture time of the previous `expire` call (null before the first). */
  #lastNowNs: bigint | null = null;

  constructor(maxEntries: number, graceNs: bigint) {
    this.#max = Math.max(1, maxEntries);
    this.#graceNs = graceNs;
  }

  /** Entries dropped at the cap so far. */
  get evicted(): number {
    return this.#evicted;
  }

  /** Entries forgotten by `expire` so far (their window had ended). */
  get expired(): number {
    return this.#expired;
  }

  /** Address answers recorded so far. */
  get added(): number {
    return this.#added;
  }

  /** Entries held now. */
  get size(): number {
    return this.#size;
  }

  /** Records that `client` was told (by `resolver`, in `frame` at `tsNs`) that `name` has `address`. */
  add(client: IpAddr, address: IpAddr, name: string, chain: readonly string[] | undefined, ttl: number, frame: number, tsNs: bigint, resolver: IpAddr): void {
    const key = `${client}>${address}`;
    const list = this.#byKey.get(key);
    const windowNs = BigInt(ttlSeconds(ttl)) * SECOND + this.#graceNs;
    const entry: Held = { key, client, name, chain, ttl: ttlSeconds(ttl), frame, tsNs, resolver, untilNs: tsNs + windowNs, seq: this.#added };
    this.#added++;
    if (list === undefined) this.#byKey.set(key, [entry]);
    else list.push(entry);
    this.#queues[windowClass(windowNs)]!.items.push(entry);
    this.#size++;
    if (this.#size > this.#max) this.#evictOldest();
  }

  /**
   * Forgets answers whose window ended more than `DNS_EXPIRY_MARGIN_NS` before capture time
   * `nowNs` (monitor mode, from housekeeping). The earlier of this and the previous call's time is
   * used, so one frame with a wild timestamp cannot empty the map. Never called by `analyze`:
   * captures merged out of time order may still start flows inside an old window.
   */
  expire(nowNs: bigint): void {
    const prev = this.#lastNowNs;
    this.#lastNowNs = nowNs;
    if (prev === null) return;
    const horizon = (prev < nowNs ? prev : nowNs) - DNS_EXPIRY_MARGIN_NS;
    for (const q of this.#queues) {
      while (q.head < q.items.length && q.items[q.head]!.untilNs < horizon) {
        this.#drop(q);
        this.#expired++;
      }
    }
  }

  /** At the cap: the oldest entry (lowest insertion number among the queue heads) goes. */
  #evictOldest(): void {
    let oldest: WindowQueue | null = null;
    for (const q of this.#queues) {
      if (q.head < q.items.length && (oldest === null || q.items[q.head]!.seq < oldest.items[oldest.head]!.seq)) oldest = q;
    }
    if (oldest === null) return;
    this.#drop(oldest);
    this.#evicted++;
  }

  /** Removes the head of `q` from the queue and from its key's list. */
  #drop(q: WindowQueue): void {
    const old = q.items[q.head]!;
    q.head++;
    this.#size--;
    const list = this.#byKey.get(old.key);
    if (list !== undefined) {
      const i = list.indexOf(old);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) this.#byKey.delete(old.key);
    }
    if (q.head === q.items.length) {
      q.items.length = 0;
      q.head = 0;
    } else if (q.head > 4096 && q.head * 2 > q.items.length) {
      q.items = q.items.slice(q.head);
      q.head = 0;
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
