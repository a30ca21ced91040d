/**
 * The traffic model: LAN clients (IPv4, some dual-stack IPv6) open sessions to public
 * destinations at Poisson arrivals: 62 % TLS/443, 18 % HTTP/80, 10 % QUIC/443, 10 % other TCP,
 * 75 % of them after a DNS A/AAAA lookup (30 % through a CNAME). Flow sizes are lognormal
 * (heavy-tailed, capped); 15 % of flows are uploads. Generation stops starting sessions once the
 * bytes written plus the running sessions' estimates reach the target, so output size ≈ target.
 * @module synth/traffic
 */
import { Driver } from './driver.js';
import { RandomPool } from './messages.js';
import { Prng } from './prng.js';
import { LAN, loadPrefixTable, makeClients, makeDestinations, parseIp, formatIp, type Client, type Destination } from './hosts.js';
import { quicSession, tcpSession, type DnsPlan, type SessionPlan } from './sessions.js';
import { DNS_TYPE_A, DNS_TYPE_AAAA } from './dns.js';
import type { Path } from './packets.js';
import type { FrameSink } from './writer.js';

/** Knobs of one synthesis run. */
export interface TrafficProfile {
  readonly seed: number;
  /** Approximate output size; generation stops starting sessions when reached. */
  readonly targetBytes: number;
  /** Hard cap on the number of sessions (demo captures). */
  readonly maxSessions: number;
  readonly clients: number;
  readonly dualStackClients: number;
  readonly destinations: number;
  readonly meanInterarrivalUs: number;
  readonly flowMedianBytes: number;
  readonly flowSigma: number;
  readonly flowCapBytes: number;
  /** Epoch µs of the first session. */
  readonly startUs: number;
}

/** Defaults similar to PERFORMANCE.md's gen_pcap.py captures (targetBytes 1e9 ≈ big.pcap). */
export const DEFAULT_PROFILE: TrafficProfile = {
  seed: 20240601,
  targetBytes: 1_000_000_000,
  maxSessions: Number.POSITIVE_INFINITY,
  clients: 96,
  dualStackClients: 16,
  destinations: 1300,
  meanInterarrivalUs: 75_000,
  flowMedianBytes: 6_000,
  flowSigma: 1.9,
  flowCapBytes: 60_000_000,
  startUs: Date.UTC(2024, 5, 1, 8, 0, 0) * 1000,
};

/** One line of the session log (used for the demo README). */
export interface SessionInfo {
  readonly kind: SessionPlan['kind'];
  readonly client: string;
  readonly server: string;
  readonly serverPort: number;
  readonly name: string;
  readonly cname: string | null;
  readonly dnsServer: string | null;
  readonly country: string;
  readonly org: string;
  readonly upBytes: number;
  readonly downBytes: number;
}

/** Totals of a run. */
export interface TrafficSummary {
  readonly packets: number;
  readonly bytes: number;
  readonly sessions: number;
  readonly firstUs: number;
  readonly lastUs: number;
  readonly log: readonly SessionInfo[];
}

const PUBLIC_RESOLVERS4 = ['8.8.8.8', '1.1.1.1', '77.88.8.8'].map(parseIp);
const PUBLIC_RESOLVER6 = parseIp('2001:4860:4860::8888');
/** Other TCP services; their payload is opaque (ports whose dissectors expect encrypted data). */
const OTHER_PORTS = [22, 993, 995, 587, 3389, 8443, 5228, 9443];

/** Chooses destinations by a Zipf-like popularity (weight 1/rank^0.8). */
class Popularity {
  readonly #cum: number[] = [];
  constructor(readonly items: readonly Destination[]) {
    let acc = 0;
    items.forEach((_, i) => this.#cum.push((acc += 1 / Math.pow(i + 1, 0.8))));
  }
  pick(rng: Prng): Destination {
    const x = rng.float() * (this.#cum[this.#cum.length - 1] ?? 0);
    let lo = 0, hi = this.#cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.#cum[mid] ?? 0) < x) lo = mid + 1;
      else hi = mid;
    }
    return this.items[lo]!;
  }
}

function makePath(rng: Prng, c: Client, serverIp: Uint8Array, v6: boolean, cport: number, sport: number, ttl: number): Path {
  const ip = v6 ? c.ip6 : c.ip4;
  if (ip === null) throw new RangeError('IPv6 path for an IPv4-only client');
  return {
    client: { mac: c.mac, ip },
    server: { mac: LAN.gatewayMac, ip: serverIp },
    v6, clientPort: cport, serverPort: sport, serverTtl: ttl,
    ipIdC: rng.int(65536), ipIdS: rng.int(65536),
  };
}

function sizes(rng: Prng, p: TrafficProfile, rounds: number): { up: number[]; down: number[] } {
  const total = Math.min(p.flowCapBytes, Math.max(200, Math.round(rng.lognormal(p.flowMedianBytes, p.flowSigma))));
  const upload = rng.chance(0.15);
  const up: number[] = [], down: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const share = Math.max(100, Math.round(total / rounds));
    const small = 150 + rng.int(900);
    up.push(upload ? share : small);
    down.push(upload ? 80 + rng.int(400) : share);
  }
  return { up, down };
}

/** Decides one session: who, where, what, how big. */
function planSession(rng: Prng, p: TrafficProfile, clients: readonly Client[], v4: Popularity, v6: Popularity): [SessionPlan, Destination] {
  const client = rng.pick(clients);
  const useV6 = client.ip6 !== null && v6.items.length > 0 && rng.chance(0.7);
  const dest = (useV6 ? v6 : v4).pick(rng);
  const r = rng.float();
  const kind: SessionPlan['kind'] = r < 0.62 ? 'tls' : r < 0.8 ? 'http' : r < 0.9 ? 'quic' : 'tcp';
  const port = kind === 'http' ? 80 : kind === 'tcp' ? rng.pick(OTHER_PORTS) : 443;
  const cport = 32768 + rng.int(28232);
  const rtt = Math.round(Math.min(400_000, Math.max(2_000, rng.lognormal(40_000, 0.8))));
  let dns: DnsPlan | null = null;
  if (rng.chance(0.75)) {
    const pub = rng.chance(0.2);
    const resolver = dest.v6 ? (pub ? PUBLIC_RESOLVER6 : LAN.gateway6) : pub ? rng.pick(PUBLIC_RESOLVERS4) : LAN.gateway4;
    const dnsPath = makePath(rng, client, resolver, dest.v6, 32768 + rng.int(28232), 53, pub ? 56 : 64);
    const answer = { name: dest.name, qtype: dest.v6 ? DNS_TYPE_AAAA : DNS_TYPE_A, address: dest.ip, ttl: 60 + rng.int(3540) };
    dns = {
      path: dnsPath, id: rng.int(65536), rtt: pub ? rtt / 2 + 5_000 : 300 + rng.int(20_000),
      answer: dest.cname === null ? answer : { ...answer, cname: dest.cname },
    };
  }
  const rounds = rng.chance(0.3) ? 2 + rng.int(3) : 1;
  const { up, down } = sizes(rng, p, rounds);
  const plan: SessionPlan = {
    kind, name: dest.name, dns, rtt, up, down,
    path: makePath(rng, client, dest.ip, dest.v6, cport, port, dest.ttl),
    gap: Math.round(Math.min(20_000, Math.max(15, rng.lognormal(150, 1)))),
    think: Math.round(rng.exp(200_000)),
  };
  return [plan, dest];
}

function describe(s: SessionPlan, dest: Destination): SessionInfo {
  const sum = (a: readonly number[]): number => a.reduce((x, y) => x + y, 0);
  return {
    kind: s.kind, client: formatIp(s.path.client.ip), server: formatIp(s.path.server.ip), serverPort: s.path.serverPort,
    name: s.name, cname: s.dns?.answer.cname ?? null, dnsServer: s.dns === null ? null : formatIp(s.dns.path.server.ip),
    country: dest.entry.country, org: dest.entry.org, upBytes: sum(s.up), downBytes: sum(s.down),
  };
}

/** Runs the model into `sink` (which the caller closes). Deterministic for a given profile. */
export async function generateTraffic(sink: FrameSink, profile: TrafficProfile, keepLog = false): Promise<TrafficSummary> {
  const rng = new Prng(profile.seed);
  const pool = new RandomPool(rng);
  const clients = makeClients(rng, profile.clients, profile.dualStackClients);
  const dests = makeDestinations(rng, loadPrefixTable(), profile.destinations);
  for (let i = dests.length - 1; i > 0; i--) {
    const j = rng.int(i + 1); // Fisher-Yates: popularity rank independent of table order
    [dests[i], dests[j]] = [dests[j]!, dests[i]!];
  }
  const v4 = new Popularity(dests.filter((x) => !x.v6));
  const v6 = new Popularity(dests.filter((x) => x.v6));
  const d = new Driver(sink, rng, pool, profile.startUs);
  const log: SessionInfo[] = [];
  let nextArrival = profile.startUs;
  let sessions = 0;
  for (;;) {
    const canStart = sessions < profile.maxSessions && sink.bytesWritten + d.outstanding < profile.targetBytes;
    if (canStart && nextArrival <= d.nextTime) {
      const [s, dest] = planSession(rng, profile, clients, v4, v6);
      const payload = s.up.reduce((a, b) => a + b, 0) + s.down.reduce((a, b) => a + b, 0);
      const estimate = payload * 1.08 + 3_000 + (s.kind === 'tls' ? 4_000 : 0) + (s.dns === null ? 0 : 250);
      d.start(s.kind === 'quic' ? quicSession(d, s) : tcpSession(d, s), nextArrival, estimate);
      if (keepLog) log.push(describe(s, dest));
      sessions++;
      nextArrival += Math.max(1, Math.round(rng.exp(profile.meanInterarrivalUs)));
      continue;
    }
    if (d.running === 0) break;
    d.step();
    if (sink.blocked) await sink.ready();
  }
  return { packets: d.packets, bytes: sink.bytesWritten, sessions, firstUs: profile.startUs, lastUs: d.clock, log };
}
