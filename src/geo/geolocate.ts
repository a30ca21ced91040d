/**
 * Evidence per destination address from several databases, side by side, with a consensus that
 * never turns missing data into an answer, and the user's CIDR overrides applied on top with
 * their note (the databases' answers and consensus stay in the evidence unchanged).
 * @module geo/geolocate
 */
import { BoundedMap, type IpAddr } from '../core/index.js';
import { answerHead, answerOf, type AnswerHead, type GeoAnswer } from './answers.js';
import { AgreeCache, UNKNOWN_ANYCAST, UNKNOWN_INVALID, UNKNOWN_NO_DATA, UNKNOWN_SPECIAL, UNKNOWN_UNRESOLVED, consensusOf, type GeoConsensus, type GeoDatabaseConsensus } from './consensus.js';
import type { GeoDatabase } from './database.js';
import { DB_LOOKUPS, NetworkResult, type DbLookup } from './lookup.js';
import { parseIp, type IpBytes } from './ip-bytes.js';
import type { GeoOverride, GeoOverrides, OverrideMatch } from './overrides.js';
import { classifySpecial, normalizeIp, widestSpecialPrefix, type SpecialAddress } from './special.js';

export type { GeoAnswer } from './answers.js';
export { consensusOf, type CountryVote, type GeoConsensus, type GeoDatabaseConsensus } from './consensus.js';

/** Everything known about one address. Shared parts (answers, consensus) are read-only. */
export interface GeoEvidence {
  /** Canonical text (unmapped from ::ffff:a.b.c.d), or the input when it is not an address. */
  readonly ip: string;
  readonly unmapped_from?: string;
  /** Its special-purpose registry entry; looked up anyway when `special.nonPublic` is false. */
  readonly special?: SpecialAddress;
  /** The address the databases were asked about when not `ip`: the IPv4 inside a NAT64 address (RFC 6052 §2.2). */
  readonly looked_up_as?: IpAddr;
  /** Some database flags the address as anycast: its location is not a jurisdiction. */
  readonly anycast: boolean;
  readonly answers: readonly GeoAnswer[];
  readonly consensus: GeoConsensus;
  /** The user's override that applies (the most specific matching CIDR). */
  readonly override?: GeoOverride;
  /** The databases' own consensus, present when `consensus` is an override. */
  readonly database_consensus?: GeoDatabaseConsensus;
}

/**
 * Evidence about a host known only by name, with no address in the capture (an HTTP proxy was
 * asked for it and resolved it out of sight): nothing to look up, so the location is unknown.
 */
export function unresolvedNameEvidence(host: string): GeoEvidence {
  return { ip: host, anycast: false, answers: NO_ANSWERS, consensus: UNKNOWN_UNRESOLVED };
}

/** The databases' part of the evidence (shared by every non-public special address). */
interface DbPart {
  readonly answers: readonly GeoAnswer[];
  readonly anycast: boolean;
  readonly consensus: GeoDatabaseConsensus;
}

type MutableEvidence = { -readonly [K in keyof GeoEvidence]: GeoEvidence[K] };

const NO_ANSWERS: readonly GeoAnswer[] = Object.freeze([]);
const SPECIAL_PART: DbPart = Object.freeze({ answers: NO_ANSWERS, anycast: false, consensus: UNKNOWN_SPECIAL });

/**
 * Evidence for `ip` from `dbs` (in the caller's order), with `overrides` applied when given.
 * Total: never throws on input text.
 */
export function geolocate(ip: string, dbs: readonly GeoDatabase[], overrides?: GeoOverrides): GeoEvidence {
  let src = SOURCES.get(dbs);
  if (src === undefined) SOURCES.set(dbs, (src = sourcesOf(dbs)));
  return evidenceOf(ip, src, overrides);
}

/** Sources per database list given to `geolocate` (the list is treated as fixed once given). */
const SOURCES = new WeakMap<readonly GeoDatabase[], Sources>();

/** Databases with their lookup machinery (`handles[i]` when geo/database opened `dbs[i]`). */
interface Sources {
  readonly dbs: readonly GeoDatabase[];
  readonly handles: readonly (DbLookup | undefined)[];
  readonly heads: readonly AnswerHead[];
  readonly agree: AgreeCache;
}

function sourcesOf(dbs: readonly GeoDatabase[]): Sources {
  const list = [...dbs];
  return { dbs: list, handles: list.map((d) => DB_LOOKUPS.get(d)), heads: list.map(answerHead), agree: new AgreeCache() };
}

function evidenceOf(ip: string, src: Sources, overrides: GeoOverrides | undefined): GeoEvidence {
  const n = normalizeIp(ip);
  if (n.status === 'invalid') return { ip, anycast: false, answers: NO_ANSWERS, consensus: UNKNOWN_INVALID };
  const special = classifySpecial(n.parsed);
  let target = n.parsed;
  let lookedUpAs: IpAddr | undefined;
  if (special !== undefined && !special.nonPublic && special.deliveredToIpv4 !== undefined) {
    // NAT64 (the IPv4 address inside), 6to4 (the site's router) or Teredo (the client's NAT):
    // the destination is the IPv4 address the traffic is delivered to.
    lookedUpAs = special.deliveredToIpv4;
    target = parseIp(lookedUpAs)!;
  }
  const part = special?.nonPublic === true ? SPECIAL_PART : dbPart(src, lookedUpAs ?? n.ip, target);
  const ev: MutableEvidence = { ip: n.ip, anycast: part.anycast, answers: part.answers, consensus: part.consensus };
  if (n.unmappedFrom !== undefined) ev.unmapped_from = n.unmappedFrom;
  if (special !== undefined) ev.special = special;
  if (lookedUpAs !== undefined) ev.looked_up_as = lookedUpAs;
  const m = overrides === undefined || overrides.size === 0 ? undefined : applicableOverride(overrides, n.parsed, special, lookedUpAs === undefined ? undefined : target);
  if (m !== undefined) {
    ev.override = m.override;
    ev.database_consensus = part.consensus;
    ev.consensus = m.consensus;
  }
  return ev;
}

/**
 * The most specific override containing the address. A non-public special-purpose address is
 * reached only by an override inside special-purpose space (prefix at least that of the widest
 * registry block containing it): `10.20.0.0/16` covers 10.20.1.1, `0.0.0.0/0` does not. A NAT64
 * address with no override of its own takes the override of the IPv4 address inside.
 */
function applicableOverride(o: GeoOverrides, ip: IpBytes, special: SpecialAddress | undefined, inner: IpBytes | undefined): OverrideMatch | undefined {
  let m = o.match(ip);
  if (m !== undefined && special?.nonPublic === true && m.prefix < (widestSpecialPrefix(ip) ?? 0)) m = undefined;
  if (m === undefined && inner !== undefined) m = o.match(inner);
  return m;
}

/**
 * Every database's answer for `target` (validated), their anycast flag and consensus. Reads only
 * `NetworkResult` fields in the loop (one hidden class), never the answers themselves.
 */
function dbPart(src: Sources, text: string, target: IpBytes): DbPart {
  const { dbs, handles, heads } = src;
  const answers = new Array<GeoAnswer>(dbs.length);
  let anycast = false;
  let country: string | undefined;
  let disputed = false;
  let mask = 0;
  for (let i = 0; i < dbs.length; i++) {
    const h = handles[i];
    let r: NetworkResult;
    if (h !== undefined) r = h.result(text, target);
    else {
      const lookup = dbs[i]!.lookup(text, target);
      r = new NetworkResult(lookup, answerOf(dbs[i]!, lookup));
    }
    answers[i] = r.answer(heads[i]!);
    if (r.anycast) anycast = true;
    if (r.country === undefined) continue;
    if (i < 31) mask |= 1 << i;
    if (country === undefined) country = r.country;
    else if (r.country !== country) disputed = true;
  }
  let consensus: GeoDatabaseConsensus;
  if (country === undefined) consensus = anycast ? UNKNOWN_ANYCAST : UNKNOWN_NO_DATA;
  else if (disputed || dbs.length > 31) consensus = consensusOf(answers);
  else consensus = src.agree.get(mask, country, answers);
  return { answers, anycast, consensus };
}

/**
 * Addresses a `Geolocator` remembers by default. Each costs about 0.5 KB of evidence, and as much
 * again in what the policy engine caches per evidence object while it lives. At 262,144 the memo
 * of a capture to a million distinct addresses held an estimated 700 MB once full: `analyze` of
 * bench/data/dests-1m.pcap ran out of a 1 GiB heap (V8 abort) and peaked at 2.82 GB with the
 * default heap; at 65,536 it completes in a 1 GiB heap and peaks at 2.27 GB, with reports
 * byte-identical (an address looked up again gives the same evidence).
 */
export const DEFAULT_MAX_MEMO = 65_536;

/** Counters of a `Geolocator`'s memo. */
export interface GeolocatorStats {
  readonly lookups: number;
  readonly memoHits: number;
  readonly memoSize: number;
  readonly memoEvicted: number;
}

/** Options of a `Geolocator`. */
export interface GeolocatorOptions {
  /** Addresses remembered (oldest evicted first); default `DEFAULT_MAX_MEMO`. */
  readonly maxMemo?: number;
  /** CIDR overrides (`parseOverrides`); none by default. */
  readonly overrides?: GeoOverrides;
}

/** `geolocate` over a fixed set of databases and overrides, with a bounded per-address memo. */
export class Geolocator {
  readonly #src: Sources;
  readonly #overrides: GeoOverrides | undefined;
  readonly #memo: BoundedMap<string, GeoEvidence>;
  #lookups = 0;
  #hits = 0;

  constructor(dbs: readonly GeoDatabase[], opts: GeolocatorOptions = {}) {
    this.#src = sourcesOf(dbs);
    this.#overrides = opts.overrides;
    this.#memo = new BoundedMap(opts.maxMemo ?? DEFAULT_MAX_MEMO);
  }

  get databases(): readonly GeoDatabase[] {
    return this.#src.dbs;
  }

  get overrides(): GeoOverrides | undefined {
    return this.#overrides;
  }

  /** Evidence for `ip`; the same object for repeated addresses (shared: treat it as read-only). */
  geolocate(ip: string): GeoEvidence {
    this.#lookups++;
    const hit = this.#memo.get(ip);
    if (hit !== undefined) {
      this.#hits++;
      return hit;
    }
    const ev = evidenceOf(ip, this.#src, this.#overrides);
    this.#memo.set(ip, ev);
    return ev;
  }

  stats(): GeolocatorStats {
    return { lookups: this.#lookups, memoHits: this.#hits, memoSize: this.#memo.size, memoEvicted: this.#memo.evicted };
  }
}
