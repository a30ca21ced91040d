/**
 * Turns a Scenario description into packets: each session becomes a SessionPlan run by the
 * traffic model's scripts (DNS exchange, TCP handshake/TLS/HTTP/close, QUIC Initials and 1-RTT
 * packets) on one Driver, so the capture is in timestamp order with overlapping sessions.
 * Everything not in the description (client ports, ISNs, DNS ids, jitter, random content)
 * comes from the scenario's seed: the same description always gives the same bytes.
 * @module synth/scenario-run
 */
import { createWriteStream } from 'node:fs';
import { Driver, type SessionGen } from './driver.js';
import { RandomPool } from './messages.js';
import { Prng } from './prng.js';
import { LAN, formatIp, parseIp } from './hosts.js';
import { dnsExchange, quicSession, tcpSession, type DnsPlan, type SessionPlan } from './sessions.js';
import { DNS_TYPE_A, DNS_TYPE_AAAA } from './dns.js';
import { CaptureWriter, type FrameSink } from './writer.js';
import type { Path } from './packets.js';
import type { Scenario, ScenarioHost, ScenarioSession } from './scenario.js';

/** What a scenario run wrote. */
export interface ScenarioSummary {
  readonly packets: number;
  readonly bytes: number;
  /** Epoch µs of the scenario's start and of the last packet. */
  readonly firstUs: number;
  readonly lastUs: number;
}

/** Parses `02:00:5e:00:00:14`. */
function parseMac(text: string): Uint8Array {
  const parts = text.split(':').map((x) => parseInt(x, 16));
  if (parts.length !== 6 || parts.some((x) => !(x >= 0 && x <= 255))) throw new RangeError(`bad MAC ${text}`);
  return Uint8Array.from(parts);
}

/** The host's address of the family of `peer`. */
function hostAddress(h: ScenarioHost, peer: Uint8Array): Uint8Array {
  if (peer.length === 4) return parseIp(h.ip4);
  if (h.ip6 === undefined) throw new RangeError(`host ${h.id} has no IPv6 address for ${formatIp(peer)}`);
  return parseIp(h.ip6);
}

function isLanResolver(ip: Uint8Array): boolean {
  const t = formatIp(ip);
  return t === formatIp(LAN.gateway4) || t === formatIp(LAN.gateway6);
}

function path(rng: Prng, h: ScenarioHost, server: Uint8Array, serverPort: number, serverTtl: number): Path {
  return {
    client: { mac: parseMac(h.mac), ip: hostAddress(h, server) },
    server: { mac: LAN.gatewayMac, ip: server },
    v6: server.length === 16, clientPort: 49152 + rng.int(16384), serverPort, serverTtl,
    ipIdC: rng.int(65536), ipIdS: rng.int(65536),
  };
}

function lookup(rng: Prng, h: ScenarioHost, s: ScenarioSession, server: Uint8Array): DnsPlan | null {
  if (s.dns === null) return null;
  const resolver = parseIp(s.dns.resolver);
  const local = isLanResolver(resolver);
  const answer = { name: s.name, qtype: server.length === 16 ? DNS_TYPE_AAAA : DNS_TYPE_A, address: server, ttl: s.dns.ttl };
  return {
    path: path(rng, h, resolver, 53, local ? 64 : 56),
    id: rng.int(65536),
    rtt: local ? 400 + rng.int(1500) : Math.round(s.rttMs * 1000) + rng.int(2000),
    answer: s.dns.cname === undefined ? answer : { ...answer, cname: s.dns.cname },
  };
}

/** The SessionPlan of one described session. */
export function planScenarioSession(rng: Prng, hosts: ReadonlyMap<string, ScenarioHost>, s: ScenarioSession): SessionPlan {
  const h = hosts.get(s.host);
  if (h === undefined) throw new RangeError(`session ${s.name}: unknown host ${s.host}`);
  const server = parseIp(s.server);
  const kind = s.kind === 'https' ? 'tls' : s.kind === 'dns' ? 'tcp' : s.kind;
  const port = s.port ?? (s.kind === 'http' ? 80 : 443);
  const dns = lookup(rng, h, s, server);
  if (s.kind === 'dns' && dns === null) throw new RangeError(`dns session ${s.name} without a lookup`);
  if (s.up.length !== s.down.length) throw new RangeError(`session ${s.name}: up and down rounds differ`);
  return {
    kind, name: s.name, dns, up: s.up, down: s.down,
    rtt: Math.round(s.rttMs * 1000),
    path: path(rng, h, server, port, 50 + rng.int(8)),
    gap: 60 + rng.int(120),
    think: 80_000 + rng.int(120_000),
  };
}

function* lookupOnly(d: Driver, dns: DnsPlan): SessionGen {
  yield* dnsExchange(d, dns);
}

/** Writes the scenario's packets into `sink` (which the caller closes). */
export async function generateScenario(sink: FrameSink, sc: Scenario): Promise<ScenarioSummary> {
  const rng = new Prng(sc.seed);
  const pool = new RandomPool(rng);
  const startUs = Date.parse(sc.start) * 1000;
  if (!Number.isFinite(startUs)) throw new RangeError(`scenario ${sc.file}: bad start ${sc.start}`);
  const hosts = new Map(sc.hosts.map((h) => [h.id, h] as const));
  const d = new Driver(sink, rng, pool, startUs);
  const order = sc.sessions.map((s, i) => ({ s, i })).sort((a, b) => a.s.atMs - b.s.atMs || a.i - b.i);
  for (const { s } of order) {
    const plan = planScenarioSession(rng, hosts, s);
    const gen = s.kind === 'dns' && plan.dns !== null ? lookupOnly(d, plan.dns) : s.kind === 'quic' ? quicSession(d, plan) : tcpSession(d, plan);
    d.start(gen, startUs + Math.round(s.atMs * 1000), 0);
  }
  while (d.running > 0) {
    d.step();
    if (sink.blocked) await sink.ready();
  }
  return { packets: d.packets, bytes: sink.bytesWritten, firstUs: startUs, lastUs: d.clock };
}

/** Writes the scenario as a pcapng file at `file`. */
export async function synthesizeScenario(file: string, sc: Scenario): Promise<ScenarioSummary> {
  const sink = new CaptureWriter(createWriteStream(file), 'pcapng');
  const summary = await generateScenario(sink, sc);
  await sink.close();
  return summary;
}
