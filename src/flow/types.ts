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
export type EndReason = 'closed' | 'idle' | 'evicted' | 'end-of-capture' | 'port-reuse'
  /** Not finished: a snapshot of a flow still live (monitor mode's rolling reports). */
  | 'active';

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
  /**
   * Source MAC (`aa:bb:cc:dd:ee:ff`) of the originator's first packet that had one, as Zeek's
   * `orig_l2_addr` (mac-logging); undefined when its frames had no link-layer address.
   */
  readonly origL2Addr?: string | undefined;
  /** Source MAC of the responder's first packet that had one (Zeek's `resp_l2_addr`). */
  readonly respL2Addr?: string | undefined;
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
  /**
   * Payload carried by RST segments, which Zeek's sequence-based sizes leave out: data that still
   * reached the peer (RFC 9293 §3.5.3), so the policy counts it.
   */
  readonly origRstBytes: number;
  readonly respRstBytes: number;
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

/**
 * Read-only view of a flow that is still in the table (what `observe` hands back).
 * Fields change as packets arrive; the object must not be kept after the flow finished.
 */
export interface LiveFlow {
  /** Sequential number of the flow in this table (1-based), stable while it lives. */
  readonly seq: number;
  readonly proto: string;
  readonly ipProto: number;
  readonly ipVersion: 4 | 6;
  readonly origH: IpAddr;
  readonly origP: number;
  readonly respH: IpAddr;
  readonly respP: number;
  readonly vlan: readonly number[];
  readonly firstFrame: number;
  readonly firstTsNs: bigint;
  readonly lastFrame: number;
  readonly lastTsNs: bigint;
  readonly origPkts: number;
  readonly respPkts: number;
  /** Source MAC (48-bit number) of the originator's first packet that had one, -1 none (see `formatMac`). */
  readonly origMac: number;
  /**
   * Storage slot for a later stage's per-flow state (Suricata's flow storage), null until set.
   * The flow table never reads it; it hands it to `onFinished` with the finished record.
   */
  annex: unknown;
  /** A small flag word for the pipeline (0 until set); the flow table never reads it. */
  mark: number;
  /** Payload bytes the originator has sent so far, counted as the finished record's `origBytes` will be. */
  origBytesNow(): number;
}

/** Why an ICMP error could not be attached to a flow. */
export type UnattributedReason =
  /** The quoted packet's flow is not (or no longer) in the table. */
  | 'no-flow'
  /** The quote is too short to name the flow (TCP/UDP/SCTP ports missing, or a quoted ICMP message). */
  | 'no-ports';

/**
 * What `FlowTable.observe` did with a packet. Every packet gets exactly one outcome. The 'flow'
 * observation object is reused by its table (BORROWED until the next `observe`, like the Packet it
 * answers); read it at once.
 */
export type FlowObservation =
  /** Counted in `flow` in direction `dir`; `isNew` when this packet started the flow. */
  | { readonly kind: 'flow'; readonly flow: LiveFlow; readonly dir: Direction; readonly isNew: boolean }
  /** An ICMP error counted in the `icmpErrors` of the flow whose packet it quotes. */
  | { readonly kind: 'icmp-error'; readonly flow: LiveFlow }
  /** An ICMP error no flow could take: the caller counts it as an unattributed packet. */
  | { readonly kind: 'icmp-error-unattributed'; readonly reason: UnattributedReason };

/** Counters of a FlowTable's life, for the report. */
export interface FlowTableStats {
  /** Flows live now. */
  readonly active: number;
  /** Flows ever started. */
  readonly created: number;
  /** Flows finished so far (all reasons). */
  readonly finished: number;
  /** Finished early because the table was at `maxActiveFlows`. */
  readonly evictedAtCap: number;
  /** Finished by an inactivity timeout. */
  readonly expiredIdle: number;
  /** Closed TCP connections finished after their linger ('closed'). */
  readonly closedAfterLinger: number;
  /** Finished because a new TCP SYN reused the closed connection's ports. */
  readonly portReuse: number;
  readonly icmpErrorsAttached: number;
  readonly icmpErrorsUnattributed: number;
}

/** Options of a FlowTable beyond `Limits`. */
export interface FlowTableOptions {
  /**
   * Receives every finished record, in the order flows finish. Without it, finished records are
   * queued and returned by `expireIdle`, `flush` and `takeFinished`.
   */
  readonly onFinished?: (record: FlowRecord, annex: unknown, origMac: number) => void;
  /**
   * Called when a flow first sees a source MAC for one of its ends (at most twice per flow): the
   * 48-bit MAC, the address of the end that sent it, and the IP version. The names stage uses it
   * to tell one host's IPv4 and IPv6 addresses apart from a router's.
   */
  readonly onL2Source?: (mac: number, ip: IpAddr, ipVersion: 4 | 6) => void;
  /**
   * How long a closed TCP connection (FIN both ways, or a RST) stays to collect trailing packets
   * (ns of capture time without packets). Default 5 s, Zeek's tcp_close_delay.
   */
  readonly closedLingerNs?: bigint;
}
