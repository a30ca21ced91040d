/**
 * `campaign` end to end, in-process through main() with real worker threads (the .ts worker gets
 * the tsx loader added): the demo captures plus pieces of real captures (editcap -c), with
 * expectations; reports, summary and JUnit written; failing expectations named; unchanged runs
 * skipped; a changed input re-runs only its run; exit codes for every kind of bad input.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignDir, listFiles, readSummary } from '../builders/campaign.js';
import { runCli } from '../cli/run-cli.js';
import { CORPUS_DIR, HAVE_CORPUS, HAVE_TSHARK, REPO } from '../support/corpus.js';
import { junitOutcomes, junitProblems } from './junit-shape.js';
import { parseXml } from './xml.js';

const c = campaignDir();
afterAll(() => c.remove());
const OUT = join(c.dir, 'out');
const DEMOS = ['demo', 'av-clean', 'av-telemetry-ru', 'av-disputed', 'av-dns-abroad'];
for (const d of DEMOS) c.copy(join(REPO, 'captures', `${d}.pcapng`), `caps/${d}.pcapng`);
c.copy(join(REPO, 'geodata/policies/allowlist-gb-eea-ch.yaml'), 'policies/allow.yaml');

/** Real captures cut into pieces of 40 frames, with the verdict the whole capture gives. */
const REAL: readonly { file: string; id: string; expect: string }[] = [
  { file: 'ndpi__discord.pcap', id: 'discord', expect: 'PASS' },
  { file: 'zeek__tunnels__Teredo.pcap', id: 'teredo', expect: 'PASS' },
  { file: 'pcapplusplus__many_interfaces-1.pcapng', id: 'many-interfaces', expect: 'INCONCLUSIVE' },
];
const WITH_REAL = HAVE_CORPUS && HAVE_TSHARK;
if (!WITH_REAL) console.log('campaign: no real corpus or editcap; the campaign runs on the demo captures only');

const RUNS = [
  { id: 'clean', scenario: 'install', captures: ['caps/av-clean.pcapng'], expect: 'PASS', expected_destinations: { include: ['rep.vendor.example', '20.50.0.0/16'], exclude: ['*.ru'] } },
  { id: 'telemetry', scenario: 'telemetry on', captures: ['caps/av-telemetry-ru.pcapng'], expect: 'FAIL' },
  { id: 'disputed', scenario: 'sample submission', captures: ['caps/av-disputed.pcapng'], policy: 'policies/allow.yaml', expect: 'INCONCLUSIVE' },
  { id: 'demo', scenario: 'office', captures: ['caps/demo.pcapng'], expect: 'FAIL' },
  { id: 'dns-abroad', scenario: 'cloud look-up', captures: ['caps/av-dns-abroad.pcapng'], expect: 'PASS' },
  { id: 'clean-wants-ru', scenario: 'install', captures: ['caps/av-clean.pcapng'], expect: 'PASS', expected_destinations: { include: ['*.ru'] } },
  ...(WITH_REAL ? REAL.map((r) => ({ id: r.id, scenario: 'real', captures: [`pieces/${r.id}_*`], expect: r.expect })) : []),
];
const MANIFEST = c.manifest({ version: 1, id: 'release-7', defaults: { policy: 'builtin:deny-ru-by' }, runs: RUNS });

beforeAll(() => {
  if (!WITH_REAL) return;
  mkdirSync(join(c.dir, 'pieces'), { recursive: true });
  for (const r of REAL) {
    const ext = r.file.endsWith('.pcapng') ? 'pcapng' : 'pcap';
    const res = spawnSync('editcap', ['-c', '40', join(CORPUS_DIR, r.file), join(c.dir, 'pieces', `${r.id}.${ext}`)], { encoding: 'utf8' });
    if (res.status !== 0) throw new Error(`editcap failed: ${res.stderr}`);
  }
});

describe('campaign end to end', () => {
  let first: Awaited<ReturnType<typeof runCli>>;
  beforeAll(async () => {
    first = await runCli(['campaign', MANIFEST, '--out', OUT, '--jobs', '2']);
  });

  it('exits 1 because two expectations are not met, and says so', () => {
    expect(first.stderr).not.toContain('internal error');
    expect(first.code).toBe(1);
    expect(first.stdout).toContain(`release-7: ${RUNS.length} runs, ${RUNS.length - 2} met, 2 unmet, 0 errors (${RUNS.length} run, 0 unchanged)`);
  });

  it('writes each run\'s reports, the summary and JUnit, and nothing hidden', () => {
    const files = listFiles(OUT);
    expect(files).toEqual(
      [...RUNS.flatMap((r) => ['report.json', 'report.md', 'result.json'].map((f) => `runs/${r.id}/${f}`)), 'junit.xml', 'summary.html', 'summary.json', 'summary.md'].sort(),
    );
  });

  it('gives every run the verdict analyze gives for the same inputs', async () => {
    for (const r of RUNS.filter((x) => !x.captures[0]!.includes('*'))) {
      const args = ['analyze', join(c.dir, r.captures[0]!), '--reproducible', ...(r.policy === undefined ? [] : ['--policy', join(c.dir, r.policy)])];
      const a = JSON.parse((await runCli(args)).stdout) as { captures: { name: string }[]; policy: { source: string } };
      const b = JSON.parse(readFileSync(join(OUT, 'runs', r.id, 'report.json'), 'utf8')) as typeof a;
      expect(b.captures.map((x) => x.name)).toEqual(r.captures);
      // Same report but for the names the files are given by (relative to the manifest here).
      a.captures.forEach((x, i) => (x.name = b.captures[i]!.name));
      a.policy.source = b.policy.source;
      expect(b).toEqual(a);
    }
  });

  it.runIf(WITH_REAL)('judges the pieces of each real capture as the whole capture', () => {
    const s = readSummary(OUT);
    for (const r of REAL) expect([r.id, s.runs.find((x) => x.id === r.id)?.verdict]).toEqual([r.id, r.expect]);
    const rep = JSON.parse(readFileSync(join(OUT, 'runs/discord/report.json'), 'utf8')) as { captures: unknown[] };
    expect(rep.captures.length).toBeGreaterThan(1);
  });

  it('writes JUnit XML in the common shape, one testcase per run, failures naming the unmet expectation', () => {
    const root = parseXml(readFileSync(join(OUT, 'junit.xml'), 'utf8'));
    expect(junitProblems(root)).toEqual([]);
    const o = junitOutcomes(root);
    expect([...o.keys()]).toEqual(RUNS.map((r) => r.id));
    expect(o.get('dns-abroad')).toEqual({ kind: 'failure', message: 'verdict: expected PASS, got FAIL (dns.query_to_disallowed_resolver, flow.denied_country)', body: expect.any(String) as string });
    expect(o.get('clean-wants-ru')?.message).toBe('destination *.ru: expected, but not contacted');
    expect([...o.entries()].filter(([, v]) => v !== undefined).map(([k]) => k)).toEqual(['dns-abroad', 'clean-wants-ru']);
  });

  it('writes the matrix in summary.md', () => {
    const md = readFileSync(join(OUT, 'summary.md'), 'utf8');
    expect(md).toContain('| install | `clean` ✓<br>`clean-wants-ru` ✗ (PASS) |  |  |  |');
    expect(md).toContain('| cloud look\\-up |  | `dns-abroad` ✗ (PASS) |  |  |');
  });

  it('skips every unchanged run on a second campaign and writes the same bytes', async () => {
    const before = new Map(listFiles(OUT).map((f) => [f, readFileSync(join(OUT, f), 'utf8')]));
    const mtime = statSync(join(OUT, 'runs/clean/report.json')).mtimeMs;
    const again = await runCli(['campaign', MANIFEST, '--out', OUT]);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain(`(0 run, ${RUNS.length} unchanged)`);
    expect(new Map(listFiles(OUT).map((f) => [f, readFileSync(join(OUT, f), 'utf8')]))).toEqual(before);
    expect(statSync(join(OUT, 'runs/clean/report.json')).mtimeMs).toBe(mtime);
  });

  it('re-runs only the run whose capture changed', async () => {
    const m2 = c.manifest({ version: 1, id: 'release-7', runs: [RUNS[0], { ...RUNS[1]!, captures: ['caps/changing.pcapng'] }] }, 'two.yaml');
    const out2 = join(c.dir, 'out2');
    c.copy(join(REPO, 'captures/av-telemetry-ru.pcapng'), 'caps/changing.pcapng');
    expect((await runCli(['campaign', m2, '--out', out2])).stdout).toContain('(2 run, 0 unchanged)');
    c.copy(join(REPO, 'captures/av-clean.pcapng'), 'caps/changing.pcapng');
    const r = await runCli(['campaign', m2, '--out', out2]);
    expect(r.stdout).toContain('(1 run, 1 unchanged)');
    expect(r.stderr).toMatch(/telemetry: PASS \(expected FAIL\) NOT MET\n/);
    expect(r.stderr).toMatch(/clean: PASS \(expected PASS\) ok \(unchanged, not re-run\)/);
  });
});

describe('campaign outcomes and errors', () => {
  const run = async (doc: object, name: string, extra: string[] = []): Promise<Awaited<ReturnType<typeof runCli>> & { out: string }> => {
    const out = join(c.dir, `out-${name}`);
    return { ...(await runCli(['campaign', c.manifest(doc, `${name}.yaml`), '--out', out, '--quiet', ...extra])), out };
  };
  const ok = { id: 'clean', captures: ['caps/av-clean.pcapng'], expect: 'PASS' };
  c.save('caps/not-a-capture.pcap', 'hello, this is text\n');
  c.save('policies/bad.yaml', 'version: 1\nid: bad\nmode: denylist\nrules:\n  - id: r\n    action: deny\n    countries: [RUS]\n');

  it('exits 0 when every expectation is met', async () => {
    const r = await run({ version: 1, runs: [ok, { ...ok, id: 'telemetry', captures: ['caps/av-telemetry-ru.pcapng'], expect: 'FAIL' }] }, 'all-met');
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(readSummary(r.out).totals).toEqual({ runs: 2, met: 2, unmet: 0, errors: 0 });
  });

  it('records a capture that cannot be read as an error testcase and exits 65', async () => {
    const r = await run({ version: 1, runs: [ok, { id: 'junk', captures: ['caps/not-a-capture.pcap'], expect: 'PASS' }] }, 'junk');
    expect(r.code).toBe(65);
    const o = junitOutcomes(parseXml(readFileSync(join(r.out, 'junit.xml'), 'utf8')));
    expect(o.get('junk')?.kind).toBe('error');
    expect(o.get('junk')?.message).toContain('caps/not-a-capture.pcap');
    expect(o.get('clean')).toBeUndefined();
  });

  it.each([
    { name: 'no --out', argv: (m: string) => ['campaign', m], code: 64, msg: 'campaign needs --out DIR' },
    { name: 'a bad --jobs', argv: (m: string) => ['campaign', m, '--out', '/tmp/x', '--jobs', '0'], code: 64, msg: '--jobs needs a positive integer' },
  ])('usage: $name → $code', async ({ argv, code, msg }) => {
    const r = await runCli(argv(c.manifest({ version: 1, runs: [ok] }, 'usage.yaml')));
    expect([r.code, r.stderr]).toEqual([code, expect.stringContaining(msg) as string]);
  });

  it.each([
    { name: 'an invalid manifest', doc: { version: 1, runs: [{ ...ok, expect: 'GREEN' }] }, code: 65, msg: 'E_MANIFEST' },
    { name: 'a capture outside the folder', doc: { version: 1, runs: [{ ...ok, captures: ['../../etc/passwd'] }] }, code: 65, msg: "leads out of the manifest's folder" },
    { name: 'a missing capture', doc: { version: 1, runs: [{ ...ok, captures: ['caps/missing.pcapng'] }] }, code: 66, msg: 'no such file' },
    { name: 'an invalid policy', doc: { version: 1, runs: [{ ...ok, policy: 'policies/bad.yaml' }] }, code: 65, msg: 'E_POLICY' },
    { name: 'a database that is not MMDB', doc: { version: 1, runs: [{ ...ok, geoip: ['caps/not-a-capture.pcap'] }] }, code: 65, msg: 'not a MaxMind DB file' },
  ])('refuses $name before any run, exit $code, one line', async ({ doc, code, msg }) => {
    const r = await run(doc, `bad-${code}-${msg.length}`);
    expect(r.code).toBe(code);
    expect(r.stderr).toContain(msg);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(listFiles(r.out).filter((f) => f.startsWith('runs/'))).toEqual([]);
  });

  it('derives a policy for monitored_hosts, named relative to the output folder', async () => {
    const r = await run({ version: 1, runs: [{ id: 'other-host', captures: ['caps/av-telemetry-ru.pcapng'], monitored_hosts: ['10.9.9.9'], expect: 'INCONCLUSIVE' }] }, 'monitored');
    expect(r.code).toBe(0);
    const [policy] = listFiles(join(r.out, 'policies'));
    expect(policy).toMatch(/^deny-ru-by\.[0-9a-f]{12}\.yaml$/);
    expect(readFileSync(join(r.out, 'policies', policy!), 'utf8')).toMatch(/monitored:\n {2}hosts: \[ 10\.9\.9\.9 \]/);
    const rep = JSON.parse(readFileSync(join(r.out, 'runs/other-host/report.json'), 'utf8')) as { policy: { source: string } };
    expect(rep.policy.source).toBe(`policies/${policy!}`);
  });

  it('refuses captures inside the output folder', async () => {
    writeFileSync(join(c.dir, 'x.pcapng'), readFileSync(join(REPO, 'captures/av-clean.pcapng')));
    const r = await runCli(['campaign', c.manifest({ version: 1, runs: [{ ...ok, captures: ['inner/*.pcapng'] }] }, 'inner.yaml'), '--out', join(c.dir, 'inner')]);
    expect(r.code).toBe(66);
    c.copy(join(REPO, 'captures/av-clean.pcapng'), 'inner/a.pcapng');
    const r2 = await runCli(['campaign', join(c.dir, 'inner.yaml'), '--out', join(c.dir, 'inner')]);
    expect([r2.code, r2.stderr]).toEqual([65, expect.stringContaining('is inside the output folder') as string]);
  });
});
