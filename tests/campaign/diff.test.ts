/**
 * `diff A B` on reports made by the real CLI from captures built in code: a new destination, a
 * removed one, a byte change, and a country change (and verdict flip) caused only by a different
 * geolocation database (fixture MMDBs, --no-embedded-geo); and two campaign output folders.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Diff, ReportDiff } from '../../src/cli/campaign/diff.js';
import { campaignDir } from '../builders/campaign.js';
import { buildMmdb, flat } from '../builders/mmdb.js';
import { resolvedTls, scenarioPcap } from '../builders/scenario.js';
import { runCli } from '../cli/run-cli.js';

const HOST = '10.0.0.1';
const GB = '212.58.233.71';
const US = '13.107.42.182';
const RU = '5.255.255.158';
/** A public address the fixture databases place (the embedded ones are not used with it). */
const DOC = '5.5.5.10';

const c = campaignDir('ev-diff-');
afterAll(() => c.remove());
const CAP_A = c.save('a.pcap', scenarioPcap([...resolvedTls(HOST, GB, 'www.bbc.co.uk', { up: 300 }), ...resolvedTls(HOST, US, 'www.microsoft.com', { up: 500 })]));
const CAP_B = c.save('b.pcap', scenarioPcap([...resolvedTls(HOST, GB, 'www.bbc.co.uk', { up: 800 }), ...resolvedTls(HOST, RU, 'api.yandex.ru', { up: 700 })]));
const CAP_DOC = c.save('doc.pcap', scenarioPcap(resolvedTls(HOST, DOC, 'svc.example', { up: 400 })));
// The same file name in two folders: only the bytes (sha256) differ.
const DB_DE = c.save('db-old/geo.mmdb', buildMmdb([['5.5.5.0/24', flat('DE')]], { databaseType: 'country ipvAll' }));
const DB_RU = c.save('db-new/geo.mmdb', buildMmdb([['5.5.5.0/24', flat('RU')]], { databaseType: 'country ipvAll' }));

async function report(name: string, args: readonly string[]): Promise<string> {
  const out = join(c.dir, `${name}.json`);
  const r = await runCli(['analyze', ...args, '--reproducible', '--out', out]);
  expect(r.stderr).not.toContain('error');
  return out;
}

async function diffJson(a: string, b: string): Promise<{ code: number; diff: Diff & { schema: string } }> {
  const r = await runCli(['diff', a, b, '--format', 'json']);
  expect(r.stderr).toBe('');
  return { code: r.code, diff: JSON.parse(r.stdout) as Diff & { schema: string } };
}

const reportDiff = (d: Diff): ReportDiff => {
  if (d.kind !== 'reports') throw new Error('expected a report diff');
  return d.report;
};

describe('diff of two reports', () => {
  it('finds the new and the removed destination, names, countries and the byte change; the flip is explained by the capture', async () => {
    const a = await report('cap-a', [CAP_A]);
    const b = await report('cap-b', [CAP_B]);
    const { code, diff } = await diffJson(a, b);
    expect(code).toBe(1);
    const d = reportDiff(diff);
    // Payload counts the ClientHello too: the same size in every connection here.
    const hello = (d.changed[0]?.bytes?.a ?? 0) - 300;
    expect(hello).toBeGreaterThan(0);
    expect(d.added.map((x) => [x.ip, x.names, x.countries, x.bytes])).toEqual([[RU, ['api.yandex.ru'], ['RU'], 700 + hello]]);
    expect(d.removed.map((x) => [x.ip, x.names, x.countries])).toEqual([[US, ['www.microsoft.com'], ['US']]]);
    expect(d.changed).toEqual([{ ip: GB, names: { added: [], removed: [] }, countries: null, operators: null, bytes: { a: 300 + hello, b: 800 + hello, delta: 500 }, verdict: null }]);
    expect(d.names).toEqual({ added: ['api.yandex.ru'], removed: ['www.microsoft.com'] });
    expect(d.countries).toEqual({ added: ['RU'], removed: ['US'] });
    expect(d.operators.added.length + d.operators.removed.length).toBeGreaterThan(0);
    const ru = d.added[0]!.bytes;
    const us = d.removed[0]!.bytes;
    expect(d.bytes).toEqual({ a: 300 + hello + us, b: 800 + hello + ru, delta: 500 + ru - us });
    expect(d.verdict).toEqual({ a: 'PASS', b: 'FAIL', flipped: true });
    expect(d.inputs).toEqual(['captures']);
    expect(d.cause).toMatch(/^only capture changed \(\S*\/a\.pcap [0-9a-f]{12} → \S*\/b\.pcap [0-9a-f]{12}\)$/);
  });

  it('explains a country change and verdict flip caused only by a different database', async () => {
    const a = await report('db-de', [CAP_DOC, '--no-embedded-geo', '--geoip', DB_DE]);
    const b = await report('db-ru', [CAP_DOC, '--no-embedded-geo', '--geoip', DB_RU]);
    const d = reportDiff((await diffJson(a, b)).diff);
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
    expect(d.changed).toEqual([{ ip: DOC, names: { added: [], removed: [] }, countries: { a: ['DE'], b: ['RU'] }, operators: null, bytes: null, verdict: { a: 'PASS', b: 'FAIL' } }]);
    expect(d.verdict).toEqual({ a: 'PASS', b: 'FAIL', flipped: true });
    expect(d.inputs).toEqual(['databases']);
    expect(d.cause).toMatch(/^only database changed \(geo [0-9a-f]{12} → geo [0-9a-f]{12}\)$/);
    const md = (await runCli(['diff', a, b])).stdout;
    expect(md).toContain('**Verdict PASS → FAIL**: only database changed');
    expect(md).toContain(`| ${DOC} |  | DE → RU |  |  | PASS → FAIL |`);
  });

  it('attributes a flip to the policy when only the policy changed', async () => {
    const policy = c.save('deny-de.yaml', 'version: 1\nid: deny-de\nmode: denylist\nrules:\n  - id: de\n    action: deny\n    countries: [DE]\n');
    const a = await report('pol-a', [CAP_DOC, '--no-embedded-geo', '--geoip', DB_DE]);
    const b = await report('pol-b', [CAP_DOC, '--no-embedded-geo', '--geoip', DB_DE, '--policy', policy]);
    const d = reportDiff((await diffJson(a, b)).diff);
    expect([d.verdict.flipped, d.inputs, d.countries]).toEqual([true, ['policy'], { added: [], removed: [] }]);
    expect(d.cause).toMatch(/^only policy changed \(deny-ru-by [0-9a-f]{12} → deny-de [0-9a-f]{12}\)$/);
  });

  it('finds nothing between two runs on the same inputs (exit 0)', async () => {
    const a = await report('same-1', [CAP_A]);
    const b = await report('same-2', [CAP_A]);
    const r = await runCli(['diff', a, b]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No differences (no input changed');
  });

  it.each([
    { name: 'a missing file', args: (a: string) => [a, join(c.dir, 'nope.json')], code: 66, msg: 'no such file' },
    { name: 'a file that is not a report', args: (a: string) => [a, CAP_A], code: 65, msg: 'not a JSON report' },
    { name: 'a report and a folder', args: (a: string) => [a, c.dir], code: 65, msg: 'not one of each' },
    { name: 'one argument', args: (a: string) => [a], code: 64, msg: 'diff needs two' },
  ])('refuses $name', async ({ args, code, msg }) => {
    const a = await report('err-a', [CAP_A]);
    const r = await runCli(['diff', ...args(a)]);
    expect([r.code, r.stderr.trim().split('\n').length]).toEqual([code, 1]);
    expect(r.stderr).toContain(msg);
  });
});

describe('diff of two campaign output folders', () => {
  it('compares run by run and explains each flip', async () => {
    c.copy(CAP_DOC, 'camp/caps/doc.pcap');
    c.copy(CAP_A, 'camp/caps/a.pcap');
    c.copy(DB_DE, 'camp/old/geo.mmdb');
    c.copy(DB_RU, 'camp/new/geo.mmdb');
    const runs = (db: string): object[] => [
      { id: 'svc', captures: ['caps/doc.pcap'], geoip: [`${db}/geo.mmdb`], embedded_geo: false, expect: 'PASS' },
      { id: 'office', captures: ['caps/a.pcap'], expect: 'PASS' },
    ];
    const ma = c.manifest({ version: 1, id: 'r1', runs: runs('old') }, 'camp/r1.yaml');
    const mb = c.manifest({ version: 1, id: 'r2', runs: [...runs('new'), { id: 'extra', captures: ['caps/a.pcap'], expect: 'PASS' }] }, 'camp/r2.yaml');
    const oa = join(c.dir, 'camp-out-1');
    const ob = join(c.dir, 'camp-out-2');
    expect((await runCli(['campaign', ma, '--out', oa, '--quiet'])).code).toBe(0);
    expect((await runCli(['campaign', mb, '--out', ob, '--quiet'])).code).toBe(1);
    const { code, diff } = await diffJson(oa, ob);
    expect(code).toBe(1);
    if (diff.kind !== 'campaigns') throw new Error('expected a campaign diff');
    expect([diff.addedRuns, diff.removedRuns]).toEqual([['extra'], []]);
    expect(diff.runs.map((r) => [r.id, r.diff.verdict.flipped, r.diff.inputs])).toEqual([
      ['svc', true, ['databases']],
      ['office', false, []],
    ]);
    const md = (await runCli(['diff', oa, ob])).stdout;
    expect(md).toMatch(/\| `svc` \| PASS \| FAIL \| only database changed \\\(geo [0-9a-f]{12} → geo [0-9a-f]{12}\\\) \|/);
    expect(md).toContain('Runs only in B: `extra`');
    const svc = JSON.parse(readFileSync(join(ob, 'runs/svc/report.json'), 'utf8')) as { destinations: { location: { countries: string[] } }[] };
    expect(svc.destinations.map((x) => x.location.countries)).toEqual([['RU']]);
  });
});
