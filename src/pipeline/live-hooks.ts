/**
 * What analyze calls while a capture is still being read, so flows, DNS transactions and tunnels
 * can be judged as they appear (monitor mode, and analyze once it folds).
 * @module pipeline/live-hooks
 */
import type { Packet } from '../decode/index.js';
import type { FlowRecord, LiveFlow } from '../flow/index.js';
import type { DnsTransaction, FlowNames } from '../names/index.js';
import type { DnsDraft, FlowAssessment, PolicyFlow } from '../policy/index.js';
import type { TunnelRecord } from '../report/index.js';

/** Callbacks for judging flows while the capture is still being read. */
export interface LiveHooks {
  /** The first packet with payload from the originator; `names()` says what is known of the flow's names now. */
  readonly onFirstPayload: (flow: LiveFlow, pkt: Packet, names: () => FlowNames) => void;
  /**
   * A flow finished (FIN/RST linger, idle timeout, eviction, end of capture). Returns false to
   * fold it (count it by `verdict` instead of keeping it for the report), true to keep it.
   */
  readonly onFinished: (rec: FlowRecord, names: FlowNames) => FinishedVerdict;
  /**
   * A DNS transaction completed (response seen, or its flow ended unanswered); its `flowUid` is not
   * known yet. Returns false to fold it (count it by `verdict`), true to keep it for the report.
   */
  readonly onDnsTransaction?: (t: DnsTransaction) => DnsVerdict;
  /**
   * Drop DNS answers whose TTL (plus grace and a margin) has passed in capture time, so a
   * long-running monitor's answer map stays flat. Only for a live stream, which arrives in time
   * order: `analyze` may read captures merged out of time order, and keeps every answer.
   */
  readonly expireDnsAnswers?: boolean;
  /**
   * An outer tunnel was first seen (its first packet counted, sent by its originator): monitor
   * mode judges it as a flow to its far end, as the final report will.
   */
  readonly onNewTunnel?: (t: TunnelRecord, pkt: Packet) => void;
  /**
   * After its first payload, the flow asked its proxy for a destination it had not asked for yet
   * (another absolute-form request on a keep-alive connection, another destination through a SOCKS
   * UDP relay): monitor mode judges the flow's proxied requests again with this packet.
   */
  readonly onNewProxied?: (flow: LiveFlow, pkt: Packet, names: () => FlowNames) => void;
  /**
   * After its first payload, the flow's names changed in a way that can change its verdict (a
   * ClientHello sent again with other bytes and another SNI): monitor mode judges the flow again,
   * itself and its proxied requests, with this packet.
   */
  readonly onNewNames?: (flow: LiveFlow, pkt: Packet, names: () => FlowNames) => void;
}

/**
 * What the live hooks made of a finished flow: keep it for the report, or fold it (count it by
 * `verdict`); `judged` are the judgements behind it (the flow's, its proxied requests'), whose
 * destinations a folded flow still adds to the destinations table.
 */
export interface FinishedVerdict {
  readonly keep: boolean;
  readonly verdict: string;
  readonly judged?: readonly { readonly flow: PolicyFlow; readonly assessment: FlowAssessment }[];
}

/**
 * What the live hooks made of a completed DNS transaction: keep it, or fold it (count it by
 * `verdict`); `judged` is its judgement (absent when the policy does not count the query), which a
 * folded one still adds to its resolver's destination and to the verdict's counts and reasons.
 */
export interface DnsVerdict {
  readonly keep: boolean;
  readonly verdict: string;
  readonly judged?: DnsDraft;
}
