/**
 * `analyze --max-report-flows N`, and folding under memory pressure: beyond the limit each flow is
 * judged as it finishes, FAIL ones are kept (up to a budget, then counted), PASS and IGNORED ones are only counted
 * (flow_table.folded), and the verdict and the violating rows are those of a plain `analyze`.
 *
 * Servers (embedded databases): 8.8.8.8 US, 77.88.8.8 RU (denied by the default policy),
 * 192.168.1.1 on the LAN (IGNORED). Host 10.0.0.1.
 */
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/core/index.js';
import { loadJudgementSetup, runJudged } from '../../src/cli/judged-run.js';
import { AnalyzeFolding, type FoldStart } from '../../src/pipeline/index.js';
import { LiveJudge } from '../../src/policy/index.js';
import type { FlowRecord } from '../../src/flow/index.js';
import type { FlowNames } from '../../src/names/index.js';
import { RENDERERS } from '../../src/report/index.js';
import { dnsConversation, LAN_RESOLVER, scenarioDir, scenarioPcap, tlsConversation, type Conversation } from '../builders/scenario.js';
import { runCli } from './run-cli.js';
import { Ajv } from 'ajv';
import { REPO } from '../support/corpus.js';
import { TOOL } from '../../src/cli/main.js';

const HOST = '10.0.0.1';
const { dir, save } = scenarioDir('ev-analyze-fold-');
const reportSchema = new Ajv({ strict: true, allErrors: true }).compile(JSON.parse(readFileSync(join(REPO, 'geodata/schemas/report.schema.json'), 'utf8')) as object);
const errorsOfReport = (v: unknown): unknown[] => (reportSchema(v) ? [] : [...(reportSchema.errors ?? [])]);

/** n conversations: every 9th a TLS connection to RU, every 7th a LAN lookup, the rest TLS to the US. */
function conversations(n: number): Conversation[] {
  return Array.from({ length: n }, (_, i) => {
    if (i % 9 === 4) return tlsConversation(HOST, '77.88.8.8', `ru${i}.example`);
    if (i % 7 === 2) return dnsConversation(HOST, LAN_RESOLVER, `lan${i}.example`, ['192.168.1.20']);
    return tlsConversation(HOST, '8.8.8.8', `us${i}.example`);
  });
}

interface Row { uid: string; verdict: string }
interface Report { verdict: { verdict: string }; flows: Row[]; flow_table: { folded?: { pass: number; ignored: number; inconclusive: number }; fold_after?: number; fold_reason?: string } }

describe('analyze --max-report-flows: the destinations table still lists every destination', () => {
  const SERVERS = ['8.8.8.8', '8.8.4.4', '212.58.233.71', '212.58.224.10', '13.107.42.182', '77.88.8.8'];
  const cap = save('many-dests.pcap', scenarioPcap(Array.from({ length: 36 }, (_, i) => tlsConversation(HOST, SERVERS[i % SERVERS.length]!, `s${i}.example`, { up: 100 + i }))));
  interface Dest { ip: string; example_uids: string[]; [k: string]: unknown }

  it.each([1, 5])('limit %i: the same rows as a plain analyze, counts and payload included (only the examples are the listed flows)', async (limit) => {
    const plain = JSON.parse((await runCli(['analyze', '--reproducible', cap])).stdout) as { destinations: Dest[]; flows: Row[] };
    const folded = JSON.parse((await runCli(['analyze', '--reproducible', '--max-report-flows', String(limit), cap])).stdout) as { destinations: Dest[]; flows: Row[] };
    const strip = (d: Dest): Omit<Dest, 'example_uids'> => {
      const { example_uids: _u, ...rest } = d;
      return rest;
    };
    expect(folded.flows.length).toBeLessThan(plain.flows.length);
    expect(folded.destinations.map(strip)).toEqual(plain.destinations.map(strip));
    expect(folded.destinations.map((d) => d.ip).sort()).toEqual([...SERVERS].sort());
    // Examples point only at rows the report has.
    const listed = new Set(folded.flows.map((f) => f.uid));
    for (const d of folded.destinations) for (const u of d.example_uids) expect(listed.has(u)).toBe(true);
  });
});

describe('analyze --max-report-flows', () => {
  const cap = save('many.pcap', scenarioPcap(conversations(60)));

  it.each([1, 10, 30])('limit %i: same verdict and exit code, every FAIL row kept and identical, the rest counted', async (limit) => {
    const plain = await runCli(['analyze', '--reproducible', cap]);
    const folded = await runCli(['analyze', '--reproducible', '--max-report-flows', String(limit), cap]);
    const a = JSON.parse(plain.stdout) as Report;
    const b = JSON.parse(folded.stdout) as Report;
    expect(folded.code).toBe(plain.code);
    expect(plain.code).toBe(1);
    expect(b.verdict.verdict).toBe(a.verdict.verdict);
    const byUid = new Map(a.flows.map((f) => [f.uid, f]));
    for (const f of b.flows) expect(f).toEqual(byUid.get(f.uid));
    const fails = a.flows.filter((f) => f.verdict === 'FAIL').map((f) => f.uid);
    expect(fails.length).toBe(7);
    expect(b.flows.map((f) => f.uid)).toEqual(expect.arrayContaining(fails));
    const folds = b.flow_table.folded!;
    expect(folds.pass + folds.ignored + folds.inconclusive + b.flows.length).toBe(a.flows.length);
    expect(folds.pass).toBe(a.flows.filter((f) => f.verdict === 'PASS').length - b.flows.filter((f) => f.verdict === 'PASS').length);
    expect(folds.ignored).toBe(a.flows.filter((f) => f.verdict === 'IGNORED').length - b.flows.filter((f) => f.verdict === 'IGNORED').length);
    // The first `limit` flows to finish are kept whatever their verdict; after them only FAIL ones.
    expect(b.flows.length).toBeGreaterThanOrEqual(limit);
    expect(b.flows.filter((f) => f.verdict !== 'FAIL').length).toBeLessThanOrEqual(limit);
    expect(folded.stderr).toMatch(new RegExp(`after ${limit} flows, only FAIL and INCONCLUSIVE flows are listed.*--max-report-flows ${limit}`));
    expect(b.flow_table).toMatchObject({ fold_after: limit, fold_reason: 'max-report-flows' });
  });

  it('past the budget of FAIL flows kept, later FAIL flows are counted (folded.fail): memory stays bounded, the verdict stays FAIL', async () => {
    const setup = await loadJudgementSetup({ policy: undefined, geoip: [], embeddedGeo: true, geoOverrides: [] });
    const opts = { limits: DEFAULT_LIMITS, tool: TOOL, policy: undefined, geoip: [], embeddedGeo: true, geoOverrides: [] };
    const source = () => ({ name: cap, stream: createReadStream(cap), path: cap, size: statSync(cap).size });
    const plain = await runJudged([source()], setup, opts);
    const run = await runJudged([source()], setup, { ...opts, fold: { maxReportFlows: 10, keptFailFlows: 2 } });
    const verdicts = (r: typeof plain): string[] => r.judgement.assessment.flows.filter((f) => f.uid.startsWith('C')).map((f) => f.verdict);
    const allFails = verdicts(plain).filter((v) => v === 'FAIL').length;
    const keptFails = verdicts(run).filter((v) => v === 'FAIL').length;
    const f = run.analysis.flowStats.folded!;
    expect(f.fail).toBeGreaterThan(0);
    // Every FAIL flow is either listed or counted, and past the first 10 flows only 2 more are listed.
    expect(keptFails + f.fail).toBe(allFails);
    expect(keptFails).toBeLessThanOrEqual(10 + 2);
    expect(run.analysis.flows.length + f.pass + f.ignored + f.inconclusive + f.fail).toBe(plain.analysis.flows.length);
    expect(run.judgement.assessment.verdict).toBe('FAIL');
    const text = [...RENDERERS.get('json')!(run.analysis, undefined, run.judgement)].join('');
    const report = JSON.parse(text) as { flow_table: { folded: Record<string, number> }; destinations: { ip: string; flows: number; verdict: string }[] };
    expect(report.flow_table.folded['fail']).toBe(f.fail);
    // The verdict's counts and reasons count the folded FAIL flows too: the same as a plain run's.
    expect(run.judgement.assessment.counts).toEqual(plain.judgement.assessment.counts);
    const counted = (r: typeof plain): unknown[] => r.judgement.assessment.reasons.map((x) => [x.code, x.effect, x.count, x.rules]);
    expect(counted(run)).toEqual(counted(plain));
    // The folded FAIL flows' destination still carries every flow to it and its verdict.
    const ru = report.destinations.find((d) => d.ip === '77.88.8.8')!;
    expect([ru.flows, ru.verdict]).toEqual([allFails, 'FAIL']);
    expect(errorsOfReport(JSON.parse(text))).toEqual([]);
    const md = [...RENDERERS.get('md')!(run.analysis, undefined, run.judgement)].join('');
    expect(md).toContain(`(${f.fail} FAIL, `);
    expect(md).toContain('the first 100,000 FAIL flows are listed, later ones only counted');
  });

  it('a folded report reproduces byte for byte', async () => {
    const out = join(dir, 'folded.json');
    expect((await runCli(['analyze', '--reproducible', '--max-report-flows', '10', '--out', out, cap])).code).toBe(1);
    const r = await runCli(['reproduce', out, '--capture', cap]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/byte-identical/);
  });

  it('the Markdown and HTML reports say how many flows were counted and not listed, and why', async () => {
    const json = join(dir, 'folded-for-render.json');
    expect((await runCli(['analyze', '--reproducible', '--max-report-flows', '10', '--out', json, cap])).code).toBe(1);
    const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
    const f = report.flow_table.folded!;
    const total = f.pass + f.ignored + f.inconclusive;
    const parts = [[f.pass, 'PASS'], [f.ignored, 'IGNORED'], [f.inconclusive, 'INCONCLUSIVE']].filter(([n]) => n !== 0).map(([n, v]) => `${n} ${v}`);
    expect(parts.length).toBeGreaterThan(0);
    const sentence = `${total} flows (${parts.join(', ')}) were judged and counted but are not listed after the first 10 flows (--max-report-flows); every FAIL flow is listed.`;
    const md = await runCli(['analyze', '--reproducible', '--max-report-flows', '10', '--format', 'md', cap]);
    expect(md.stdout).toContain(sentence);
    const html = await runCli(['report', 'render', json, '--html']);
    expect(html.stdout).toContain(sentence);
    // A report from elsewhere may carry anything in fold_reason: it is never printed.
    const hostile = save('hostile.json', JSON.stringify({ ...report, flow_table: { ...report.flow_table, fold_reason: '<script>alert(1)</script>' } }));
    const h = await runCli(['report', 'render', hostile, '--html']);
    expect(h.stdout).toContain(`${total} flows (`);
    expect(h.stdout).not.toContain('alert(1)');
    const plain = await runCli(['analyze', '--reproducible', '--format', 'md', cap]);
    expect(plain.stdout).not.toContain('judged and counted');
  });

  it('under a payload threshold, folded PASS flows make a PASS honest: INCONCLUSIVE, saying why', async () => {
    // RU denied only above 1 MB: every flow here passes, but folded flows to one destination
    // might together exceed the threshold, which the engine can no longer see.
    const pol = save('ru-threshold.yaml', 'version: 1\nid: ru-threshold\nmode: denylist\nrules:\n  - id: ru\n    action: deny\n    countries: [RU]\nthresholds:\n  payload_bytes: 1000000\n');
    const plain = await runCli(['analyze', '--reproducible', '--policy', pol, cap]);
    const folded = await runCli(['analyze', '--reproducible', '--policy', pol, '--max-report-flows', '5', cap]);
    expect([plain.code, folded.code]).toEqual([0, 2]);
    const r = JSON.parse(folded.stdout) as { verdict: { verdict: string; reasons: { code: string; detail: string }[] } };
    expect(r.verdict.verdict).toBe('INCONCLUSIVE');
    expect(r.verdict.reasons).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'evidence.lost', detail: expect.stringMatching(/^folded\.pass_flows: \d+$/) })]));
  });

  it('without the option (and memory to spare) nothing is folded: the report is the same as before', async () => {
    const r = await runCli(['analyze', '--reproducible', cap]);
    expect((JSON.parse(r.stdout) as Report).flow_table.folded).toBeUndefined();
    expect(r.stderr).not.toMatch(/folded/);
  });

  it.each(['0', '-3', 'many'])('--max-report-flows %s is a usage error', async (v) => {
    const r = await runCli(['analyze', '--max-report-flows', v, cap]);
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/--max-report-flows/);
  });
});

describe('folding under memory pressure', () => {
  it('starts by itself when the heap passes its share of the limit, and the verdict stays', async () => {
    // 1,200 flows: the heap is first looked at after 1,024 finished flows.
    const path = save('pressure.pcap', scenarioPcap(conversations(1200)));
    const setup = await loadJudgementSetup({ policy: undefined, geoip: [], embeddedGeo: true, geoOverrides: [] });
    const opts = { limits: DEFAULT_LIMITS, tool: TOOL, policy: undefined, geoip: [], embeddedGeo: true, geoOverrides: [] };
    const source = () => ({ name: path, stream: createReadStream(path), path, size: statSync(path).size });
    const plain = await runJudged([source()], setup, opts);
    const starts: FoldStart[] = [];
    const run = await runJudged([source()], setup, {
      ...opts, fold: { maxReportFlows: Number.POSITIVE_INFINITY, heapFraction: 1e-9, onStart: (s) => starts.push(s) },
    });
    expect(starts).toEqual([expect.objectContaining({ reason: 'memory', keptBefore: 1023 })]);
    expect(starts[0]!.heapUsedMiB).toBeGreaterThan(0);
    expect(run.analysis.flowStats).toMatchObject({ foldAfter: 1023, foldReason: 'memory' });
    expect(run.judgement.assessment.verdict).toBe(plain.judgement.assessment.verdict);
    const counts = run.analysis.flowStats.folded!;
    expect(counts.pass + counts.ignored).toBeGreaterThan(0);
    expect(run.analysis.flows.length + counts.pass + counts.ignored + counts.inconclusive).toBe(plain.analysis.flows.length);
    const failUids = (a: typeof plain) => a.judgement.assessment.flows.filter((f) => f.verdict === 'FAIL').map((f) => f.uid).sort();
    expect(failUids(run)).toEqual(failUids(plain));
    // The report records the fold point, and `reproduce` (which never folds by memory) folds at
    // the same point: the report comes out byte for byte.
    const text = [...RENDERERS.get('json')!(run.analysis, undefined, run.judgement)].join('');
    expect(JSON.parse(text).flow_table).toMatchObject({ fold_after: 1023, fold_reason: 'memory' });
    const rep = save('pressure.json', text);
    const r = await runCli(['reproduce', rep, '--capture', path]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/byte-identical/);
    // Without the fold point the re-run keeps every flow, and says where the reports differ.
    const plainText = JSON.parse(text) as { flow_table: Record<string, unknown> };
    delete plainText.flow_table['fold_after'];
    const edited = save('pressure-edited.json', JSON.stringify(plainText));
    expect((await runCli(['reproduce', edited, '--capture', path])).code).not.toBe(0);
  }, 60_000);

  it('counts the flows in the file at what judging them takes: a destination each, so many flows to few destinations never start it', async () => {
    const setup = await loadJudgementSetup({ policy: undefined, geoip: [], embeddedGeo: true, geoOverrides: [] });
    const names = {} as FlowNames;
    // Finished flows handed straight to the hooks (the heap hardly moves meanwhile), with a budget
    // 1.5 MiB above the heap in use: 1,023 flows in the file, each to a destination of its own
    // (2.1 KB each), pass it; 3,100 flows to one destination (20 bytes each) do not.
    const startAfter = (spooledAfter: number | undefined, respH: (i: number) => string): FoldStart[] => {
      const starts: FoldStart[] = [];
      const heapFraction = (getHeapStatistics().used_heap_size + 1.5 * 1048576) / getHeapStatistics().heap_size_limit;
      const f = new AnalyzeFolding(new LiveJudge(setup.policy), setup.geo.geolocator, {
        maxReportFlows: Number.POSITIVE_INFINITY, heapFraction, onStart: (st) => starts.push(st), ...(spooledAfter === undefined ? {} : { spooledAfter }),
      });
      const hook = f.hooks().onFinished;
      for (let i = 0; i < 3100 && starts.length === 0; i++) hook({ firstFrame: i + 1, respH: respH(i) } as FlowRecord, names);
      return starts;
    };
    const distinct = (i: number): string => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    expect(startAfter(undefined, distinct)).toEqual([]);
    expect(startAfter(100_000, distinct)).toEqual([]);
    expect(startAfter(0, () => '10.0.0.9')).toEqual([]);
    const spooled = startAfter(0, distinct);
    expect(spooled).toEqual([expect.objectContaining({ reason: 'memory', keptBefore: 1023 })]);
    expect(spooled[0]!.heapUsedMiB).toBeGreaterThanOrEqual(1);
  });

});

describe('analyze --max-report-flows: the verdict counts every judged flow, listed or folded', () => {
  interface Summary { code: string; effect: string; count: number; rules: string[]; examples: string[] }
  interface Verdict { verdict: string; counts: Record<string, number>; reasons: Summary[]; warnings: Summary[] }
  const counted = (v: Verdict): unknown =>
    ({ verdict: v.verdict, counts: v.counts, reasons: v.reasons.map((r) => [r.code, r.effect, r.count, r.rules]), warnings: v.warnings.map((r) => [r.code, r.effect, r.count, r.rules]) });
  const CASES = ['demo', 'av-clean', 'av-disputed', 'av-dns-abroad', 'av-telemetry-ru'].flatMap((c) =>
    ['deny-ru-by', 'allowlist-gb-eea-ch'].flatMap((p) => [1, 3].map((limit) => ({ c, p, limit }))));

  it.each(CASES)('$c under $p, limit $limit: the same verdict, counts, reason and warning counts as a plain analyze', async ({ c, p, limit }) => {
    const args = ['analyze', '--reproducible', '--policy', join(REPO, 'geodata/policies', `${p}.yaml`), join(REPO, 'captures', `${c}.pcapng`)];
    const plain = await runCli(args);
    const folded = await runCli([...args, '--max-report-flows', String(limit)]);
    expect(folded.code).toBe(plain.code);
    const a = JSON.parse(plain.stdout) as { verdict: Verdict; flows: { uid: string }[] };
    const b = JSON.parse(folded.stdout) as { verdict: Verdict; flows: { uid: string }[]; flow_table: { folded?: Record<string, number> } };
    expect(counted(b.verdict)).toEqual(counted(a.verdict));
    // Examples name listed rows only.
    const listed = new Set(b.flows.map((f) => f.uid));
    for (const r of [...b.verdict.reasons, ...b.verdict.warnings]) for (const e of r.examples) if (e.startsWith('C')) expect(listed.has(e)).toBe(true);
  });

  it.each(CASES.filter((x) => x.limit === 1))('monitor of $c under $p, --max-report-flows 1: the same verdict, counts, reason and warning counts as analyze', async ({ c, p }) => {
    const policy = ['--policy', join(REPO, 'geodata/policies', `${p}.yaml`)];
    const capture = join(REPO, 'captures', `${c}.pcapng`);
    const plain = JSON.parse((await runCli(['analyze', '--reproducible', ...policy, capture])).stdout) as { verdict: Verdict };
    const out = join(dir, `monitor-${c}-${p}.json`);
    const m = await runCli(['monitor', ...policy, '--max-report-flows', '1', '--out', out], readFileSync(capture));
    expect(m.code).not.toBeGreaterThan(2);
    const b = JSON.parse(readFileSync(out, 'utf8')) as { verdict: Verdict; flow_table: { folded: Record<string, number> } };
    expect(counted(b.verdict)).toEqual(counted(plain.verdict));
  });

  it('monitor folding INCONCLUSIVE flows past their budget: the same reasons as analyze, no "evidence lost" (their judgements are counted)', async () => {
    // Five flows from a public address: each INCONCLUSIVE (monitor.public_origin_unjudged), one DNS lookup PASS.
    const convs = [dnsConversation(HOST, '8.8.8.8', 'a.example', ['8.8.4.4']), ...Array.from({ length: 5 }, (_, i) => tlsConversation('81.2.69.142', '8.8.8.8', `p${i}.example`))];
    const capture = save('public-origin.pcap', scenarioPcap(convs));
    const plain = await runCli(['analyze', '--reproducible', capture]);
    const out = join(dir, 'monitor-public-origin.json');
    const m = await runCli(['monitor', '--max-report-flows', '1', '--out', out], readFileSync(capture));
    const a = JSON.parse(plain.stdout) as { verdict: Verdict };
    const b = JSON.parse(readFileSync(out, 'utf8')) as { verdict: Verdict; flow_table: { folded: Record<string, number> } };
    expect(b.flow_table.folded['inconclusive']).toBeGreaterThan(0);
    expect(a.verdict.reasons.map((r) => [r.code, r.count])).toEqual([['monitor.public_origin_unjudged', 5]]);
    expect(counted(b.verdict)).toEqual(counted(a.verdict));
    expect([plain.code, m.code]).toEqual([2, 2]);
  });

  it('a clean capture folded down to its uncounted flows still passes (was INCONCLUSIVE: "no monitored flows")', async () => {
    const cap = join(REPO, 'captures', 'av-clean.pcapng');
    const folded = await runCli(['analyze', '--reproducible', '--max-report-flows', '1', cap]);
    const b = JSON.parse(folded.stdout) as { verdict: Verdict; flows: unknown[]; flow_table: { folded: Record<string, number> } };
    expect(b.flows.length).toBeLessThan(b.verdict.counts['flows']!);
    expect(b.flow_table.folded['pass']).toBeGreaterThan(0);
    expect([folded.code, b.verdict.verdict, b.verdict.reasons]).toEqual([0, 'PASS', []]);
    expect(b.verdict.counts['flows_counted']).toBe(6);
  });
});
