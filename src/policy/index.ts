/**
 * Policy stage: a policy file (YAML or JSON, checked against a JSON Schema and semantically) and
 * the engine that judges flows, DNS queries and the capture's completeness under it, giving
 * PASS / FAIL / INCONCLUSIVE with stable reason codes. Pure: no I/O, no clock.
 * @module policy
 */
export { parsePolicy, MAX_POLICY_BYTES, type PolicyParseResult } from './parse.js';
export { formatPolicyIssue, pointerToPath } from './issues.js';
export type { PolicyIssue } from './semantic.js';
export { POLICY_SCHEMA, PROTOCOL_NUMBERS, policySchemaJson } from './schema.js';
export {
  POLICY_DEFAULTS,
  type Policy,
  type PolicyRule,
  type PolicyMode,
  type DeclaredEndpoints,
  type UncertaintyPolicy,
  type CompletenessPolicy,
} from './model.js';
export { ISO3166_ALPHA2, isIso3166Alpha2 } from './iso3166.js';
export { evaluate, evaluateWithRejudge, compareFlows, type RejudgingAssessment } from './evaluate.js';
export { REASON_CODES, type ReasonCode, type ReasonEffect, type Reason } from './reasons.js';
export type { LocationSummary, LocationStatus } from './location.js';
export type { DnsDraft } from './dns.js';
export {
  DESTINATION_EXAMPLE_UIDS,
  ASSESSMENT_EXAMPLES,
  type Assessment,
  type AssessmentReason,
  type AssessmentCounts,
  type Verdict,
  type FlowVerdict,
  type FlowAssessment,
  type DestinationAssessment,
  type DnsQueryAssessment,
  type ReasonCount,
} from './assessment.js';
export type * from './types.js';
export { LiveJudge } from './live.js';
export { FoldedDestinations, MAX_FOLDED_DESTINATIONS, type FoldedDestination } from './destinations.js';
export { FoldedTally, type FoldedJudgements, type FoldedReason } from './summary.js';
