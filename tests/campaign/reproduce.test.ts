/**
 * `reproduce REPORT --capture FILE...`: succeeds on unchanged reports (with and without the run
 * section, from analyze and from a campaign, with user databases and overrides); fails with one
 * clear line naming the input when a capture, the policy, a database, an override or the tool
 * differs; and reports where an edited report differs from the re-run.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { campaignDir } from '../builders/campaign.js';
import { buildMmdb, flat } from '../builders/mmdb.js';
import { resolvedTls, scenarioPcap } from '../builders/scenario.js';
import { runCli } from '../cli/run-cli.js';
import { REPO } from '../support/corpus.js';

const c = campaignDir('ev-reproduce-');
afterAll(() => c.remove());
const CLEAN = join(REPO, 'captures/av-clean.pcapng');
const TELEMETRY = join(REPO, 'captures/av-telemetry-ru.pcapng');
const ALLOW = join(REPO, 'geodata/policies/allowlist-gb-eea-ch.yaml');
const CAP = c.save('svc.pcap', scenarioPcap(resolvedTls('10.0.0.1', '5.5.5.10', 'svc.example', { up: 400 })));
const DB = c.save('geo.mmdb', buildMmdb([['5.5.5.0/24', flat('DE')]], { databaseType: 'country ipvAll' }));
const DB_OTHER = c.save('other/geo.mmdb', buildMmdb([['5.5.5.0/24', flat('RU')]], { databaseType: 'country ipvAll' }));
const OVERRIDES = c.save('ov.json', JSON.stringify({ format: 'egress-verify-geo-overrides/1', overrides: [{ cidr: '5.5.5.0/24', country: 'NL', note: 'lab' }] }));
const OVERRIDES_OTHER = c.save('other/ov.json', JSON.stringify({ format: 'egress-verify-geo-overrides/1', overrides: [{ cidr: '5.5.5.0/24', country: 'GB', note: 'lab' }] }));

async function analyze(name: string, args: readonly string[]): Promise<string> {
  const out = join(c.dir, `${name}.json`);
  const r = await runCli(['analyze', ...args, '--out', out]);
  expect(r.stderr).not.toContain('E_');
  return out;
}

describe('reproduce', () => {
  it('confirms a report with its run section (analyze without --reproducible)', async () => {
    const rep = await analyze('with-run', [CLEAN]);
    expect(readFileSync(rep, 'utf8')).toContain('"run": {');
    const r = await runCli(['reproduce', rep, '--capture', CLEAN]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/is byte-identical to the re-run \(\d+ bytes, without the run section\)/);
  });

  it('confirms a report made with a policy, a user database and overrides', async () => {
    const args = ['--policy', ALLOW, '--geoip', DB, '--geo-overrides', OVERRIDES];
    const rep = await analyze('full', [CAP, ...args, '--reproducible']);
    const r = await runCli(['reproduce', rep, '--capture', CAP, ...args]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/byte-identical to the re-run \(\d+ bytes\)/);
  });

  it('confirms a campaign run\'s report (names relative to the manifest)', async () => {
    c.copy(CLEAN, 'camp/caps/clean.pcapng');
    const m = c.manifest({ version: 1, runs: [{ id: 'clean', captures: ['caps/clean.pcapng'], expect: 'PASS' }] }, 'camp/m.yaml');
    const out = join(c.dir, 'camp-out');
    expect((await runCli(['campaign', m, '--out', out, '--quiet'])).code).toBe(0);
    const r = await runCli(['reproduce', join(out, 'runs/clean/report.json'), '--capture', CLEAN]);
    expect([r.code, r.stderr]).toEqual([0, '']);
  });

  const FULL = ['--policy', ALLOW, '--geoip', DB, '--geo-overrides', OVERRIDES];
  it.each([
    { name: 'another capture', args: ['--capture', TELEMETRY, ...FULL], msg: `capture 1 ${TELEMETRY}: sha256 ` },
    { name: 'one capture too many', args: ['--capture', CAP, '--capture', CAP, ...FULL], msg: 'captures: the report names 1' },
    { name: 'another policy', args: ['--capture', CAP, '--policy', join(REPO, 'geodata/policies/deny-ru-by.yaml'), '--geoip', DB, '--geo-overrides', OVERRIDES], msg: 'deny-ru-by.yaml: sha256 ' },
    { name: 'no policy (the report\'s is not the tool\'s)', args: ['--capture', CAP, '--geoip', DB, '--geo-overrides', OVERRIDES], msg: 'give it with --policy FILE' },
    { name: 'another database', args: ['--capture', CAP, '--policy', ALLOW, '--geoip', DB_OTHER, '--geo-overrides', OVERRIDES], msg: "database 4 'geo': sha256 " },
    { name: 'a missing database', args: ['--capture', CAP, '--policy', ALLOW, '--geo-overrides', OVERRIDES], msg: 'databases: the report names 4 (gwa, dbip, asn, geo), the re-run would use 3' },
    { name: 'no embedded databases', args: ['--capture', CAP, '--policy', ALLOW, '--geoip', DB, '--no-embedded-geo', '--geo-overrides', OVERRIDES], msg: 'databases: the report names 4' },
    { name: 'other overrides', args: ['--capture', CAP, '--policy', ALLOW, '--geoip', DB, '--geo-overrides', OVERRIDES_OTHER], msg: `overrides ${OVERRIDES_OTHER}: sha256 ` },
    { name: 'no overrides', args: ['--capture', CAP, '--policy', ALLOW, '--geoip', DB], msg: 'overrides the report names 1, 0 given' },
  ])('fails clearly on $name (exit 65, one line naming the input)', async ({ args, msg }) => {
    const rep = await analyze('full-2', [CAP, ...FULL, '--reproducible']);
    const r = await runCli(['reproduce', rep, ...args]);
    expect(r.code).toBe(65);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('E_REPRODUCE_INPUT');
    expect(r.stderr).toContain(msg);
  });

  it('refuses a report from another tool version', async () => {
    const rep = await analyze('old-tool', [CLEAN, '--reproducible']);
    writeFileSync(rep, readFileSync(rep, 'utf8').replace('"version": "0.1.0"', '"version": "0.0.9"'));
    const r = await runCli(['reproduce', rep, '--capture', CLEAN]);
    expect([r.code, r.stderr]).toEqual([65, expect.stringContaining('tool: the report was made by egress-verify 0.0.9; this is egress-verify 0.1.0') as string]);
  });

  it.each([
    { name: 'a country', from: '"countries":["NL"],"detail":"NL (gwa, dbip)","registered_countries":[],"status":"agree"},"names":["rep', to: '"countries":["RU"],"detail":"NL (gwa, dbip)","registered_countries":[],"status":"agree"},"names":["rep', at: /differs from the re-run at destinations\[0\]\.location\.countries\[0\]\n/ },
    { name: 'the verdict', from: '"verdict": "PASS",\n    "warnings"', to: '"verdict": "FAIL",\n    "warnings"', at: /at verdict\.verdict\n/ },
    { name: 'the layout only', from: '{\n  "anomalies"', to: '{\n   "anomalies"', at: /at \(formatting only\)\n/ },
  ])('reports an edited report as not reproduced (exit 1): $name', async ({ from, to, at }) => {
    const rep = await analyze(`edited-${from.length}`, [CLEAN, '--reproducible']);
    const text = readFileSync(rep, 'utf8');
    expect(text).toContain(from);
    writeFileSync(rep, text.replace(from, to));
    const r = await runCli(['reproduce', rep, '--capture', CLEAN]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(at);
  });

  it.each([
    { name: 'no --capture', argv: (rep: string) => ['reproduce', rep], code: 64 },
    { name: 'a missing report', argv: () => ['reproduce', join(c.dir, 'none.json'), '--capture', CLEAN], code: 66 },
    { name: 'a capture given as the report', argv: () => ['reproduce', CLEAN, '--capture', CLEAN], code: 65 },
    { name: 'a missing capture', argv: (rep: string) => ['reproduce', rep, '--capture', join(c.dir, 'none.pcap')], code: 66 },
  ])('exit $code for $name', async ({ argv, code }) => {
    const rep = await analyze('plain', [CLEAN, '--reproducible']);
    const r = await runCli(argv(rep));
    expect([r.code, r.stderr.trim().split('\n').length]).toEqual([code, 1]);
  });
});
