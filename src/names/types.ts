/**
 * What the names stage says about flows and DNS traffic: each name with how it was learnt (the
 * frame and the protocol), per-flow flags, and DNS transactions in their own right. Pure data;
 * every string is escaped capture text (see dns/name.ts).
 * @module names/types
 */
import type { AnomalyLog, IpAddr, Limits } from '../core/index.js';
import type { Nat64Prefix } from './nat64.js';

/** How a name was learnt. SNI and HTTP Host are kept apart (Zeek and others mix them). */
export type NameSource = 'dns' | 'tls_sni' | 'quic_sni' | 'http_host' | 'pcapng_nrb';

/** One name for one flow, with its evidence. */
export interface NameEvidence {
  readonly value: string;
  readonly source: NameSource;
  /** Frame the name was seen in (for DNS: the response that answered with the flow's address); null for NRB. */
  readonly frame: number | null;
  readonly tsNs: bigint | null;
  /** DNS: the name the client asked, when the answer came through CNAMEs (`value` is the asked name). */
  readonly cnameChain?: readonly string[];
  /** DNS: the answer's TTL (s). */
  readonly ttl?: number;
  /** DNS: the resolver that answered. */
  readonly resolver?: IpAddr;
  /**
   * DNS: the address the answer was sent to, when it is not the flow's originator but the same
   * host's address of the other IP version (same source MAC; see names/client-links).
   */
  readonly dnsClient?: IpAddr;
  /** TLS/QUIC: the SNI is the public (outer) name of an Encrypted Client Hello. */
  readonly outer?: boolean;
}

/**
 * Per-flow flags.
 * - `sni_not_in_dns`: the SNI or Host was never answered by DNS for this address and client
 *   (a hard-coded address, a DNS answer outside the capture, or domain fronting);
 * - `no_name`: no name at all (hard-coded IP, or the resolution is invisible);
 * - `ech`: the ClientHello offered Encrypted Client Hello (the SNI is the outer name);
 * - `encrypted_dns`: the flow itself is DNS over TLS/HTTPS/QUIC: later names may be invisible;
 * - `after_encrypted_dns`: the client had used encrypted DNS before this flow started;
 * - `dns_after_start`: the only DNS answer for this address came after the flow started;
 * - `names_capped`: more names than kept;
 * - `inconsistent_retransmission`: a retransmission of a ClientHello's (TCP or QUIC) or request
 *   head's bytes carried other bytes (the server can have seen either copy; the other copy's SNI
 *   or Host, when readable, is a name too);
 * - `via_proxy`: the flow is a request to an HTTP proxy (CONNECT, or an absolute-form target): its
 *   responder is the proxy, and where the data went is the requested host (`FlowNames.proxied`).
 */
export type NameFlag =
  | 'sni_not_in_dns'
  | 'no_name'
  | 'ech'
  | 'encrypted_dns'
  | 'after_encrypted_dns'
  | 'dns_after_start'
  | 'names_capped'
  | 'inconsistent_retransmission'
  | 'via_proxy';

/**
 * A request an HTTP proxy was asked to carry on (RFC 9110 §9.3.6 CONNECT, RFC 9112 §3.2.2
 * absolute-form): the host the data is really for, and where in the capture the request was.
 */
export interface ProxyRequest {
  /** Host of the request target, lower-cased (escaped capture text), IPv6 brackets removed. */
  readonly host: string;
  /** Port of the target: explicit, or the scheme's default (http 80, https 443); null when unknown. */
  readonly port: number | null;
  readonly method: string;
  readonly frame: number;
  readonly tsNs: bigint;
  /**
   * Client bytes known to be this target's: from each of its requests to the next request on the
   * connection (client stream offsets). `open`: where its last span starts when it runs to the end
   * of the connection (a CONNECT or SOCKS tunnel, or the last request), else null; the payload for
   * the target is `bytes` plus the client bytes from `open` to the end.
   */
  readonly bytes: number;
  readonly open: number | null;
  /** For an address target: DNS answers that named it for the client, current at the request. */
  readonly names?: readonly NameEvidence[];
}

/** What the names stage knows about one finished flow. */
export interface FlowNames {
  /** Sorted by frame, then source, then value; DNS candidates most recent first among equal frames. */
  readonly names: readonly NameEvidence[];
  /** Best name: SNI (QUIC or TLS) over HTTP Host over DNS (most recent candidate); null when none. */
  readonly name: string | null;
  /** How the best name was learnt. */
  readonly nameSource: NameSource | null;
  readonly flags: readonly NameFlag[];
  /** ALPN protocols the client offered (TLS or QUIC). */
  readonly alpn: readonly string[];
  /** Application protocol recognised from the bytes: 'tls', 'quic', 'http', 'dns', or null. */
  readonly service: string | null;
  /** Requests to an HTTP proxy carried by the flow (in stream order, capped); absent when none. */
  readonly proxied?: readonly ProxyRequest[];
  /**
   * The originator's addresses of the other IP version: one MAC sent from them all and looks
   * like one host (at most one IPv4 and 8 IPv6 addresses; names/client-links). Absent when none.
   */
  readonly sameHost?: readonly IpAddr[];
}

/** One answer record of a DNS transaction, as reported. */
export interface DnsAnswerRow {
  readonly name: string;
  readonly type: string;
  readonly ttl: number;
  /** Address, CNAME/SVCB target, or `rdlength=N` for types not interpreted. */
  readonly data: string;
}

/** A DNS query and its response (if seen): itself a data flow to the resolver. */
export interface DnsTransaction {
  readonly client: IpAddr;
  readonly clientPort: number;
  readonly resolver: IpAddr;
  readonly resolverPort: number;
  readonly transport: 'udp' | 'tcp';
  readonly id: number;
  readonly query: string;
  readonly qtype: string;
  /** RCODE name (NOERROR, NXDOMAIN, …) or null without a response. */
  readonly rcode: string | null;
  readonly queryFrame: number | null;
  readonly queryTsNs: bigint | null;
  readonly responseFrame: number | null;
  readonly responseTsNs: bigint | null;
  readonly answers: readonly DnsAnswerRow[];
  /** The flow (uid) that carried it. */
  readonly flowUid: string;
}

/** Counters of the names stage for the report's coverage and evidence-loss sections. */
export interface NamesStats {
  readonly dnsMessages: number;
  readonly dnsMalformed: number;
  readonly dnsAnswersMapped: number;
  /** DNS map entries dropped at the cap (oldest first): names that may be missing. */
  readonly dnsMapEvicted: number;
  /** DNS map entries forgotten because their TTL + grace had ended (monitor mode only; 0 in analyze). */
  readonly dnsMapExpired: number;
  /** DNS transactions not kept at the cap. */
  readonly dnsTransactionsDropped: number;
  readonly tlsClientHellos: number;
  readonly quicClientHellos: number;
  readonly httpRequests: number;
  /** Client streams given up because the reassembly cap was hit before a ClientHello/request was whole. */
  readonly reassemblyCapHits: number;
  /** Client streams with a gap (lost segment) before the first bytes were whole. */
  readonly reassemblyGaps: number;
  /** NAT64 prefixes learnt from `ipv4only.arpa` answers (RFC 7050), in the order they were. */
  readonly nat64Prefixes: readonly Nat64Prefix[];
}

/** Known DNS-over-HTTPS endpoints (loaded from geodata/ by the CLI, with their sources). */
export interface EncryptedDnsList {
  readonly hostnames: ReadonlySet<string>;
  readonly addresses: ReadonlySet<string>;
}

/** What the attributor needs besides packets. */
export interface NameAttributorOptions {
  readonly limits: Limits;
  readonly anomalies: AnomalyLog;
  readonly encryptedDns?: EncryptedDnsList;
  /** Monitor mode: sees each DNS transaction as it completes; false folds it (not kept). */
  readonly onDnsTransaction?: (t: DnsTransaction) => boolean;
  /** NAT64 prefixes the user knows the capture's network translates under (`parseNat64Prefix` text). */
  readonly nat64Prefixes?: readonly string[];
}
