/**
 * The policy engine: flows, DNS queries and the capture's completeness → an Assessment.
 * Pure and deterministic: inputs are sorted first, so their order does not matter.
 *
 * Combination: one proven violation (payload above the threshold) makes FAIL even when the
 * capture is incomplete; PASS needs every counted flow clear and complete evidence; anything
 * else is INCONCLUSIVE, with every reason listed.
 * @module policy/evaluate
 */
import type { Assessment, FlowAssessment } from './assessment.js';
import { compilePolicy } from './compile.js';
import { completenessReasons, decodedRatio } from './completeness.js';
import { DestinationTable } from './destinations.js';
import { assessDnsQuery, type DnsDraft } from './dns.js';
import { EndpointJudge } from './endpoint.js';
import { assessFlow } from './flows.js';
import type { Policy } from './model.js';
import { MonitorSelector } from './monitor.js';
import { cmp, sortReasons, type Reason } from './reasons.js';
import { FlowCounter, overallVerdict, ReasonTally } from './summary.js';
import { CumulativeThreshold } from './threshold.js';
import type { EvaluationInput, PolicyDnsQuery, PolicyFlow, SortedFlows } from './types.js';

/**
 * Judge `input` under `policy`. The flows are gone through once, or twice under a payload
 * threshold above 0 (the cumulative rule needs every flow's sum first); each pass judges them
 * afresh, so only their assessments are kept, not the flows.
 */
export function evaluate(input: EvaluationInput, policy: Policy): Assessment {
  return evaluateWithRejudge(input, policy).assessment;
}

/** An assessment, and the function that judges one of its flows again exactly as it was judged. */
export interface RejudgingAssessment {
  readonly assessment: Assessment;
  /** The flow's assessment as `assessment` has it (or would have it, for a flow it does not list). */
  readonly rejudge: (f: PolicyFlow) => FlowAssessment;
}

/**
 * `evaluate`, listing in `assessment.flows` only the flows `keep` accepts (default: all; counts,
 * reasons and destinations cover every flow either way) and giving back `rejudge`, which judges a
 * flow again exactly as this run did (same rules, same cumulative sums): the caller of a spooled
 * analysis judges each flow again while writing it instead of holding every assessment.
 */
export function evaluateWithRejudge(input: EvaluationInput, policy: Policy, keep?: (f: PolicyFlow) => boolean): RejudgingAssessment {
  const judge = new EndpointJudge(compilePolicy(policy));
  const monitor = new MonitorSelector(policy);
  const pass = sortedPasses(input.flows);
  const cumulative = new CumulativeThreshold(policy.thresholds.payloadBytes);
  if (cumulative.active) for (const f of pass()) cumulative.add(assessFlow(f, judge, monitor));
  const tally = new ReasonTally();
  const table = new DestinationTable();
  const flowAssessments: FlowAssessment[] = [];
  const counter = new FlowCounter();
  const monitoredOrigins = new Set<string>();
  for (const f of pass()) {
    const d = cumulative.apply(assessFlow(f, judge, monitor));
    if (d.assessment.counted) monitoredOrigins.add(d.flow.origH);
    for (const r of d.assessment.reasons) tally.add(r, d.flow.uid);
    table.addFlow(d);
    counter.add(d.assessment);
    if (keep === undefined || keep(f)) flowAssessments.push(d.assessment);
  }
  // Flows judged and folded out of the report count as judged flows: in the counts, the reasons, and the origins DNS queries are judged by.
  const folded = input.folded;
  if (folded !== undefined) {
    counter.addCounts(folded);
    for (const o of folded.origins) monitoredOrigins.add(o);
  }
  const dns: DnsDraft[] = [];
  for (const q of [...input.dnsQueries].sort(compareQueries)) {
    const d = assessDnsQuery(q, judge, monitor, monitoredOrigins);
    if (d !== undefined) dns.push(d);
  }
  const completeness = completenessReasons(input.context, policy);
  for (const d of dns) for (const r of d.assessment.reasons) tally.add(r, `dns@${d.assessment.frame}`);
  for (const c of completeness) tally.add(c.reason, c.subject);
  if (folded !== undefined) tally.addFolded(folded.reasons);
  const counts = counter.counts(dns.length + (folded?.dnsQueries ?? 0));
  if (counts.counted === 0) tally.add(noMonitoredFlows(policy), 'flows');
  const all = tally.list();
  const reasons = all.filter((r) => r.effect === 'fail' || r.effect === 'inconclusive');
  table.addFolded(input.foldedDestinations ?? []);
  table.addDns(dns);
  const destinations = table.list();
  const assessment: Assessment = {
    schema: 'egress-verify/assessment@1',
    verdict: overallVerdict(reasons),
    reasons,
    warnings: all.filter((r) => r.effect === 'warning'),
    policy: { id: policy.id, mode: policy.mode, sourceName: policy.source.name, sha256: policy.source.sha256, ruleCountries: ruleCountries(policy) },
    counts: { ...counts, destinations: destinations.length },
    completeness: {
      decodedRatio: decodedRatio(input.context),
      minDecodedRatio: policy.completeness.minDecodedRatio,
      reasons: sortReasons(completeness.map((c) => c.reason)),
    },
    flows: flowAssessments,
    destinations,
    dnsQueries: dns.map((d) => d.assessment),
  };
  return { assessment, rejudge: (f) => cumulative.apply(assessFlow(f, judge, monitor)).assessment };
}

/** A function giving the flows in compareFlows order, once per pass. */
function sortedPasses(flows: readonly PolicyFlow[] | SortedFlows): () => Iterable<PolicyFlow> {
  if (!Array.isArray(flows)) {
    const source = (flows as SortedFlows).sorted;
    return () => checkedOrder(source());
  }
  const sorted = [...(flows as readonly PolicyFlow[])].sort(compareFlows);
  return () => sorted;
}

/** `flows`, checked to come in compareFlows order: a source that breaks its promise is a bug, not a different report. */
function* checkedOrder(flows: Iterable<PolicyFlow>): Generator<PolicyFlow> {
  let prev: PolicyFlow | undefined;
  for (const f of flows) {
    if (prev !== undefined && compareFlows(prev, f) > 0) throw new Error(`flows out of order: ${prev.uid} (frame ${prev.firstFrame}) before ${f.uid} (frame ${f.firstFrame})`);
    prev = f;
    yield f;
  }
}

function noMonitoredFlows(policy: Policy): Reason {
  const who = policy.monitored.hosts.length === 0 ? 'no non-public address' : `none of ${policy.monitored.hosts.join(', ')}`;
  return { code: 'monitor.no_monitored_flows', effect: 'inconclusive', detail: `${who} originated a flow to a judged destination` };
}

/** The order the engine judges and lists flows in: first frame, then uid (ties broken by the rest). */
export function compareFlows(a: PolicyFlow, b: PolicyFlow): number {
  return a.firstFrame - b.firstFrame || cmp(a.uid, b.uid) || cmp(a.origH, b.origH) || cmp(a.respH, b.respH) || a.origP - b.origP || a.respP - b.respP;
}

function compareQueries(a: PolicyDnsQuery, b: PolicyDnsQuery): number {
  return (
    a.frame - b.frame ||
    (a.tsNs < b.tsNs ? -1 : a.tsNs > b.tsNs ? 1 : 0) ||
    cmp(a.client, b.client) ||
    cmp(a.resolver, b.resolver) ||
    cmp(a.query, b.query) ||
    cmp(String(a.qtype), String(b.qtype))
  );
}

/** Location countries named by deny and allow rules, group members included, sorted. */
function ruleCountries(policy: Policy): { deny: string[]; allow: string[] } {
  const members = new Map(policy.groups.map((g) => [g.id, g.members] as const));
  const deny = new Set<string>();
  const allow = new Set<string>();
  for (const r of policy.rules) {
    const into = r.action === 'deny' ? deny : allow;
    for (const c of r.countries ?? []) into.add(c);
    for (const g of r.groups ?? []) for (const c of members.get(g) ?? []) into.add(c);
  }
  return { deny: [...deny].sort(), allow: [...allow].sort() };
}
