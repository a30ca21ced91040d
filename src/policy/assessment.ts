/**
 * The engine's output: plain data in a deterministic order, ready for the report stage.
 * @module policy/assessment
 */
import type { GeoEvidence } from '../geo/index.js';
import type { LocationSummary } from './location.js';
import type { PolicyMode } from './model.js';
import type { Reason, ReasonCode, ReasonEffect } from './reasons.js';

/** The answer. */
export type Verdict = 'PASS' | 'FAIL' | 'INCONCLUSIVE';

/** A flow's verdict; `IGNORED` when it is not judged (not monitored, local destination…). */
export type FlowVerdict = Verdict | 'IGNORED';

/** One flow's judgement. Sorted by `firstFrame`, then `uid`. */
export interface FlowAssessment {
  readonly uid: string;
  readonly firstFrame: number;
  readonly origH: string;
  readonly respH: string;
  readonly respP: number;
  readonly proto: string;
  /** Payload bytes the originator sent. */
  readonly payloadBytes: number;
  /** Originated by a monitored host to a destination that is judged. */
  readonly counted: boolean;
  readonly verdict: FlowVerdict;
  readonly reasons: readonly Reason[];
  /** The allow rule that permitted the flow (allowlist mode). */
  readonly allowedBy?: string | undefined;
  /** Present for judged flows. */
  readonly location?: LocationSummary | undefined;
}

/** One reason code's total in a destination. */
export interface ReasonCount {
  readonly code: ReasonCode;
  readonly effect: ReasonEffect;
  readonly count: number;
  readonly rules: readonly string[];
}

/** Counted flows (and DNS queries) to one address. Sorted by address (IPv4 first, numerically). */
export interface DestinationAssessment {
  readonly ip: string;
  /** Every name observed for flows to it, sorted. */
  readonly names: readonly string[];
  readonly location: LocationSummary;
  /** Evidence as the first flow (by frame) carried it. */
  readonly evidence: GeoEvidence;
  readonly flows: number;
  /** Uids of the first flows by frame (at most `DESTINATION_EXAMPLE_UIDS`). */
  readonly exampleUids: readonly string[];
  readonly firstFrame: number;
  readonly lastFrame: number;
  readonly payloadBytesSent: number;
  readonly dnsQueries: number;
  /** Worst verdict of its flows and DNS queries. */
  readonly verdict: Verdict;
  readonly reasons: readonly ReasonCount[];
}

/** One counted DNS query's judgement. Sorted by frame. */
export interface DnsQueryAssessment {
  readonly frame: number;
  readonly client: string;
  readonly resolver: string;
  readonly resolverP: number;
  readonly query: string;
  readonly qtype: string | number;
  readonly verdict: Verdict;
  readonly reasons: readonly Reason[];
}

/** One code in the overall verdict, with how often it occurred and examples. */
export interface AssessmentReason {
  readonly code: ReasonCode;
  readonly effect: ReasonEffect;
  readonly count: number;
  /** Rules involved, sorted. */
  readonly rules: readonly string[];
  /** The first detail text (by frame order). */
  readonly detail: string;
  /** Flow uids, `dns@<frame>` or `capture:<name>` of the first occurrences (at most `ASSESSMENT_EXAMPLES`). */
  readonly examples: readonly string[];
}

/** How many of what. */
export interface AssessmentCounts {
  readonly flows: number;
  readonly counted: number;
  readonly ignored: number;
  readonly pass: number;
  readonly fail: number;
  readonly inconclusive: number;
  readonly destinations: number;
  readonly dnsQueries: number;
}

/** The whole judgement. */
export interface Assessment {
  readonly schema: 'egress-verify/assessment@1';
  readonly verdict: Verdict;
  /** What made the verdict: effects `fail` and `inconclusive`, fail first, then by code. */
  readonly reasons: readonly AssessmentReason[];
  /** Effect `warning`, by code. */
  readonly warnings: readonly AssessmentReason[];
  readonly policy: {
    readonly id: string;
    readonly mode: PolicyMode;
    readonly sourceName: string;
    readonly sha256: string;
    /** Location countries the deny and allow rules name (group members included), sorted: for maps and readers. */
    readonly ruleCountries: { readonly deny: readonly string[]; readonly allow: readonly string[] };
  };
  readonly counts: AssessmentCounts;
  readonly completeness: {
    readonly decodedRatio: number | null;
    readonly minDecodedRatio: number;
    readonly reasons: readonly Reason[];
  };
  readonly flows: readonly FlowAssessment[];
  readonly destinations: readonly DestinationAssessment[];
  readonly dnsQueries: readonly DnsQueryAssessment[];
}

/** Example uids kept per destination. */
export const DESTINATION_EXAMPLE_UIDS = 10;

/** Examples kept per overall reason. */
export const ASSESSMENT_EXAMPLES = 5;
