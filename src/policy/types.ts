/**
 * What the policy engine judges: plain structural data the pipeline maps its records into
 * (flows with their names and destination evidence, DNS queries, and what the capture may have
 * missed). camelCase throughout; geo evidence is the geo stage's own (snake_case) value.
 * @module policy/types
 */
import type { GeoEvidence } from '../geo/index.js';
import type { FoldedDestination } from './destinations.js';
import type { FoldedJudgements } from './summary.js';

/** Where a flow's name came from (names stage). */
export type FlowNameSource = 'dns' | 'tls_sni' | 'quic_sni' | 'http_host' | 'pcapng_nrb';

/** One candidate name of a flow, with its source and the frame it was seen in. */
export interface FlowName {
  readonly value: string;
  readonly source: FlowNameSource;
  readonly frame: number;
}

/**
 * One finished flow, Zeek conn.log semantics: `orig` is the initiator, `origBytes` the payload
 * bytes the originator sent (TCP from sequence numbers, UDP/ICMP payload sums).
 */
export interface PolicyFlow {
  readonly uid: string;
  readonly proto: string;
  readonly ipProto: number;
  readonly origH: string;
  readonly origP: number;
  readonly respH: string;
  readonly respP: number;
  /** Source MAC of the originator's first packet, `aa:bb:cc:dd:ee:ff`, when the link has one. */
  readonly origMac?: string | undefined;
  /**
   * The originator's addresses of the other IP version, when one MAC sent from them all and
   * looks like one host (names/client-links): a dual-stack host's IPv6 address is monitored when
   * its IPv4 address is.
   */
  readonly origSameHost?: readonly string[] | undefined;
  readonly firstFrame: number;
  readonly lastFrame: number;
  readonly firstTsNs: bigint;
  readonly lastTsNs: bigint;
  readonly origPkts: number;
  readonly respPkts: number;
  readonly origBytes: number;
  readonly respBytes: number;
  /** Payload the originator sent inside RST segments (not in `origBytes`, as in Zeek); 0 when absent. */
  readonly origRstBytes?: number;
  readonly connState: string;
  readonly history: string;
  readonly names: readonly FlowName[];
  /** The name the names stage attributes the flow to (SNI/Host before DNS), or `null`. */
  readonly name: string | null;
  /** e.g. `no_name`, `sni_not_in_dns`, `ech`, `encrypted_dns`, `after_encrypted_dns`. */
  readonly nameFlags: readonly string[];
  /** Evidence about `respH` from every database (and a user override, if one applied). */
  readonly dest: GeoEvidence;
  /**
   * Set when this is an outer tunnel (its kind: `gre`, `vxlan`, `ip-in-ip`, …) rather than a flow
   * of decapsulated packets; `origBytes` is then every inner datagram the originator sent.
   */
  readonly tunnel?: string;
  /**
   * Set when this is a request an HTTP proxy was asked to carry on (`address:port` of the proxy):
   * `respH`/`respP` are then the requested host and port (a name when no address is known), and
   * the payload is what the client sent over the connection to the proxy.
   */
  readonly viaProxy?: string;
}

/** One DNS query a host sent, with the resolver's evidence. */
export interface PolicyDnsQuery {
  readonly client: string;
  readonly resolver: string;
  readonly resolverP: number;
  /** IP protocol number of the transport; UDP (17) when absent. */
  readonly ipProto?: number;
  readonly query: string;
  readonly qtype: string | number;
  readonly frame: number;
  readonly tsNs: bigint;
  readonly resolverGeo: GeoEvidence;
}

/** How reading one capture ended. */
export interface CaptureStopInfo {
  readonly kind: 'complete' | 'truncated' | 'corrupt';
  readonly frame?: number;
  readonly offset?: number;
  readonly reason?: string;
}

/** One input capture. `interfaceDrops`: packets the capturing interface reported dropping (pcapng ISB), `null` when the format does not record it. */
export interface CaptureContext {
  readonly input: number;
  readonly name: string;
  readonly sha256: string;
  readonly stop: CaptureStopInfo;
  readonly interfaceDrops: number | null;
  /** Capture time of its first and last frame (ns since the epoch); absent or null when none was read. */
  readonly firstTsNs?: bigint | null;
  readonly lastTsNs?: bigint | null;
}

/** Where the frames went. `framesDecoded` counts frames whose headers were understood. */
export interface CoverageContext {
  readonly framesRead: number;
  readonly framesDecoded: number;
  readonly framesInFlows: number;
  readonly notAnalysable: Readonly<Record<string, number>>;
}

/** A cap that was hit or anything else that may have hidden evidence (flows evicted, DNS map evictions…). */
export interface EvidenceLoss {
  readonly code: string;
  readonly count: number;
}

/** Everything about the run that is not a flow. */
export interface EvaluationContext {
  readonly captures: readonly CaptureContext[];
  readonly coverage: CoverageContext;
  readonly evidenceLoss: readonly EvidenceLoss[];
}

/** The engine's whole input. */
/**
 * Flows already in the engine's order (`compareFlows`), given anew for each pass: a spooled
 * analysis reads them back from its file rather than holding them.
 */
export interface SortedFlows {
  readonly sorted: () => Iterable<PolicyFlow>;
}

export interface EvaluationInput {
  /** Every flow, in any order; or a source of them already sorted. */
  readonly flows: readonly PolicyFlow[] | SortedFlows;
  readonly dnsQueries: readonly PolicyDnsQuery[];
  readonly context: EvaluationContext;
  /** Destinations of flows judged and folded out of the report (monitor, analyze folding), for the destinations table. */
  readonly foldedDestinations?: readonly FoldedDestination[];
  /** Counts and reasons of flows and DNS queries judged and folded out of the report (the verdict's counts and reasons cover them). */
  readonly folded?: FoldedJudgements;
}

/** A jurisdiction group (geodata/jurisdictions/country-groups.json). */
export interface CountryGroup {
  readonly id: string;
  readonly members: readonly string[];
}
