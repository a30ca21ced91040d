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
import type { Limits } from '../core/index.js';
import type { Packet, QuotedPacket } from '../decode/index.js';
import { Flow, KIND_ICMP, KIND_OTHER, KIND_TCP, KIND_UDP, type FlowKind } from './flow.js';
import { checkHistory, HIST_DATA_PKT } from './history.js';
import { icmpCounterpart } from './icmp.js';
import { FlowIndex, setFlowKey, setOneWayKey, vlanKey, type KeyParts } from './key.js';
import { ActivityList } from './lru.js';
import { buildRecord } from './record.js';
import { IPPROTO_SCTP, protoName } from './registry.js';
import { tcpClosed, TH_ACK, TH_RST, TH_SYN } from './tcp-endpoint.js';
import { applyTcpSegment } from './tcp-segment.js';
import type { EndReason, FlowObservation, FlowRecord, FlowTableOptions, FlowTableStats } from './types.js';

/** Zeek's tcp_close_delay: how long a closed connection still collects packets. */
const DEFAULT_CLOSED_LINGER_NS = 5_000_000_000n;
const LIST_TCP = 0;
const LIST_UDP = 1;
const LIST_OTHER = 2;
const LIST_CLOSED = 3;

/** Per-packet scratch filled by #keyOf (no allocation per packet). */
interface Scratch extends KeyParts { kind: FlowKind; sport: number; dport: number; hasPorts: boolean }

/** Live flows of one capture. */
export class FlowTable {
  readonly #flows = new FlowIndex<Flow>();
  readonly #lists: readonly ActivityList<Flow>[] = [0, 1, 2, 3].map((i) => new ActivityList<Flow>(i));
  readonly #timeouts: readonly number[];
  readonly #maxFlows: number;
  readonly #maxSamples: number;
  readonly #sink: ((r: FlowRecord) => void) | undefined;
  #queue: FlowRecord[] = [];
  readonly #s: Scratch = { k1: '', k2: '', k3: 0, kind: KIND_OTHER, sport: 0, dport: 0, hasPorts: false };
  /** Scratch key for ICMP error lookups. */
  readonly #q: KeyParts = { k1: '', k2: '', k3: 0 };
  /** Flow of the previous packet (one-entry lookup cache), null once finished. */
  #last: Flow | null = null;
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
    this.#keyOf(pkt);
    const t = Number(pkt.tsNs);
    // Packets come in bursts of one flow: try the previous packet's flow before the index.
    const last = this.#last;
    let flow = last !== null && last.key.k3 === s.k3 && last.key.k2 === s.k2 && last.key.k1 === s.k1 ? last : this.#flows.get(s);
    if (flow !== undefined && this.#mustEnd(flow, pkt, t)) flow = undefined;
    const isNew = flow === undefined;
    if (flow === undefined) flow = this.#create(pkt);
    const isOrig = pkt.src === flow.origH && s.sport === flow.origP;
    this.#count(flow, pkt, isOrig, t);
    this.#last = flow;
    return { kind: 'flow', flow, dir: isOrig ? 'orig' : 'resp', isNew };
  }

  /** Finishes flows idle for longer than their timeout at capture time `nowNs`; returns queued records. */
  expireIdle(nowNs: bigint): FlowRecord[] {
    const now = Number(nowNs);
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

  /** Fills #s with the packet's flow key, kind and (sender-side) ports. */
  #keyOf(pkt: Packet): void {
    const s = this.#s;
    const tr = pkt.transport;
    const vl = vlanKey(pkt.vlan);
    s.hasPorts = true;
    if (tr === null) {
      s.kind = KIND_OTHER;
      s.sport = 0;
      s.dport = 0;
      s.hasPorts = false;
      if (pkt.ipProto === IPPROTO_SCTP && pkt.payload.length >= 4) {
        // SCTP common header (RFC 9260 §3.1): source and destination port first.
        const p = pkt.payload;
        s.sport = (p[0]! << 8) | p[1]!;
        s.dport = (p[2]! << 8) | p[3]!;
        s.hasPorts = true;
      }
    } else if (tr.proto === 'tcp' || tr.proto === 'udp') {
      s.kind = tr.proto === 'tcp' ? KIND_TCP : KIND_UDP;
      s.sport = tr.srcPort;
      s.dport = tr.dstPort;
    } else {
      s.kind = KIND_ICMP;
      s.sport = tr.type;
      const counter = icmpCounterpart(pkt.ipVersion, tr.type);
      if (counter < 0) {
        s.dport = tr.code;
        setOneWayKey(s, pkt.ipProto, pkt.src, tr.type, pkt.dst, tr.code, vl);
        return;
      }
      s.dport = counter;
    }
    setFlowKey(s, pkt.ipProto, pkt.src, s.sport, pkt.dst, s.dport, vl);
  }

  /** Ends `flow` before `pkt` when it went idle or a new TCP connection reuses its ports. */
  #mustEnd(flow: Flow, pkt: Packet, t: number): boolean {
    if (t - flow.lastT >= (this.#timeouts[flow.list] ?? 0)) {
      this.#expire(flow);
      return true;
    }
    const tr = pkt.transport;
    if (!flow.closed || tr === null || tr.proto !== 'tcp' || (tr.flags & (TH_SYN | TH_ACK | TH_RST)) !== TH_SYN) return false;
    // A retransmission of the originator's own SYN (same ISN) is not a new connection.
    const fromOrig = pkt.src === flow.origH && tr.srcPort === flow.origP;
    if (fromOrig && flow.tcpOrig !== null && tr.seq >>> 0 === flow.tcpOrig.startSeq) return false;
    this.#reuse++;
    this.#finish(flow, 'port-reuse');
    return true;
  }

  /** Starts a flow for `pkt` (evicting at the cap); the first packet's sender is the originator, except a SYN-ACK's. */
  #create(pkt: Packet): Flow {
    if (this.#flows.size >= this.#maxFlows) this.#evictOldest();
    const s = this.#s;
    const tr = pkt.transport;
    // Zeek flips a connection whose first packet is a SYN-ACK: its receiver sent the (missed) SYN.
    const flip = tr !== null && tr.proto === 'tcp' && (tr.flags & (TH_SYN | TH_ACK)) === (TH_SYN | TH_ACK);
    const flow = new Flow({
      seq: ++this.#created,
      key: { k1: s.k1, k2: s.k2, k3: s.k3 },
      kind: s.kind,
      proto: protoName(pkt.ipProto),
      ipProto: pkt.ipProto,
      ipVersion: pkt.ipVersion,
      origH: flip ? pkt.dst : pkt.src,
      origP: flip ? s.dport : s.sport,
      respH: flip ? pkt.src : pkt.dst,
      respP: flip ? s.sport : s.dport,
      hasPorts: s.hasPorts,
      vlan: pkt.vlan.length === 0 ? [] : [...pkt.vlan],
      tunnels: pkt.tunnels.length === 0 ? [] : [...pkt.tunnels],
      firstFrame: pkt.frame,
      firstTsNs: pkt.tsNs,
      history: flip ? '^' : '',
    }, Number(pkt.tsNs));
    this.#flows.set(flow.key, flow);
    this.#lists[s.kind === KIND_TCP ? LIST_TCP : s.kind === KIND_UDP ? LIST_UDP : LIST_OTHER]!.push(flow);
    return flow;
  }

  /** Adds `pkt` to `flow`'s counters and protocol state; refreshes its place in the activity list. */
  #count(flow: Flow, pkt: Packet, isOrig: boolean, t: number): void {
    if (isOrig) {
      flow.origPkts++;
      flow.origIpBytes += pkt.ipLength;
    } else {
      flow.respPkts++;
      flow.respIpBytes += pkt.ipLength;
    }
    flow.lastFrame = pkt.frame;
    if (t >= flow.lastT) {
      flow.lastT = t;
      const d = Number(pkt.tsNs - flow.firstTsNs);
      if (d > flow.lastDeltaNs) flow.lastDeltaNs = d;
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
    setFlowKey(this.#q, q.ipProto, q.src, q.srcPort ?? 0, q.dst, q.dstPort ?? 0, vlanKey(pkt.vlan));
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
    this.#flows.delete(flow.key);
    if (this.#last === flow) this.#last = null;
    this.#lists[flow.list]?.remove(flow);
    this.#finished++;
    const rec = buildRecord(flow, reason);
    if (this.#sink !== undefined) this.#sink(rec);
    else this.#queue.push(rec);
  }
}


