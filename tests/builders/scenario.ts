/**
 * Whole capture files built from a list of conversations, for end-to-end scenario tests: a TCP
 * connection (three-way handshake, first client payload such as a TLS ClientHello with SNI or an
 * HTTP request, payload bytes both ways, FIN both ways; RFC 9293 §3.5, §3.6), a DNS query and
 * response over UDP (RFC 1035 §4.2.1), a QUIC client Initial with its SNI (RFC 9001 §5) and a
 * server datagram. Frames are Ethernet II, IPv4 or IPv6 by the address text; each conversation
 * starts one second after the previous one, from 2026-07-01T00:00:00Z (after the build dates of
 * the embedded geolocation databases). Sequence numbers are consistent; checksums are 0.
 * @module tests/builders/scenario
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dnsQuery, dnsResponse, type AnswerSpec } from './dns.js';
import { ethernet, ipv4, ipv6, tcp, udp } from './packets.js';
import { pcap } from './pcap.js';
import { concat as joinBlocks, epb, idb, isb, shb } from './pcapng.js';
import { clientFlight } from './quic.js';
import { tlsClientHello, tlsRecords } from './tls.js';

/** 2026-07-01T00:00:00Z, in seconds. */
export const SCENARIO_EPOCH = 1_782_864_000;

const FIN = 0x01;
const SYN = 0x02;
const PSH = 0x08;
const ACK = 0x10;
/** Payload bytes per TCP segment (a typical Ethernet MSS). */
const MSS = 1400;

/**
 * Link-layer addresses of a conversation: when `clientMac` is given, the client's frames are sent
 * from it and the other side's from GATEWAY_MAC (a host's capture); otherwise every frame has
 * the Ethernet builder's default MACs.
 */
interface WithMac {
  readonly clientMac?: string;
}

/** The source MAC of frames from the far side when the client has a MAC of its own. */
export const GATEWAY_MAC = '02:00:5e:00:00:fe';

/** A TCP connection from `client` to `server`. */
export interface TcpConversation extends WithMac {
  readonly kind: 'tcp';
  readonly client: string;
  readonly server: string;
  readonly sport?: number; // 40000 + index
  readonly dport?: number; // 443
  /** The client's first payload (ClientHello, HTTP request); none for a handshake-only contact. */
  readonly request?: Uint8Array;
  /** The server's first payload, sent after `request` (e.g. a SOCKS reply); none by default. */
  readonly response?: Uint8Array;
  /** More client payload bytes after `request` (0x55 filler): 0. */
  readonly up?: number;
  /** Server payload bytes (0x66 filler): 0. */
  readonly down?: number;
  /** How it ends: FIN both ways (default) or not at all. */
  readonly close?: 'fin' | 'none';
}

/** A DNS query over UDP and, unless `answers` is null, its response. */
export interface DnsConversation extends WithMac {
  readonly kind: 'dns';
  readonly client: string;
  readonly resolver: string;
  readonly name: string;
  readonly qtype?: number; // 1 (A)
  readonly answers?: readonly AnswerSpec[] | null; // []
  readonly sport?: number; // 50000 + index
  readonly id?: number; // 0x1000 + index
}

/** A QUIC client Initial carrying a ClientHello for `sni`, then `down` bytes from the server. */
export interface QuicConversation extends WithMac {
  readonly kind: 'quic';
  readonly client: string;
  readonly server: string;
  readonly sni: string;
  readonly sport?: number; // 51000 + index
  readonly down?: number; // 1200
}

/** One conversation of a scenario. */
export type Conversation = TcpConversation | DnsConversation | QuicConversation;

/** One captured frame: epoch ns and Ethernet bytes. */
export interface ScenarioFrame {
  readonly tsNs: bigint;
  readonly data: Uint8Array;
}

const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

/** A TLS connection to `server:443` whose ClientHello names `sni`; `up`/`down` payload bytes after it. */
export function tlsConversation(client: string, server: string, sni: string | Uint8Array | null, o: Partial<TcpConversation> = {}): TcpConversation {
  const hello = tlsClientHello({ sni: sni === null ? null : [sni] });
  return { kind: 'tcp', client, server, request: tlsRecords(hello), ...o };
}

/** An HTTP/1.1 GET with the given Host header (latin1 bytes) to `server:80`. */
export function httpConversation(client: string, server: string, host: string, o: Partial<TcpConversation> = {}): TcpConversation {
  return { kind: 'tcp', client, server, dport: 80, request: latin1(`GET /update HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: av/1.0\r\n\r\n`), down: 200, ...o };
}

/** SYN, SYN-ACK, ACK, FIN both ways: no payload in either direction. */
export function handshakeOnly(client: string, server: string, o: Partial<TcpConversation> = {}): TcpConversation {
  return { kind: 'tcp', client, server, ...o };
}

/** A query for `name` to `resolver:53` (AAAA when every answer is IPv6, else A), answered with `answers`. */
export function dnsConversation(client: string, resolver: string, name: string, answers: readonly string[] = [], o: Partial<DnsConversation> = {}): DnsConversation {
  const rr: AnswerSpec[] = answers.map((address) => (address.includes(':') ? { name, type: 'AAAA', address } : { name, type: 'A', address }));
  const v6 = answers.length > 0 && answers.every((a) => a.includes(':'));
  return { kind: 'dns', client, resolver, name, answers: rr, qtype: v6 ? 28 : 1, ...o };
}

/** The LAN resolvers of the scenarios: private addresses (RFC 1918, ULA), so their flows are not judged. */
export const LAN_RESOLVER = '192.168.1.1';
export const LAN_RESOLVER6 = 'fd00::53';

/**
 * What a host does to reach `name`: a lookup through the LAN resolver of its address family,
 * answered with `server`, then a TLS connection whose ClientHello names it (`up`/`down` payload
 * bytes after the hello).
 */
export function resolvedTls(client: string, server: string, name: string, o: Partial<TcpConversation> = {}): Conversation[] {
  const resolver = client.includes(':') ? LAN_RESOLVER6 : LAN_RESOLVER;
  return [dnsConversation(client, resolver, name, [server], o.clientMac === undefined ? {} : { clientMac: o.clientMac }), tlsConversation(client, server, name, o)];
}

/** IP + Ethernet around a transport segment; the version follows the address text. */
function ipFrame(l4: Uint8Array, src: string, dst: string, proto: number, srcMac?: string): Uint8Array {
  if (src.includes(':') !== dst.includes(':')) throw new Error(`scenario: ${src} and ${dst} are of different IP versions`);
  const mac = srcMac === undefined ? {} : { src: srcMac };
  return src.includes(':')
    ? ethernet(ipv6(l4, { src, dst, nextHeader: proto }), { etherType: 0x86dd, ...mac })
    : ethernet(ipv4(l4, { src, dst, proto }), mac);
}

/** Source MACs of a conversation's client-sent and far-side frames. */
function macsOf(c: WithMac): { client: string | undefined; far: string | undefined } {
  return c.clientMac === undefined ? { client: undefined, far: undefined } : { client: c.clientMac, far: GATEWAY_MAC };
}

/** Segments of one TCP connection, in order. */
function tcpSegments(c: TcpConversation, index: number): Uint8Array[] {
  const sport = c.sport ?? 40000 + index;
  const dport = c.dport ?? 443;
  let cSeq = 1_000_000 + index * 7919;
  let sSeq = 5_000_000 + index * 104729;
  const out: Uint8Array[] = [];
  const fromClient = (flags: number, payload: Uint8Array = new Uint8Array(0)): void => {
    out.push(ipFrame(tcp({ srcPort: sport, dstPort: dport, seq: cSeq, ack: flags & ACK ? sSeq : 0, flags, payload }), c.client, c.server, 6, macsOf(c).client));
    cSeq = (cSeq + payload.length + (flags & (SYN | FIN) ? 1 : 0)) >>> 0;
  };
  const fromServer = (flags: number, payload: Uint8Array = new Uint8Array(0)): void => {
    out.push(ipFrame(tcp({ srcPort: dport, dstPort: sport, seq: sSeq, ack: cSeq, flags, payload }), c.server, c.client, 6, macsOf(c).far));
    sSeq = (sSeq + payload.length + (flags & (SYN | FIN) ? 1 : 0)) >>> 0;
  };
  fromClient(SYN);
  fromServer(SYN | ACK);
  fromClient(ACK);
  const send = (from: typeof fromClient, ack: typeof fromClient, bytes: Uint8Array): void => {
    for (let p = 0; p < bytes.length; p += MSS) {
      from(PSH | ACK, bytes.subarray(p, p + MSS));
      ack(ACK);
    }
  };
  if (c.request !== undefined) send(fromClient, fromServer, c.request);
  if (c.response !== undefined) send(fromServer, fromClient, c.response);
  send(fromClient, fromServer, new Uint8Array(c.up ?? 0).fill(0x55));
  send(fromServer, fromClient, new Uint8Array(c.down ?? 0).fill(0x66));
  if ((c.close ?? 'fin') === 'fin') {
    fromClient(FIN | ACK);
    fromServer(FIN | ACK);
    fromClient(ACK);
  }
  return out;
}

function dnsDatagrams(c: DnsConversation, index: number): Uint8Array[] {
  const sport = c.sport ?? 50000 + index;
  const id = c.id ?? 0x1000 + index;
  const q = dnsQuery(c.name, c.qtype ?? 1, { id });
  const out = [ipFrame(udp({ srcPort: sport, dstPort: 53, payload: q }), c.client, c.resolver, 17, macsOf(c).client)];
  if (c.answers !== null) {
    const r = dnsResponse(c.name, c.answers ?? [], { id });
    out.push(ipFrame(udp({ srcPort: 53, dstPort: sport, payload: r }), c.resolver, c.client, 17, macsOf(c).far));
  }
  return out;
}

function quicDatagrams(c: QuicConversation, index: number): Uint8Array[] {
  const sport = c.sport ?? 51000 + index;
  const dcid = Uint8Array.of(0x5c, 0xe4, 0xa7, 0x10, index & 0xff, 0x01, 0x02, 0x03);
  const initials = clientFlight(tlsClientHello({ sni: c.sni, alpn: ['h3'] }), { dcid });
  const out = initials.map((d) => ipFrame(udp({ srcPort: sport, dstPort: 443, payload: d }), c.client, c.server, 17, macsOf(c).client));
  const down = c.down ?? 1200;
  if (down > 0) out.push(ipFrame(udp({ srcPort: 443, dstPort: sport, payload: new Uint8Array(down).fill(0x77) }), c.server, c.client, 17, macsOf(c).far));
  return out;
}

/** The frames of `c`, the `index`-th conversation (ports and ids derive from the index). */
export function conversationFrames(c: Conversation, index: number): Uint8Array[] {
  switch (c.kind) {
    case 'tcp':
      return tcpSegments(c, index);
    case 'dns':
      return dnsDatagrams(c, index);
    case 'quic':
      return quicDatagrams(c, index);
    default: {
      const never: never = c;
      throw new Error(`scenario: unknown conversation ${JSON.stringify(never)}`);
    }
  }
}

/**
 * Every frame of the conversations, timestamped: conversation i starts at `startSec + i` seconds,
 * its frames 1 ms apart. Ports, DNS ids and QUIC connection ids derive from each conversation's
 * index (its position, or `indexes[i]`), so a conversation can be rebuilt byte for byte at another
 * position or in another file.
 */
export function scenarioFrames(convs: readonly Conversation[], o: { startSec?: number; indexes?: readonly number[] } = {}): ScenarioFrame[] {
  const start = BigInt(o.startSec ?? SCENARIO_EPOCH) * 1_000_000_000n;
  const out: ScenarioFrame[] = [];
  convs.forEach((c, i) => {
    const frames = conversationFrames(c, o.indexes?.[i] ?? i);
    frames.forEach((data, k) => out.push({ tsNs: start + BigInt(i) * 1_000_000_000n + BigInt(k) * 1_000_000n, data }));
  });
  return out;
}

/** Raw Ethernet frames (built with tests/builders/packets.ts), `startSec` on and 1 ms apart. */
export function timedFrames(frames: readonly Uint8Array[], startSec = SCENARIO_EPOCH + 600): ScenarioFrame[] {
  return frames.map((data, k) => ({ tsNs: BigInt(startSec) * 1_000_000_000n + BigInt(k) * 1_000_000n, data }));
}

/**
 * A classic pcap file (µs timestamps, Ethernet) of timestamped frames. With `snapLength`, each
 * record keeps at most that many bytes and its original length says how long the frame was.
 */
export function framesPcap(frames: readonly ScenarioFrame[], o: { snapLength?: number } = {}): Uint8Array {
  const snap = o.snapLength ?? 0x40000;
  return pcap({ snapLength: snap }, frames.map((f) => ({
    tsSec: Number(f.tsNs / 1_000_000_000n),
    tsFrac: Number((f.tsNs % 1_000_000_000n) / 1000n),
    data: f.data.subarray(0, snap),
    origLen: f.data.length,
  })));
}

/** A classic pcap file of the conversations (`framesPcap` of `scenarioFrames`). */
export function scenarioPcap(convs: readonly Conversation[], o: { startSec?: number; indexes?: readonly number[]; snapLength?: number } = {}): Uint8Array {
  return framesPcap(scenarioFrames(convs, o), o);
}

/**
 * A pcapng file (one section, one Ethernet interface, µs timestamps) of the conversations, ended
 * by an Interface Statistics Block when `stats` is given (pcapng draft §4.6: isb_ifdrop, isb_osdrop).
 */
export function scenarioPcapng(
  convs: readonly Conversation[],
  o: { startSec?: number; indexes?: readonly number[]; stats?: { ifRecv?: bigint; ifDrop?: bigint; osDrop?: bigint } } = {},
): Uint8Array {
  const frames = scenarioFrames(convs, o);
  const blocks: Uint8Array[] = [shb(), idb({ name: 'eth0', tsresol: 6 })];
  for (const f of frames) blocks.push(epb({ ts: f.tsNs / 1000n, data: f.data }));
  if (o.stats !== undefined) {
    const last = frames.at(-1)?.tsNs ?? 0n;
    blocks.push(isb({ ts: last / 1000n + 1n, ...o.stats }));
  }
  return joinBlocks(...blocks);
}

/** `file` cut `bytes` before its end (a capture whose last record is incomplete). */
export function truncated(file: Uint8Array, bytes: number): Uint8Array {
  return file.subarray(0, file.length - bytes);
}

/**
 * `file` (classic pcap, little-endian) followed by a record header claiming `inclLen` bytes (more
 * than any snap length) and a few bytes: the reader stops there as corrupt.
 */
export function withCorruptRecord(file: Uint8Array, inclLen = 0x7fff_ffff): Uint8Array {
  const h = Buffer.alloc(16 + 8, 0xee);
  h.writeUInt32LE(SCENARIO_EPOCH + 3600, 0);
  h.writeUInt32LE(0, 4);
  h.writeUInt32LE(inclLen, 8);
  h.writeUInt32LE(inclLen, 12);
  return Buffer.concat([file, h]);
}

/** A temporary folder and a writer: `save(name, bytes)` writes the file there and returns its path. */
export function scenarioDir(prefix = 'ev-scenario-'): { readonly dir: string; readonly save: (name: string, bytes: Uint8Array | string) => string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    save: (name, bytes) => {
      const p = join(dir, name);
      writeFileSync(p, bytes);
      return p;
    },
  };
}
