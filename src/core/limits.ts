/**
 * Every structure that grows with input has a cap here (STYLE rule 8).
 * @module core/limits
 */

export interface Limits {
  /** Largest captured length accepted for one record; larger is a corrupt record header. */
  readonly maxFrameBytes: number;
  /** Live flows kept at once; at the cap the least recently seen flow is finished early. */
  readonly maxActiveFlows: number;
  /** Inactivity timeouts (ns), as Zeek's tcp/udp/icmp_inactivity_timeout. */
  readonly tcpIdleTimeoutNs: bigint;
  readonly udpIdleTimeoutNs: bigint;
  readonly otherIdleTimeoutNs: bigint;
  /** IP fragment reassembly: datagrams pending at once, bytes per datagram, bytes in total, timeout. */
  readonly maxFragmentDatagrams: number;
  readonly maxFragmentBytes: number;
  readonly maxFragmentTotalBytes: number;
  readonly fragmentTimeoutNs: bigint;
  /** Example frames kept per anomaly code. */
  readonly maxAnomalyExamples: number;
  /** Sample frames kept per flow as evidence. */
  readonly maxFlowSampleFrames: number;
  /** Tunnel nesting depth followed before giving up on a packet. */
  readonly maxTunnelDepth: number;
  /** DNS address answers remembered for the join; at the cap the oldest goes (names may be missing). */
  readonly maxDnsEntries: number;
  /** DNS transactions kept for the report. */
  readonly maxDnsTransactions: number;
  /** How long after its TTL a DNS answer still names new flows (clients cache past TTL). */
  readonly dnsTtlGraceNs: bigint;
  /** Bytes of a TCP client stream held to find a ClientHello or HTTP request head (per flow and direction). */
  readonly maxReassemblyBytes: number;
  /** Names kept per flow. */
  readonly maxNamesPerFlow: number;
}

const SECOND = 1_000_000_000n;

/** Defaults modelled on Zeek (tcp 5 min, udp/icmp 1 min) and Suricata (defrag timeout 60 s). */
export const DEFAULT_LIMITS: Limits = Object.freeze({
  maxFrameBytes: 262_144,
  maxActiveFlows: 1_000_000,
  tcpIdleTimeoutNs: 300n * SECOND,
  udpIdleTimeoutNs: 60n * SECOND,
  otherIdleTimeoutNs: 60n * SECOND,
  maxFragmentDatagrams: 4096,
  maxFragmentBytes: 65_535 + 40,
  maxFragmentTotalBytes: 64 * 1024 * 1024,
  fragmentTimeoutNs: 60n * SECOND,
  maxAnomalyExamples: 5,
  maxFlowSampleFrames: 8,
  maxTunnelDepth: 8,
  maxDnsEntries: 1_000_000,
  maxDnsTransactions: 1_000_000,
  dnsTtlGraceNs: 300n * SECOND,
  maxReassemblyBytes: 16 * 1024,
  maxNamesPerFlow: 16,
});

/** Defaults with some fields replaced. */
export function withLimits(overrides: Partial<Limits>): Limits {
  return Object.freeze({ ...DEFAULT_LIMITS, ...overrides });
}
