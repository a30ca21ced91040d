/**
 * Evidence per destination address from several databases, side by side, with a consensus that
 * never turns missing data into an answer: no data (or anycast with no country) is `unknown`.
 * @module geo/geolocate
 */
import { BoundedMap } from './bounded-map.js';
import type { GeoDatabase, GeoLookup } from './database.js';
import { classifySpecial, normalizeIp, type SpecialAddress } from './special.js';

/** One database's answer for one address (snake_case: it goes into the report as is). */
export interface GeoAnswer {
  readonly db: string;
  readonly type: string;
  /** `build_epoch` as a UTC date, YYYY-MM-DD. */
  readonly build_date: string;
  readonly sha256: string;
  readonly status: 'found' | 'not_found' | 'no_ipv6_data';
  /** The database's network containing the address (also for not_found: the empty range). */
  readonly network?: string;
  readonly country?: string;
  readonly registered_country?: string;
  readonly represented_country?: string;
  readonly is_anycast?: boolean;
  readonly asn?: number;
  readonly as_org?: string;
}

/** Countries named by location answers, and which databases named each. */
export interface CountryVote {
  readonly country: string;
  readonly dbs: readonly string[];
}

/** Agreement of the location answers (`country`; registered country is reported, not voted). */
export type GeoConsensus =
  | { readonly status: 'agree'; readonly country: string; readonly dbs: readonly string[] }
  | { readonly status: 'disputed'; readonly votes: readonly CountryVote[]; readonly dissent: readonly CountryVote[] }
  | { readonly status: 'unknown'; readonly reason: 'no_data' | 'anycast' | 'special' | 'invalid_address' };

/** Everything known about one address. */
export interface GeoEvidence {
  /** Canonical text (unmapped from ::ffff:a.b.c.d), or the input when it is not an address. */
  readonly ip: string;
  readonly unmapped_from?: string;
  readonly special?: SpecialAddress;
  /** Some database flags the address as anycast: its location is not a jurisdiction. */
  readonly anycast: boolean;
  readonly answers: readonly GeoAnswer[];
  readonly consensus: GeoConsensus;
}

/** Evidence for `ip` from `dbs` (in the caller's order). Total: never throws on input text. */
export function geolocate(ip: string, dbs: readonly GeoDatabase[]): GeoEvidence {
  const n = normalizeIp(ip);
  if (n.status === 'invalid') {
    return { ip, anycast: false, answers: [], consensus: { status: 'unknown', reason: 'invalid_address' } };
  }
  const special = classifySpecial(n.parsed);
  let ev: { -readonly [K in keyof GeoEvidence]: GeoEvidence[K] };
  if (special !== undefined) {
    ev = { ip: n.ip, special, anycast: false, answers: [], consensus: { status: 'unknown', reason: 'special' } };
  } else {
    const answers = new Array<GeoAnswer>(dbs.length);
    let anycast = false;
    for (let i = 0; i < dbs.length; i++) {
      const a = answerOf(dbs[i]!, dbs[i]!.lookup(n.ip, n.parsed));
      if (a.is_anycast === true) anycast = true;
      answers[i] = a;
    }
    ev = { ip: n.ip, anycast, answers, consensus: consensusOf(answers) };
  }
  if (n.unmappedFrom !== undefined) ev.unmapped_from = n.unmappedFrom;
  return ev;
}

type AnswerHead = Pick<GeoAnswer, 'db' | 'type' | 'build_date' | 'sha256'>;
type MutableAnswer = { -readonly [K in keyof GeoAnswer]: GeoAnswer[K] };

/** Per-database constant part of every answer, computed once per database. */
const HEADS = new WeakMap<GeoDatabase, AnswerHead>();

function headOf(db: GeoDatabase): AnswerHead {
  let h = HEADS.get(db);
  if (h === undefined) {
    h = { db: db.id, type: db.databaseType, build_date: isoDate(db.buildEpoch), sha256: db.sha256 };
    HEADS.set(db, h);
  }
  return h;
}

function answerOf(db: GeoDatabase, r: GeoLookup): GeoAnswer {
  const h = headOf(db);
  // Plain assignments (no conditional spreads): this runs once per address and database.
  const a: MutableAnswer = { db: h.db, type: h.type, build_date: h.build_date, sha256: h.sha256, status: 'not_found' };
  switch (r.status) {
    case 'found': {
      const f = r.facts;
      a.status = 'found';
      a.network = r.network;
      if (f.country !== undefined) a.country = f.country;
      if (f.registeredCountry !== undefined) a.registered_country = f.registeredCountry;
      if (f.representedCountry !== undefined) a.represented_country = f.representedCountry;
      if (f.isAnycast !== undefined) a.is_anycast = f.isAnycast;
      if (f.asn !== undefined) a.asn = f.asn;
      if (f.asOrg !== undefined) a.as_org = f.asOrg;
      return a;
    }
    case 'not_found':
      a.network = r.network;
      return a;
    case 'no_ipv6_data':
      a.status = 'no_ipv6_data';
      return a;
    case 'invalid_address':
      // Unreachable: the address was validated by normalizeIp; report it as no data, never as an answer.
      return a;
    default: {
      const never: never = r;
      return never;
    }
  }
}

/** Votes of the answers that name a location country; anycast answers without one abstain. */
export function consensusOf(answers: readonly GeoAnswer[]): GeoConsensus {
  const byCountry = new Map<string, string[]>();
  for (const a of answers) {
    if (a.country === undefined) continue;
    const list = byCountry.get(a.country) ?? [];
    list.push(a.db);
    byCountry.set(a.country, list);
  }
  if (byCountry.size === 0) {
    const anycast = answers.some((a) => a.is_anycast === true);
    return { status: 'unknown', reason: anycast ? 'anycast' : 'no_data' };
  }
  const votes = [...byCountry.entries()]
    .map(([country, dbs]) => ({ country, dbs }))
    .sort((x, y) => y.dbs.length - x.dbs.length || (x.country < y.country ? -1 : 1));
  if (votes.length === 1) return { status: 'agree', country: votes[0]!.country, dbs: votes[0]!.dbs };
  return { status: 'disputed', votes, dissent: votes.slice(1) };
}

function isoDate(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().slice(0, 10);
}

/** Addresses a `Geolocator` remembers by default (about 0.5–1 KiB of evidence each). */
export const DEFAULT_MAX_MEMO = 262_144;

/** Counters of a `Geolocator`'s memo. */
export interface GeolocatorStats {
  readonly lookups: number;
  readonly memoHits: number;
  readonly memoSize: number;
  readonly memoEvicted: number;
}

/** `geolocate` over a fixed set of databases with a bounded per-address memo. */
export class Geolocator {
  readonly #dbs: readonly GeoDatabase[];
  readonly #memo: BoundedMap<string, GeoEvidence>;
  #lookups = 0;
  #hits = 0;

  /** `maxMemo`: addresses remembered (oldest evicted first); default `DEFAULT_MAX_MEMO`. */
  constructor(dbs: readonly GeoDatabase[], opts: { readonly maxMemo?: number } = {}) {
    this.#dbs = [...dbs];
    this.#memo = new BoundedMap(opts.maxMemo ?? DEFAULT_MAX_MEMO);
  }

  get databases(): readonly GeoDatabase[] {
    return this.#dbs;
  }

  /** Evidence for `ip`; the same object for repeated addresses (shared: treat it as read-only). */
  geolocate(ip: string): GeoEvidence {
    this.#lookups++;
    const hit = this.#memo.get(ip);
    if (hit !== undefined) {
      this.#hits++;
      return hit;
    }
    const ev = geolocate(ip, this.#dbs);
    this.#memo.set(ip, ev);
    return ev;
  }

  stats(): GeolocatorStats {
    return { lookups: this.#lookups, memoHits: this.#hits, memoSize: this.#memo.size, memoEvicted: this.#memo.evicted };
  }
}
