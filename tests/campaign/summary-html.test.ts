/**
 * summary.html, the campaign summary as one self-contained page: written next to summary.md by a
 * real campaign (in-process, worker threads), the CSP meta first in <head> with the style's
 * hash, one row per run with captures by sha256, expected and actual verdict, whether the
 * expectation was met, top reasons and relative links to the run's reports; the scenario × verdict
 * matrix; hostile scenario, description and run ids only ever as text; the same bytes from a
 * fresh, a second and a resumed campaign. In Chromium (skipped with one line without it): no
 * console error, no request, no script of the page's own runs.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../src/cli/pdf.js';
import { buildSummary, type RunSummary } from '../../src/cli/campaign/summary.js';
import { renderSummaryHtml, topReasons } from '../../src/cli/campaign/summary-html.js';
import { campaignDir, listFiles } from '../builders/campaign.js';
import { launchChromium, openPage } from '../support/browser.js';
import { runCli } from '../cli/run-cli.js';
import { REPO } from '../support/corpus.js';

const HOSTILE = '<script>window.__pwned=1</script>"><img src=x onerror=window.__pwned=2></style>&amp;';
const HOSTILE_ESCAPED = '&lt;script&gt;window.__pwned=1&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=window.__pwned=2&gt;&lt;/style&gt;&amp;amp;';

const c = campaignDir('ev-summary-html-');
afterAll(() => c.remove());
for (const d of ['av-clean', 'av-telemetry-ru', 'av-dns-abroad']) c.copy(join(REPO, 'captures', `${d}.pcapng`), `caps/${d}.pcapng`);
c.save('caps/not-a-capture.pcap', 'hello, this is text\n');
const RUNS = [
  { id: 'clean', scenario: 'install', captures: ['caps/av-clean.pcapng'], expect: 'PASS' },
  { id: 'clean-wants-ru', scenario: 'install', captures: ['caps/av-clean.pcapng'], expect: 'PASS', expected_destinations: { include: ['*.ru'] } },
  { id: 'telemetry', scenario: HOSTILE, captures: ['caps/av-telemetry-ru.pcapng'], expect: 'FAIL' },
  { id: 'dns-abroad', scenario: 'cloud look-up', captures: ['caps/av-dns-abroad.pcapng'], expect: 'PASS' },
  { id: 'junk', scenario: 'install', captures: ['caps/not-a-capture.pcap'], expect: 'PASS' },
];
const MANIFEST = c.manifest({ version: 1, id: 'rel-8', description: HOSTILE, runs: RUNS });
const sha = (f: string): string => createHash('sha256').update(readFileSync(join(c.dir, f))).digest('hex');

/** Tags and attributes the page may contain; anything else (or a raw `<` in text) is a defect. */
const TAGS = new Set(['html', 'head', 'meta', 'title', 'style', 'body', 'header', 'h1', 'h2', 'p', 'strong', 'code', 'span', 'main', 'section', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'ul', 'li', 'a', 'br', 'footer']);
const ATTRS = new Set(['lang', 'http-equiv', 'content', 'charset', 'name', 'class', 'id', 'scope', 'href']);
function markupProblems(html: string): string[] {
  const problems: string[] = [];
  const body = html.replace(/^<!DOCTYPE html>\n/, '').replace(/<style>[^<]*<\/style>/, '<style></style>');
  for (const m of body.matchAll(/<(?!\/[a-z0-9]+>)/g)) {
    const tag = /^<([a-z][a-z0-9]*)((?: [a-z-]+="[^"<>]*")*)>/.exec(body.slice(m.index));
    if (tag === null) problems.push(`raw < at ${m.index}: ${body.slice(m.index, m.index + 40)}`);
    else if (!TAGS.has(tag[1]!)) problems.push(`tag ${tag[1]}`);
    else for (const a of tag[2]!.matchAll(/ ([a-z-]+)="[^"]*"/g)) if (!ATTRS.has(a[1]!)) problems.push(`attribute ${a[1]} on ${tag[1]}`);
  }
  return problems;
}

/** Text of each cell of the runs-table row of `id`. */
function rowCells(html: string, id: string): string[] {
  const tbody = /<table class="runs">.*?<tbody>(.*?)<\/tbody>/s.exec(html)![1]!;
  const row = tbody.split('<tr').find((r) => r.includes(`<td><code>${id}</code></td>`));
  expect(row, id).toBeDefined();
  return [...row!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[1]!);
}
const textOf = (cell: string): string => cell.replace(/<br>|<\/li><li>/g, ' | ').replace(/<ul>/g, ' ').replace(/<[^>]+>/g, '').trim();

describe('summary.html from a campaign', () => {
  const out = join(c.dir, 'out');
  let html = '';
  let code = -1;
  beforeAll(async () => {
    code = (await runCli(['campaign', MANIFEST, '--out', out, '--quiet'])).code;
    html = readFileSync(join(out, 'summary.html'), 'utf8');
  });

  it('is written next to summary.md (the campaign exits 65: one run stopped on an error)', () => {
    expect(code).toBe(65);
    expect(listFiles(out).filter((f) => !f.includes('/'))).toEqual(['junit.xml', 'summary.html', 'summary.json', 'summary.md']);
  });

  it('starts <head> with a CSP that forbids every fetch and allows its one style sheet by hash', () => {
    const m = /^<!DOCTYPE html>\n<html lang="en"><head><meta http-equiv="Content-Security-Policy" content="([^"]+)"><meta charset="utf-8">/.exec(html);
    expect(m).not.toBeNull();
    const csp = new Map(m![1]!.replace(/&#39;/g, "'").split('; ').map((d) => [d.split(' ')[0]!, d.slice(d.indexOf(' ') + 1)] as const));
    const style = /<style>([^<]*)<\/style>/.exec(html)![1]!;
    expect(Object.fromEntries(csp)).toEqual({
      'default-src': "'none'",
      'style-src': `'sha256-${createHash('sha256').update(style, 'utf8').digest('base64')}'`,
      'script-src': "'none'",
      'img-src': "'none'",
      'base-uri': "'none'",
      'form-action': "'none'",
    });
    expect(html.match(/<style/g)).toHaveLength(1);
    expect(markupProblems(html)).toEqual([]);
  });

  it('says in the title and heading that expectations were not met, with the counts', () => {
    const counts = '5 runs: 2 met, 2 not met, 1 stopped on an error';
    expect(/<title>(.*?)<\/title>/.exec(html)![1]).toBe(`Campaign rel-8: expectations not met (${counts})`);
    expect(textOf(/<h1>(.*?)<\/h1>/.exec(html)![1]!)).toBe('Campaign rel-8: ✗ expectations not met');
    expect(html).toContain(`<p><strong>${counts}</strong>.</p>`);
  });

  it.each([
    { id: 'clean', scenario: 'install', expected: 'PASS', verdict: 'PASS', result: '✓ met', reasons: '—', reports: true },
    { id: 'clean-wants-ru', scenario: 'install', expected: 'PASS', verdict: 'PASS', result: '✗ not met destination *.ru: expected, but not contacted', reasons: '—', reports: true },
    { id: 'telemetry', scenario: HOSTILE_ESCAPED, expected: 'FAIL', verdict: 'FAIL', result: '✓ met', reasons: /^flow\.denied_country ×\d+: /, reports: true },
    {
      id: 'dns-abroad', scenario: 'cloud look-up', expected: 'PASS', verdict: 'FAIL', reports: true,
      result: '✗ not met verdict: expected PASS, got FAIL (dns.query_to_disallowed_resolver, flow.denied_country)',
      reasons: /^(dns\.query_to_disallowed_resolver|flow\.denied_country) ×\d+: .* \| (dns\.query_to_disallowed_resolver|flow\.denied_country) ×\d+: /,
    },
    { id: 'junk', scenario: 'install', expected: 'PASS', verdict: 'ERROR', result: /^✗ error E_\w+ .*caps\/not-a-capture\.pcap/, reasons: '—', reports: false },
  ])('row $id: scenario, expected $expected, verdict $verdict, result, reasons, links', ({ id, scenario, expected, verdict, result, reasons, reports }) => {
    const cells = rowCells(html, id);
    expect(cells).toHaveLength(8);
    expect(cells[1]).toBe(scenario);
    expect([textOf(cells[3]!), textOf(cells[4]!)]).toEqual([expected, verdict]);
    expect(textOf(cells[5]!)).toMatch(typeof result === 'string' ? new RegExp(`^${result.replace(/[.*+?()[\]\\]/g, '\\$&')}$`) : result);
    expect(textOf(cells[6]!)).toMatch(typeof reasons === 'string' ? new RegExp(`^${reasons}$`) : reasons);
    const links = [...cells[7]!.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);
    expect(links).toEqual(reports ? [`runs/${id}/report.json`, `runs/${id}/report.md`] : []);
    for (const l of links) expect(existsSync(join(out, l))).toBe(true);
  });

  it('names each capture with the first 12 hex digits of its sha256', () => {
    const run = RUNS.find((r) => r.id === 'dns-abroad')!;
    expect(textOf(rowCells(html, 'dns-abroad')[2]!)).toBe(`${run.captures[0]} ${sha(run.captures[0]!).slice(0, 12)}`);
    expect(textOf(rowCells(html, 'junk')[2]!)).toBe('caps/not-a-capture.pcap');
  });

  it('counts runs per scenario and verdict, with the expectations of those that missed', () => {
    const tbody = /<table class="matrix">.*?<tbody>(.*?)<\/tbody>/s.exec(html)![1]!;
    const rows = tbody.split('</tr>').filter((r) => r !== '').map((r) => [...r.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((m) => textOf(m[1]!)));
    expect(rows).toEqual([
      ['install', '2 | 1 ✓ met | 1 ✗ not met (expected PASS)', '0', '0', '1 | 1 ✗ error (expected PASS)', '3'],
      [HOSTILE_ESCAPED, '0', '1 | 1 ✓ met', '0', '0', '1'],
      ['cloud look-up', '0', '1 | 1 ✗ not met (expected PASS)', '0', '0', '1'],
      ['all scenarios', '2 | 1 ✓ met | 1 ✗ not met (expected PASS)', '2 | 1 ✓ met | 1 ✗ not met (expected PASS)', '0', '1 | 1 ✗ error (expected PASS)', '5'],
    ]);
  });

  it('shows the hostile scenario and description only as escaped text', () => {
    expect(html).not.toMatch(/<script|<img|<\/style>&/i);
    expect(html.split(HOSTILE_ESCAPED).length - 1).toBe(3); // description, matrix row, runs row
    expect(markupProblems(html)).toEqual([]);
  });

  it('gives the same bytes from a second campaign into a fresh folder, and from one that re-runs nothing', async () => {
    const out2 = join(c.dir, 'out2');
    expect((await runCli(['campaign', MANIFEST, '--out', out2, '--quiet'])).code).toBe(65);
    expect(readFileSync(join(out2, 'summary.html'), 'utf8')).toBe(html);
    const again = await runCli(['campaign', MANIFEST, '--out', out]);
    expect(again.stdout).toContain('(1 run, 4 unchanged)'); // the run that errors has no result to keep
    expect(readFileSync(join(out, 'summary.html'), 'utf8')).toBe(html);
  });
});

/** A summary with hostile run ids, rendered directly (the manifest schema refuses such ids). */
const ID_IMG = '"><img src=x onerror=alert(1)>';
const ID_SCRIPT = '<script>alert(2)</script>';
const runOf = (o: Partial<RunSummary> & Pick<RunSummary, 'id'>): RunSummary => ({
  scenario: 'install', expect: 'PASS', verdict: 'PASS', status: 'met', problems: [], key: 'k', captures: ['a.pcap'], policy: 'p', report: `runs/${o.id}/report.json`, error: null, ...o,
});
const HOSTILE_SUMMARY = buildSummary({ id: 'h', description: '', manifest: 'm.yaml', manifest_sha256: '0'.repeat(64) }, { name: 'egress-verify', version: '0' }, [
  runOf({ id: ID_IMG, scenario: ID_SCRIPT }),
  runOf({ id: ID_SCRIPT, verdict: 'FAIL', status: 'unmet', problems: [`destination ${ID_IMG}: expected`] }),
]);
const HOSTILE_DETAILS = new Map([[ID_IMG, { captures: [{ name: ID_SCRIPT, sha256: `${ID_IMG}0123456789` }], reasons: [{ code: ID_SCRIPT, effect: 'fail', count: 1, detail: ID_IMG }] }]]);

describe('renderSummaryHtml', () => {
  const html = renderSummaryHtml(HOSTILE_SUMMARY, HOSTILE_DETAILS);

  it('escapes hostile run ids, captures and reasons, and percent-encodes them in links', () => {
    expect(html).not.toMatch(/<script|<img/i);
    expect(markupProblems(html)).toEqual([]);
    expect(html).toContain('<td><code>&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</code></td>');
    expect(html).toContain('href="runs/%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E/report.json"');
    expect(html).toContain('href="runs/%3Cscript%3Ealert(2)%3C%2Fscript%3E/report.md"');
  });

  it('the markup check finds an unescaped tag or attribute (it can fail)', () => {
    expect(markupProblems(html.replace('<td><code>&quot;&gt;&lt;img', '<td><code>"><img'))).not.toEqual([]);
    expect(markupProblems(html.replace('<td><code>', '<td onclick="x"><code>'))).toEqual(['attribute onclick on td']);
  });

  it('is deterministic', () => {
    expect(renderSummaryHtml(HOSTILE_SUMMARY, HOSTILE_DETAILS)).toBe(html);
  });

  it('lists the top reasons by count, fail before inconclusive on a tie', () => {
    const r = (code: string, effect: string, count: number): { code: string; effect: string; count: number; detail: string } => ({ code, effect, count, detail: '' });
    expect(topReasons([r('a', 'inconclusive', 2), r('b', 'fail', 1), r('c', 'fail', 2), r('d', 'fail', 9)]).map((x) => x.code)).toEqual(['d', 'c', 'a']);
  });
});

const CHROMIUM = findChromium(process.env);
describe.skipIf(CHROMIUM === undefined)('summary.html in Chromium', () => {
  const out = join(c.dir, 'browser');
  let browser: import('playwright-core').Browser | undefined;
  beforeAll(async () => {
    await runCli(['campaign', MANIFEST, '--out', out, '--quiet']);
    writeFileSync(join(out, 'hostile-ids.html'), renderSummaryHtml(HOSTILE_SUMMARY, HOSTILE_DETAILS));
    browser = await launchChromium(CHROMIUM!);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each([
    { file: 'summary.html', h1: 'Campaign rel-8: ✗ expectations not met', shown: HOSTILE, rows: RUNS.length },
    { file: 'hostile-ids.html', h1: 'Campaign h: ✗ expectations not met', shown: ID_IMG, rows: 2 },
  ])('$file: no console error, no request, no script of its own, hostile text shown as text', async ({ file, h1, shown, rows }) => {
    const { page, errors, requests } = await openPage(browser!, join(out, file));
    expect(await page.locator('h1').textContent()).toBe(h1);
    expect(await page.locator('table.runs tbody tr').count()).toBe(rows);
    expect(await page.locator('main').textContent()).toContain(shown);
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    expect(await page.locator('script, img, [onerror]').count()).toBe(0);
    // The style sheet applied (allowed by its hash): the heading's border is the colour it sets.
    expect(await page.evaluate(`getComputedStyle(document.querySelector('header.head')).borderLeftWidth`)).toBe('8px');
    const hrefs: string[] = await page.$$eval('a[href]', (as) => as.map((a) => (a as unknown as { href: string }).href));
    if (file === 'summary.html') for (const h of hrefs) expect(existsSync(fileURLToPath(h)), h).toBe(true);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.context().close();
  });
});
if (CHROMIUM === undefined) {
  it.skip('summary.html browser tests need Chromium (Debian: apt-get install chromium)', () => {});
}
