/**
 * Monitor mode's judging: each flow is judged the moment its originator first sends payload
 * (with the names known by then: DNS before the flow, the SNI or Host in that very packet), and
 * again when it finishes (with its whole byte count, for thresholds above 0). A FAIL at either
 * point is an alert, raised once per flow. The final `evaluate` over the whole capture is still
 * the verdict of record.
 * @module pipeline/live
 */
import type { Packet } from '../decode/index.js';
import type { FlowRecord, LiveFlow } from '../flow/index.js';
import type { GeoEvidence, Geolocator } from '../geo/index.js';
import type { FlowNames } from '../names/index.js';
import type { FlowAssessment, LiveJudge, PolicyFlow } from '../policy/index.js';
import { flowUid } from '../flow/index.js';
import type { LiveHooks } from './analyze.js';
import { policyFlow, policyNames } from './assess.js';

/** One alert: the flow as known when it was raised, its names, the evidence and the judgement. */
export interface LiveAlert {
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

/** Counters for the status line. */
export interface LiveStats {
  readonly judgedLive: number;
  readonly judgedFinished: number;
  readonly alerts: number;
}

/** Builds the live hooks for `analyzeCaptures` from a judge, a geolocator and an alert sink. */
export class LiveMonitor {
  readonly #judge: LiveJudge;
  readonly #geo: Geolocator;
  readonly #onAlert: (a: LiveAlert) => void;
  /** First frames of flows already alerted (removed when the flow finishes). */
  readonly #alerted = new Set<number>();
  #judgedLive = 0;
  #judgedFinished = 0;
  #alerts = 0;

  /** Finished flows kept for the final report; beyond, PASS and IGNORED flows are folded (counted). */
  readonly #maxKept: number;
  #kept = 0;
  #keptInconclusive = 0;

  constructor(judge: LiveJudge, geo: Geolocator, onAlert: (a: LiveAlert) => void, maxKeptFlows = Number.POSITIVE_INFINITY) {
    this.#judge = judge;
    this.#geo = geo;
    this.#onAlert = onAlert;
    this.#maxKept = maxKeptFlows;
  }

  get stats(): LiveStats {
    return { judgedLive: this.#judgedLive, judgedFinished: this.#judgedFinished, alerts: this.#alerts };
  }

  /** The hooks to pass as `AnalyzeOptions.live`. */
  hooks(): LiveHooks {
    return {
      onFirstPayload: (flow, pkt, names) => this.#onFirstPayload(flow, pkt, names()),
      onFinished: (rec, names) => this.#onFinished(rec, names),
    };
  }

  #onFirstPayload(flow: LiveFlow, pkt: Packet, names: FlowNames): void {
    this.#judgedLive++;
    const evidence = this.#geo.geolocate(flow.respH);
    const pf = liveFlow(flow, pkt, names, evidence);
    const a = this.#judge.judgeFlow(pf);
    if (a.verdict !== 'FAIL') return;
    this.#alerted.add(flow.firstFrame);
    this.#alerts++;
    this.#onAlert({ when: 'first-payload', frame: pkt.frame, tsNs: pkt.tsNs, flow: pf, names, evidence, assessment: a, communityId: null });
  }

  /**
   * Judges the finished flow (alert on FAIL) and says whether the report keeps it: every flow up
   * to the limit; beyond it FAIL flows still (they are the evidence), INCONCLUSIVE ones up to the
   * limit again, and PASS/IGNORED ones are folded into counts so memory stays flat.
   */
  #onFinished(rec: FlowRecord, names: FlowNames): { keep: boolean; verdict: string } {
    const alerted = this.#alerted.delete(rec.firstFrame);
    let verdict = 'FAIL';
    if (!alerted) {
      this.#judgedFinished++;
      const evidence = this.#geo.geolocate(rec.respH);
      const pf = policyFlow(rec, names, evidence);
      const a = this.#judge.judgeFlow(pf);
      verdict = a.verdict;
      if (a.verdict === 'FAIL') {
        this.#alerts++;
        this.#onAlert({ when: 'finished', frame: rec.lastFrame, tsNs: rec.lastTsNs, flow: pf, names, evidence, assessment: a, communityId: rec.communityId });
      }
    }
    let keep = this.#kept < this.#maxKept || verdict === 'FAIL';
    if (!keep && verdict === 'INCONCLUSIVE' && this.#keptInconclusive < this.#maxKept) keep = true;
    if (keep) {
      this.#kept++;
      if (verdict === 'INCONCLUSIVE') this.#keptInconclusive++;
    }
    return { keep, verdict };
  }
}

/** A live flow as the policy sees it: the payload of the packet at hand is what is known to be sent. */
function liveFlow(f: LiveFlow, pkt: Packet, n: FlowNames, dest: GeoEvidence): PolicyFlow {
  return {
    uid: flowUid(f.firstFrame), proto: f.proto, ipProto: f.ipProto,
    origH: f.origH, origP: f.origP, respH: f.respH, respP: f.respP,
    firstFrame: f.firstFrame, lastFrame: f.lastFrame, firstTsNs: f.firstTsNs, lastTsNs: f.lastTsNs,
    origPkts: f.origPkts, respPkts: f.respPkts, origBytes: pkt.payloadLength, respBytes: 0,
    connState: 'OTH', history: '', names: policyNames(n), name: n.name, nameFlags: n.flags, dest,
  };
}
