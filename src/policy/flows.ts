/**
 * One flow → its assessment: does it count, what the endpoint judgement says, and what the
 * payload the monitored host sent makes of it (a violation without payload is a contact, a
 * warning; at most the threshold is a warning too).
 * @module policy/flows
 */
import type { FlowAssessment, FlowVerdict } from './assessment.js';
import type { EndpointJudge, EndpointQuery } from './endpoint.js';
import { normalizeName } from './domain.js';
import type { EndpointJudgement } from './judge.js';
import { hasOverride } from './location.js';
import type { MonitorSelector } from './monitor.js';
import { destinationClass } from './monitor.js';
import { addressBytes } from './network.js';
import { sortReasons, type Reason, type ReasonCode } from './reasons.js';
import type { PolicyFlow } from './types.js';

/** How the payload sent compares with the threshold. */
export type PayloadClass = 'none' | 'below' | 'above';

/** A flow assessment with what the cumulative-threshold pass needs. */
export interface FlowDraft {
  readonly flow: PolicyFlow;
  readonly assessment: FlowAssessment;
  readonly judgement?: EndpointJudgement;
  readonly payload: PayloadClass;
}

const NAME_FLAG_CODES: ReadonlyMap<string, ReasonCode> = new Map([
  ['ech', 'name.ech'],
  ['encrypted_dns', 'name.encrypted_dns'],
  ['after_encrypted_dns', 'name.after_encrypted_dns'],
  ['sni_not_in_dns', 'name.sni_not_in_dns'],
]);

/** Verdict from reason effects. */
export function verdictOf(reasons: readonly Reason[]): 'PASS' | 'FAIL' | 'INCONCLUSIVE' {
  if (reasons.some((r) => r.effect === 'fail')) return 'FAIL';
  return reasons.some((r) => r.effect === 'inconclusive') ? 'INCONCLUSIVE' : 'PASS';
}

/**
 * Payload class: `none` when the originator sent no payload (no bytes and no `D` in the
 * history), `above` when it sent more than `threshold` bytes, or data whose size is unknown
 * (a `D` in the history with 0 bytes counted), else `below`.
 */
export function payloadClass(f: PolicyFlow, threshold: number): PayloadClass {
  // Sequence accounting (origBytes) counts each new byte once; segments at or below bytes already
  // sent (keep-alive probes with one garbage octet, RFC 9293 §3.8.4; retransmissions) add nothing,
  // so a 'D' in the history with 0 bytes is not new data. Data inside RST segments is left out of
  // origBytes (as in Zeek) but did reach the peer, so it counts here.
  const sent = Math.max(0, f.origBytes) + Math.max(0, f.origRstBytes ?? 0);
  if (sent <= 0) return 'none';
  return sent > threshold ? 'above' : 'below';
}

/** Assess one flow. */
export function assessFlow(f: PolicyFlow, judge: EndpointJudge, monitor: MonitorSelector): FlowDraft {
  const policy = judge.compiled.policy;
  const orig = addressBytes(f.origH);
  const resp = addressBytes(f.respH);
  const dest = destinationClass(resp);
  const payload = payloadClass(f, policy.thresholds.payloadBytes);
  const { tri: origin, via } = monitor.originOf(orig, f.origMac, f.origSameHost);
  if (origin === 0) return unmonitored(f, monitor, orig, resp, dest.cls, payload);
  const sameHost: Reason[] = via === undefined ? [] : [{ code: 'monitor.same_host_by_mac', effect: 'info', detail: `${f.origH} is the same host as ${via} (one MAC sent from both)` }];
  // A user's override says where a local address really is (e.g. a remote site): it is judged.
  const local = dest.cls !== 'public' && !hasOverride(f.dest);
  if (local && !policy.monitored.includeLocal) {
    const code: ReasonCode = dest.cls === 'local' ? 'flow.local_destination' : 'flow.multicast_destination';
    return draft(f, false, 'IGNORED', [{ code, effect: 'info', detail: `${f.respH} is ${dest.special?.name ?? dest.cls}` }], payload);
  }
  const q: EndpointQuery = {
    ipText: f.respH, ip: resp, port: f.respP, ipProto: f.ipProto, proto: f.proto, ...(f.tunnel === undefined ? {} : { tunnel: f.tunnel }),
    ...(f.viaProxy === undefined ? {} : { viaProxy: f.viaProxy }), name: f.name,
    nameMatters: true, local, evidence: f.dest,
  };
  const j = withNameCandidates(judge, q, f, judge.judge(q));
  const reasons = [...payloadReasons(j, payload, f, policy.thresholds.payloadBytes), ...nameReasons(f), ...sameHost];
  if (origin === 2) return macUnknown(f, j, reasons, payload);
  const d = draft(f, true, verdictOf(reasons), reasons, payload, j);
  return d;
}

/**
 * The names the flow may have been for, normalised and sorted, when the client did not name the
 * server reliably: no SNI and no Host (the DNS names; two or more are needed for a doubt), a TLS
 * ClientHello with Encrypted Client Hello, whose SNI is only the public outer name (the DNS
 * names; one is enough: it is the best evidence of the inner one), or a ClientHello or request
 * head retransmitted with other bytes (every SNI and Host of either copy, and the DNS names).
 * Empty otherwise.
 */
export function nameCandidates(f: PolicyFlow): string[] {
  const ech = f.nameFlags.includes('ech');
  // A ClientHello retransmitted with other bytes: either copy's SNI may be the one the server saw.
  const resent = f.nameFlags.includes('inconsistent_retransmission');
  const out: string[] = [];
  const take = (value: string): void => {
    const v = normalizeName(value);
    if (!out.includes(v)) out.push(v);
  };
  for (const n of f.names) {
    if (n.source === 'dns') take(n.value);
    else if ((n.source === 'tls_sni' || n.source === 'quic_sni' || n.source === 'http_host') && resent) take(n.value);
    else if (n.source === 'pcapng_nrb' || (ech && (n.source === 'tls_sni' || n.source === 'quic_sni'))) continue;
    else return [];
  }
  return out.length < (ech && !resent ? 1 : 2) ? [] : out.sort();
}

/**
 * `j` (the judgement under the flow's best name) checked against the DNS names the address had
 * for the client (`nameCandidates`). The flow could be for any of them, so when they lead to
 * different outcomes the name decides what cannot be known: `name.ambiguous`, inconclusive, or a
 * violation under `uncertainty.ambiguous_name: worst_case`. When they agree, their outcome stands:
 * `j` itself, or for an ECH flow the judgement under the DNS name rather than the outer one.
 */
function withNameCandidates(judge: EndpointJudge, q: EndpointQuery, f: PolicyFlow, j: EndpointJudgement): EndpointJudgement {
  const names = nameCandidates(f);
  if (names.length === 0) return j;
  const ech = f.nameFlags.includes('ech');
  const resent = f.nameFlags.includes('inconsistent_retransmission');
  const best = q.name === null ? null : normalizeName(q.name);
  const each = names.map((name) => ({ name, j: name === best ? j : judge.judge({ ...q, name }) }));
  const first = each[0]!.j;
  if (each.every((c) => c.j.status === first.status)) return ech && !resent ? first : j;
  const outcome = (c: { name: string; j: EndpointJudgement }): string => {
    if (c.j.status === 'clear') return `${c.name}: permitted`;
    const decisive = c.j.reasons.filter((r) => r.effect === 'fail' || r.effect === 'inconclusive');
    const what = decisive.map((r) => (r.rule === undefined ? r.code : `${r.code} (rule ${r.rule})`));
    return `${c.name}: ${c.j.status === 'violation' ? 'violation' : 'uncertain'}${what.length === 0 ? '' : ` ${[...new Set(what)].join(', ')}`}`;
  };
  const outcomes = each.map(outcome).join('; ');
  const dnsGave = `DNS gave ${f.respH} to ${f.origH} under ${names.length} names with different outcomes: ${outcomes}`;
  const detail = resent
    ? `the client sent its ClientHello or request again with other bytes (the server may have seen either copy's name): the names of both copies and the DNS names, ${names.length} in all, lead to different outcomes: ${outcomes}`
    : ech ? `the ClientHello hides the server name (ECH: ${f.name ?? '(none)'} is the public outer name), and ${dnsGave}` : `no server name from the client (no SNI or Host), and ${dnsGave}`;
  const notes = j.reasons.filter((r) => r.effect === 'info' || r.effect === 'warning');
  const violating = each.find((c) => c.j.status === 'violation');
  if (violating !== undefined && judge.compiled.policy.uncertainty.ambiguousName === 'worst_case') {
    const fails = violating.j.reasons.filter((r) => r.effect === 'fail');
    return {
      status: 'violation',
      reasons: [...fails, { code: 'name.ambiguous', effect: 'fail', detail: `${detail}; treated as a violation (uncertainty.ambiguous_name: worst_case)` }, ...notes],
      location: j.location,
    };
  }
  const unsure: Reason[] = [];
  for (const c of each) {
    for (const r of c.j.reasons) {
      if (r.effect === 'inconclusive' && !unsure.some((u) => u.code === r.code && u.detail === r.detail)) unsure.push(r);
    }
  }
  return { status: 'uncertain', reasons: [{ code: 'name.ambiguous', effect: 'inconclusive', detail }, ...unsure, ...notes], location: j.location };
}

function draft(f: PolicyFlow, counted: boolean, verdict: FlowVerdict, reasons: readonly Reason[], payload: PayloadClass, j?: EndpointJudgement): FlowDraft {
  const a: FlowAssessment = {
    uid: f.uid, firstFrame: f.firstFrame, origH: f.origH, respH: f.respH, respP: f.respP, proto: f.proto,
    payloadBytes: f.origBytes, counted, verdict, reasons: sortReasons(reasons),
    // Plain properties (undefined when absent), not spreads: one shape, built inline.
    allowedBy: verdict === 'PASS' ? j?.allowedBy : undefined,
    location: j?.location,
  };
  return j === undefined ? { flow: f, assessment: a, payload } : { flow: f, assessment: a, judgement: j, payload };
}

/** The judgement's reasons with effects adjusted for the payload sent. */
export function payloadReasons(j: EndpointJudgement, payload: PayloadClass, f: PolicyFlow, threshold: number): Reason[] {
  if (j.status === 'clear' || payload === 'above') return [...j.reasons];
  const soften = (r: Reason): Reason => (r.effect === 'fail' || r.effect === 'inconclusive' ? { ...r, effect: 'warning' } : r);
  const note: Reason =
    payload === 'none'
      ? { code: 'contact.handshake_only', effect: 'warning', detail: `no payload sent (${f.connState}, history ${f.history || '-'})` }
      : { code: 'flow.below_threshold', effect: 'warning', detail: `${f.origBytes} payload bytes sent, threshold ${threshold}` };
  return [...j.reasons.map(soften), note];
}

/** Warnings about how the flow was named (no name, ECH, encrypted DNS…). */
export function nameReasons(f: PolicyFlow): Reason[] {
  const out: Reason[] = [];
  if ((f.name === null || f.name === '') && f.respP !== 53) {
    out.push({ code: 'name.none', effect: 'warning', detail: 'no name observed: judged on address and location only' });
  }
  for (const flag of [...new Set(f.nameFlags)].sort()) {
    if (flag === 'no_name') continue;
    const code = NAME_FLAG_CODES.get(flag);
    out.push(code === undefined ? { code: 'name.other_flag', effect: 'warning', detail: flag } : { code, effect: 'warning', detail: f.name ?? '(no name)' });
  }
  return out;
}

function unmonitored(
  f: PolicyFlow, monitor: MonitorSelector, orig: ReturnType<typeof addressBytes>, resp: ReturnType<typeof addressBytes>,
  destCls: string, payload: PayloadClass,
): FlowDraft {
  const origPublic = destinationClass(orig).cls === 'public';
  if (origPublic && monitor.address(resp) && f.respBytes > 0) {
    const r: Reason = { code: 'monitor.inbound_payload_unjudged', effect: 'inconclusive', detail: `${f.respH} sent ${f.respBytes} payload bytes to ${f.origH}, which originated the flow` };
    return draft(f, false, 'INCONCLUSIVE', [r], payload);
  }
  if (monitor.isDefault && origPublic && destCls === 'public' && payload !== 'none') {
    const r: Reason = { code: 'monitor.public_origin_unjudged', effect: 'inconclusive', detail: `${f.origH} (a public address) sent ${f.origBytes} payload bytes to ${f.respH}` };
    return draft(f, false, 'INCONCLUSIVE', [r], payload);
  }
  return draft(f, false, 'IGNORED', [{ code: 'monitor.origin_not_monitored', effect: 'info', detail: `${f.origH} is not a monitored host` }], payload);
}

function macUnknown(f: PolicyFlow, j: EndpointJudgement, reasons: readonly Reason[], payload: PayloadClass): FlowDraft {
  const v = verdictOf(reasons);
  const demoted = reasons.map((r) => (r.effect === 'fail' || r.effect === 'inconclusive' ? { ...r, effect: 'info' as const } : r));
  const note: Reason = {
    code: 'monitor.mac_unavailable',
    effect: v === 'PASS' ? 'info' : 'inconclusive',
    detail: `${f.origH} has no MAC address in the capture; the policy monitors MAC addresses`,
  };
  return draft(f, false, v === 'PASS' ? 'IGNORED' : 'INCONCLUSIVE', [...demoted, note], payload, j);
}
