/**
 * The flow spool: finished flows past a count go to a temporary file and are read back in
 * first-frame order, once per pass. What is read back must be what was written (every flow of
 * the real captures through the codec), in the order an in-memory list gives, and a report made
 * from a spooled analysis must be byte for byte the report made from memory (every real capture,
 * and the scenario captures under both example policies, one with a payload threshold, so the
 * engine's two passes are read from the file).
 */
import { createReadStream, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, SpoolError } from '../../src/core/index.js';
import { analyzeCaptures, FlowSpool, releaseAnalysis } from '../../src/pipeline/index.js';
import { loadJudgementSetup, runJudged } from '../../src/cli/judged-run.js';
import { decodeFlow, encodeFlow } from '../../src/pipeline/flow-codec.js';
import type { FlowRecord } from '../../src/flow/index.js';
import type { FlowNames } from '../../src/names/index.js';
import { HAVE_CORPUS, manifest, REPO } from '../support/corpus.js';
import { runCli } from '../cli/run-cli.js';
import { AV_SCENARIOS } from '../../scripts/synth/index.js';

const TOOL = { name: 'egress-verify', version: 'test' };
const scratch = mkdtempSync(join(tmpdir(), 'ev-spool-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function record(firstFrame: number, uid = `C${firstFrame}`): FlowRecord {
  return {
    uid, proto: 'tcp', ipProto: 6, ipVersion: 4, origH: '10.0.0.1', origP: 40000 + firstFrame, respH: '5.255.255.158', respP: 443,
    vlan: [], tunnels: [], firstTsNs: 1_717_228_800_000_000_000n + BigInt(firstFrame), lastTsNs: 1_717_228_801_000_000_000n,
    firstFrame, lastFrame: firstFrame + 9, origPkts: 5, respPkts: 5, origIpBytes: 400, respIpBytes: 900, origBytes: 200,
    respBytes: 700, origRstBytes: 0, respRstBytes: 0, connState: 'SF', history: 'ShADadFf', communityId: '1:abc=', icmpErrors: 0,
    sampleFrames: [firstFrame, firstFrame + 1], endReason: 'closed',
  } as unknown as FlowRecord;
}

function names(value: string | null): FlowNames {
  return {
    names: value === null ? [] : [{ value, source: 'dns', frame: 1, tsNs: 1_717_228_799_999_999_999n, ttl: 60, resolver: '10.0.0.53', cnameChain: ['a.example', 'b.example'] }],
    name: value, nameSource: value === null ? null : 'dns', flags: value === null ? ['no_name'] : [], alpn: ['h2'], service: 'tls',
  } as unknown as FlowNames;
}

describe('flow codec', () => {
  it.each([
    { name: 'no names, no MAC', rec: record(7), n: names(null) },
    { name: 'DNS name with its evidence, MACs', rec: { ...record(8), origL2Addr: '02:00:00:00:00:01', respL2Addr: '02:00:00:00:00:02' }, n: names('api.vendor.example') },
    {
      name: 'proxied requests with names, same-host addresses, flags',
      rec: { ...record(9), vlan: [10, 20], tunnels: [{ kind: 'gre', src: '192.0.2.1', dst: '198.51.100.1', srcPort: 0, dstPort: 0, ipProto: 47, outerIpLength: 24 }] } as unknown as FlowRecord,
      n: {
        ...names('proxy.lan'), flags: ['via_proxy', 'inconsistent_retransmission'], sameHost: ['fe80::1'],
        proxied: [
          { host: 'collect.tracker.example', port: 443, method: 'CONNECT', frame: 12, tsNs: 5n, bytes: 0, open: 120 },
          { host: '5.255.255.158', port: 80, method: 'GET', frame: 30, tsNs: 6n, bytes: 77, open: null, names: [{ value: 'x.example', source: 'dns', frame: 2, tsNs: 4n }] },
        ],
      } as unknown as FlowNames,
    },
    { name: 'hostile text: quotes, control characters, lone surrogates, non-ASCII', rec: { ...record(10), history: '"\\\u0000' }, n: names('\u00e9\ud800"\n.example') },
  ])('$name comes back deep-equal', ({ rec, n }) => {
    const line = encodeFlow(rec, n);
    expect(line).not.toContain('\n');
    expect(decodeFlow(line)).toEqual({ rec, names: n });
  });

  it.skipIf(!HAVE_CORPUS)('every flow of every real capture comes back deep-equal', async () => {
    let flows = 0;
    for (const row of manifest()) {
      let a;
      try {
        a = await analyzeCaptures([{ name: row.file, stream: createReadStream(row.path), path: row.path }], { limits: DEFAULT_LIMITS, tool: TOOL });
      } catch {
        continue; // not a capture at all (bad-input.test.ts covers those)
      }
      for (const f of a.flows) {
        expect(decodeFlow(encodeFlow(f.rec, f.names))).toEqual(f);
        flows++;
      }
    }
    expect(flows).toBeGreaterThan(500);
  });
  if (!HAVE_CORPUS) it.skip('real captures need ../shared/corpus/real beside the repository', () => {});
});

describe('FlowSpool', () => {
  // First frames out of order (flows finish in another order than they start), with a tie.
  const frames = [40, 3, 17, 3, 99, 1, 56, 17, 2, 70];
  const fill = (s: FlowSpool): void => frames.forEach((f, i) => s.add(record(f, `C${f}-${i}`), names(i % 2 === 0 ? `n${i}.example` : null)));

  it.each([0, 1, 5, 9])('past %i flows in memory, it lists the same flows in the same order as a list held in memory', (memoryFlows) => {
    const mem = new FlowSpool();
    fill(mem);
    const file = new FlowSpool({ memoryFlows, dir: scratch });
    fill(file);
    expect(file.spooled).toBe(frames.length > memoryFlows ? frames.length : 0);
    const want = [...mem.list()];
    // First-frame order; the same first frame in the order the flows finished.
    expect(want.map((f) => f.rec.uid)).toEqual(['C1-5', 'C2-8', 'C3-1', 'C3-3', 'C17-2', 'C17-7', 'C40-0', 'C56-6', 'C70-9', 'C99-4']);
    const list = file.list();
    expect(list.length).toBe(frames.length);
    expect([...list]).toEqual(want);
    // Each pass reads the flows again.
    expect([...list]).toEqual(want);
    file.release();
  });

  it('names are passed through the mapping given to list (NRB names), in memory and from the file', () => {
    for (const s of [new FlowSpool(), new FlowSpool({ memoryFlows: 0, dir: scratch })]) {
      fill(s);
      const got = [...s.list((rec, n) => ({ ...n, name: `${rec.uid}!` }))];
      expect(got.map((f) => f.names.name)).toEqual(got.map((f) => `${f.rec.uid}!`));
      s.release();
    }
  });

  it('a list made before more flows finished does not show them; a new one does', () => {
    const s = new FlowSpool({ memoryFlows: 0, dir: scratch });
    s.add(record(5), names(null));
    const before = s.list();
    s.add(record(4), names(null));
    expect([...before].map((f) => f.rec.firstFrame)).toEqual([5]);
    expect([...s.list()].map((f) => f.rec.firstFrame)).toEqual([4, 5]);
    s.release();
  });

  it('a flow longer than the write buffer is written on its own and read back whole', () => {
    const s = new FlowSpool({ memoryFlows: 0, dir: scratch });
    const long = { ...names('big.example'), alpn: Array.from({ length: 40_000 }, (_, i) => `proto-${i}`) } as FlowNames;
    s.add(record(1), names(null));
    s.add(record(2), long);
    s.add(record(3), names(null));
    expect([...s.list()].map((f) => f.names.alpn.length)).toEqual([1, 40_000, 1]);
    s.release();
  });

  it('leaves no file behind in its folder, even before it is released', () => {
    const dir = mkdtempSync(join(scratch, 'own-'));
    const s = new FlowSpool({ memoryFlows: 0, dir });
    fill(s);
    expect(readdirSync(dir)).toEqual([]);
    expect([...s.list()]).toHaveLength(frames.length);
    s.release();
  });

  it('once released, its lists can no longer be read', () => {
    const s = new FlowSpool({ memoryFlows: 0, dir: scratch });
    fill(s);
    const list = s.list();
    list.release?.();
    expect(() => [...list]).toThrow(/after release/);
  });

  it('a folder it cannot write in is a SpoolError naming the folder, raised when the first flow has to go there', () => {
    const s = new FlowSpool({ memoryFlows: 1, dir: join(scratch, 'missing', 'deeper') });
    s.add(record(1), names(null));
    expect(() => s.add(record(2), names(null))).toThrow(SpoolError);
    expect(() => new FlowSpool({ memoryFlows: 0, dir: join(scratch, 'missing') }).add(record(1), names(null))).toThrow(/cannot create a temporary file for finished flows in .*missing \(ENOENT\)/);
  });
});

describe('a spooled analysis is judged without holding its flows\' assessments', () => {
  it('the assessment lists the tunnels only; each flow is judged again, exactly as in memory, when its row is written', async () => {
    const setup = await loadJudgementSetup({ policy: undefined, geoip: [], embeddedGeo: true, geoOverrides: [] });
    const demo = join(REPO, 'captures/demo.pcapng');
    const opts = { limits: DEFAULT_LIMITS, tool: TOOL, policy: undefined, geoip: [], embeddedGeo: true, geoOverrides: [], fold: { maxReportFlows: Number.POSITIVE_INFINITY } };
    const memory = await runJudged([{ name: demo, stream: createReadStream(demo), path: demo }], setup, { ...opts, spoolAfter: 1_000_000 });
    const spooled = await runJudged([{ name: demo, stream: createReadStream(demo), path: demo }], setup, { ...opts, spoolAfter: 0 });
    expect(memory.judgement.flowAssessments).toBeUndefined();
    expect(spooled.judgement.flowAssessments).toBeDefined();
    expect(spooled.judgement.assessment.flows.every((f) => f.uid.startsWith('T'))).toBe(true);
    expect(spooled.judgement.assessment.counts).toEqual(memory.judgement.assessment.counts);
    const byUid = new Map(memory.judgement.assessment.flows.map((f) => [f.uid, f]));
    let judged = 0;
    for (const f of spooled.analysis.flows) {
      for (const a of spooled.judgement.flowAssessments!(f)) {
        expect(a).toEqual(byUid.get(a.uid));
        judged++;
      }
    }
    expect(judged).toBe(memory.judgement.assessment.flows.filter((f) => !f.uid.startsWith('T')).length);
    releaseAnalysis(spooled.analysis);
  });
});

/** The report `argv` gives, with every flow spooled and with none. */
async function bothWays(argv: readonly string[]): Promise<{ spooled: string; memory: string; code: number }> {
  const cwd = process.cwd();
  process.chdir(REPO);
  try {
    const memory = await runCli(argv, undefined, { EGRESS_VERIFY_SPOOL_AFTER: '1000000' });
    const spooled = await runCli(argv, undefined, { EGRESS_VERIFY_SPOOL_AFTER: '0' });
    expect(spooled.stderr).toBe(memory.stderr);
    expect(spooled.code).toBe(memory.code);
    return { spooled: spooled.stdout, memory: memory.stdout, code: memory.code };
  } finally {
    process.chdir(cwd);
  }
}

describe('a report from a spooled analysis equals the report from memory, byte for byte', () => {
  const scenarios = AV_SCENARIOS.flatMap((sc) => ['geodata/policies/deny-ru-by.yaml', 'geodata/policies/allowlist-gb-eea-ch.yaml'].map((policy) => ({ file: sc.file, policy })));

  it.each(scenarios)('$file under $policy (JSON)', async ({ file, policy }) => {
    const r = await bothWays(['analyze', '--reproducible', '--policy', policy, `captures/${file}`]);
    expect(JSON.parse(r.memory).flows.length).toBeGreaterThan(0);
    expect(r.spooled).toBe(r.memory);
  });

  it.each(['conn', 'csv', 'md'])('the demo capture as %s', async (format) => {
    const r = await bothWays(['analyze', '--reproducible', '--format', format, 'captures/demo.pcapng']);
    expect(r.memory.length).toBeGreaterThan(1000);
    expect(r.spooled).toBe(r.memory);
  });

  it.skipIf(!HAVE_CORPUS)('every real capture (JSON)', async () => {
    let compared = 0;
    for (const row of manifest()) {
      const r = await bothWays(['analyze', '--reproducible', row.path]);
      expect(r.spooled, row.file).toBe(r.memory);
      if (r.code <= 2) compared++;
    }
    expect(compared).toBeGreaterThan(60);
  }, 300_000);

  it('EGRESS_VERIFY_SPOOL_AFTER must be a whole number', async () => {
    const r = await runCli(['analyze', 'captures/demo.pcapng'], undefined, { EGRESS_VERIFY_SPOOL_AFTER: 'lots' });
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/^egress-verify: E_USAGE EGRESS_VERIFY_SPOOL_AFTER must be a whole number of flows/);
  });
});
