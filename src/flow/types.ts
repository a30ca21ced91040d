/**
 * Flow records in Zeek conn.log vocabulary.
 * @module flow/types
 */
import type { IpAddr } from '../core/index.js';
import type { TunnelLayer } from '../decode/index.js';

export type Direction = 'orig' | 'resp';

/** Zeek conn_state values (scripts/base/protocols/conn/main.zeek). */
export type ConnState =
  | 'S0' | 'S1' | 'SF' | 'REJ' | 'S2' | 'S3' | 'RSTO' | 'RSTR'
  | 'RSTOS0' | 'RSTRH' | 'SH' | 'SHR' | 'OTH';

/** Why the flow record was finished. */
export type EndReason = 'closed' | 'idle' | 'evicted' | 'end-of-capture' | 'port-reuse';

/** A finished (or flushed) flow. All fields are plain data; no borrowed views. */
export interface FlowRecord {
  /** Deterministic id derived from the first frame (never random). */
  readonly uid: string;
  /** 'tcp' | 'udp' | 'icmp' (ICMPv4 and ICMPv6, as Zeek) | other protocol names ('sctp', 'esp', …) or 'ip-N'. */
  readonly proto: string;
  readonly ipProto: number;
  readonly ipVersion: 4 | 6;
  readonly origH: IpAddr;
  /** Port, or ICMP type for ICMP (as Zeek), 0 when the protocol has none. */
  readonly origP: number;
  readonly respH: IpAddr;
  /** Port, or ICMP code for ICMP (as Zeek), 0 when the protocol has none. */
  readonly respP: number;
  readonly vlan: readonly number[];
  /** Encapsulations the flow's packets were carried in (of its first packet), outermost first. */
  readonly tunnels: readonly TunnelLayer[];
  readonly firstTsNs: bigint;
  readonly lastTsNs: bigint;
  readonly firstFrame: number;
  readonly lastFrame: number;
  readonly origPkts: number;
  readonly respPkts: number;
  readonly origIpBytes: number;
  readonly respIpBytes: number;
  /** L4 payload bytes (TCP: from sequence numbers, as Zeek; others: sum of payload lengths). */
  readonly origBytes: number;
  readonly respBytes: number;
  readonly connState: ConnState;
  readonly history: string;
  /** Community ID v1, seed 0 (https://github.com/corelight/community-id-spec). */
  readonly communityId: string;
  /** ICMP error messages that quoted a packet of this flow (counted here, not as flows). */
  readonly icmpErrors: number;
  /** First frames of the flow (capped), as evidence. */
  readonly sampleFrames: readonly number[];
  readonly endReason: EndReason;
}
