/**
 * Judging one flow or one DNS query at a time, as monitor mode needs: the same rules and
 * evidence handling as `evaluate`, applied the moment a flow carries payload. Cross-flow effects
 * (the cumulative threshold, "no monitored flows", completeness) are left to the final
 * `evaluate` over the whole capture, which remains the verdict of record.
 * @module policy/live
 */
import type { FlowAssessment } from './assessment.js';
import { compilePolicy } from './compile.js';
import { assessDnsQuery, type DnsDraft } from './dns.js';
import { EndpointJudge } from './endpoint.js';
import { assessFlow } from './flows.js';
import type { Policy } from './model.js';
import { MonitorSelector } from './monitor.js';
import type { PolicyDnsQuery, PolicyFlow } from './types.js';

/** A compiled policy that judges flows and DNS queries one by one. */
export class LiveJudge {
  readonly #judge: EndpointJudge;
  readonly #monitor: MonitorSelector;
  /** Originators seen in counted flows (DNS queries are judged for monitored clients). */
  readonly #origins = new Set<string>();
  readonly policy: Policy;

  constructor(policy: Policy) {
    this.policy = policy;
    this.#judge = new EndpointJudge(compilePolicy(policy));
    this.#monitor = new MonitorSelector(policy);
  }

  /** The flow's judgement with what is known of it now. */
  judgeFlow(f: PolicyFlow): FlowAssessment {
    const a = assessFlow(f, this.#judge, this.#monitor).assessment;
    if (a.counted && this.#origins.size < 65_536) this.#origins.add(f.origH);
    return a;
  }

  /** The query's judgement, or undefined when it is not judged (not from a monitored client). */
  judgeDns(q: PolicyDnsQuery): DnsDraft | undefined {
    return assessDnsQuery(q, this.#judge, this.#monitor, this.#origins);
  }
}
