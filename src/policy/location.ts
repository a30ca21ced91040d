/**
 * Candidate values of the geo facts a rule can test (location country, registration country, AS
 * number, AS organisation), read from the geo stage's evidence. A candidate `undefined` means
 * "no data"; `null` means "known to have none" (a local address judged with include_local).
 * No data is never turned into a value.
 * @module policy/location
 */
import type { GeoEvidence } from '../geo/index.js';
import { isIso3166Alpha2 } from './iso3166.js';
import { cmp } from './reasons.js';

/** A fact's candidates: one entry when decided, several when the databases disagree. */
export type Candidates<T> = readonly (T | null | undefined)[];

/** How the location was established. */
export type LocationStatus = 'agree' | 'disputed' | 'unknown' | 'override' | 'local' | 'unrecognised';

/** What the evidence says about a destination, for reports. */
export interface LocationSummary {
  readonly status: LocationStatus;
  /** Candidate location countries, most votes first. */
  readonly countries: readonly string[];
  readonly registeredCountries: readonly string[];
  readonly asns: readonly number[];
  readonly asOrgs: readonly string[];
  /** e.g. `DE (gwa) vs NL (dbip)`, `RU (override 203.0.113.0/24: …)`, `unknown (no_data)`. */
  readonly detail: string;
}

/** Candidates for every fact, plus notes for the reasons. */
export interface GeoCandidates {
  readonly location: Candidates<string>;
  readonly registered: Candidates<string>;
  readonly asn: Candidates<number>;
  readonly asOrg: Candidates<string>;
  readonly summary: LocationSummary;
  /** Set when a majority vote narrowed a fact (uncertainty.disputed: majority). */
  readonly majority: readonly string[];
  readonly override?: string;
}

/** The consensus as plain data, so statuses added by later geo versions reach the default branch. */
interface LooseConsensus {
  readonly status: string;
  readonly country?: string;
  readonly votes?: readonly { readonly country: string; readonly dbs: readonly string[] }[];
  readonly dbs?: readonly string[];
  readonly reason?: string;
  readonly cidr?: string;
  readonly note?: string;
  readonly source?: string;
}

interface Votes<T> {
  readonly values: Candidates<T>;
  readonly detail: string;
  readonly majority: boolean;
}

/** True when a user's CIDR override decided the evidence (it then counts even for a local address). */
export function hasOverride(ev: GeoEvidence): boolean {
  return (ev.consensus as unknown as LooseConsensus).status === 'override';
}

const iso = (c: string | undefined): string | undefined => (c !== undefined && isIso3166Alpha2(c) ? c : undefined);

/** Candidates of `ev`. `local`: the destination is a local address being judged (include_local). */
export function geoCandidates(ev: GeoEvidence, local: boolean, majority: boolean): GeoCandidates {
  if (local) {
    const summary: LocationSummary = { status: 'local', countries: [], registeredCountries: [], asns: [], asOrgs: [], detail: `local (${ev.special?.name ?? 'special-purpose'})` };
    return { location: [null], registered: [null], asn: [null], asOrg: [null], summary, majority: [] };
  }
  const found = ev.answers.filter((a) => a.status === 'found');
  const loc = locationOf(ev.consensus as unknown as LooseConsensus, ev, majority, 0);
  const reg = factVotes(found.map((a) => (a.registered_country === undefined ? undefined : { v: a.registered_country, db: a.db })), majority, iso);
  // An override may also name the operator (AS number, organisation): those then decide too.
  const ov = loc.override === undefined ? undefined : (ev as unknown as { readonly override?: { readonly asn?: number; readonly as_org?: string } }).override;
  const asn = ov?.asn !== undefined ? decided(ov.asn) : factVotes(found.map((a) => (a.asn === undefined ? undefined : { v: a.asn, db: a.db })), majority, (x) => x);
  const org = ov?.as_org !== undefined ? decided(ov.as_org) : factVotes(found.map((a) => (a.as_org === undefined ? undefined : { v: a.as_org, db: a.db })), majority, (x) => x);
  const defined = <T>(xs: Candidates<T>): T[] => xs.filter((x): x is T => x !== undefined && x !== null);
  const summary: LocationSummary = {
    status: loc.status,
    countries: defined(loc.votes.values),
    registeredCountries: defined(reg.values),
    asns: defined(asn.values),
    asOrgs: defined(org.values),
    detail: loc.votes.detail,
  };
  const notes = [
    ...(loc.votes.majority ? [`location ${loc.votes.detail}`] : []),
    ...(reg.majority ? [`registration ${reg.detail}`] : []),
    ...(asn.majority ? [`AS ${asn.detail}`] : []),
    ...(org.majority ? [`AS organisation ${org.detail}`] : []),
  ];
  const out = { location: loc.votes.values, registered: reg.values, asn: asn.values, asOrg: org.values, summary, majority: notes };
  return loc.override === undefined ? out : { ...out, override: loc.override };
}

interface Located {
  readonly status: LocationStatus;
  readonly votes: Votes<string>;
  readonly override?: string;
}

function locationOf(c: LooseConsensus, ev: GeoEvidence, majority: boolean, depth: number): Located {
  switch (c.status) {
    case 'agree':
      return { status: 'agree', votes: { values: [iso(c.country)], detail: `${c.country ?? '?'} (${(c.dbs ?? []).join(', ')})`, majority: false } };
    case 'disputed': {
      const votes = (c.votes ?? []).map((v) => ({ v: v.country, dbs: v.dbs }));
      return { status: 'disputed', votes: tally(votes, majority, iso) };
    }
    case 'unknown':
      return { status: 'unknown', votes: { values: [undefined], detail: `unknown (${c.reason ?? 'no data'})`, majority: false } };
    case 'override': {
      const what = `override ${c.cidr ?? '?'} from ${c.source ?? '?'}${c.note === undefined ? '' : `: ${c.note}`}`;
      if (c.country !== undefined) {
        return { status: 'override', votes: { values: [iso(c.country)], detail: `${c.country} (${what})`, majority: false }, override: `location ${c.country} set by ${what}` };
      }
      const db = (ev as unknown as { readonly database_consensus?: LooseConsensus }).database_consensus;
      if (depth === 0 && db !== undefined && db.status !== 'override') {
        const inner = locationOf(db, ev, majority, 1);
        return { ...inner, override: `${what} gives no country; the databases decide` };
      }
      return { status: 'unknown', votes: { values: [undefined], detail: `unknown (${what} gives no country)`, majority: false }, override: `${what} gives no country` };
    }
    default:
      return { status: 'unrecognised', votes: { values: [undefined], detail: `unrecognised consensus ${JSON.stringify(c.status)}`, majority: false } };
  }
}

function decided<T>(v: T): Votes<T> {
  return { values: [v], detail: `${String(v)} (override)`, majority: false };
}

function factVotes<T extends string | number>(
  answers: readonly ({ readonly v: T; readonly db: string } | undefined)[],
  majority: boolean,
  accept: (v: T) => T | undefined,
): Votes<T> {
  const by = new Map<T, string[]>();
  for (const a of answers) {
    if (a === undefined) continue;
    const list = by.get(a.v) ?? [];
    list.push(a.db);
    by.set(a.v, list);
  }
  if (by.size === 0) return { values: [undefined], detail: 'unknown', majority: false };
  const votes = [...by.entries()]
    .map(([v, dbs]) => ({ v, dbs }))
    .sort((x, y) => y.dbs.length - x.dbs.length || cmp(String(x.v), String(y.v)));
  return tally(votes, majority, accept);
}

/** Votes → candidates; with `majority`, a value with more than half of the votes wins alone. */
function tally<T>(votes: readonly { readonly v: T; readonly dbs: readonly string[] }[], majority: boolean, accept: (v: T) => T | undefined): Votes<T> {
  if (votes.length === 0) return { values: [undefined], detail: 'unknown (no votes)', majority: false };
  const detail = votes.map((x) => `${String(x.v)} (${x.dbs.join(', ')})`).join(' vs ');
  const total = votes.reduce((n, x) => n + x.dbs.length, 0);
  const top = votes[0]!;
  if (majority && votes.length > 1 && top.dbs.length * 2 > total) {
    return { values: [accept(top.v)], detail: `${detail}; majority ${String(top.v)}`, majority: true };
  }
  const values = [...new Set(votes.map((x) => accept(x.v)))];
  return { values, detail, majority: false };
}
