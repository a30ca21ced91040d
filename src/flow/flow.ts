/**
 * A live flow: counters, history and (for TCP) both endpoints' state. Mutable, owned by FlowTable.
 * @module flow/flow
 */
import type { IpAddr } from '../core/index.js';
import type { TunnelLayer } from '../decode/index.js';
import type { HistoryHolder } from './history.js';
import type { KeyParts } from './key.js';
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
  readonly key: KeyParts;
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
export class Flow implements LiveFlow, HistoryHolder, ListNode<Flow> {
  prev: Flow | null = null;
  next: Flow | null = null;
  list = -1;
  readonly seq: number;
  readonly key: KeyParts;
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
   * Latest timestamp − firstTsNs, exact as a double up to 2^53 ns (104 days). Kept as a number so
   * each packet's BigInt timestamp is not retained by (and promoted with) the long-lived flow.
   */
  lastDeltaNs = 0;
  /** Last activity as a double (ns, ~256 ns precision); cheap to compare on the hot path. */
  lastT: number;
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

  constructor(id: FlowIdentity, t: number) {
    this.seq = id.seq;
    this.key = id.key;
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
    this.lastT = t;
    this.tcpOrig = id.kind === KIND_TCP ? new TcpEndpoint() : null;
    this.tcpResp = id.kind === KIND_TCP ? new TcpEndpoint() : null;
  }

  /** Latest packet timestamp seen (exact). */
  get lastTsNs(): bigint {
    return this.firstTsNs + BigInt(this.lastDeltaNs);
  }
}
