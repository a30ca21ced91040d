/**
 * The overall reasons: every fail/inconclusive/warning reason of flows, DNS queries and the
 * capture, counted per (code, effect) with the rules involved and the first occurrences.
 * @module policy/summary
 */
import { ASSESSMENT_EXAMPLES, type AssessmentCounts, type AssessmentReason, type DnsQueryAssessment, type FlowAssessment, type Verdict } from './assessment.js';
import { cmp, compareReasons, type Reason } from './reasons.js';

type TallyEntry = { code: Reason['code']; effect: Reason['effect']; count: number; rules: Set<string>; detail: string; examples: string[] };

/** Collects reasons in frame order. */
export class ReasonTally {
  readonly #by = new Map<string, TallyEntry>();

  /**
   * Count `r` (info reasons are not counted) for `subject` (a flow uid, `dns@frame`,
   * `capture:name`…); without a subject (a folded flow: no row to point at) it is no example.
   */
  add(r: Reason, subject?: string): void {
    if (r.effect === 'info') return;
    const e = this.#entry(r);
    e.count++;
    if (r.rule !== undefined) e.rules.add(r.rule);
    if (subject !== undefined && e.examples.length < ASSESSMENT_EXAMPLES && !e.examples.includes(subject)) e.examples.push(subject);
  }

  /** Reasons of folded flows and queries, already counted (they have no row, so no examples). */
  addFolded(reasons: readonly FoldedReason[]): void {
    for (const r of reasons) {
      const e = this.#entry(r);
      e.count += r.count;
      for (const x of r.rules) e.rules.add(x);
    }
  }

  /** The entry of `r`'s code and effect, made with `r`'s detail if it is the first. */
  #entry(r: { readonly code: Reason['code']; readonly effect: Reason['effect']; readonly detail: string }): TallyEntry {
    const k = `${r.code}\u0000${r.effect}`;
    let e = this.#by.get(k);
    if (e === undefined) {
      e = { code: r.code, effect: r.effect, count: 0, rules: new Set(), detail: r.detail, examples: [] };
      this.#by.set(k, e);
    }
    return e;
  }

  /** All counted reasons, sorted (fail, inconclusive, warning; then code). */
  list(): AssessmentReason[] {
    return [...this.#by.values()]
      .map((e) => ({ code: e.code, effect: e.effect, count: e.count, rules: [...e.rules].sort(), detail: e.detail, examples: e.examples }))
      .sort((a, b) => compareReasons(a, b));
  }
}

/** Flows by verdict, as `AssessmentCounts` counts them (`ignored` is `flows - counted`). */
export interface FlowCounts {
  readonly flows: number;
  readonly counted: number;
  readonly pass: number;
  readonly fail: number;
  readonly inconclusive: number;
}

/** Flow counts by verdict, a flow at a time. */
export class FlowCounter {
  #flows = 0;
  #counted = 0;
  #pass = 0;
  #fail = 0;
  #inconclusive = 0;

  add(f: FlowAssessment): void {
    this.#flows++;
    if (f.counted) this.#counted++;
    if (f.verdict === 'PASS') this.#pass++;
    else if (f.verdict === 'FAIL') this.#fail++;
    else if (f.verdict === 'INCONCLUSIVE') this.#inconclusive++;
  }

  /** Flows counted elsewhere (folded ones). */
  addCounts(c: FlowCounts): void {
    this.#flows += c.flows;
    this.#counted += c.counted;
    this.#pass += c.pass;
    this.#fail += c.fail;
    this.#inconclusive += c.inconclusive;
  }

  get flowCounts(): FlowCounts {
    return { flows: this.#flows, counted: this.#counted, pass: this.#pass, fail: this.#fail, inconclusive: this.#inconclusive };
  }

  counts(dnsQueries: number): AssessmentCounts {
    return { ...this.flowCounts, ignored: this.#flows - this.#counted, destinations: 0, dnsQueries };
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
export interface FoldedJudgements extends FlowCounts {
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
  /** Policy flows: a wire flow and each of its proxied requests. */
  readonly #flows = new FlowCounter();
  readonly #reasons = new ReasonTally();
  readonly #origins = new Set<string>();
  #dns = 0;

  /** A folded flow's (or proxied request's) judgement. */
  addFlow(a: FlowAssessment): void {
    this.#flows.add(a);
    if (a.counted && this.#origins.size < MAX_FOLDED_ORIGINS) this.#origins.add(a.origH);
    for (const r of a.reasons) this.#reasons.add(r);
  }

  /** A folded DNS query's judgement. */
  addDns(a: DnsQueryAssessment): void {
    this.#dns++;
    for (const r of a.reasons) this.#reasons.add(r);
  }

  /** Plain data (a copy: later additions do not change it). */
  snapshot(): FoldedJudgements {
    return {
      ...this.#flows.flowCounts,
      dnsQueries: this.#dns,
      reasons: this.#reasons.list().map(({ examples: _none, ...r }) => r),
      origins: [...this.#origins].sort(cmp),
    };
  }
}
