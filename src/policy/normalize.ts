/**
 * A schema- and semantically-valid document → `Policy`: defaults filled in, ranges parsed,
 * protocol names turned into numbers, group members copied in.
 * @module policy/normalize
 */
import { POLICY_DEFAULTS, type Policy, type PolicyRule } from './model.js';
import { MAX_ASN, MAX_PORT, parseRange, type NumberRange } from './ranges.js';
import { PROTOCOL_NUMBERS } from './schema.js';
import type { CountryGroup } from './types.js';

/** The policy file as the schema describes it (snake_case keys). */
interface RawRule {
  readonly id: string;
  readonly action: 'deny' | 'allow';
  readonly description?: string;
  readonly countries?: readonly string[];
  readonly groups?: readonly string[];
  readonly registered_countries?: readonly string[];
  readonly asns?: readonly (number | string)[];
  readonly as_org?: readonly string[];
  readonly cidrs?: readonly string[];
  readonly domains?: readonly string[];
  readonly ports?: readonly (number | string)[];
  readonly protocols?: readonly (number | string)[];
}

interface RawPolicy {
  readonly version: 1;
  readonly id: string;
  readonly description?: string;
  readonly mode: 'denylist' | 'allowlist';
  readonly monitored?: { readonly hosts?: readonly string[]; readonly include_local?: boolean };
  readonly rules: readonly RawRule[];
  readonly declared_endpoints?: { readonly domains?: readonly string[]; readonly cidrs?: readonly string[]; readonly enforce_in_denylist?: boolean };
  readonly thresholds?: { readonly payload_bytes?: number };
  readonly uncertainty?: {
    readonly disputed?: Policy['uncertainty']['disputed'];
    readonly unknown?: Policy['uncertainty']['unknown'];
    readonly no_name?: Policy['uncertainty']['noName'];
    readonly ambiguous_name?: Policy['uncertainty']['ambiguousName'];
    readonly dns_to_disallowed_resolver?: Policy['uncertainty']['dnsToDisallowedResolver'];
  };
  readonly completeness?: { readonly min_decoded_ratio?: number; readonly interface_drops?: Policy['completeness']['interfaceDrops'] };
}

/** Normalise a validated document. */
export function normalizePolicy(doc: unknown, source: Policy['source'], groups: readonly CountryGroup[]): Policy {
  const raw = doc as RawPolicy;
  const d = POLICY_DEFAULTS;
  const u = raw.uncertainty ?? {};
  const c = raw.completeness ?? {};
  const de = raw.declared_endpoints;
  const used = new Set(raw.rules.flatMap((r) => r.groups ?? []));
  return {
    version: 1,
    id: raw.id,
    description: raw.description ?? '',
    source,
    mode: raw.mode,
    monitored: { hosts: [...(raw.monitored?.hosts ?? [])], includeLocal: raw.monitored?.include_local ?? d.includeLocal },
    rules: raw.rules.map(normalizeRule),
    declaredEndpoints:
      de === undefined
        ? null
        : { domains: [...(de.domains ?? [])], cidrs: [...(de.cidrs ?? [])], enforceInDenylist: de.enforce_in_denylist ?? d.enforceInDenylist },
    thresholds: { payloadBytes: raw.thresholds?.payload_bytes ?? d.payloadBytes },
    uncertainty: {
      disputed: u.disputed ?? d.uncertainty.disputed,
      unknown: u.unknown ?? d.uncertainty.unknown,
      noName: u.no_name ?? d.uncertainty.noName,
      ambiguousName: u.ambiguous_name ?? d.uncertainty.ambiguousName,
      dnsToDisallowedResolver: u.dns_to_disallowed_resolver ?? d.uncertainty.dnsToDisallowedResolver,
    },
    completeness: {
      minDecodedRatio: c.min_decoded_ratio ?? d.completeness.minDecodedRatio,
      interfaceDrops: c.interface_drops ?? d.completeness.interfaceDrops,
    },
    groups: groups
      .filter((g) => used.has(g.id))
      .map((g) => ({ id: g.id, members: [...g.members].sort() }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
}

function normalizeRule(r: RawRule): PolicyRule {
  const out: { -readonly [K in keyof PolicyRule]: PolicyRule[K] } = { id: r.id, action: r.action };
  if (r.description !== undefined) out.description = r.description;
  if (r.countries !== undefined) out.countries = [...r.countries];
  if (r.groups !== undefined) out.groups = [...r.groups];
  if (r.registered_countries !== undefined) out.registeredCountries = [...r.registered_countries];
  if (r.asns !== undefined) out.asns = r.asns.map((v) => parseRange(v, MAX_ASN, true) as NumberRange);
  if (r.as_org !== undefined) out.asOrg = [...r.as_org];
  if (r.cidrs !== undefined) out.cidrs = [...r.cidrs];
  if (r.domains !== undefined) out.domains = [...r.domains];
  if (r.ports !== undefined) out.ports = r.ports.map((v) => parseRange(v, MAX_PORT, false) as NumberRange);
  if (r.protocols !== undefined) {
    out.protocols = [...new Set(r.protocols.flatMap((p) => (typeof p === 'number' ? [p] : (PROTOCOL_NUMBERS.get(p) ?? []))))].sort((a, b) => a - b);
  }
  return out;
}
