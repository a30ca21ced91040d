/**
 * A validated policy, normalised: every default filled in, codes upper-cased, the members of
 * every group it names copied in (so the verdict can be reproduced from the policy alone).
 * Field names are the camelCase forms of the file's snake_case keys.
 * @module policy/model
 */

/** `denylist`: everything not denied is allowed. `allowlist`: everything not allowed is a finding. */
export type PolicyMode = 'denylist' | 'allowlist';

/** One rule. Criteria of different kinds must all match (AND); the entries of one list are alternatives (OR). */
export interface PolicyRule {
  readonly id: string;
  readonly action: 'deny' | 'allow';
  readonly description?: string;
  /** Location countries; together with `groups` one set. */
  readonly countries?: readonly string[];
  readonly groups?: readonly string[];
  readonly registeredCountries?: readonly string[];
  /** Inclusive ranges `[low, high]`. */
  readonly asns?: readonly (readonly [number, number])[];
  /** Substrings (case-insensitive) or `/regex/`. */
  readonly asOrg?: readonly string[];
  readonly cidrs?: readonly string[];
  /** `name.example` (exact) or `*.name.example` (proper subdomains). */
  readonly domains?: readonly string[];
  /** Inclusive destination-port ranges `[low, high]`. */
  readonly ports?: readonly (readonly [number, number])[];
  /** IP protocol numbers. */
  readonly protocols?: readonly number[];
}

/** The vendor's declared endpoints. */
export interface DeclaredEndpoints {
  readonly domains: readonly string[];
  readonly cidrs: readonly string[];
  readonly enforceInDenylist: boolean;
}

/** What uncertain evidence means. */
export interface UncertaintyPolicy {
  readonly disputed: 'inconclusive' | 'worst_case' | 'majority';
  readonly unknown: 'inconclusive' | 'worst_case';
  readonly noName: 'address_only' | 'inconclusive';
  readonly ambiguousName: 'inconclusive' | 'worst_case';
  readonly dnsToDisallowedResolver: 'violation' | 'warning';
}

/** What complete evidence means. */
export interface CompletenessPolicy {
  readonly minDecodedRatio: number;
  readonly interfaceDrops: 'inconclusive' | 'warning';
}

/** A validated, normalised policy. */
export interface Policy {
  readonly version: 1;
  readonly id: string;
  readonly description: string;
  /** Name of the file or stream it was read from, and the sha256 of its bytes. */
  readonly source: { readonly name: string; readonly sha256: string };
  readonly mode: PolicyMode;
  readonly monitored: { readonly hosts: readonly string[]; readonly includeLocal: boolean };
  readonly rules: readonly PolicyRule[];
  readonly declaredEndpoints: DeclaredEndpoints | null;
  readonly thresholds: { readonly payloadBytes: number };
  readonly uncertainty: UncertaintyPolicy;
  readonly completeness: CompletenessPolicy;
  /** Members of every group the rules name, as given to `parsePolicy`, sorted by id. */
  readonly groups: readonly { readonly id: string; readonly members: readonly string[] }[];
}

/** Defaults of every optional setting (also stated in the schema's descriptions). */
export const POLICY_DEFAULTS = {
  includeLocal: false,
  payloadBytes: 0,
  uncertainty: {
    disputed: 'inconclusive',
    unknown: 'inconclusive',
    noName: 'address_only',
    ambiguousName: 'inconclusive',
    dnsToDisallowedResolver: 'violation',
  } satisfies UncertaintyPolicy,
  completeness: { minDecodedRatio: 0.99, interfaceDrops: 'inconclusive' } satisfies CompletenessPolicy,
  enforceInDenylist: false,
} as const;
