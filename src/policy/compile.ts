/**
 * `Policy` → lookup structures for evaluation: country sets (groups expanded), networks, domain
 * sets, compiled AS-organisation patterns, ranges. Built once per evaluation.
 * @module policy/compile
 */
import { compileOrgPattern, type OrgMatcher } from './as-org.js';
import { DomainSet } from './domain.js';
import type { Policy, PolicyRule } from './model.js';
import { NetworkSet } from './network.js';
import type { NumberRange } from './ranges.js';
import type { ReasonCode } from './reasons.js';

/** Geo facts a rule can test. */
export type GeoFact = 'location' | 'registered' | 'asn' | 'asOrg';

/** One rule, ready to test. Absent criteria are not tested. */
export interface CompiledRule {
  readonly id: string;
  readonly action: 'deny' | 'allow';
  /** The reason code a match of this (deny) rule produces. */
  readonly code: ReasonCode;
  readonly location?: ReadonlySet<string>;
  readonly registered?: ReadonlySet<string>;
  readonly asns?: readonly NumberRange[];
  readonly asOrg?: readonly OrgMatcher[];
  readonly cidrs?: NetworkSet;
  readonly domains?: DomainSet;
  readonly ports?: readonly NumberRange[];
  readonly protocols?: ReadonlySet<number>;
}

/** The whole policy, ready to test. */
export interface CompiledPolicy {
  readonly policy: Policy;
  readonly deny: readonly CompiledRule[];
  readonly allow: readonly CompiledRule[];
  /** Geo facts some rule tests (only these are enumerated). */
  readonly facts: ReadonlySet<GeoFact>;
  /** Every country some allow rule names (for telling `not_allowed_country` from `not_allowed`). */
  readonly allowedCountries: ReadonlySet<string> | null;
  /** Declared endpoints, when they apply in this policy's mode. */
  readonly declared: { readonly domains: DomainSet; readonly cidrs: NetworkSet } | null;
}

/** Compile a validated policy. */
export function compilePolicy(policy: Policy): CompiledPolicy {
  const members = new Map(policy.groups.map((g) => [g.id, g.members]));
  const rules = policy.rules.map((r) => compileRule(r, members));
  const facts = new Set<GeoFact>();
  for (const r of rules) {
    if (r.location !== undefined) facts.add('location');
    if (r.registered !== undefined) facts.add('registered');
    if (r.asns !== undefined) facts.add('asn');
    if (r.asOrg !== undefined) facts.add('asOrg');
  }
  const allow = rules.filter((r) => r.action === 'allow');
  const allowLoc = allow.filter((r) => r.location !== undefined).flatMap((r) => [...r.location!]);
  const de = policy.declaredEndpoints;
  const declaredApplies = de !== null && (policy.mode === 'allowlist' || de.enforceInDenylist);
  return {
    policy,
    deny: rules.filter((r) => r.action === 'deny'),
    allow,
    facts,
    allowedCountries: allow.some((r) => r.location !== undefined) ? new Set(allowLoc) : null,
    declared: declaredApplies ? { domains: new DomainSet(de.domains), cidrs: new NetworkSet(de.cidrs) } : null,
  };
}

function compileRule(r: PolicyRule, groups: ReadonlyMap<string, readonly string[]>): CompiledRule {
  const out: { -readonly [K in keyof CompiledRule]: CompiledRule[K] } = { id: r.id, action: r.action, code: denyCode(r) };
  if (r.countries !== undefined || r.groups !== undefined) {
    out.location = new Set([...(r.countries ?? []), ...(r.groups ?? []).flatMap((g) => groups.get(g) ?? [])]);
  }
  if (r.registeredCountries !== undefined) out.registered = new Set(r.registeredCountries);
  if (r.asns !== undefined) out.asns = r.asns;
  if (r.asOrg !== undefined) {
    out.asOrg = r.asOrg.flatMap((p) => {
      const c = compileOrgPattern(p);
      return c.ok ? [c.matcher] : [];
    });
  }
  if (r.cidrs !== undefined) out.cidrs = new NetworkSet(r.cidrs);
  if (r.domains !== undefined) out.domains = new DomainSet(r.domains);
  if (r.ports !== undefined) out.ports = r.ports;
  if (r.protocols !== undefined) out.protocols = new Set(r.protocols);
  return out;
}

/** The code of a deny rule, by its most jurisdictional criterion. */
function denyCode(r: PolicyRule): ReasonCode {
  if (r.countries !== undefined || r.groups !== undefined) return 'flow.denied_country';
  if (r.registeredCountries !== undefined) return 'flow.denied_registered_country';
  if (r.asns !== undefined || r.asOrg !== undefined) return 'flow.denied_network';
  if (r.cidrs !== undefined) return 'flow.denied_address';
  if (r.domains !== undefined) return 'flow.denied_domain';
  return 'flow.denied_service';
}
