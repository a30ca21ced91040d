/**
 * The cumulative payload threshold: flows to one destination that each sent at most
 * `thresholds.payload_bytes` but together more are judged as if each had exceeded it (a
 * product could otherwise split an upload into small flows).
 * @module policy/threshold
 */
import type { FlowDraft } from './flows.js';
import { nameReasons, verdictOf } from './flows.js';
import { sortReasons, type Reason } from './reasons.js';

/** Drafts with the cumulative rule applied (same order). */
export function applyCumulativeThreshold(drafts: readonly FlowDraft[], threshold: number): FlowDraft[] {
  if (threshold <= 0) return [...drafts];
  const violating = new Map<string, number>();
  const any = new Map<string, number>();
  for (const d of drafts) {
    const j = d.judgement;
    if (!d.assessment.counted || d.payload !== 'below' || j === undefined || j.status === 'clear') continue;
    const ip = d.flow.respH;
    any.set(ip, (any.get(ip) ?? 0) + d.flow.origBytes);
    if (j.status === 'violation') violating.set(ip, (violating.get(ip) ?? 0) + d.flow.origBytes);
  }
  return drafts.map((d) => {
    const j = d.judgement;
    if (!d.assessment.counted || d.payload !== 'below' || j === undefined || j.status === 'clear') return d;
    const total = (j.status === 'violation' ? violating : any).get(d.flow.respH) ?? 0;
    if (total <= threshold) return d;
    const note: Reason = {
      code: 'threshold.cumulative_exceeded',
      effect: j.status === 'violation' ? 'fail' : 'inconclusive',
      detail: `${total} payload bytes sent to ${d.flow.respH} in flows of at most ${threshold} bytes each, threshold ${threshold}`,
    };
    const reasons = sortReasons([...j.reasons, ...nameReasons(d.flow), note]);
    return { ...d, assessment: { ...d.assessment, verdict: verdictOf(reasons), reasons } };
  });
}
