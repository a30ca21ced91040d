/**
 * A live flow: counters, history and (for TCP) both endpoints' state. Mutable, owned by FlowTable.
 * @module flow/flow
 */
import { tsOfParts, type IpAddr } from '../core/index.js';
import type { TunnelLayer } from '../decode/index.js';
import type { HistoryHolder } from './history.js';
import type { IndexEntry, KeyFields } from './key.js';
import type { ListNode } from './lru.js';
import { TcpEndpoint } from './tcp-endpoint.js';
import type { LiveFlow } from './types.js';

/** Which family of handling (and which idle timeout) a flow gets. */
export const KIND_TCP = 0;
export const KIND_UDP = 1;
export const KIND_ICMP = 2;
export const KIND_OTHER = 3;
export type FlowKind = 0 | 1 | 2 | 3;

/** What a flow is, fixed when its first packet is seen. */
export interface FlowIdentity {
  readonly seq: number;
  readonly key: KeyFields;
  readonly kind: FlowKind;
  readonly proto: string;
  readonly ipProto: number;
  readonly ipVersion: 4 | 6;
  readonly origH: IpAddr;
  readonly origP: number;
  readonly respH: IpAddr;
  readonly respP: number;
  /** Ports (or ICMP type/code) are known and part of the Community ID. */
  readonly hasPorts: boolean;
  readonly vlan: readonly number[];
  readonly tunnels: readonly TunnelLayer[];
  readonly firstFrame: number;
  readonly firstTsNs: bigint;
  /** '^' when the roles were flipped on the first packet. */
  readonly history: string;
}

/** Mutable state of one live flow. */
export class Flow implements LiveFlow, HistoryHolder, ListNode<Flow>, IndexEntry<Flow> {
  prev: Flow | null = null;
  next: Flow | null = null;
  list = -1;
  /** Next flow in the same index bucket. */
  hnext: Flow | null = null;
  // The key (see key.ts), copied from the first packet's scratch key.
  kpp: number;
  ka0: number;
  ka1: number;
  ka2: number;
  ka3: number;
  kb0: number;
  kb1: number;
  kb2: number;
  kb3: number;
  kvlan: string;
  hash: number;
  /** Endpoint a of the key is the originator. */
  readonly origIsA: boolean;
  readonly seq: number;
  readonly kind: FlowKind;
  readonly proto: string;
  readonly ipProto: number;
  readonly ipVersion: 4 | 6;
  readonly origH: IpAddr;
  readonly origP: number;
  readonly respH: IpAddr;
  readonly respP: number;
  readonly hasPorts: boolean;
  readonly vlan: readonly number[];
  readonly tunnels: readonly TunnelLayer[];
  readonly firstFrame: number;
  readonly firstTsNs: bigint;
  history: string;
  histSeen = 0;
  lastFrame: number;
  /**
   * Latest packet timestamp seen, as parts (core Frame.tsSec); replaced only when a later one
   * arrives. Numbers, so that no BigInt is made or kept per packet; `lastTsNs` is the exact value.
   */
  lastSec: number;
  lastNsec: number;
  lastExact: bigint | null;
  /** The latest timestamp as a double (core tsApprox, ~256 ns precision): timeouts and ordering. */
  lastT: number;
  /** Source MAC (48-bit number) of the originator's / responder's first packet that had one; -1 none. */
  origMac = -1;
  respMac = -1;
  origPkts = 0;
  respPkts = 0;
  origIpBytes = 0;
  respIpBytes = 0;
  origPayload = 0;
  respPayload = 0;
  icmpErrors = 0;
  readonly sampleFrames: number[] = [];
  readonly tcpOrig: TcpEndpoint | null;
  readonly tcpResp: TcpEndpoint | null;
  /** TCP: both FINs or a RST seen. */
  closed = false;
  /** Storage slot for later stages (Suricata's flow storage); handed to `onFinished` with the record. */
  annex: unknown = null;
  /** A small flag word the pipeline may use (e.g. "payload seen", "alerted"); the table never reads it. */
  mark = 0;

  constructor(id: FlowIdentity, t: number, origIsA: boolean, sec: number, nsec: number, exact: bigint | null) {
    const k = id.key;
    this.kpp = k.kpp;
    this.ka0 = k.ka0;
    this.ka1 = k.ka1;
    this.ka2 = k.ka2;
    this.ka3 = k.ka3;
    this.kb0 = k.kb0;
    this.kb1 = k.kb1;
    this.kb2 = k.kb2;
    this.kb3 = k.kb3;
    this.kvlan = k.kvlan;
    this.hash = k.hash;
    this.origIsA = origIsA;
    this.seq = id.seq;
    this.kind = id.kind;
    this.proto = id.proto;
    this.ipProto = id.ipProto;
    this.ipVersion = id.ipVersion;
    this.origH = id.origH;
    this.origP = id.origP;
    this.respH = id.respH;
    this.respP = id.respP;
    this.hasPorts = id.hasPorts;
    this.vlan = id.vlan;
    this.tunnels = id.tunnels;
    this.firstFrame = id.firstFrame;
    this.firstTsNs = id.firstTsNs;
    this.history = id.history;
    this.lastFrame = id.firstFrame;
    this.lastSec = sec;
    this.lastNsec = nsec;
    this.lastExact = exact;
    this.lastT = t;
    this.tcpOrig = id.kind === KIND_TCP ? new TcpEndpoint() : null;
    this.tcpResp = id.kind === KIND_TCP ? new TcpEndpoint() : null;
  }

  /** Payload bytes the originator has sent so far (TCP: by sequence numbers, as buildRecord counts them). */
  origBytesNow(): number {
    return this.tcpOrig !== null && this.tcpResp !== null ? this.tcpOrig.size(this.tcpResp) : this.origPayload;
  }

  /** Latest packet timestamp seen (exact). */
  get lastTsNs(): bigint {
    return tsOfParts(this.lastSec, this.lastNsec, this.lastExact);
  }
}
