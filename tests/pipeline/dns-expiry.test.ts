/**
 * DNS answer expiry at the pipeline: housekeeping (every 4096 frames) forgets expired answers in
 * monitor mode only. Analyze never does (its inputs may be merged out of time order, so a late
 * flow must still find an old answer, and its report stays as it was); in monitor mode a stream of
 * many distinct lookups keeps the answer map at about the answers of one window, however long.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/core/index.js';
import { AnalysisRun, type LiveHooks } from '../../src/pipeline/index.js';
import type { NamesStats } from '../../src/names/index.js';
import { buildReport, type Analysis } from '../../src/report/index.js';
import { REPO } from '../support/corpus.js';
import { dnsQuery, dnsResponse } from '../builders/dns.js';
import { ethernet, frame, ipv4, tcp, udp } from '../builders/packets.js';

const S = 1_000_000_000n;
const T0 = 1_782_864_000n * S;
const CLIENT = '10.0.0.5';
const RESOLVER = '10.0.0.1';
const SERVER = '192.0.2.80';
/** Housekeeping runs every this many frames (pipeline/analyze.ts). */
const HOUSEKEEPING_EVERY = 4096;

/** The report's `names` section schema (geodata/schemas/report.schema.json). */
const SCHEMA = JSON.parse(readFileSync(join(REPO, 'geodata/schemas/report.schema.json'), 'utf8')) as { properties: { names: object } };
const validateNames = new Ajv({ strict: true, allErrors: true }).compile(SCHEMA.properties.names);

/** One frame to feed: Ethernet bytes at a capture time. */
interface Timed { readonly data: Uint8Array; readonly tsNs: bigint }

const udpFrame = (src: string, dst: string, sport: number, dport: number, payload: Uint8Array): Uint8Array =>
  ethernet(ipv4(udp({ srcPort: sport, dstPort: dport, payload }), { src, dst, proto: 17 }));

/** A lookup of `name` answered with `address` (TTL `ttl` s), query and response at `tsNs`. */
function lookup(tsNs: bigint, name: string, address: string, ttl: number, i: number): Timed[] {
  const sport = 10_000 + (i % 50_000);
  const id = i & 0xffff;
  return [
    { tsNs, data: udpFrame(CLIENT, RESOLVER, sport, 53, dnsQuery(name, 1, { id })) },
    { tsNs, data: udpFrame(RESOLVER, CLIENT, 53, sport, dnsResponse(name, [{ name, type: 'A', address, ttl }], { id })) },
  ];
}

/** Monitor hooks that fold every flow and DNS transaction (as monitor does beyond its report caps). */
const FOLD_ALL: LiveHooks = {
  onFirstPayload: () => undefined,
  onFinished: () => ({ keep: false, verdict: 'PASS' }),
  onDnsTransaction: () => ({ keep: false, verdict: 'PASS' }),
  expireDnsAnswers: true,
};

const KEEP_ALL: LiveHooks = { onFirstPayload: () => undefined, onFinished: () => ({ keep: true, verdict: 'PASS' }), expireDnsAnswers: true };
/** analyze's folding hooks: live hooks, but answers are never expired. */
const ANALYZE_FOLDING: LiveHooks = { onFirstPayload: () => undefined, onFinished: () => ({ keep: true, verdict: '' }) };

/** Answers held in the map now. */
const held = (n: NamesStats): number => n.dnsAnswersMapped - n.dnsMapEvicted - n.dnsMapExpired;

/** Feeds `frames` to a run (monitor when `live`), calling `every` with the run after each `sample` frames. */
function feed(frames: Iterable<Timed>, live: LiveHooks | undefined, sample = 0, every?: (r: AnalysisRun) => void): Analysis {
  const r = new AnalysisRun({ limits: DEFAULT_LIMITS, tool: { name: 't', version: '0' }, ...(live === undefined ? {} : { live }) });
  let n = 0;
  for (const f of frames) {
    n++;
    r.onFrame(frame(f.data, { frame: n, tsNs: f.tsNs }));
    if (sample > 0 && n % sample === 0) every?.(r);
  }
  return r.finish([]);
}

describe('DNS answer expiry in the pipeline', () => {
  // A lookup at T0 (TTL 60 s), two housekeeping rounds' worth of filler frames over two hours, then
  // a late SYN stamped T0 + 1 s (as when captures are merged out of time order).
  function* lateFlow(): Generator<Timed> {
    yield* lookup(T0, 'a.example', SERVER, 60, 1);
    const filler = udpFrame('10.0.0.7', '10.0.0.8', 1000, 2000, new Uint8Array(8));
    for (let i = 0; i < 2 * HOUSEKEEPING_EVERY; i++) yield { tsNs: T0 + BigInt(i + 1) * S, data: filler };
    yield { tsNs: T0 + S, data: ethernet(ipv4(tcp({ srcPort: 41000, dstPort: 443, flags: 0x02 }), { src: CLIENT, dst: SERVER, proto: 6 })) };
  }

  it.each([
    { mode: 'analyze (no live hooks) never expires: the late flow is named', live: undefined, want: 'a.example', expired: 0 },
    { mode: 'analyze with its folding hooks never expires either', live: ANALYZE_FOLDING, want: 'a.example', expired: 0 },
    { mode: 'monitor expires the answer two hours on: the late flow is not named', live: KEEP_ALL, want: null, expired: 1 },
  ])('$mode', ({ live, want, expired }) => {
    const a = feed(lateFlow(), live);
    const tcp = [...a.flows].find((f) => f.rec.proto === 'tcp');
    expect(tcp).toBeDefined();
    expect(tcp!.names.name).toBe(want);
    expect(a.namesStats.dnsMapExpired).toBe(expired);
    expect(a.namesStats.dnsMapEvicted).toBe(0);
    // The report counts expired answers only when there are any (analyze's report is unchanged).
    const names = JSON.parse(JSON.stringify(buildReport(a)['names'])) as Record<string, unknown>;
    expect(names['dns_map_expired']).toBe(expired === 0 ? undefined : expired);
    expect(validateNames(names), JSON.stringify(validateNames.errors)).toBe(true);
  });

  // 40,000 distinct lookups 0.1 s apart (TTLs 30, 60, 300 s in turn) over 4,000 s of capture time.
  const LOOKUPS = 40_000;
  const TTLS = [30, 60, 300];
  const manyLookups = (): Timed[] => Array.from({ length: LOOKUPS }, (_, i) =>
    lookup(T0 + (BigInt(i) * S) / 10n, `h${i}.example`, `198.18.${(i >> 8) & 0xff}.${i & 0xff}`, TTLS[i % 3]!, i)).flat();
  /**
   * At 10 answers/s an answer is held at most its window (≤ 600 s) plus the 60 s margin plus the
   * housekeeping lag (expiry goes to the earlier of the last two rounds: 2 × 4096 frames = 410 s),
   * plus up to 30 s behind a longer window of its class: under 11,000 at any time.
   */
  const BOUND = 11_000;

  it('monitor: the map stays bounded through a long stream of distinct lookups (analyze keeps them all)', () => {
    const frames = manyLookups();
    const samples: number[] = [];
    const a = feed(frames, FOLD_ALL, 2 * HOUSEKEEPING_EVERY + 1, (r) => samples.push(held(r.snapshot([]).namesStats)));
    expect(samples.length).toBeGreaterThan(5);
    expect(Math.max(...samples)).toBeLessThanOrEqual(BOUND);
    expect(a.namesStats.dnsAnswersMapped).toBe(LOOKUPS);
    expect(a.namesStats.dnsMapEvicted).toBe(0);
    expect(held(a.namesStats)).toBeLessThanOrEqual(BOUND);
    const b = feed(frames, undefined);
    expect(held(b.namesStats)).toBe(LOOKUPS);
    expect(b.namesStats.dnsMapExpired).toBe(0);
  });
});
