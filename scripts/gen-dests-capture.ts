/**
 * Writes bench/data/dests-1m.pcap (git-ignored) unless it exists: one LAN host (an AV product's
 * cloud look-ups and reachability checks) contacting 1,000,000 distinct public destinations, one
 * small flow each, so that every destination is geolocated once and the geolocation memo never
 * hits. Deterministic (fixed seed).
 *
 * Destinations: 90 % IPv4 (half uniform over the whole IPv4 space, half a uniform address inside
 * a uniformly chosen routed range of @ip-location-db/asn, so small networks of many countries are
 * represented), 10 % IPv6 (inside a uniformly chosen routed IPv6 range of the same list). Every
 * address in a special-purpose block (IANA registries, multicast; geo/special) is skipped.
 * Flows: 60 % TCP/443 SYN, SYN/ACK, ACK, RST/ACK (connect and abort: no payload, so the non-geo
 * stages get as little work as possible and geolocation's share is at its largest); 40 % UDP/53535
 * one 32-byte query and one 32-byte answer. Flows start ~3.6 ms apart (1 M in about an hour), with
 * RTTs of 8–250 ms, so packets of neighbouring flows interleave in timestamp order.
 *
 * Usage: tsx scripts/gen-dests-capture.ts [--force] [--count N] [--seed N] [--out FILE]
 * @module scripts/gen-dests-capture
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classifySpecial } from '../src/geo/index.js';
import { Driver, type SessionGen } from './synth/driver.js';
import { RandomPool } from './synth/messages.js';
import { ACK, RST, SYN, type Endpoint, type Path } from './synth/packets.js';
import { Prng } from './synth/prng.js';
import { LAN, parseIp } from './synth/hosts.js';
import { CaptureWriter } from './synth/writer.js';

const DATA = resolve(dirname(fileURLToPath(import.meta.url)), '../bench/data');
const DEFAULT_OUT = join(DATA, 'dests-1m.pcap');
const DEFAULT_COUNT = 1_000_000;
const DEFAULT_SEED = 20240601;
const V6_SHARE = 0.1;
const TCP_SHARE = 0.6;
/** 2024-06-01T00:00:00Z in µs. */
const START_US = Date.UTC(2024, 5, 1) * 1000;
const MEAN_GAP_US = 3600;
const UDP_PORT = 53535;
const UDP_PAYLOAD = 32;

/** Routed ranges: IPv4 as [start, end] u32 pairs, IPv6 as BigInt start and size. */
interface Ranges {
  readonly v4: Uint32Array;
  readonly v6Start: readonly bigint[];
  readonly v6Size: readonly bigint[];
}

/** First two columns (decimal start and end) of each line of an @ip-location-db/asn *-num.csv. */
function* numericRanges(path: string): Generator<[string, string]> {
  for (const line of readFileSync(path, 'latin1').split('\n')) {
    const a = line.indexOf(',');
    const b = line.indexOf(',', a + 1);
    if (a > 0 && b > a) yield [line.slice(0, a), line.slice(a + 1, b)];
  }
}

function loadRanges(): Ranges {
  const dir = dirname(createRequire(import.meta.url).resolve('@ip-location-db/asn/package.json'));
  const v4: number[] = [];
  for (const [s, e] of numericRanges(join(dir, 'asn-ipv4-num.csv'))) v4.push(Number(s), Number(e));
  const v6Start: bigint[] = [];
  const v6Size: bigint[] = [];
  for (const [s, e] of numericRanges(join(dir, 'asn-ipv6-num.csv'))) {
    v6Start.push(BigInt(s));
    v6Size.push(BigInt(e) - BigInt(s) + 1n);
  }
  return { v4: Uint32Array.from(v4), v6Start, v6Size };
}

/** Draws distinct public addresses (see the module comment for the mix). */
class DestinationPicker {
  readonly #rng: Prng;
  readonly #ranges: Ranges;
  readonly #seen4 = new Set<number>();
  readonly #seen6 = new Set<bigint>();

  constructor(rng: Prng, ranges: Ranges) {
    this.#rng = rng;
    this.#ranges = ranges;
  }

  next4(): Uint8Array {
    const rng = this.#rng, r = this.#ranges.v4;
    for (;;) {
      let x: number;
      if (rng.chance(0.5)) x = rng.u32();
      else {
        const i = rng.int(r.length / 2);
        x = r[2 * i]! + rng.int(r[2 * i + 1]! - r[2 * i]! + 1);
      }
      const bytes = Uint8Array.of(x >>> 24, (x >>> 16) & 255, (x >>> 8) & 255, x & 255);
      if (this.#seen4.has(x) || classifySpecial({ version: 4, bytes }) !== undefined) continue;
      this.#seen4.add(x);
      return bytes;
    }
  }

  next6(): Uint8Array {
    const rng = this.#rng, { v6Start, v6Size } = this.#ranges;
    for (;;) {
      const i = rng.int(v6Start.length);
      const r = (BigInt(rng.u32()) << 96n) | (BigInt(rng.u32()) << 64n) | (BigInt(rng.u32()) << 32n) | BigInt(rng.u32());
      const x = v6Start[i]! + (r % v6Size[i]!);
      const bytes = new Uint8Array(16);
      for (let k = 0, v = x; k < 16; k++, v >>= 8n) bytes[15 - k] = Number(v & 255n);
      if (this.#seen6.has(x) || classifySpecial({ version: 6, bytes }) !== undefined) continue;
      this.#seen6.add(x);
      return bytes;
    }
  }
}

/** TCP connect and abort (RFC 9293 §3.5 handshake, then a client reset, §3.10.7.3). */
function* tcpProbe(d: Driver, p: Path, rtt: number): SessionGen {
  const c = d.rng.u32(), s = d.rng.u32();
  d.tcp(p, true, SYN, c, 0);
  yield rtt;
  d.tcp(p, false, SYN | ACK, s, (c + 1) >>> 0);
  yield 80 + d.rng.int(120);
  d.tcp(p, true, ACK, (c + 1) >>> 0, (s + 1) >>> 0);
  yield 2000 + d.rng.int(20_000);
  d.tcp(p, true, RST | ACK, (c + 1) >>> 0, (s + 1) >>> 0);
}

/** One opaque UDP query and its answer; the first byte (0x01) keeps QUIC and DNS probes off. */
function* udpQuery(d: Driver, p: Path, rtt: number): SessionGen {
  const off = d.b.payloadOffset(p, 'udp');
  d.pool.copy(d.b.buf, off, d.rng.u32(), UDP_PAYLOAD);
  d.b.buf[off] = 0x01;
  d.udpInPlace(p, true, UDP_PAYLOAD);
  yield rtt;
  d.pool.copy(d.b.buf, off, d.rng.u32(), UDP_PAYLOAD);
  d.b.buf[off] = 0x01;
  d.udpInPlace(p, false, UDP_PAYLOAD);
}

/** What was written. */
interface DestsSummary {
  packets: number;
  flows: number;
  v4: number;
  v6: number;
  tcp: number;
  udp: number;
  spanS: number;
}

const CLIENT4: Endpoint = { mac: Uint8Array.of(0x02, 0x00, 0x5e, 0x10, 0x00, 0x0a), ip: Uint8Array.of(192, 168, 1, 10) };
const CLIENT6: Endpoint = { mac: CLIENT4.mac, ip: parseIp('2001:db8:1:1::a') };

/** Writes `count` flows to `path` (classic pcap, Ethernet). */
async function writeDests(path: string, count: number, seed: number): Promise<DestsSummary> {
  const rng = new Prng(seed);
  const picker = new DestinationPicker(rng, loadRanges());
  const sink = new CaptureWriter(createWriteStream(path), 'pcap', 'egress-verify gen-dests-capture');
  const d = new Driver(sink, rng, new RandomPool(rng), START_US);
  const sum: DestsSummary = { packets: 0, flows: count, v4: 0, v6: 0, tcp: 0, udp: 0, spanS: 0 };
  let t = START_US;
  for (let i = 0; i < count; i++) {
    t += Math.max(1, Math.round(rng.exp(MEAN_GAP_US)));
    while (d.nextTime <= t) d.step();
    if (sink.blocked) await sink.ready();
    const v6 = rng.chance(V6_SHARE);
    const tcp = rng.chance(TCP_SHARE);
    const path: Path = {
      client: v6 ? CLIENT6 : CLIENT4, server: { mac: LAN.gatewayMac, ip: v6 ? picker.next6() : picker.next4() }, v6,
      clientPort: 32768 + (i % 28232), serverPort: tcp ? 443 : UDP_PORT, serverTtl: 40 + rng.int(20),
      ipIdC: rng.int(65536), ipIdS: rng.int(65536),
    };
    const rtt = 8000 + rng.int(242_000);
    d.start(tcp ? tcpProbe(d, path, rtt) : udpQuery(d, path, rtt), t, 0);
    if (v6) sum.v6++; else sum.v4++;
    if (tcp) sum.tcp++; else sum.udp++;
  }
  while (d.running > 0) {
    d.step();
    if (sink.blocked) await sink.ready();
  }
  await sink.close();
  sum.packets = d.packets;
  sum.spanS = (d.clock - START_US) / 1e6;
  return sum;
}

function option(args: readonly string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const out = resolve(option(args, '--out') ?? DEFAULT_OUT);
  const count = Number(option(args, '--count') ?? DEFAULT_COUNT);
  const seed = Number(option(args, '--seed') ?? DEFAULT_SEED);
  if (!Number.isSafeInteger(count) || count < 1 || !Number.isSafeInteger(seed)) throw new Error('--count and --seed need integers');
  if (!args.includes('--force') && existsSync(out)) return;
  mkdirSync(dirname(out), { recursive: true });
  const t0 = process.hrtime.bigint();
  const s = await writeDests(`${out}.partial`, count, seed);
  renameSync(`${out}.partial`, out);
  const bytes = statSync(out).size;
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  process.stdout.write(`${out}: ${s.packets} packets, ${(bytes / 1e6).toFixed(1)} MB, ${s.flows} flows (${s.v4} IPv4, ${s.v6} IPv6; ${s.tcp} TCP, ${s.udp} UDP), ${secs.toFixed(1)} s\n`);
  if (dirname(out) !== DATA) return;
  const manifestPath = join(DATA, 'manifest.json');
  let manifest: Record<string, unknown> = {};
  try { manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>; } catch { /* first file */ }
  manifest[out.slice(DATA.length + 1)] = { ...s, bytes, seed, format: 'pcap' };
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
}

await main();
