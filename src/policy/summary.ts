/**
 * The overall reasons: every fail/inconclusive/warning reason of flows, DNS queries and the
 * capture, counted per (code, effect) with the rules involved and the first occurrences.
 * @module policy/summary
 */
import { ASSESSMENT_EXAMPLES, type AssessmentReason, type Verdict } from './assessment.js';
import { compareReasons, type Reason } from './reasons.js';

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
