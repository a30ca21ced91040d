/**
 * Monitor mode's judging: each flow is judged the moment its originator first sends payload
 * (with the names known by then: DNS before the flow, the SNI or Host in that very packet), and
 * again when it finishes (with its whole byte count, for thresholds above 0). A FAIL at either
 * point is an alert, raised once per flow. Each DNS transaction is judged when it completes, as
 * the final report judges DNS queries; a violating query is an alert unless the flow carrying it
 * already raised one (with a payload threshold above 0 that flow may well pass). The final
 * `evaluate` over the whole capture is still the verdict of record.
 * @module pipeline/live
 */
import type { Packet } from '../decode/index.js';
import type { FlowRecord, LiveFlow } from '../flow/index.js';
import type { GeoEvidence, Geolocator } from '../geo/index.js';
import type { DnsTransaction, FlowNames } from '../names/index.js';
import type { DnsQueryAssessment, FlowAssessment, LiveJudge, PolicyFlow } from '../policy/index.js';
import { communityId, flowUid } from '../flow/index.js';
import { formatMac } from '../core/index.js';
import type { DnsVerdict, FinishedVerdict, LiveHooks } from './live-hooks.js';
import type { TunnelRecord } from '../report/index.js';
import { policyDns, policyFlow, policyNames, proxiedFrom, tunnelFlow } from './assess.js';

/** One flow alert: the flow as known when it was raised, its names, the evidence and the judgement. */
export interface LiveFlowAlert {
  /** 'first-payload' (raised while the flow was live) or 'finished'. */
  readonly when: 'first-payload' | 'finished';
  /** Frame and capture time of the packet that raised it. */
  readonly frame: number;
  readonly tsNs: bigint;
  readonly flow: PolicyFlow;
  readonly names: FlowNames;
  readonly evidence: GeoEvidence;
  readonly assessment: FlowAssessment;
  /** The flow's Community ID, when known (finished flows). */
  readonly communityId: string | null;
}

/** One DNS alert: a query to a resolver the policy does not permit (its `flowUid` is not known yet). */
export interface LiveDnsAlert {
  readonly when: 'dns';
  /** The response frame (the query frame for a query left unanswered). */
  readonly frame: number;
  readonly tsNs: bigint;
  readonly transaction: DnsTransaction;
  /** What the databases say about the resolver. */
  readonly evidence: GeoEvidence;
  readonly assessment: DnsQueryAssessment;
}

/** An alert, told apart by `when`. */
export type LiveAlert = LiveFlowAlert | LiveDnsAlert;

/**
 * FAIL records (flows, DNS transactions) kept beyond the limit of records kept: they are the
 * evidence, but a leak that goes on for days must not fill the memory either. Past this many the
 * verdict is FAIL many times over; later FAIL records are counted (`folded.fail`) and their
 * destinations still go to the destinations table.
 */
export const MAX_KEPT_FAIL = 100_000;

/** Kept-or-folded bookkeeping of one kind of record (finished flows, DNS transactions). */
class KeepBudget {
  readonly #max: number;
  readonly #maxInconclusive: number;
  readonly #maxFail: number;
  #kept = 0;
  #keptInconclusive = 0;
  #keptFail = 0;

  constructor(max: number, maxInconclusive = max, maxFail = MAX_KEPT_FAIL) {
    this.#max = max;
    this.#maxInconclusive = maxInconclusive;
    this.#maxFail = maxFail;
  }

  /**
   * Every record up to the limit; beyond it FAIL ones still (they are the evidence) up to
   * `maxFail` of them, INCONCLUSIVE ones up to `maxInconclusive`, and the rest (PASS, IGNORED, and
   * those past their budget) are folded into counts so memory stays flat.
   */
  keep(verdict: string): boolean {
    let keep = this.#kept < this.#max;
    if (!keep && verdict === 'FAIL' && this.#keptFail < this.#maxFail) keep = true;
    if (!keep && verdict === 'INCONCLUSIVE' && this.#keptInconclusive < this.#maxInconclusive) keep = true;
    if (keep) {
      this.#kept++;
      if (verdict === 'INCONCLUSIVE') this.#keptInconclusive++;
      if (verdict === 'FAIL') this.#keptFail++;
    }
    return keep;
  }
}

/** Counters for the status line. */
export interface LiveStats {
  readonly judgedLive: number;
  readonly judgedFinished: number;
  readonly judgedDns: number;
  readonly alerts: number;
}

/** Builds the live hooks for `analyzeCaptures` from a judge, a geolocator and an alert sink. */
export class LiveMonitor {
  readonly #judge: LiveJudge;
  readonly #geo: Geolocator;
  readonly #onAlert: (a: LiveAlert) => void;
  /** First frames of flows already alerted (removed when the flow finishes). */
  readonly #alerted = new Set<number>();
  /** The same flows by 5-tuple (with how many), so a DNS query they carried is not alerted a second time. */
  readonly #alertedTuples = new Map<string, number>();
  #judgedLive = 0;
  #judgedFinished = 0;
  #judgedDns = 0;
  #alerts = 0;

  /** Finished flows and DNS transactions kept for the final report; beyond, PASS and IGNORED ones are folded (counted). */
  readonly #flows: KeepBudget;
  readonly #dns: KeepBudget;

  constructor(
    judge: LiveJudge, geo: Geolocator, onAlert: (a: LiveAlert) => void,
    maxKeptFlows = Number.POSITIVE_INFINITY, maxKeptDns = maxKeptFlows, maxKeptInconclusiveFlows = maxKeptFlows,
    maxKeptFail = MAX_KEPT_FAIL,
  ) {
    this.#judge = judge;
    this.#geo = geo;
    this.#onAlert = onAlert;
    this.#flows = new KeepBudget(maxKeptFlows, maxKeptInconclusiveFlows, maxKeptFail);
    this.#dns = new KeepBudget(maxKeptDns, maxKeptDns, maxKeptFail);
  }

  get stats(): LiveStats {
    return { judgedLive: this.#judgedLive, judgedFinished: this.#judgedFinished, judgedDns: this.#judgedDns, alerts: this.#alerts };
  }

  /** The hooks to pass as `AnalyzeOptions.live`. */
  hooks(): LiveHooks {
    return {
      onFirstPayload: (flow, pkt, names) => this.#onFirstPayload(flow, pkt, names()),
      onFinished: (rec, names) => this.#onFinished(rec, names),
      onDnsTransaction: (t) => this.#onDns(t),
      expireDnsAnswers: true,
      onNewTunnel: (t, pkt) => this.#onNewTunnel(t, pkt),
      onNewProxied: (flow, pkt, names) => this.#onNewProxied(flow, pkt, names()),
      onNewNames: (flow, pkt, names) => this.#onNewNames(flow, pkt, names()),
    };
  }

  /** A new outer tunnel: judged as a flow to its far end with its first packet; alert on FAIL. */
  #onNewTunnel(t: TunnelRecord, pkt: Packet): void {
    this.#judgedLive++;
    const pf = tunnelFlow(t, this.#geo.geolocate(t.respH));
    const a = this.#judge.judgeFlow(pf);
    if (a.verdict !== 'FAIL') return;
    this.#alerts++;
    const names: FlowNames = t.names.length === 0 ? NO_NAMES : { ...NO_NAMES, names: t.names, name: t.names[0]!.value, nameSource: 'dns' };
    this.#onAlert({ when: 'first-payload', frame: pkt.frame, tsNs: pkt.tsNs, flow: pf, names, evidence: pf.dest, assessment: a, communityId: null });
  }

  #onFirstPayload(flow: LiveFlow, pkt: Packet, names: FlowNames): void {
    this.#judgedLive++;
    this.#judgeLive(flow, pkt, names, true);
  }

  /** New proxied destinations after the first payload: judged with this packet, unless the flow alerted already. */
  #onNewProxied(flow: LiveFlow, pkt: Packet, names: FlowNames): void {
    if (this.#alerted.has(flow.firstFrame)) return;
    this.#judgeLive(flow, pkt, names, false);
  }

  /** The flow's names changed after its first payload (a ClientHello sent again): judged again, itself too. */
  #onNewNames(flow: LiveFlow, pkt: Packet, names: FlowNames): void {
    if (this.#alerted.has(flow.firstFrame)) return;
    this.#judgeLive(flow, pkt, names, true);
  }

  /** Judges a live flow (`withBase`: the flow itself too) and its proxied requests; alerts on the first FAIL. */
  #judgeLive(flow: LiveFlow, pkt: Packet, names: FlowNames, withBase: boolean): void {
    const evidence = this.#geo.geolocate(flow.respH);
    const base = liveFlow(flow, pkt, names, evidence);
    let pf = base;
    let a: FlowAssessment | null = withBase ? this.#judge.judgeFlow(pf) : null;
    if (a?.verdict !== 'FAIL') a = null;
    // A request to a proxy: judged where it goes (its first payload is the CONNECT, SOCKS or absolute-form request).
    if (a === null && names.proxied !== undefined) {
      for (const p of proxiedFrom({ ...base, origBytes: Math.max(base.origBytes, pkt.payloadLength) }, names, this.#geo)) {
        const pa = this.#judge.judgeFlow(p);
        if (pa.verdict === 'FAIL') {
          pf = p;
          a = pa;
          break;
        }
      }
    }
    if (a === null) return;
    this.#alerted.add(flow.firstFrame);
    // The flow on the wire (the connection to the proxy, when a proxied request failed): #onFinished
    // removes this key with the finished record's tuple, and DNS alerts look their carrier up by it.
    const key = tupleKey(base.proto, base.origH, base.origP, base.respH, base.respP);
    this.#alertedTuples.set(key, (this.#alertedTuples.get(key) ?? 0) + 1);
    this.#alerts++;
    // A proxied request is not a flow on the wire: its alert carries the connection to the proxy's Community ID.
    const wireId = pf === base ? null : communityId({ ipVersion: flow.ipVersion, src: flow.origH, dst: flow.respH, ipProto: flow.ipProto, srcPort: flow.origP, dstPort: flow.respP });
    this.#onAlert({ when: 'first-payload', frame: pkt.frame, tsNs: pkt.tsNs, flow: pf, names, evidence: pf.dest, assessment: a, communityId: wireId });
  }

  /** Judges the finished flow (alert on FAIL) and says whether the report keeps it (see KeepBudget). */
  #onFinished(rec: FlowRecord, names: FlowNames): FinishedVerdict {
    const alerted = this.#alerted.delete(rec.firstFrame);
    if (alerted) {
      const key = tupleKey(rec.proto, rec.origH, rec.origP, rec.respH, rec.respP);
      const n = this.#alertedTuples.get(key) ?? 0;
      if (n > 1) this.#alertedTuples.set(key, n - 1);
      else this.#alertedTuples.delete(key);
    }
    let verdict = 'FAIL';
    const judged: { flow: PolicyFlow; assessment: FlowAssessment }[] = [];
    const evidence = this.#geo.geolocate(rec.respH);
    const pf = policyFlow(rec, names, evidence);
    this.#judgedFinished++;
    const own = this.#judge.judgeFlow(pf);
    // An alerted flow stays FAIL (its alert stands); its judgement at the end still goes on record, so
    // that a folded one is counted in its destination and in the verdict's counts and reasons.
    judged.push({ flow: pf, assessment: own });
    if (!alerted) {
      verdict = own.verdict;
      if (own.verdict === 'FAIL') {
        this.#alerts++;
        this.#onAlert({ when: 'finished', frame: rec.lastFrame, tsNs: rec.lastTsNs, flow: pf, names, evidence, assessment: own, communityId: rec.communityId });
      }
    }
    // Requests carried on by an HTTP proxy are judged as flows to the requested host: a FAIL there
    // alerts, and the worst of them decides whether the report keeps the proxy flow.
    if (names.proxied !== undefined) {
      for (const p of proxiedFrom(pf, names, this.#geo)) {
        const a = this.#judge.judgeFlow(p);
        judged.push({ flow: p, assessment: a });
        // One alert per flow: a flow alerted at its first payload is not alerted again here.
        if (a.verdict === 'FAIL' && !alerted) {
          this.#alerts++;
          this.#onAlert({ when: 'finished', frame: rec.lastFrame, tsNs: rec.lastTsNs, flow: p, names, evidence: p.dest, assessment: a, communityId: rec.communityId });
        }
        verdict = worseVerdict(verdict, a.verdict);
      }
    }
    return { keep: this.#flows.keep(verdict), verdict, judged };
  }

  /**
   * Judges a completed DNS transaction as the final report does (IGNORED when the policy does not
   * count it: not a monitored client's, or a local resolver), alerts on FAIL unless its flow was
   * alerted, and says whether the report keeps it (see KeepBudget).
   */
  #onDns(t: DnsTransaction): DnsVerdict {
    this.#judgedDns++;
    const q = policyDns(t, this.#geo);
    const judged = this.#judge.judgeDns(q);
    const a = judged?.assessment;
    const verdict = a === undefined ? 'IGNORED' : a.verdict;
    if (a !== undefined && verdict === 'FAIL' && !this.#carrierAlerted(t)) {
      this.#alerts++;
      const [frame, tsNs] = t.responseFrame === null ? [q.frame, q.tsNs] : [t.responseFrame, t.responseTsNs ?? q.tsNs];
      this.#onAlert({ when: 'dns', frame, tsNs, transaction: t, evidence: q.resolverGeo, assessment: a });
    }
    return { keep: this.#dns.keep(verdict), verdict, ...(judged === undefined ? {} : { judged }) };
  }

  /** Whether a live flow between the client and the resolver (either way round) has raised an alert. */
  #carrierAlerted(t: DnsTransaction): boolean {
    if (this.#alertedTuples.size === 0) return false;
    return this.#alertedTuples.has(tupleKey(t.transport, t.client, t.clientPort, t.resolver, t.resolverPort)) ||
      this.#alertedTuples.has(tupleKey(t.transport, t.resolver, t.resolverPort, t.client, t.clientPort));
  }
}

/** An endpoint with no names (a tunnel's far end that no DNS answer named). */
const NO_NAMES: FlowNames = Object.freeze({ names: [], name: null, nameSource: null, flags: [], alpn: [], service: null });

const VERDICT_RANK: Readonly<Record<string, number>> = { IGNORED: 0, PASS: 1, INCONCLUSIVE: 2, FAIL: 3 };

/** The worse of two flow verdicts (FAIL over INCONCLUSIVE over PASS over IGNORED). */
function worseVerdict(a: string, b: string): string {
  return (VERDICT_RANK[b] ?? 0) > (VERDICT_RANK[a] ?? 0) ? b : a;
}

function tupleKey(proto: string, a: string, aPort: number, b: string, bPort: number): string {
  return `${proto} ${a} ${aPort} ${b} ${bPort}`;
}

/** A live flow as the policy sees it: the payload of the packet at hand is what is known to be sent. */
function liveFlow(f: LiveFlow, pkt: Packet, n: FlowNames, dest: GeoEvidence): PolicyFlow {
  return {
    uid: flowUid(f.firstFrame), proto: f.proto, ipProto: f.ipProto,
    origMac: f.origMac < 0 ? undefined : formatMac(f.origMac),
    origSameHost: n.sameHost,
    origH: f.origH, origP: f.origP, respH: f.respH, respP: f.respP,
    firstFrame: f.firstFrame, lastFrame: f.lastFrame, firstTsNs: f.firstTsNs, lastTsNs: f.lastTsNs,
    origPkts: f.origPkts, respPkts: f.respPkts, origBytes: Math.max(f.origBytesNow(), pkt.payloadLength), respBytes: 0,
    connState: 'OTH', history: '', names: policyNames(n.names), name: n.name, nameFlags: n.flags, dest,
  };
}
