/**
 * The overall reasons: every fail/inconclusive/warning reason of flows, DNS queries and the
 * capture, counted per (code, effect) with the rules involved and the first occurrences.
 * @module policy/summary
 */
import { ASSESSMENT_EXAMPLES, type AssessmentReason, type DnsQueryAssessment, type FlowAssessment, type Verdict } from './assessment.js';
import { cmp, compareReasons, type Reason } from './reasons.js';

/** Collects reasons in frame order. */
export class ReasonTally {
  readonly #by = new Map<string, { code: Reason['code']; effect: Reason['effect']; count: number; rules: Set<string>; detail: string; examples: string[] }>();

  /** Count `r` (info reasons are not counted) for `subject` (a flow uid, `dns@frame`, `capture:name`…). */
  add(r: Reason, subject: string): void {
    if (r.effect === 'info') return;
    const k = `${r.code}\u0000${r.effect}`;
    let e = this.#by.get(k);
    if (e === undefined) {
      e = { code: r.code, effect: r.effect, count: 0, rules: new Set(), detail: r.detail, examples: [] };
      this.#by.set(k, e);
    }
    e.count++;
    if (r.rule !== undefined) e.rules.add(r.rule);
    if (e.examples.length < ASSESSMENT_EXAMPLES && !e.examples.includes(subject)) e.examples.push(subject);
  }

  /** Reasons of folded flows and queries, already counted (they have no row, so no examples). */
  addFolded(reasons: readonly FoldedReason[]): void {
    for (const r of reasons) {
      const k = `${r.code}\u0000${r.effect}`;
      let e = this.#by.get(k);
      if (e === undefined) {
        e = { code: r.code, effect: r.effect, count: 0, rules: new Set(), detail: r.detail, examples: [] };
        this.#by.set(k, e);
      }
      e.count += r.count;
      for (const x of r.rules) e.rules.add(x);
    }
  }

  /** All counted reasons, sorted (fail, inconclusive, warning; then code). */
  list(): AssessmentReason[] {
    return [...this.#by.values()]
      .map((e) => ({ code: e.code, effect: e.effect, count: e.count, rules: [...e.rules].sort(), detail: e.detail, examples: e.examples }))
      .sort((a, b) => compareReasons(a, b));
  }
}

/** FAIL if anything failed, else INCONCLUSIVE if anything was inconclusive, else PASS. */
export function overallVerdict(reasons: readonly AssessmentReason[]): Verdict {
  if (reasons.some((r) => r.effect === 'fail')) return 'FAIL';
  return reasons.some((r) => r.effect === 'inconclusive') ? 'INCONCLUSIVE' : 'PASS';
}

/** One reason code's total over folded flows or queries, with the first detail. */
export interface FoldedReason {
  readonly code: Reason['code'];
  readonly effect: Reason['effect'];
  readonly count: number;
  readonly rules: readonly string[];
  readonly detail: string;
}

/**
 * What the flows and DNS queries judged one at a time and folded out of the report (monitor mode,
 * analyze folding) add to the verdict's counts and reasons, so that those cover every judged flow
 * whether its row is listed or not (a fold that left only uncounted flows listed made a capture
 * of PASS flows "no monitored flows", INCONCLUSIVE).
 */
export interface FoldedJudgements {
  /** Policy flows (a wire flow and each of its proxied requests), as `AssessmentCounts` counts them. */
  readonly flows: number;
  readonly counted: number;
  readonly pass: number;
  readonly fail: number;
  readonly inconclusive: number;
  /** Judged DNS queries (those the policy counts). */
  readonly dnsQueries: number;
  /** Sorted as the verdict's reasons are. */
  readonly reasons: readonly FoldedReason[];
  /** Originators of counted folded flows, sorted (DNS queries of hosts monitored by MAC count through them). */
  readonly origins: readonly string[];
}

/** Originators remembered for FoldedJudgements (as many as the live judge remembers). */
const MAX_FOLDED_ORIGINS = 65_536;

/** Accumulates FoldedJudgements a judgement at a time; bounded by the reason codes, rules and origins. */
export class FoldedTally {
  #flows = 0;
  #counted = 0;
  #pass = 0;
  #fail = 0;
  #inconclusive = 0;
  #dns = 0;
  readonly #reasons = new Map<string, { code: Reason['code']; effect: Reason['effect']; count: number; rules: Set<string>; detail: string }>();
  readonly #origins = new Set<string>();

  /** A folded flow's (or proxied request's) judgement. */
  addFlow(a: FlowAssessment): void {
    this.#flows++;
    if (a.counted) {
      this.#counted++;
      if (this.#origins.size < MAX_FOLDED_ORIGINS) this.#origins.add(a.origH);
    }
    if (a.verdict === 'PASS') this.#pass++;
    else if (a.verdict === 'FAIL') this.#fail++;
    else if (a.verdict === 'INCONCLUSIVE') this.#inconclusive++;
    this.#addReasons(a.reasons);
  }

  /** A folded DNS query's judgement. */
  addDns(a: DnsQueryAssessment): void {
    this.#dns++;
    this.#addReasons(a.reasons);
  }

  #addReasons(reasons: readonly Reason[]): void {
    for (const r of reasons) {
      if (r.effect === 'info') continue;
      const k = `${r.code}\u0000${r.effect}`;
      let e = this.#reasons.get(k);
      if (e === undefined) {
        e = { code: r.code, effect: r.effect, count: 0, rules: new Set(), detail: r.detail };
        this.#reasons.set(k, e);
      }
      e.count++;
      if (r.rule !== undefined) e.rules.add(r.rule);
    }
  }

  /** Plain data (a copy: later additions do not change it). */
  snapshot(): FoldedJudgements {
    return {
      flows: this.#flows, counted: this.#counted, pass: this.#pass, fail: this.#fail, inconclusive: this.#inconclusive, dnsQueries: this.#dns,
      reasons: [...this.#reasons.values()]
        .map((e) => ({ code: e.code, effect: e.effect, count: e.count, rules: [...e.rules].sort(), detail: e.detail }))
        .sort((a, b) => compareReasons(a, b)),
      origins: [...this.#origins].sort(cmp),
    };
  }
}
