/**
 * The closed list of reason codes a verdict can carry (STYLE rule 6), each with its meaning.
 * geodata/policies/README.md documents them for users; every code has a test that produces it.
 * A reason's `effect` says what it did to the verdict: `fail`, `inconclusive`, `warning` or `info`.
 * @module policy/reasons
 */

/** Every reason code with a one-line meaning. */
export const REASON_CODES = {
  // Violations (effect fail when the monitored host sent payload above the threshold)
  'flow.denied_country': 'a deny rule matched and it names location countries or groups',
  'flow.denied_registered_country': 'a deny rule matched on the registration country of the address block',
  'flow.denied_network': 'a deny rule matched on AS number or AS organisation',
  'flow.denied_address': 'a deny rule matched on destination address (CIDR)',
  'flow.denied_domain': 'a deny rule matched on the destination name',
  'flow.denied_service': 'a deny rule matched on port or protocol only',
  'flow.not_allowed_country': 'allowlist mode: the destination is in no country an allow rule names',
  'flow.not_allowed': 'allowlist mode: no allow rule matched (the country alone is not the reason)',
  'flow.undeclared_endpoint': 'the destination matches neither a declared domain nor a declared CIDR',
  'threshold.cumulative_exceeded': 'violating flows were each at most the payload threshold but together above it (to one destination or to several)',
  'dns.query_to_disallowed_resolver': 'a monitored host sent a DNS query to a resolver the rules do not permit',
  'dns.query_for_denied_domain': 'a monitored host asked for a name a domain-only deny rule matches: whichever resolver it asks, the name reaches that domain\'s own name servers',
  // Evidence that does not decide
  'geo.disputed': 'the databases disagree and the candidates lead to different outcomes',
  'geo.unknown': 'no database gives a fact a rule needs (location, registration, AS) for the destination',
  'geo.unrecognised_consensus': 'the evidence has a consensus status this engine does not know',
  'geo.majority_decided': 'the databases disagree; the majority value decided (uncertainty.disputed: majority)',
  'geo.override': 'a user CIDR override set the location',
  'name.none': 'no name was observed for the flow',
  'name.ech': 'TLS Encrypted Client Hello: the name seen is the outer (public) name',
  'name.encrypted_dns': 'the flow carries encrypted DNS (DoT/DoH/DoQ): the names it resolves are hidden',
  'name.after_encrypted_dns': 'the host had used encrypted DNS before this flow, so DNS names may be missing',
  'name.ambiguous': 'the client named no server itself (no SNI or Host, or only an ECH outer name) and its DNS answers gave the address several names with different outcomes',
  'name.sni_not_in_dns': 'the TLS/QUIC server name was not among the DNS answers for the address',
  'name.other_flag': 'another names-stage flag (its text is in the detail)',
  // Payload
  'contact.handshake_only': 'the flow would violate the policy but the monitored host sent no payload',
  'flow.below_threshold': 'the flow would violate the policy but the payload sent is at most the threshold',
  // Which traffic counts
  'flow.local_destination': 'not judged: the destination is special-purpose and not globally reachable',
  'flow.multicast_destination': 'not judged: the destination is multicast or broadcast',
  'monitor.origin_not_monitored': 'not judged: the originator is not a monitored host',
  'monitor.same_host_by_mac': 'the originator is monitored as the same host as a monitored address of the other IP version (one MAC sent from both)',
  'monitor.mac_unavailable': 'the policy monitors MAC addresses but the flow has no MAC, so it may belong to a monitored host',
  'monitor.public_origin_unjudged': 'default monitoring: a public address sent to a public destination; it may be a monitored host (list hosts to judge it)',
  'monitor.inbound_payload_unjudged': 'a monitored host sent payload as the responder to a public originator, whose location is not judged',
  'monitor.no_monitored_flows': 'no flow originated by a monitored host was judged',
  // Completeness
  'capture.truncated': 'a capture ends part-way through a record',
  'capture.corrupt': 'reading a capture stopped at corrupt data',
  'capture.interface_drops': 'the capturing interface reported dropped packets',
  'capture.duplicate_input': 'two inputs are the same bytes (a copy given twice): each of their packets was counted twice',
  'capture.inputs_out_of_order': 'an input starts before an earlier input ends: flows across them may be split, turned round or left unnamed',
  'coverage.below_threshold': 'fewer frames were decoded than completeness.min_decoded_ratio requires',
  'evidence.lost': 'a cap was hit or state was evicted, which may hide evidence',
} as const;

/** One reason code. */
export type ReasonCode = keyof typeof REASON_CODES;

/** What a reason did to the verdict. */
export type ReasonEffect = 'fail' | 'inconclusive' | 'warning' | 'info';

/** One reason attached to a flow, DNS query or the capture. */
export interface Reason {
  readonly code: ReasonCode;
  readonly effect: ReasonEffect;
  /** Id of the rule that matched, for rule-caused reasons. */
  readonly rule?: string;
  readonly detail: string;
}

const EFFECT_RANK: Readonly<Record<ReasonEffect, number>> = { fail: 0, inconclusive: 1, warning: 2, info: 3 };

/** Deterministic order: effect (fail first), code, rule, detail. */
export function compareReasons(a: Reason, b: Reason): number {
  return (
    EFFECT_RANK[a.effect] - EFFECT_RANK[b.effect] ||
    cmp(a.code, b.code) ||
    cmp(a.rule ?? '', b.rule ?? '') ||
    cmp(a.detail, b.detail)
  );
}

/** Sorted, without exact duplicates. */
export function sortReasons(rs: readonly Reason[]): Reason[] {
  const out = [...rs].sort(compareReasons);
  return out.filter((r, i) => i === 0 || compareReasons(out[i - 1]!, r) !== 0);
}

/** Plain code-unit string comparison (locale-independent). */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
