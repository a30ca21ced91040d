/**
 * One database's answer for one address, in the report's shape. Answers are shared: every
 * address in one database network gets the same object (geo/lookup keeps one per network for the
 * databases it opened; for other `GeoDatabase` objects they are kept per lookup result here).
 * @module geo/answers
 */
import type { GeoDatabase, GeoLookup } from './database.js';

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

type MutableAnswer = { -readonly [K in keyof GeoAnswer]: GeoAnswer[K] };

/** The per-database constant part of every answer. */
export type AnswerHead = Pick<GeoAnswer, 'db' | 'type' | 'build_date' | 'sha256'>;

/** The head of `db`'s answers. */
export function answerHead(db: Pick<GeoDatabase, 'id' | 'databaseType' | 'buildEpoch' | 'sha256'>): AnswerHead {
  return { db: db.id, type: db.databaseType, build_date: isoDate(db.buildEpoch), sha256: db.sha256 };
}

interface PerDb {
  readonly head: AnswerHead;
  /** Answers by lookup object (lookups are per network and shared, so this is per network). */
  readonly byLookup: WeakMap<GeoLookup, GeoAnswer>;
  noIpv6?: GeoAnswer;
}

const PER_DB = new WeakMap<GeoDatabase, PerDb>();

function perDb(db: GeoDatabase): PerDb {
  let p = PER_DB.get(db);
  if (p === undefined) {
    p = { head: answerHead(db), byLookup: new WeakMap() };
    PER_DB.set(db, p);
  }
  return p;
}

/** The answer of `db` for a lookup result; the same object for the same lookup result. */
export function answerOf(db: GeoDatabase, r: GeoLookup): GeoAnswer {
  const p = perDb(db);
  // These two lookup results are constants shared by all databases: not keys of `byLookup`.
  if (r.status === 'no_ipv6_data') return (p.noIpv6 ??= buildAnswer(p.head, r));
  if (r.status === 'invalid_address') return buildAnswer(p.head, r);
  let a = p.byLookup.get(r);
  if (a === undefined) {
    a = buildAnswer(p.head, r);
    p.byLookup.set(r, a);
  }
  return a;
}

/** A new answer object from a head and a lookup result. */
export function buildAnswer(h: AnswerHead, r: GeoLookup): GeoAnswer {
  // Plain assignments (no conditional spreads): fixed property order, one hidden class.
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

function isoDate(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().slice(0, 10);
}
