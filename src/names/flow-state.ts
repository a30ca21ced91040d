/**
 * What the names stage keeps for one live flow (in the flow's `annex` slot): the names found so
 * far, flags, and the bounded state of the one application parser the flow gets.
 * @module names/flow-state
 */
import type { LiveFlow } from '../flow/index.js';
import type { FlowDns } from './dns-tracker.js';
import type { QuicClientHelloCollector } from './quic/collector.js';
import type { TcpStream } from './tcp-stream.js';
import type { EncryptedDnsList, NameEvidence, NameFlag, ProxyRequest } from './types.js';

/** Requests whose start offsets are kept per flow (for the payload of each proxied target). */
export const MAX_REQUEST_STARTS = 1024;

/** Which parser looks at the flow's bytes. */
export type FlowMode =
  /** Nothing more to look at. */
  | 'done'
  /** DNS over UDP (a well-known port or probed). */
  | 'dns-udp'
  /** DNS over TCP: both directions reassembled and framed. */
  | 'dns-tcp'
  /** TCP: the client's first bytes are a TLS ClientHello or HTTP requests (or neither). */
  | 'tcp-app'
  /** TCP with HTTP found: later request heads are read too. */
  | 'http'
  /** UDP off the DNS ports: the client's first datagram decides (a DNS query, a QUIC Initial, or neither). */
  | 'udp-probe'
  /** UDP that looked like a QUIC Initial. */
  | 'quic'
  /** UDP from a client to the relay of a SOCKS5 proxy it sent UDP ASSOCIATE to (RFC 1928 §7). */
  | 'socks-udp'
  /** TCP after a SOCKS5 UDP ASSOCIATE: the server's reply names the relay (BND.ADDR). */
  | 'socks-reply'
  /**
   * TCP after a ClientHello was read: later client segments over its bytes are compared with it
   * until the server acknowledges them all (see HelloCheck).
   */
  | 'hello-verify'
  /** UDP after a QUIC ClientHello: later Initials are compared with it for a while (QuicClientHelloCollector.recheck). */
  | 'quic-verify';

/**
 * The ClientHello bytes read (from sequence number `seq`), kept until the server acknowledges
 * them: a retransmission that carries other bytes (the IDS-evasion trick of a first copy the
 * receiver never accepts) is caught, and `alt` collects the other version to read its SNI.
 */
export interface HelloCheck {
  readonly seq: number;
  readonly bytes: Uint8Array;
  /** The other version (the held bytes with the differing segments laid over them), once one differed. */
  alt: Uint8Array | null;
  packets: number;
}

/** Well-known DNS ports: DNS (RFC 1035), mDNS (RFC 6762), LLMNR (RFC 4795). */
const DNS_PORTS: ReadonlySet<number> = new Set([53, 5353, 5355]);

/** Which parser a new flow gets, from its protocol and ports. */
export function flowModeOf(flow: Pick<LiveFlow, 'ipProto' | 'origP' | 'respP'>): FlowMode {
  if (flow.ipProto === 17) return DNS_PORTS.has(flow.respP) || DNS_PORTS.has(flow.origP) ? 'dns-udp' : 'udp-probe';
  if (flow.ipProto === 6) return flow.respP === 53 || flow.origP === 53 ? 'dns-tcp' : 'tcp-app';
  return 'done';
}

/** DNS over TLS (RFC 7858) and DNS over QUIC (RFC 9250) both use 853. */
const ENCRYPTED_DNS_PORT = 853;

/** The flow is DoT or DoQ (port 853), or HTTPS to a listed DNS-over-HTTPS address. */
export function isEncryptedDnsFlow(flow: Pick<LiveFlow, 'ipProto' | 'respP' | 'respH'>, doh: EncryptedDnsList | undefined): boolean {
  if ((flow.ipProto === 6 || flow.ipProto === 17) && flow.respP === ENCRYPTED_DNS_PORT) return true;
  return flow.respP === 443 && doh !== undefined && doh.addresses.has(flow.respH);
}

/** Request heads of a flow kept to compare retransmissions with, and the bytes kept of each. */
export const SENT_HEADS = 4;
export const SENT_HEAD_BYTES = 4096;

/** One live flow's names state. */
export class FlowNameState {
  mode: FlowMode;
  readonly names: NameEvidence[] = [];
  /** Flags set so far, each once (a short list: a Set per flow costs more than it saves). */
  readonly flags: NameFlag[] = [];
  alpn: readonly string[] = [];
  service: string | null = null;
  dns: FlowDns | null = null;
  orig: TcpStream | null = null;
  resp: TcpStream | null = null;
  /** HTTP: stream offset after the last request head taken (heads are reported again on resume). */
  httpNext = 0;
  /** QUIC: the per-flow ClientHello collector. */
  quic: QuicClientHelloCollector | null = null;
  /** Requests to an HTTP proxy (CONNECT or absolute-form), distinct targets, capped like names. */
  readonly proxied: Omit<ProxyRequest, 'bytes' | 'open'>[] = [];
  /**
   * Client stream offsets where requests started, in order, with the index in `proxied` of the
   * target each is for (-1: not a proxy request); capped at MAX_REQUEST_STARTS.
   */
  readonly requestStarts: { readonly at: number; readonly target: number }[] = [];
  /** A CONNECT or SOCKS tunnel started (a stream offset): every later byte is its target's. */
  tunnelAt = -1;
  /** Targets in `proxied` already handed to live judging (see NameAttributor.takeNewProxied). */
  proxiedTaken = 0;
  /** SOCKS UDP relay: the client datagram bytes sent for each target in `proxied` (by index). */
  readonly datagramBytes: number[] = [];
  /** Names not kept at the cap (noted as `names.flow.names_cap` when the flow finishes). */
  namesDropped = 0;
  /**
   * HTTP: the client bytes of the last request heads taken (each from its request line, at most
   * SENT_HEAD_BYTES), with the sequence number of their first byte: a retransmission over them must
   * carry the same bytes (see NameAttributor, inconsistent_retransmission).
   */
  readonly sentHeads: { readonly seq: number; readonly bytes: Uint8Array }[] = [];
  /** Live judging saw `inconsistent_retransmission` already (see NameAttributor.takeNewNames). */
  resentTaken = false;
  /** Mode 'hello-verify': the ClientHello's bytes, compared with later client segments. */
  helloCheck: HelloCheck | null = null;

  constructor(mode: FlowMode) {
    this.mode = mode;
  }

  /** Stops reading, but keeps the ClientHello `bytes` (from sequence `seq`) to compare retransmissions with. */
  watchHello(seq: number, bytes: Uint8Array): void {
    this.stop();
    this.mode = 'hello-verify';
    this.helloCheck = { seq, bytes, alt: null, packets: 0 };
  }

  /** Sets flag `f` (once). */
  flag(f: NameFlag): void {
    if (!this.flags.includes(f)) this.flags.push(f);
  }

  /** Adds a name unless the same value from the same source is there already; false at the cap. */
  addName(n: NameEvidence, max: number): boolean {
    for (const o of this.names) if (o.value === n.value && o.source === n.source) return true;
    if (this.names.length >= max) {
      this.flag('names_capped');
      this.namesDropped++;
      return false;
    }
    this.names.push(n);
    return true;
  }

  /**
   * A request for proxied target `host`:`port` (or an origin-form request, `host` null) starting at
   * client stream offset `at`; `tunnel` when the rest of the connection is that target's.
   */
  noteRequest(at: number, target: Omit<ProxyRequest, 'bytes' | 'open'> | null, tunnel: boolean, maxTargets: number): void {
    if (this.tunnelAt >= 0) return;
    const index = target === null ? -1 : this.#target(target, maxTargets);
    // Past the cap the last recorded span runs to the end: more bytes, never fewer, for its target.
    if (this.requestStarts.length < MAX_REQUEST_STARTS) this.requestStarts.push({ at, target: index });
    if (tunnel) this.tunnelAt = at;
  }

  /**
   * A client datagram of `bytes` (UDP payload) that a SOCKS5 UDP relay was asked to send to
   * `target`: counted for that target (past the target cap, for none: the proxy flow keeps it).
   */
  noteDatagram(target: Omit<ProxyRequest, 'bytes' | 'open'>, bytes: number, maxTargets: number): void {
    const index = this.#target(target, maxTargets);
    if (index < 0) return;
    while (this.datagramBytes.length <= index) this.datagramBytes.push(0);
    this.datagramBytes[index]! += bytes;
  }

  /** Flags the flow as proxied; the index of `target` in `proxied` (added if new), -1 past the cap. */
  #target(target: Omit<ProxyRequest, 'bytes' | 'open'>, maxTargets: number): number {
    this.flag('via_proxy');
    const index = this.proxied.findIndex((x) => x.host === target.host && x.port === target.port);
    if (index >= 0 || this.proxied.length >= maxTargets) return index;
    return this.proxied.push(target) - 1;
  }

  /** Each proxied target with its byte spans (see ProxyRequest.bytes and .open). */
  proxiedWithBytes(): ProxyRequest[] {
    const bytes = this.proxied.map((_, i) => this.datagramBytes[i] ?? 0);
    const open: (number | null)[] = this.proxied.map(() => null);
    const starts = this.requestStarts;
    for (let k = 0; k < starts.length; k++) {
      const s = starts[k]!;
      if (s.target < 0) continue;
      const next = starts[k + 1];
      if (next === undefined) open[s.target] = s.at;
      else bytes[s.target]! += next.at - s.at;
    }
    return this.proxied.map((p, i) => ({ ...p, bytes: bytes[i]!, open: open[i]! }));
  }

  /** Stops looking at bytes and frees the buffers. */
  stop(): void {
    this.mode = 'done';
    this.helloCheck = null;
    this.orig?.release();
    this.resp?.release();
    this.orig = null;
    this.resp = null;
    this.quic = null;
  }
}
