/**
 * Determinism through the real CLI: the same capture gives byte-identical reports with
 * --reproducible (and without it differs only in `run`), and the same conversations reordered
 * and split over two inputs (a pcap and a pcapng) give the same verdict, reasons, destination
 * and flow verdicts.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import {
  dnsConversation, handshakeOnly, httpConversation, LAN_RESOLVER, resolvedTls, scenarioDir, scenarioPcap, scenarioPcapng,
  type Conversation,
} from '../builders/scenario.js';

const HOST = '10.0.0.1';
const { save } = scenarioDir();

/** Units that must stay in order inside (a lookup before its connection); the units themselves may move. */
const UNITS: readonly (readonly Conversation[])[] = [
  resolvedTls(HOST, '5.255.255.158', 'api.yandex.ru', { up: 1500, down: 3000 }),
  resolvedTls(HOST, '212.58.233.71', 'www.bbc.co.uk', { up: 300, down: 6000 }),
  resolvedTls(HOST, '104.21.190.18', 'cdn.example.com', { up: 200 }),
  resolvedTls('fd00::10', '2a02:6b8::2:242', 'yandex.ru', { up: 400 }),
  [dnsConversation(HOST, '77.88.8.8', 'www.bbc.co.uk', ['212.58.233.71'])],
  [dnsConversation(HOST, LAN_RESOLVER, 'yandex.ru', ['5.255.255.158']), { kind: 'quic', client: HOST, server: '5.255.255.158', sni: 'yandex.ru' }],
  [httpConversation('10.0.0.2', '13.107.42.182', 'download.windowsupdate.com')],
  [handshakeOnly('10.0.0.2', '87.250.250.242')],
];
/** Every conversation with its position in the original order (ports and DNS ids derive from it). */
const INDEXED = UNITS.map((u, k) => u.map((c, j) => ({ c, index: UNITS.slice(0, k).reduce((n, x) => n + x.length, 0) + j })));
const ALL = INDEXED.flat();
const ONE_FILE = save('all.pcap', scenarioPcap(ALL.map((x) => x.c), { indexes: ALL.map((x) => x.index) }));

describe('determinism', () => {
  it.each(['json', 'conn', 'csv'] as const)('--reproducible %s: two runs give identical bytes', async (format) => {
    const a = await runCli(['analyze', '--reproducible', '--format', format, ONE_FILE]);
    const b = await runCli(['analyze', '--reproducible', '--format', format, ONE_FILE]);
    expect(a.code).toBe(1);
    expect(a.stdout.length).toBeGreaterThan(500);
    expect(b.stdout).toBe(a.stdout);
    expect(b.code).toBe(a.code);
  });

  it('without --reproducible only the run section differs', async () => {
    const a = JSON.parse((await runCli(['analyze', ONE_FILE])).stdout) as Record<string, unknown>;
    const b = JSON.parse((await runCli(['analyze', '--reproducible', ONE_FILE])).stdout) as Record<string, unknown>;
    expect(a['run']).toMatchObject({ started_at: expect.any(String), finished_at: expect.any(String) });
    expect(b['run']).toBeUndefined();
    delete a['run'];
    expect(a).toEqual(b);
  });

  it('the same conversations reordered over two inputs (pcap + pcapng) give the same judgement', async () => {
    const half = Math.ceil(INDEXED.length / 2);
    const first = INDEXED.slice(0, half).reverse().flat();
    const second = [INDEXED[half + 2]!, INDEXED[half]!, INDEXED[half + 3]!, INDEXED[half + 1]!].flat();
    expect(first.length + second.length).toBe(ALL.length);
    const p1 = save('part1.pcap', scenarioPcap(first.map((x) => x.c), { indexes: first.map((x) => x.index) }));
    const p2 = save('part2.pcapng', scenarioPcapng(second.map((x) => x.c), { indexes: second.map((x) => x.index), startSec: 1_782_864_000 + first.length }));
    const one = await judgement([ONE_FILE]);
    const two = await judgement([p1, p2]);
    expect(one.verdict).toBe('FAIL');
    expect(one.flows.length).toBe(13);
    expect(two).toEqual(one);
  });
});

interface Row { code: string; effect: string; count?: number; rules?: string[] }
interface Report {
  verdict: { verdict: string; reasons: Row[]; warnings: Row[]; counts: Record<string, number>; completeness: { reasons: Row[] } };
  destinations: { ip: string; verdict: string; flows: number; payload_bytes_sent: number; names: string[]; reasons: Row[] }[];
  flows: { proto: string; orig_h: string; orig_p: number; resp_h: string; resp_p: number; name: string | null; orig_bytes: number; verdict: string; verdict_reasons: Row[] }[];
  dns: { client: string; resolver: string; query: string; verdict: string | null; verdict_reasons: Row[] }[];
}

/** Everything of a report that must not depend on input order or file boundaries (no uids, frames, file names). */
async function judgement(files: readonly string[]): Promise<{ verdict: string; flows: unknown[] } & Record<string, unknown>> {
  const r = await runCli(['analyze', '--reproducible', ...files]);
  expect(r.stderr).toBe('');
  const rep = JSON.parse(r.stdout) as Report;
  const rows = (rs: readonly Row[]): string[] => rs.map((x) => `${x.effect}:${x.code}:${x.count ?? ''}:${(x.rules ?? []).join('+')}`);
  const byKey = <T>(xs: readonly T[], key: (x: T) => string): [string, T][] => xs.map((x): [string, T] => [key(x), x]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    exit: r.code,
    verdict: rep.verdict.verdict,
    reasons: rows(rep.verdict.reasons),
    warnings: rows(rep.verdict.warnings),
    completeness: rows(rep.verdict.completeness.reasons),
    counts: rep.verdict.counts,
    destinations: byKey(rep.destinations, (d) => d.ip).map(([k, d]) => [k, d.verdict, d.flows, d.payload_bytes_sent, d.names, rows(d.reasons)]),
    flows: byKey(rep.flows, (f) => `${f.proto} ${f.orig_h}:${f.orig_p} > ${f.resp_h}:${f.resp_p}`).map(([k, f]) => [k, f.name, f.orig_bytes, f.verdict, rows(f.verdict_reasons)]),
    dns: byKey(rep.dns, (q) => `${q.client} ${q.resolver} ${q.query}`).map(([k, q]) => [k, q.verdict, rows(q.verdict_reasons)]),
  };
}
