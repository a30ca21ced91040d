/**
 * Analysis → policy input → Assessment: every destination and resolver geolocated once (the
 * Geolocator's memo), flows carried with their names, and what the capture may have missed
 * (truncation, interface drops, caps hit) handed to the engine as evidence loss.
 * @module pipeline/assess
 */
import type { CaptureSummary } from '../capture/index.js';
import { normalizeIp, unresolvedNameEvidence, type GeoEvidence, type Geolocator } from '../geo/index.js';
import type { DnsTransaction, FlowNames, NameEvidence } from '../names/index.js';
import {
  compareFlows,
  evaluateWithRejudge,
  type Assessment,
  type CaptureContext,
  type EvaluationContext,
  type EvidenceLoss,
  type FlowAssessment,
  type Policy,
  type PolicyDnsQuery,
  type PolicyFlow,
  type SortedFlows,
} from '../policy/index.js';
import type { Analysis, FinishedFlow, FlowList, TunnelRecord } from '../report/index.js';
import { protoName, proxiedUid, type FlowRecord } from '../flow/index.js';

/** Judge `a` under `policy`, geolocating with `geo`. */
export function assessAnalysis(a: Analysis, policy: Policy, geo: Geolocator): Assessment {
  return assessForReport(a, policy, geo).assessment;
}

/** An analysis's assessment, as its report needs it. */
export interface AnalysisAssessment {
  readonly assessment: Assessment;
  /**
   * Only for an analysis whose flows are read back from the spool file (not held): each flow's
   * assessments (the flow's own, then its proxied requests', in order), judged again exactly as
   * `assessment` judged them, when its row is written; `assessment.flows` then lists the tunnels
   * only, so the assessments are never all in memory.
   */
  readonly flowAssessments?: (f: FinishedFlow) => FlowAssessment[];
}

/** Judge `a` under `policy` for its report (see AnalysisAssessment). */
export function assessForReport(a: Analysis, policy: Policy, geo: Geolocator): AnalysisAssessment {
  // The outer tunnels are flows too: what they carried reached their far end, wherever the inner
  // packets were addressed (issue 2: "a tunnel to a foreign server is a data flow too").
  const tunnels = a.tunnels.map((t) => tunnelFlow(t, geo.geolocate(t.respH)));
  const flows: SortedFlows = { sorted: () => policyFlows(a.flows, tunnels, geo) };
  const dnsQueries: PolicyDnsQuery[] = a.dns.map((t) => policyDns(t, geo));
  const context = contextOf(a);
  const folded = {
    ...(a.foldedDestinations === undefined || a.foldedDestinations.length === 0 ? {} : { foldedDestinations: a.foldedDestinations }),
    ...(a.foldedJudgements === undefined ? {} : { folded: a.foldedJudgements }),
  };
  // Folded PASS flows (monitor, or analyze folding) each stayed at or below the payload threshold; with a threshold
  // above 0 they might together exceed it, which the engine can no longer see.
  const foldedPass = a.flowStats.folded?.pass ?? 0;
  const loss = policy.thresholds.payloadBytes > 0 && foldedPass > 0 ? [{ code: 'folded.pass_flows' as const, count: foldedPass }] : [];
  const input = { flows, dnsQueries, ...folded, context: loss.length === 0 ? context : { ...context, evidenceLoss: [...context.evidenceLoss, ...loss] } };
  if (Array.isArray(a.flows)) return { assessment: evaluateWithRejudge(input, policy).assessment };
  const { assessment, rejudge } = evaluateWithRejudge(input, policy, (f) => f.tunnel !== undefined);
  return {
    assessment,
    flowAssessments: ({ rec, names }) => {
      const pf = policyFlow(rec, names, geo.geolocate(rec.respH));
      const out = [rejudge(pf)];
      if (names.proxied !== undefined) for (const p of proxiedFrom(pf, names, geo)) out.push(rejudge(p));
      return out;
    },
  };
}

/**
 * Every flow the policy judges, in the engine's order (`compareFlows`), made as the analysis's
 * flows are read (a spooled analysis is read back from its file, never held): each flow; each
 * request a proxy carried on, a flow of its own to the requested host (it reached that host, not
 * the proxy, often a LAN address, not judged); and the outer tunnels. A request starts no earlier
 * than its flow, so it waits in a queue, with the tunnels, until the flows before it are given.
 */
function* policyFlows(list: FlowList, tunnels: readonly PolicyFlow[], geo: Geolocator): Generator<PolicyFlow> {
  const waiting = new FlowQueue();
  for (const t of tunnels) waiting.push(t);
  // Flows come in first-frame order; those with the same first frame are put in the engine's order.
  let run: { pf: PolicyFlow; names: FlowNames }[] = [];
  function* flush(): Generator<PolicyFlow> {
    if (run.length > 1) run.sort((x, y) => compareFlows(x.pf, y.pf));
    for (const { pf, names } of run) {
      while (waiting.size > 0 && compareFlows(waiting.peek(), pf) < 0) yield waiting.pop();
      yield pf;
      if (names.proxied !== undefined) for (const p of proxiedFrom(pf, names, geo)) waiting.push(p);
    }
    run = [];
  }
  for (const { rec, names } of list) {
    if (run.length > 0 && run[0]!.pf.firstFrame !== rec.firstFrame) yield* flush();
    run.push({ pf: policyFlow(rec, names, geo.geolocate(rec.respH)), names });
  }
  yield* flush();
  while (waiting.size > 0) yield waiting.pop();
}

/** A binary heap of flows in the engine's order. */
class FlowQueue {
  readonly #h: PolicyFlow[] = [];

  get size(): number {
    return this.#h.length;
  }

  peek(): PolicyFlow {
    return this.#h[0]!;
  }

  push(f: PolicyFlow): void {
    const h = this.#h;
    let i = h.push(f) - 1;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (compareFlows(h[up]!, h[i]!) <= 0) break;
      [h[up], h[i]] = [h[i]!, h[up]!];
      i = up;
    }
  }

  pop(): PolicyFlow {
    const h = this.#h;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && compareFlows(h[l]!, h[m]!) < 0) m = l;
        if (r < h.length && compareFlows(h[r]!, h[m]!) < 0) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i]!, h[m]!];
        i = m;
      }
    }
    return top;
  }
}

/** A flow record as the policy sees it, with its names and the evidence about its responder. */
export function policyFlow(f: FlowRecord, n: FlowNames | undefined, dest: GeoEvidence): PolicyFlow {
  return {
    uid: f.uid,
    proto: f.proto,
    ipProto: f.ipProto,
    // Plain properties (undefined when absent), not spreads: one object shape, built inline.
    origMac: f.origL2Addr,
    origSameHost: n?.sameHost,
    origH: f.origH,
    origP: f.origP,
    respH: f.respH,
    respP: f.respP,
    firstFrame: f.firstFrame,
    lastFrame: f.lastFrame,
    firstTsNs: f.firstTsNs,
    lastTsNs: f.lastTsNs,
    origPkts: f.origPkts,
    respPkts: f.respPkts,
    origBytes: f.origBytes,
    respBytes: f.respBytes,
    origRstBytes: f.origRstBytes,
    connState: f.connState,
    history: f.history,
    names: policyNames(n?.names),
    name: n?.name ?? null,
    nameFlags: n?.flags ?? [],
    dest,
  };
}

/**
 * The requests a flow asked its proxy to carry on (HTTP CONNECT, absolute-form, SOCKS), each as a
 * flow from the client to the requested host and port, built on `base` (the flow to the proxy as
 * the policy sees it: finished, or live with what is known to be sent so far). A host given as an
 * address is geolocated; a name has no address in the capture (the proxy resolved it), so its
 * location is unknown unless a domain rule decides. Payload: the client bytes from each of the
 * target's requests to the next request on the connection (to its end for a tunnel or the last
 * request).
 */
export function proxiedFrom(base: PolicyFlow, n: FlowNames, geo: Geolocator): PolicyFlow[] {
  const at = base.respH.includes(':') ? `[${base.respH}]:${base.respP}` : `${base.respH}:${base.respP}`;
  return (n.proxied ?? []).map((p, i) => {
    // A NAT64 translator is not asked by name like a proxy: the address says where it delivers.
    const via = p.method === 'NAT64' ? `${at} (NAT64 translator)` : at;
    const literal = normalizeIp(p.host).status === 'ok';
    // The client bytes that were this target's: its closed spans, and the rest of the connection from its open one.
    const sent = Math.min(base.origBytes, p.bytes + (p.open === null ? 0 : Math.max(0, base.origBytes - p.open)));
    return {
      ...base,
      uid: proxiedUid(base.firstFrame, i),
      origBytes: sent,
      respH: p.host,
      respP: p.port ?? 0,
      firstFrame: p.frame,
      firstTsNs: p.tsNs,
      // An address target is named by the DNS answers the client got for it (if any), a name target by itself.
      names: literal ? policyNames(p.names) : [{ value: p.host, source: 'http_host' as const, frame: p.frame }],
      name: literal ? (p.names?.[0]?.value ?? null) : p.host,
      nameFlags: [],
      viaProxy: via,
      dest: literal ? geo.geolocate(p.host) : unresolvedNameEvidence(p.host),
    };
  });
}

/**
 * An outer tunnel as the policy sees it: a flow between the tunnel endpoints whose payload is
 * every inner datagram it carried. Its names are the DNS answers naming the far end for the
 * originator when the tunnel started (the same join a flow gets).
 */
export function tunnelFlow(t: TunnelRecord, dest: GeoEvidence): PolicyFlow {
  return {
    uid: t.uid,
    proto: protoName(t.ipProto),
    origMac: t.origL2Addr,
    ipProto: t.ipProto,
    origH: t.origH,
    origP: t.origP,
    respH: t.respH,
    respP: t.respP,
    firstFrame: t.firstFrame,
    lastFrame: t.lastFrame,
    firstTsNs: t.firstTsNs,
    lastTsNs: t.lastTsNs,
    origPkts: t.origPkts,
    respPkts: t.respPkts,
    origBytes: t.origBytes,
    respBytes: t.respBytes,
    connState: 'OTH',
    history: '',
    names: policyNames(t.names),
    // The most recent answer naming the far end (answers come most recent first).
    name: t.names[0]?.value ?? null,
    nameFlags: [],
    tunnel: t.kind,
    dest,
  };
}

/** Name evidence as the policy reads it (NRB names, without a frame, at frame 0). */
export function policyNames(names: readonly NameEvidence[] | undefined): PolicyFlow['names'] {
  return (names ?? []).map((x) => ({ value: x.value, source: x.source, frame: x.frame ?? 0 }));
}

/** A DNS transaction as the policy sees it, with the evidence about its resolver. */
export function policyDns(t: DnsTransaction, geo: Geolocator): PolicyDnsQuery {
  return {
    client: t.client,
    resolver: t.resolver,
    resolverP: t.resolverPort,
    ipProto: t.transport === 'tcp' ? 6 : 17,
    query: t.query,
    qtype: t.qtype,
    frame: t.queryFrame ?? t.responseFrame ?? 0,
    tsNs: t.queryTsNs ?? t.responseTsNs ?? 0n,
    resolverGeo: geo.geolocate(t.resolver),
  };
}

/** Packets the capturing interfaces said they dropped (pcapng ISB if_drop + os_drop), null when no interface says. */
function interfaceDrops(c: CaptureSummary): number | null {
  let any = false;
  let drops = 0;
  for (const i of c.interfaces) {
    const st = i.statistics;
    if (st === undefined) continue;
    if (st.ifDrop !== null && st.ifDrop !== undefined) {
      any = true;
      drops += Number(st.ifDrop);
    }
    if (st.osDrop !== null && st.osDrop !== undefined) {
      any = true;
      drops += Number(st.osDrop);
    }
  }
  return any ? drops : null;
}

function captureContext(c: CaptureSummary, input: number): CaptureContext {
  const s = c.stop;
  const stop = s.kind === 'complete' ? { kind: s.kind } : { kind: s.kind, frame: s.atFrame, offset: s.atOffset, reason: s.reason };
  return { input, name: c.name, sha256: c.sha256, stop, interfaceDrops: interfaceDrops(c), firstTsNs: c.firstTsNs, lastTsNs: c.lastTsNs };
}

/** Caps hit and state lost while reading: each may hide evidence. */
function evidenceLossOf(a: Analysis): EvidenceLoss[] {
  const n = a.namesStats;
  const loss: EvidenceLoss[] = [
    { code: 'flow.evicted_at_cap', count: a.flowStats.evictedAtCap },
    // Folded flows and DNS queries (monitor mode, analyze beyond --max-report-flows) lose no evidence:
    // their judgements are in the verdict's counts and reasons (foldedJudgements), only their rows are not listed.
    { code: 'names.dns_map_evicted', count: n.dnsMapEvicted },
    { code: 'names.dns_transactions_dropped', count: n.dnsTransactionsDropped },
    { code: 'names.reassembly_cap', count: n.reassemblyCapHits },
    { code: 'names.reassembly_gap', count: n.reassemblyGaps },
    // A fragment whose datagram never completed was sent somewhere no flow records: it may hide a violation.
    { code: 'decoder.fragments_incomplete', count: a.coverage.fragmentsIncomplete },
    // A tunnel beyond the tunnel cap is not judged: what it carried to its far end is not seen.
    { code: 'tunnels.packets_untracked', count: a.tunnelPacketsUntracked ?? 0 },
  ];
  return loss.filter((l) => l.count > 0);
}

function contextOf(a: Analysis): EvaluationContext {
  const c = a.coverage;
  const unsupported = Object.values(c.framesUnsupportedLink).reduce((x, y) => x + y, 0);
  const notAnalysable: Record<string, number> = {};
  if (c.framesMalformed > 0) notAnalysable['malformed'] = c.framesMalformed;
  if (unsupported > 0) notAnalysable['unsupported_link'] = unsupported;
  if (c.fragmentsIncomplete > 0) notAnalysable['fragments_incomplete'] = c.fragmentsIncomplete;
  if (c.icmpErrorsUnattributed > 0) notAnalysable['icmp_errors_unattributed'] = c.icmpErrorsUnattributed;
  return {
    captures: a.captures.map(captureContext),
    coverage: {
      framesRead: c.framesRead,
      framesDecoded: c.framesRead - c.framesMalformed - unsupported - c.fragmentsIncomplete,
      framesInFlows: c.framesInFlows,
      notAnalysable,
    },
    evidenceLoss: evidenceLossOf(a),
  };
}
