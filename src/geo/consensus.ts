/**
 * Agreement of the databases' location answers. Missing data never becomes an answer: no data
 * (or anycast with no country) is `unknown`.
 * @module geo/consensus
 */
import type { GeoAnswer } from './answers.js';
import type { GeoOverrideConsensus } from './overrides.js';

/** Countries named by location answers, and which databases named each. */
export interface CountryVote {
  readonly country: string;
  readonly dbs: readonly string[];
}

/** Agreement of the databases' location answers (`country`; registered country is reported, not voted). */
export type GeoDatabaseConsensus =
  | { readonly status: 'agree'; readonly country: string; readonly dbs: readonly string[] }
  | { readonly status: 'disputed'; readonly votes: readonly CountryVote[]; readonly dissent: readonly CountryVote[] }
  | { readonly status: 'unknown'; readonly reason: 'no_data' | 'anycast' | 'special' | 'invalid_address' | 'unresolved_name' };

/**
 * The consensus of an address: the databases' own, or `override` when a user override applies
 * (the databases' consensus then moves to `GeoEvidence.database_consensus`).
 */
export type GeoConsensus = GeoDatabaseConsensus | GeoOverrideConsensus;

/** Votes of the answers that name a location country; anycast answers without one abstain. */
export function consensusOf(answers: readonly GeoAnswer[]): GeoDatabaseConsensus {
  const first = agreedCountry(answers);
  if (first === undefined) return answers.some((a) => a.is_anycast === true) ? UNKNOWN_ANYCAST : UNKNOWN_NO_DATA;
  if (first !== DISPUTED) return { status: 'agree', country: first, dbs: votersOf(answers) };
  const byCountry = new Map<string, string[]>();
  for (const a of answers) {
    if (a.country === undefined) continue;
    const list = byCountry.get(a.country);
    if (list === undefined) byCountry.set(a.country, [a.db]);
    else list.push(a.db);
  }
  const votes = [...byCountry.entries()]
    .map(([country, dbs]) => ({ country, dbs }))
    .sort((x, y) => y.dbs.length - x.dbs.length || (x.country < y.country ? -1 : 1));
  return { status: 'disputed', votes, dissent: votes.slice(1) };
}

const DISPUTED = '\u0000disputed';

/** The one country all location answers name, `DISPUTED` when they differ, `undefined` when none does. */
function agreedCountry(answers: readonly GeoAnswer[]): string | undefined {
  let first: string | undefined;
  for (const a of answers) {
    if (a.country === undefined) continue;
    if (first === undefined) first = a.country;
    else if (a.country !== first) return DISPUTED;
  }
  return first;
}

function votersOf(answers: readonly GeoAnswer[]): string[] {
  const dbs: string[] = [];
  for (const a of answers) if (a.country !== undefined) dbs.push(a.db);
  return dbs;
}

/**
 * The `agree` consensus objects of a fixed list of databases, shared: one per country and set of
 * agreeing databases (`mask` bit i = answer i names the country) instead of one per address.
 */
export class AgreeCache {
  readonly #byMask = new Map<number, Map<string, GeoDatabaseConsensus>>();

  get(mask: number, country: string, answers: readonly GeoAnswer[]): GeoDatabaseConsensus {
    let byCountry = this.#byMask.get(mask);
    if (byCountry === undefined) this.#byMask.set(mask, (byCountry = new Map()));
    let c = byCountry.get(country);
    if (c === undefined) byCountry.set(country, (c = Object.freeze({ status: 'agree', country, dbs: Object.freeze(votersOf(answers)) })));
    return c;
  }
}

/** Shared constant: no location answer, some database flags anycast. */
export const UNKNOWN_ANYCAST: GeoDatabaseConsensus = Object.freeze({ status: 'unknown', reason: 'anycast' });
/** Shared constant: no database has a location for the address. */
export const UNKNOWN_NO_DATA: GeoDatabaseConsensus = Object.freeze({ status: 'unknown', reason: 'no_data' });
/** Shared constant consensus of non-public special-purpose addresses. */
export const UNKNOWN_SPECIAL: GeoDatabaseConsensus = Object.freeze({ status: 'unknown', reason: 'special' });
/** Shared constant consensus of a host name no address is known for (a proxy resolved it, unseen). */
export const UNKNOWN_UNRESOLVED: GeoDatabaseConsensus = Object.freeze({ status: 'unknown', reason: 'unresolved_name' });
/** Shared constant consensus of text that is not an address. */
export const UNKNOWN_INVALID: GeoDatabaseConsensus = Object.freeze({ status: 'unknown', reason: 'invalid_address' });
