/**
 * The scenario generator (scripts/synth/scenario*.ts): descriptions become packets in timestamp
 * order, invalid descriptions are refused, and the AV scenarios of captures/ are well formed.
 */
import { describe, expect, it } from 'vitest';
import {
  ALLOWLIST_POLICY, AV_SCENARIOS, DEFAULT_POLICY, Prng, analyzeCommand, generateScenario, goldenName, planScenarioSession, policyId,
  type FrameSink, type Scenario, type ScenarioHost, type ScenarioSession,
} from '../../scripts/synth/index.js';

/** Collects frames in memory. */
class MemorySink implements FrameSink {
  readonly frames: { tsUs: number; bytes: Buffer }[] = [];
  readonly blocked = false;
  bytesWritten = 0;
  writeFrame(tsUs: number, frame: Uint8Array, length: number): void {
    this.frames.push({ tsUs, bytes: Buffer.from(frame.subarray(0, length)) });
    this.bytesWritten += length;
  }
  async ready(): Promise<void> {}
  async close(): Promise<void> {}
}

const HOST: ScenarioHost = { id: 'h', mac: '02:00:5e:00:00:01', ip4: '192.168.1.30', ip6: '2001:db8:1:1::30' };
const V4_ONLY: ScenarioHost = { id: 'v4', mac: '02:00:5e:00:00:02', ip4: '192.168.1.31' };
const START = '2026-07-01T00:00:00Z';
const START_US = Date.parse(START) * 1000;

const session = (over: Partial<ScenarioSession>): ScenarioSession => ({
  atMs: 0, host: 'h', kind: 'https', name: 'a.vendor.example', server: '52.56.92.140', dns: { resolver: '192.168.1.1', ttl: 60 },
  up: [300], down: [900], rttMs: 10, purpose: 'test', location: 'GB', ...over,
});

const scenario = (sessions: ScenarioSession[], seed = 1): Scenario => ({
  file: 't.pcapng', title: 't', summary: 't', seed, start: START, hosts: [HOST, V4_ONLY], sessions, expectations: [],
});

async function frames(sc: Scenario): Promise<MemorySink['frames']> {
  const sink = new MemorySink();
  await generateScenario(sink, sc);
  return sink.frames;
}

const hasAscii = (f: { bytes: Buffer }, text: string): boolean => f.bytes.includes(Buffer.from(text, 'latin1'));
/** DNS wire form of a name (RFC 1035 §3.1). */
const wireName = (name: string): Buffer => Buffer.concat(name.split('.').map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])));

describe('scenario descriptions are refused when inconsistent', () => {
  const hosts = new Map([HOST, V4_ONLY].map((h) => [h.id, h] as const));
  it.each([
    { name: 'unknown host', s: session({ host: 'nobody' }), message: /unknown host nobody/ },
    { name: 'IPv6 server for an IPv4-only host', s: session({ host: 'v4', server: '2a01:4f8::1', dns: null }), message: /no IPv6 address/ },
    { name: 'lookup-only session without a lookup', s: session({ kind: 'dns', dns: null, up: [], down: [] }), message: /without a lookup/ },
    { name: 'rounds of different lengths', s: session({ up: [1, 2], down: [3] }), message: /rounds differ/ },
  ])('$name', ({ s, message }) => {
    expect(() => planScenarioSession(new Prng(1), hosts, s)).toThrow(message);
  });

  it('a bad MAC', () => {
    const bad = new Map([['h', { ...HOST, mac: '02:00:5e:00:01' }]]);
    expect(() => planScenarioSession(new Prng(1), bad, session({}))).toThrow(/bad MAC/);
  });
});

describe('generateScenario', () => {
  it('a lookup-only session is one query at its start and one answer one resolver delay later', async () => {
    const f = await frames(scenario([session({ kind: 'dns', atMs: 250, name: 'probe.vendor.example', up: [], down: [] })]));
    expect(f).toHaveLength(2);
    expect(f[0]?.tsUs).toBe(START_US + 250_000);
    expect(f[1]!.tsUs).toBeGreaterThan(f[0]!.tsUs);
    expect(f.every((x) => x.bytes.includes(wireName('probe.vendor.example')))).toBe(true);
    expect(f[1]!.bytes.includes(Buffer.from([52, 56, 92, 140]))).toBe(true); // the A record's address
  });

  it.each([
    { kind: 'https' as const, server: '52.56.92.140', sni: 'tls.vendor.example' },
    { kind: 'https' as const, server: '2a01:4f8:c17:2a10::5', sni: 'v6.vendor.example' },
    { kind: 'http' as const, server: '52.56.92.140', sni: 'Host: web.vendor.example' },
  ])('$kind to $server carries "$sni" in clear text', async ({ kind, server, sni }) => {
    const name = sni.replace('Host: ', '');
    const dns = server.includes(':') ? { resolver: '2001:db8:1:1::1', ttl: 60 } : { resolver: '192.168.1.1', ttl: 60 };
    const f = await frames(scenario([session({ kind, server, name, dns })]));
    expect(f.some((x) => hasAscii(x, sni))).toBe(true);
    expect(f.length).toBeGreaterThan(8);
  });

  it('a QUIC session hides its SNI in protected Initials (not in clear text)', async () => {
    const f = await frames(scenario([session({ kind: 'quic', name: 'rep.vendor.example', dns: null })]));
    expect(f.some((x) => hasAscii(x, 'rep.vendor.example'))).toBe(false);
    expect(f[0]!.bytes.length).toBeGreaterThanOrEqual(14 + 20 + 8 + 1200); // RFC 9000 §14.1
  });

  it('writes packets in timestamp order whatever the description order, and only the seed changes the bytes', async () => {
    const a = session({ atMs: 0, up: [20_000], down: [300] });
    const b = session({ atMs: 5, kind: 'quic', name: 'q.vendor.example', server: '20.50.2.37' });
    const forward = await frames(scenario([a, b]));
    const backward = await frames(scenario([b, a]));
    const other = await frames(scenario([a, b], 2));
    expect(forward.every((x, i) => i === 0 || x.tsUs >= forward[i - 1]!.tsUs)).toBe(true);
    expect(Buffer.concat(backward.map((x) => x.bytes)).equals(Buffer.concat(forward.map((x) => x.bytes)))).toBe(true);
    expect(Buffer.concat(other.map((x) => x.bytes)).equals(Buffer.concat(forward.map((x) => x.bytes)))).toBe(false);
  });
});

describe('policy names, golden files and commands', () => {
  it.each([
    { policy: DEFAULT_POLICY, id: 'deny-ru-by', golden: 'x.deny-ru-by.json', command: 'npm run --silent cli -- analyze captures/x.pcapng' },
    { policy: ALLOWLIST_POLICY, id: 'allowlist-gb-eea-ch', golden: 'x.allowlist-gb-eea-ch.json',
      command: `npm run --silent cli -- analyze captures/x.pcapng --policy ${ALLOWLIST_POLICY}` },
  ])('$id', ({ policy, id, golden, command }) => {
    expect([policyId(policy), goldenName('x.pcapng', policy), analyzeCommand('x.pcapng', policy)]).toEqual([id, golden, command]);
  });
});

describe('the AV scenarios of captures/', () => {
  it.each(AV_SCENARIOS.map((sc) => ({ file: sc.file, sc })))('$file is well formed', ({ sc }) => {
    const hosts = new Set(sc.hosts.map((h) => h.id));
    expect(sc.sessions.every((s) => hosts.has(s.host))).toBe(true);
    expect(sc.start.startsWith('2026-07-')).toBe(true); // after the embedded databases' June 2026 builds
    expect(sc.expectations.length).toBeGreaterThan(0);
    for (const e of sc.expectations) {
      expect(e.reasons).toEqual([...e.reasons].sort());
      expect(e.verdict === 'PASS').toBe(e.reasons.length === 0);
    }
  });

  it('have distinct files, seeds and golden names', () => {
    const goldens = AV_SCENARIOS.flatMap((sc) => sc.expectations.map((e) => goldenName(sc.file, e.policy)));
    expect(new Set(AV_SCENARIOS.map((sc) => sc.file)).size).toBe(AV_SCENARIOS.length);
    expect(new Set(AV_SCENARIOS.map((sc) => sc.seed)).size).toBe(AV_SCENARIOS.length);
    expect(new Set(goldens).size).toBe(goldens.length);
  });
});
