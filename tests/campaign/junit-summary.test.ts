/**
 * JUnit XML and the Markdown summary from a summary value: well-formed, the common JUnit shape,
 * one testcase per run, failures naming the unmet expectation, hostile text escaped; and
 * expectations (verdict, destinations included and excluded).
 */
import { describe, expect, it } from 'vitest';
import { checkExpectations, matches } from '../../src/cli/campaign/expect.js';
import { renderJunit } from '../../src/cli/campaign/junit.js';
import { buildSummary, renderSummaryMarkdown, type RunSummary } from '../../src/cli/campaign/summary.js';
import type { DestinationRow, RunRecord } from '../../src/cli/campaign/task.js';
import { junitOutcomes, junitProblems } from './junit-shape.js';
import { parseXml } from './xml.js';

const HOSTILE = 'evil <b>&amp; "x" \'y\' ]]> \u0000\u001b[31m\ud800 |pipe|';

const run = (o: Partial<RunSummary> & Pick<RunSummary, 'id' | 'status'>): RunSummary => ({
  scenario: 'install',
  expect: 'PASS',
  verdict: 'PASS',
  problems: [],
  key: 'k'.repeat(64),
  captures: ['caps/a.pcapng'],
  policy: 'geodata/policies/deny-ru-by.yaml',
  report: `runs/${o.id}/report.json`,
  error: null,
  ...o,
});

const SUMMARY = buildSummary({ id: 'rel-1', description: HOSTILE, manifest: 'm.yaml', manifest_sha256: '0'.repeat(64) }, { name: 'egress-verify', version: '0.1.0' }, [
  run({ id: 'ok', status: 'met' }),
  run({ id: 'flip', scenario: HOSTILE, status: 'unmet', verdict: 'FAIL', problems: ['verdict: expected PASS, got FAIL (flow.denied_country)', `destination ${HOSTILE}: expected, but not contacted`] }),
  run({ id: 'broken', status: 'error', verdict: null, report: null, error: { code: 'E_CAPTURE_FORMAT', message: `caps/x.pcap: not a capture ${HOSTILE}` } }),
]);

describe('renderJunit', () => {
  const xml = renderJunit(SUMMARY);
  const root = parseXml(xml);

  it('is well-formed XML in the common JUnit shape', () => {
    expect(junitProblems(root)).toEqual([]);
    expect(root.children.map((s) => [s.attrs['name'], s.attrs['tests'], s.attrs['failures'], s.attrs['errors']])).toEqual([['rel-1', '3', '1', '1']]);
  });

  it('has one testcase per run: met passes, unmet fails naming the expectation, errors are errors', () => {
    const o = junitOutcomes(root);
    expect([...o.keys()]).toEqual(['ok', 'flip', 'broken']);
    expect(o.get('ok')).toBeUndefined();
    expect(o.get('flip')?.kind).toBe('failure');
    expect(o.get('flip')?.message).toBe('verdict: expected PASS, got FAIL (flow.denied_country)');
    expect(o.get('flip')?.body.split('\n')).toHaveLength(2);
    expect(o.get('broken')?.kind).toBe('error');
  });

  it('escapes hostile text and replaces characters XML cannot carry', () => {
    expect(xml).not.toMatch(/[\u0000\u001b]/);
    const body = junitOutcomes(root).get('flip')!.body;
    expect(body).toContain('evil <b>&amp; "x" \'y\' ]]> \\u{0000}\\u{001B}[31m\\u{D800} |pipe|');
  });

  it('a parser for the shape catches a broken file (the check can fail)', () => {
    expect(() => parseXml(xml.replace('</testsuite>', ''))).toThrow();
    expect(junitProblems(parseXml(xml.replace('tests="3" failures="1" errors="1" skipped', 'tests="2" failures="1" errors="1" skipped')))).not.toEqual([]);
  });
});

describe('renderSummaryMarkdown', () => {
  const md = renderSummaryMarkdown(SUMMARY);

  it('shows the scenario × verdict matrix with each run marked met or not', () => {
    expect(md).toContain('| scenario | PASS | FAIL | INCONCLUSIVE | ERROR |');
    expect(md).toContain('| install | `ok` ✓ |  |  | `broken` ✗ (PASS) |');
    expect(md).toMatch(/\| evil .* \|  \| `flip` ✗ \(PASS\) \|  \|  \|/);
  });

  it('escapes hostile text: no raw control characters, no table-breaking pipes, no HTML', () => {
    expect(md).not.toMatch(/[\u0000\u001b]/);
    expect(md).not.toContain('<b>');
    expect(md).not.toMatch(/[^\\]\|pipe/);
  });

  it('counts totals', () => {
    expect(SUMMARY.totals).toEqual({ runs: 3, met: 1, unmet: 1, errors: 1 });
    expect(SUMMARY.matrix.map((m) => [m.expect, m.verdict, m.runs])).toEqual([
      ['PASS', 'PASS', 1],
      ['PASS', 'FAIL', 1],
      ['PASS', 'ERROR', 1],
    ]);
  });
});

const dest = (ip: string, names: string[] = []): DestinationRow => ({ ip, names, countries: [], verdict: 'PASS', payload_bytes_sent: 1 });

describe('expected destinations', () => {
  it.each([
    { p: '192.0.2.7', d: dest('192.0.2.7'), hit: true },
    { p: '192.0.2.7', d: dest('192.0.2.8'), hit: false },
    { p: '192.0.2.0/24', d: dest('192.0.2.200'), hit: true },
    { p: '192.0.2.0/25', d: dest('192.0.2.200'), hit: false },
    { p: '2001:db8::/32', d: dest('2001:db8:1::5'), hit: true },
    { p: '2001:DB8::5', d: dest('2001:db8::5'), hit: true },
    { p: '192.0.2.0/24', d: dest('2001:db8::5'), hit: false },
    { p: 'vendor.example', d: dest('192.0.2.1', ['Vendor.Example.']), hit: true },
    { p: 'vendor.example', d: dest('192.0.2.1', ['api.vendor.example']), hit: false },
    { p: '*.vendor.example', d: dest('192.0.2.1', ['api.vendor.example']), hit: true },
    { p: '*.vendor.example', d: dest('192.0.2.1', ['vendor.example']), hit: false },
    { p: '*.vendor.example', d: dest('192.0.2.1', ['evilvendor.example']), hit: false },
  ])('$p vs $d.ip $d.names → $hit', ({ p, d, hit }) => {
    expect(matches(p, d)).toBe(hit);
  });

  const rec = (verdict: RunRecord['verdict'], ds: DestinationRow[]): RunRecord => ({ schema: 'egress-verify/campaign-run@1', id: 'r', key: 'k', verdict, reasons: ['flow.denied_country'], destinations: ds });

  it.each([
    { name: 'all met', expect: 'PASS' as const, exp: { include: ['a.example'], exclude: ['*.ru'] }, r: rec('PASS', [dest('192.0.2.1', ['a.example'])]), problems: [] },
    { name: 'verdict differs', expect: 'PASS' as const, exp: null, r: rec('FAIL', []), problems: ['verdict: expected PASS, got FAIL (flow.denied_country)'] },
    { name: 'missing destination', expect: 'PASS' as const, exp: { include: ['a.example'], exclude: [] }, r: rec('PASS', []), problems: ['destination a.example: expected, but not contacted'] },
    {
      name: 'forbidden destination',
      expect: 'PASS' as const,
      exp: { include: [], exclude: ['*.ru'] },
      r: rec('PASS', [dest('192.0.2.1', ['x.yandex.ru'])]),
      problems: ['destination *.ru: must not be contacted, but was: 192.0.2.1 (x.yandex.ru)'],
    },
  ])('$name', ({ expect: e, exp, r, problems }) => {
    const o = checkExpectations(e, exp, r);
    expect(o.problems).toEqual(problems);
    expect(o.status).toBe(problems.length === 0 ? 'met' : 'unmet');
  });
});
