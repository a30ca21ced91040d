/**
 * FlowTable: packets → bidirectional flows in Zeek conn.log semantics; finished flows → FlowRecords.
 *
 * Bounded (STYLE rule 8): at most `maxActiveFlows` live flows; at the cap the least recently seen
 * one is finished early ('evicted') and counted. Flows end by inactivity (per-protocol timeouts of
 * capture time, checked both on lookup and by `expireIdle`), a short linger after a TCP close,
 * TCP port reuse, eviction, or `flush()` at end of capture. Nothing is dropped silently: every
 * packet is counted in one flow, or attached as an ICMP error, or reported unattributed.
 * @module flow/table
 */
import { tsAfter, tsApprox, tsParts, type Limits } from '../core/index.js';
import type { Packet, QuotedPacket } from '../decode/index.js';
import { Flow, KIND_TCP, KIND_UDP } from './flow.js';
import { checkHistory, HIST_DATA_PKT } from './history.js';
import { ipBytes } from './ip-bytes.js';
import { FlowIndex, sameKey, ScratchKey, setKey, vlanKey } from './key.js';
import { PacketKey, setPacketKey } from './packet-key.js';
import { ActivityList } from './lru.js';
import { buildRecord } from './record.js';
import { IPPROTO_SCTP, protoName } from './registry.js';
import { tcpClosed, TH_ACK, TH_RST, TH_SYN } from './tcp-endpoint.js';
import { applyTcpSegment } from './tcp-segment.js';
import type { Direction, EndReason, FlowObservation, FlowRecord, FlowTableOptions, FlowTableStats, LiveFlow } from './types.js';

/** Zeek's tcp_close_delay: how long a closed connection still collects packets. */
const DEFAULT_CLOSED_LINGER_NS = 5_000_000_000n;
const LIST_TCP = 0;
const LIST_UDP = 1;
const LIST_OTHER = 2;
const LIST_CLOSED = 3;
/** Shared empty VLAN / tunnel list of untagged, untunnelled flows (never mutated). */
const NONE: readonly never[] = Object.freeze([]);

/** The reused 'flow' observation (BORROWED until the next observe). */
interface FlowObs { kind: 'flow'; flow: LiveFlow; dir: Direction; isNew: boolean }

/** Live flows of one capture. */
export class FlowTable {
  readonly #flows = new FlowIndex<Flow>();
  readonly #lists: readonly ActivityList<Flow>[] = [0, 1, 2, 3].map((i) => new ActivityList<Flow>(i));
  readonly #timeouts: readonly number[];
  readonly #maxFlows: number;
  readonly #maxSamples: number;
  readonly #sink: ((r: FlowRecord, annex: unknown, origMac: number) => void) | undefined;
  readonly #onL2: FlowTableOptions['onL2Source'];
  #queue: FlowRecord[] = [];
  readonly #s = new PacketKey();
  /** Scratch key for ICMP error lookups. */
  readonly #q = new ScratchKey();
  #obs: FlowObs | null = null;
  /** Flow of the previous packet (one-entry lookup cache), null once finished. */
  #last: Flow | null = null;
  /** The current packet's time (core tsApprox), for the helpers of `observe`. */
  #t = 0.5;
  #created = 0;
  #finished = 0;
  #evicted = 0;
  #idle = 0;
  #lingered = 0;
  #reuse = 0;
  #icmpAttached = 0;
  #icmpUnattributed = 0;

  /** A table bounded by `limits.maxActiveFlows`, with the idle timeouts of `limits`. */
  constructor(limits: Limits, options: FlowTableOptions = {}) {
    this.#maxFlows = Math.max(1, limits.maxActiveFlows);
    this.#maxSamples = limits.maxFlowSampleFrames;
    this.#sink = options.onFinished;
    this.#onL2 = options.onL2Source;
    this.#timeouts = [limits.tcpIdleTimeoutNs, limits.udpIdleTimeoutNs, limits.otherIdleTimeoutNs,
      options.closedLingerNs ?? DEFAULT_CLOSED_LINGER_NS].map(Number);
  }

  /** Counts `pkt` into its flow (creating or replacing flows as needed) and says where it went. */
  observe(pkt: Packet): FlowObservation {
    const tr = pkt.transport;
    if (tr !== null && (tr.proto === 'icmp' || tr.proto === 'icmpv6') && tr.quoted !== undefined) {
      return this.#icmpError(pkt, tr.quoted);
    }
    const s = this.#s;
    setPacketKey(s, pkt);
    // The packet's time as a double, kept in a field: passed as an argument it would be boxed
    // (a heap number per packet) wherever a call is not inlined.
    this.#t = tsApprox(pkt.tsSec, pkt.tsNsec);
    // Packets come in bursts of one flow: try the previous packet's flow before the index.
    const last = this.#last;
    let flow = last !== null && sameKey(last, s) ? last : this.#flows.get(s);
    if (flow !== undefined && this.#mustEnd(flow, pkt)) flow = undefined;
    const isNew = flow === undefined;
    if (flow === undefined) flow = this.#create(pkt);
    // The packet's sender is the originator when it is the key's endpoint the originator is.
    const isOrig = s.sameEnds || s.srcFirst === flow.origIsA;
    this.#count(flow, pkt, isOrig);
    this.#last = flow;
    const obs = this.#obs ??= { kind: 'flow', flow, dir: 'orig', isNew };
    obs.flow = flow;
    obs.dir = isOrig ? 'orig' : 'resp';
    obs.isNew = isNew;
    return obs;
  }

  /** Finishes flows idle for longer than their timeout at capture time `nowNs`; returns queued records. */
  expireIdle(nowNs: bigint): FlowRecord[] {
    const p = tsParts(nowNs);
    const now = tsApprox(p.sec, p.nsec);
    for (const list of this.#lists) {
      const timeout = this.#timeouts[list.id] ?? 0;
      while (list.head !== null && now - list.head.lastT >= timeout) {
        this.#expire(list.head);
      }
    }
    return this.takeFinished();
  }

  /** Finishes every live flow (end of capture); returns queued records. */
  flush(): FlowRecord[] {
    for (const list of this.#lists) {
      while (list.head !== null) this.#finish(list.head, 'end-of-capture');
    }
    return this.takeFinished();
  }

  /**
   * Records of the flows still live, as they stand now (end reason 'active'), with the annex of
   * each; nothing is finished or changed. For reports written while a capture is still read.
   */
  liveRecords(): { readonly rec: FlowRecord; readonly flow: LiveFlow }[] {
    const out: { rec: FlowRecord; flow: LiveFlow }[] = [];
    for (const list of this.#lists) {
      for (let f = list.head; f !== null; f = f.next) out.push({ rec: buildRecord(f, 'active'), flow: f });
    }
    return out;
  }

  /** Records finished so far and not yet returned (always empty when an `onFinished` sink is set). */
  takeFinished(): FlowRecord[] {
    const q = this.#queue;
    this.#queue = [];
    return q;
  }

  /** Counters for the report. */
  get stats(): FlowTableStats {
    return {
      active: this.#flows.size,
      created: this.#created,
      finished: this.#finished,
      evictedAtCap: this.#evicted,
      expiredIdle: this.#idle,
      closedAfterLinger: this.#lingered,
      portReuse: this.#reuse,
      icmpErrorsAttached: this.#icmpAttached,
      icmpErrorsUnattributed: this.#icmpUnattributed,
    };
  }

  /** Ends `flow` before `pkt` when it went idle or a new TCP connection reuses its ports. */
  #mustEnd(flow: Flow, pkt: Packet): boolean {
    const t = this.#t;
    if (t - flow.lastT >= (this.#timeouts[flow.list] ?? 0)) {
      this.#expire(flow);
      return true;
    }
    const tr = pkt.transport;
    if (!flow.closed || tr === null || tr.proto !== 'tcp' || (tr.flags & (TH_SYN | TH_ACK | TH_RST)) !== TH_SYN) return false;
    // A retransmission of the originator's own SYN (same ISN) is not a new connection.
    const s = this.#s;
    const fromOrig = s.sameEnds || s.srcFirst === flow.origIsA;
    if (fromOrig && flow.tcpOrig !== null && tr.seq >>> 0 === flow.tcpOrig.startSeq) return false;
    this.#reuse++;
    this.#finish(flow, 'port-reuse');
    return true;
  }

  /** Starts a flow for `pkt` (evicting at the cap); the first packet's sender is the originator, except a SYN-ACK's. */
  #create(pkt: Packet): Flow {
    const t = this.#t;
    if (this.#flows.size >= this.#maxFlows) this.#evictOldest();
    const s = this.#s;
    const tr = pkt.transport;
    // Zeek flips a connection whose first packet is a SYN-ACK: its receiver sent the (missed) SYN.
    const flip = tr !== null && tr.proto === 'tcp' && (tr.flags & (TH_SYN | TH_ACK)) === (TH_SYN | TH_ACK);
    const flow = new Flow({
      seq: ++this.#created,
      key: s,
      kind: s.kind,
      proto: protoName(pkt.ipProto),
      ipProto: pkt.ipProto,
      ipVersion: pkt.ipVersion,
      origH: flip ? pkt.dst : pkt.src,
      origP: flip ? s.dport : s.sport,
      respH: flip ? pkt.src : pkt.dst,
      respP: flip ? s.sport : s.dport,
      hasPorts: s.hasPorts,
      vlan: pkt.vlan.length === 0 ? NONE : [...pkt.vlan],
      tunnels: pkt.tunnels.length === 0 ? NONE : [...pkt.tunnels],
      firstFrame: pkt.frame,
      firstTsNs: pkt.tsNs,
      history: flip ? '^' : '',
    }, t, flip ? !s.srcFirst : s.srcFirst, pkt.tsSec, pkt.tsNsec, pkt.tsExact);
    this.#flows.add(flow);
    this.#lists[s.kind === KIND_TCP ? LIST_TCP : s.kind === KIND_UDP ? LIST_UDP : LIST_OTHER]!.push(flow);
    return flow;
  }

  /** Adds `pkt` to `flow`'s counters and protocol state; refreshes its place in the activity list. */
  #count(flow: Flow, pkt: Packet, isOrig: boolean): void {
    const t = this.#t;
    const mac = pkt.srcMac;
    if (isOrig) {
      flow.origPkts++;
      flow.origIpBytes += pkt.ipLength;
      if (mac >= 0 && flow.origMac < 0) {
        flow.origMac = mac;
        this.#onL2?.(mac, flow.origH, flow.ipVersion);
      }
    } else {
      flow.respPkts++;
      flow.respIpBytes += pkt.ipLength;
      if (mac >= 0 && flow.respMac < 0) {
        flow.respMac = mac;
        this.#onL2?.(mac, flow.respH, flow.ipVersion);
      }
    }
    flow.lastFrame = pkt.frame;
    // Keep the later timestamp (exact, on numbers: no BigInt per packet).
    if (tsAfter(pkt.tsSec, pkt.tsNsec, pkt.tsExact, flow.lastSec, flow.lastNsec, flow.lastExact)) {
      flow.lastSec = pkt.tsSec;
      flow.lastNsec = pkt.tsNsec;
      flow.lastExact = pkt.tsExact;
      if (t > flow.lastT) flow.lastT = t;
    }
    if (flow.sampleFrames.length < this.#maxSamples) flow.sampleFrames.push(pkt.frame);
    const tr = pkt.transport;
    if (tr !== null && tr.proto === 'tcp' && flow.tcpOrig !== null && flow.tcpResp !== null) {
      applyTcpSegment(flow, flow.tcpOrig, flow.tcpResp, isOrig, tr, pkt.payloadLength);
      if (!flow.closed && tcpClosed(flow.tcpOrig, flow.tcpResp)) {
        flow.closed = true;
        this.#lists[flow.list]!.remove(flow);
        this.#lists[LIST_CLOSED]!.push(flow);
        return;
      }
    } else {
      if (flow.kind === KIND_UDP) checkHistory(flow, HIST_DATA_PKT, 'D', isOrig);
      if (isOrig) flow.origPayload += pkt.payloadLength;
      else flow.respPayload += pkt.payloadLength;
    }
    this.#lists[flow.list]!.touch(flow);
  }

  /** Attaches an ICMP error to the flow of the packet it quotes (either direction, same VLANs). */
  #icmpError(pkt: Packet, q: QuotedPacket): FlowObservation {
    const needsPorts = q.ipProto === 6 || q.ipProto === 17 || q.ipProto === IPPROTO_SCTP;
    const isIcmp = q.ipProto === 1 || q.ipProto === 58;
    if (isIcmp || (needsPorts && (q.srcPort === undefined || q.dstPort === undefined))) {
      this.#icmpUnattributed++;
      return { kind: 'icmp-error-unattributed', reason: 'no-ports' };
    }
    // Rare: the quote's addresses are text, so parse them back to bytes for the key.
    const src = ipBytes(q.ipVersion, q.src);
    const dst = ipBytes(q.ipVersion, q.dst);
    setKey(this.#q, q.ipVersion, q.ipProto, false, src, 0, q.srcPort ?? 0, dst, 0, q.dstPort ?? 0, vlanKey(pkt.vlan));
    const flow = this.#flows.get(this.#q);
    if (flow === undefined) {
      this.#icmpUnattributed++;
      return { kind: 'icmp-error-unattributed', reason: 'no-flow' };
    }
    flow.icmpErrors++;
    this.#icmpAttached++;
    return { kind: 'icmp-error', flow };
  }

  /** Finishes the least recently seen flow of all lists (the cap is full). */
  #evictOldest(): void {
    let oldest: Flow | null = null;
    for (const list of this.#lists) {
      const h = list.head;
      if (h !== null && (oldest === null || h.lastT < oldest.lastT)) oldest = h;
    }
    if (oldest === null) return;
    this.#evicted++;
    this.#finish(oldest, 'evicted');
  }

  /** Timeout reached: 'closed' after a TCP close's linger, else 'idle'. */
  #expire(flow: Flow): void {
    if (flow.list === LIST_CLOSED) {
      this.#lingered++;
      this.#finish(flow, 'closed');
    } else {
      this.#idle++;
      this.#finish(flow, 'idle');
    }
  }

  #finish(flow: Flow, reason: EndReason): void {
    this.#flows.delete(flow);
    if (this.#last === flow) this.#last = null;
    this.#lists[flow.list]?.remove(flow);
    this.#finished++;
    const rec = buildRecord(flow, reason);
    if (this.#sink !== undefined) this.#sink(rec, flow.annex, flow.origMac);
    else this.#queue.push(rec);
  }
}


