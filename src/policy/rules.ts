/**
 * Testing rules against one endpoint in one "world" (one candidate value per geo fact), in
 * three-valued logic: 0 no, 1 yes, 2 unknown (Kleene: AND is 0 if any is 0, OR is 1 if any is 1).
 * @module policy/rules
 */
import type { IpBytes } from '../geo/index.js';
import { orgMatches } from './as-org.js';
import type { CompiledPolicy, CompiledRule, GeoFact } from './compile.js';
import { inRanges } from './ranges.js';
import type { ReasonCode } from './reasons.js';

/** no, yes, unknown. */
export type Tri = 0 | 1 | 2;

/** What is known about an endpoint independently of the geo candidates. */
export interface EndpointFacts {
  readonly ipText: string;
  readonly ip: IpBytes | undefined;
  readonly port: number;
  readonly ipProto: number;
  readonly proto: string;
  /** The endpoint is the far end of an outer tunnel of this kind. */
  readonly tunnel?: string;
  /** The endpoint was reached through the HTTP proxy at this `address:port`. */
  readonly viaProxy?: string;
  /** Normalised attributed name, or `null`. */
  readonly name: string | null;
  /** A missing name is "unknown" (uncertainty.no_name: inconclusive) rather than "matches nothing". */
  readonly nameUnknown: boolean;
}

/** One candidate value per geo fact. */
export interface World {
  readonly location: string | null | undefined;
  readonly registered: string | null | undefined;
  readonly asn: number | null | undefined;
  readonly asOrg: string | null | undefined;
}

/** Why a test was unknown. */
export type UnknownCause = GeoFact | 'name';

/** A violation found in one world. */
export interface Hit {
  readonly code: ReasonCode;
  readonly rule?: string;
}

/** The outcome of one world. */
export type WorldOutcome =
  | { readonly kind: 'violation'; readonly hits: readonly Hit[] }
  | { readonly kind: 'clear'; readonly allowedBy?: string }
  | { readonly kind: 'unknown'; readonly causes: ReadonlySet<UnknownCause> };

/** Protocols whose flows have ports (TCP, UDP, DCCP, SCTP, UDP-Lite). */
const PORTED = new Set([6, 17, 33, 132, 136]);

function inSet<T>(set: ReadonlySet<T>, v: T | null | undefined): Tri {
  return v === undefined ? 2 : v === null ? 0 : set.has(v) ? 1 : 0;
}

/** Test one rule; unknown criteria are added to `causes` only when they leave the rule unknown. */
export function testRule(r: CompiledRule, f: EndpointFacts, w: World, causes: Set<UnknownCause>): Tri {
  let unknown: UnknownCause[] | undefined;
  const step = (t: Tri, cause: UnknownCause): boolean => {
    if (t === 2) (unknown ??= []).push(cause);
    return t === 0;
  };
  if (r.protocols !== undefined && !r.protocols.has(f.ipProto)) return 0;
  if (r.ports !== undefined && !(PORTED.has(f.ipProto) && inRanges(r.ports, f.port))) return 0;
  if (r.cidrs !== undefined && !r.cidrs.contains(f.ip)) return 0;
  if (r.domains !== undefined && step(f.name === null ? (f.nameUnknown ? 2 : 0) : r.domains.matches(f.name) ? 1 : 0, 'name')) return 0;
  if (r.location !== undefined && step(inSet(r.location, w.location), 'location')) return 0;
  if (r.registered !== undefined && step(inSet(r.registered, w.registered), 'registered')) return 0;
  if (r.asns !== undefined && step(w.asn === undefined ? 2 : w.asn === null ? 0 : inRanges(r.asns, w.asn) ? 1 : 0, 'asn')) return 0;
  if (r.asOrg !== undefined && step(orgTri(r.asOrg, w.asOrg), 'asOrg')) return 0;
  if (unknown === undefined) return 1;
  for (const c of unknown) causes.add(c);
  return 2;
}

function orgTri(ms: NonNullable<CompiledRule['asOrg']>, org: string | null | undefined): Tri {
  if (org === undefined) return 2;
  if (org === null) return 0;
  return ms.some((m) => orgMatches(m, org)) ? 1 : 0;
}

/**
 * The outcome of one world: violations (deny rules that match; in allowlist mode no matching
 * allow rule; an undeclared endpoint), else unknown if something that could make one is unknown,
 * else clear. `declared`: the endpoint check's result, `undefined` when it does not apply.
 */
export function worldOutcome(c: CompiledPolicy, f: EndpointFacts, w: World, declared: { t: Tri; cause?: UnknownCause } | undefined): WorldOutcome {
  const hits: Hit[] = [];
  const causes = new Set<UnknownCause>();
  for (const r of c.deny) {
    if (testRule(r, f, w, causes) === 1) hits.push({ code: r.code, rule: r.id });
  }
  let allowedBy: string | undefined;
  if (c.policy.mode === 'allowlist') {
    let a: Tri = 0;
    const allowCauses = new Set<UnknownCause>();
    for (const r of c.allow) {
      const t = testRule(r, f, w, allowCauses);
      if (t === 1) {
        a = 1;
        allowedBy = r.id;
        break;
      }
      if (t === 2) a = 2;
    }
    if (a === 0) hits.push({ code: notAllowedCode(c, w) });
    if (a === 2) for (const x of allowCauses) causes.add(x);
  }
  if (declared !== undefined && declared.t === 0) hits.push({ code: 'flow.undeclared_endpoint' });
  if (declared !== undefined && declared.t === 2 && declared.cause !== undefined) causes.add(declared.cause);
  if (hits.length > 0) return { kind: 'violation', hits };
  if (causes.size > 0) return { kind: 'unknown', causes };
  return allowedBy === undefined ? { kind: 'clear' } : { kind: 'clear', allowedBy };
}

function notAllowedCode(c: CompiledPolicy, w: World): ReasonCode {
  const allowed = c.allowedCountries;
  if (allowed === null || w.location === undefined) return 'flow.not_allowed';
  return w.location === null || !allowed.has(w.location) ? 'flow.not_allowed_country' : 'flow.not_allowed';
}

/** Declared-endpoint check: by name (domains) or address (CIDRs); `undefined` when it does not apply. */
export function declaredCheck(c: CompiledPolicy, f: EndpointFacts): { t: Tri; cause?: UnknownCause } | undefined {
  const d = c.declared;
  if (d === null) return undefined;
  if (d.cidrs.contains(f.ip)) return { t: 1 };
  if (f.name !== null) return { t: d.domains.matches(f.name) ? 1 : 0 };
  return f.nameUnknown ? { t: 2, cause: 'name' } : { t: 0 };
}

/** Geo facts whose candidates matter for this policy. */
export function factsUsed(c: CompiledPolicy): readonly GeoFact[] {
  return (['location', 'registered', 'asn', 'asOrg'] as const).filter((x) => c.facts.has(x));
}
