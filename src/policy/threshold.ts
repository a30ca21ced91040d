/**
 * The cumulative payload threshold: violating flows that each sent at most
 * `thresholds.payload_bytes` but together more are judged as if each had exceeded it. A product
 * could otherwise split an upload into small flows, to one destination or to many: the sum is
 * over every such flow of the capture, whatever its destination (a service abroad has many
 * addresses). Flows whose judgement is uncertain are summed with the violating ones; past the
 * threshold they are inconclusive.
 * @module policy/threshold
 */
import type { FlowDraft } from './flows.js';
import { nameReasons, verdictOf } from './flows.js';
import { sortReasons, type Reason } from './reasons.js';

/** Bytes, flows and destinations of a set of below-threshold flows. */
interface Sum {
  bytes: number;
  flows: number;
  readonly destinations: Set<string>;
}

const sum = (): Sum => ({ bytes: 0, flows: 0, destinations: new Set() });

function add(s: Sum, d: FlowDraft): void {
  s.bytes += d.flow.origBytes;
  s.flows++;
  s.destinations.add(d.flow.respH);
}

/** Counted below-threshold flows whose endpoint judgement is not clear. */
function candidate(d: FlowDraft): boolean {
  return d.assessment.counted && d.payload === 'below' && d.judgement !== undefined && d.judgement.status !== 'clear';
}

/**
 * The cumulative rule over a pass of the drafts: `add` each draft once (any order), then `apply`
 * gives a draft as judged under the rule. Only the sums are kept, so the drafts can be made again
 * for the second pass (a spooled analysis is read back from its file) instead of held.
 */
export class CumulativeThreshold {
  readonly #threshold: number;
  readonly #violating = sum();
  readonly #any = sum();

  constructor(threshold: number) {
    this.#threshold = threshold;
  }

  /** True when the rule can change a verdict (a threshold above 0). */
  get active(): boolean {
    return this.#threshold > 0;
  }

  add(d: FlowDraft): void {
    if (!this.active || !candidate(d)) return;
    add(this.#any, d);
    if (d.judgement!.status === 'violation') add(this.#violating, d);
  }

  apply(d: FlowDraft): FlowDraft {
    if (!this.active || !candidate(d)) return d;
    const threshold = this.#threshold;
    const v = d.judgement!.status === 'violation';
    const total = v ? this.#violating : this.#any;
    if (total.bytes <= threshold) return d;
    const where = total.destinations.size === 1 ? d.flow.respH : `${total.destinations.size} destinations`;
    const note: Reason = {
      code: 'threshold.cumulative_exceeded',
      effect: v ? 'fail' : 'inconclusive',
      detail: `${total.bytes} payload bytes sent to ${where} in ${total.flows} ${v ? 'violating' : 'violating or uncertain'} flows of at most ${threshold} bytes each, threshold ${threshold}`,
    };
    const reasons = sortReasons([...d.judgement!.reasons, ...nameReasons(d.flow), note]);
    return { ...d, assessment: { ...d.assessment, verdict: verdictOf(reasons), reasons } };
  }
}
