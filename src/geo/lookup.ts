/**
 * Lookups in one opened database: our tree walk on the parsed address bytes (geo/mmdb-walk), the
 * record decoded by mmdb-lib once per data record, and one lookup result and one answer object
 * per database network, shared by every address in it.
 * @module geo/lookup
 */
import type { Reader } from 'maxmind';
import { buildAnswer, type AnswerHead, type GeoAnswer } from './answers.js';
import { BoundedMap } from '../core/index.js';
import type { GeoDatabase, GeoLookup } from './database.js';
import { formatNetwork, parseIp, type IpBytes } from './ip-bytes.js';
import type { TreeWalker } from './mmdb-walk.js';
import { NetworkCache } from './network-cache.js';
import { factsOf, type GeoFacts } from './record-facts.js';

type Rec = Record<string, unknown>;

/** Records whose facts are kept per database (the data section holds 10²–10⁵ distinct records). */
const FACTS_CACHE = 16_384;

const INVALID: GeoLookup = Object.freeze({ status: 'invalid_address' });
const NO_IPV6: GeoLookup = Object.freeze({ status: 'no_ipv6_data' });

/**
 * One database network's result: the lookup, the answer (built on first use), and the two facts
 * the consensus reads, as fields of one class so the hot loop reads monomorphic objects (answers
 * have a different hidden class per field combination).
 */
export class NetworkResult {
  readonly lookup: GeoLookup;
  readonly country: string | undefined;
  readonly anycast: boolean;
  #answer: GeoAnswer | undefined;

  constructor(lookup: GeoLookup, answer?: GeoAnswer) {
    this.lookup = lookup;
    const f = lookup.status === 'found' ? lookup.facts : undefined;
    this.country = f?.country;
    this.anycast = f?.isAnycast === true;
    this.#answer = answer;
  }

  /** The answer, built once from `head`. */
  answer(head: AnswerHead): GeoAnswer {
    return (this.#answer ??= buildAnswer(head, this.lookup));
  }
}

/** mmdb-lib's data-pointer decoder (TypeScript-private in 3.0.3, present at run time). */
function pointerDecoder(reader: Reader<Rec>): ((pointer: number) => unknown) | undefined {
  const r = reader as unknown as { resolveDataPointer?: (pointer: number) => unknown };
  return typeof r.resolveDataPointer === 'function' ? r.resolveDataPointer.bind(reader) : undefined;
}

/**
 * The lookup machinery of one database. `ipVersion` 4 refuses IPv6 (mmdb-lib would walk the
 * first 32 bits). Falls back to mmdb-lib's `getWithPrefixLength` if a future mmdb-lib hides its
 * decoder. Results are shared between addresses of one network: treat them as read-only.
 */
export class DbLookup {
  readonly #reader: Reader<Rec>;
  readonly #walker: TreeWalker;
  readonly #ipVersion: 4 | 6;
  readonly #decode: ((pointer: number) => unknown) | undefined;
  readonly #facts = new BoundedMap<number, GeoFacts>(FACTS_CACHE);
  readonly #nets = new NetworkCache<NetworkResult>();
  #noIpv6: NetworkResult | undefined;

  constructor(reader: Reader<Rec>, walker: TreeWalker, ipVersion: 4 | 6) {
    this.#reader = reader;
    this.#walker = walker;
    this.#ipVersion = ipVersion;
    this.#decode = pointerDecoder(reader);
  }

  /** `GeoDatabase.lookup`. */
  lookup(ip: string, parsed?: IpBytes): GeoLookup {
    const p = parsed ?? parseIp(ip);
    if (p === undefined) return INVALID;
    if (p.version === 6 && this.#ipVersion === 4) return NO_IPV6;
    if (this.#decode === undefined) return this.#viaReader(ip, p);
    return this.#slot(p).lookup;
  }

  /** The result for a validated address: one object per network, shared. */
  result(ip: string, p: IpBytes): NetworkResult {
    if (p.version === 6 && this.#ipVersion === 4) return (this.#noIpv6 ??= new NetworkResult(NO_IPV6));
    if (this.#decode === undefined) return new NetworkResult(this.#viaReader(ip, p));
    return this.#slot(p);
  }

  #slot(p: IpBytes): NetworkResult {
    const pointer = this.#walker.walk(p.bytes);
    const depth = this.#walker.depth;
    const hit = this.#nets.get(p.bytes, depth);
    if (hit !== undefined) return hit;
    let lookup: GeoLookup;
    if (pointer <= this.#walker.nodeCount) lookup = { status: 'not_found', network: formatNetwork(p, depth) };
    else {
      let f = this.#facts.get(pointer);
      if (f === undefined) {
        f = factsOf(this.#decode!(pointer));
        this.#facts.set(pointer, f);
      }
      lookup = { status: 'found', network: formatNetwork(p, depth), facts: f };
    }
    const slot = new NetworkResult(lookup);
    this.#nets.setLast(slot);
    return slot;
  }

  #viaReader(ip: string, p: IpBytes): GeoLookup {
    const [record, prefix] = this.#reader.getWithPrefixLength(ip);
    const network = formatNetwork(p, prefix);
    return record === null ? { status: 'not_found', network } : { status: 'found', network, facts: factsOf(record) };
  }
}

/** The lookup machinery of the databases opened by `geoDatabaseFromBuffer`. */
export const DB_LOOKUPS = new WeakMap<GeoDatabase, DbLookup>();
