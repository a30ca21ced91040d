/**
 * The HTML report in a real browser: playwright-core driving Debian Chromium (headless, no
 * sandbox, no GPU, no background networking or component updates, a fresh profile). For the
 * report of every demo capture under each policy its README names: no console error (a CSP
 * violation is one), no request besides the file itself, the verdict shown, shaded countries on
 * the map, the table and the JSON agreeing, and the sorting/filtering script working. Reports
 * with hostile names (from a capture, and a report with a hostile string in every field) run no
 * script of theirs. With JavaScript off the report still reads whole. Printing opens every
 * evidence panel, and `--pdf` puts the verdict on page 1 (pdftotext). Screenshots are written to a
 * temporary folder whose path is printed. Skipped, with one line, when Chromium is not installed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { renderHtml } from '../../src/report/html/render.js';
import { findChromium } from '../../src/cli/pdf.js';
import { runCli } from '../cli/run-cli.js';
import { scenarioDir } from '../builders/scenario.js';
import { REPO } from '../support/corpus.js';
import { hostileCapture, poison } from '../report/html-fixtures.js';
import { launchChromium, openPage, type Visit } from '../support/browser.js';

const CHROMIUM = findChromium(process.env);
const HAVE_PDFTOTEXT = spawnSync('pdftotext', ['-v'], { stdio: 'ignore' }).status === 0;
const ALLOWLIST = 'geodata/policies/allowlist-gb-eea-ch.yaml';
/** Every capture × policy of captures/README.md's index, with the verdict it must give. */
const CASES = [
  { capture: 'demo.pcapng', policy: undefined, rules: 'deny-ru-by', verdict: 'FAIL' },
  { capture: 'av-clean.pcapng', policy: undefined, rules: 'deny-ru-by', verdict: 'PASS' },
  { capture: 'av-clean.pcapng', policy: ALLOWLIST, rules: 'allowlist-gb-eea-ch', verdict: 'PASS' },
  { capture: 'av-telemetry-ru.pcapng', policy: undefined, rules: 'deny-ru-by', verdict: 'FAIL' },
  { capture: 'av-telemetry-ru.pcapng', policy: ALLOWLIST, rules: 'allowlist-gb-eea-ch', verdict: 'FAIL' },
  { capture: 'av-disputed.pcapng', policy: ALLOWLIST, rules: 'allowlist-gb-eea-ch', verdict: 'INCONCLUSIVE' },
  { capture: 'av-disputed.pcapng', policy: undefined, rules: 'deny-ru-by', verdict: 'PASS' },
  { capture: 'av-dns-abroad.pcapng', policy: undefined, rules: 'deny-ru-by', verdict: 'FAIL' },
];

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const out = mkdtempSync(join(tmpdir(), 'ev-html-browser-'));

/** The JSON report of a capture (in-process CLI) and its HTML file on disk. */
async function report(capture: string, policy: string | undefined, name: string): Promise<{ json: Json; file: string }> {
  const r = await runCli(['analyze', '--reproducible', ...(policy === undefined ? [] : ['--policy', join(REPO, policy)]), capture]);
  expect(r.code, r.stderr).toBeLessThanOrEqual(2);
  const json = JSON.parse(r.stdout) as Json;
  const file = join(out, `${name}.html`);
  writeFileSync(file, renderHtml(json));
  return { json, file };
}

let browser: Browser | undefined;

/** Open `file` in a new page, recording console errors, page errors and every request but the file. */
function visit(file: string, o: { javaScript?: boolean } = {}): Promise<Visit> {
  return openPage(browser!, file, { ...o, viewport: { width: 1280, height: 900 } });
}

/** Shaded countries: map paths whose computed fill is not the unshaded land's. */
function shadedCount(page: Page): Promise<number> {
  // Page code as text: the tests are type-checked without the DOM library.
  return page.evaluate(`(() => {
    const land = getComputedStyle(document.querySelector('svg.world path.land')).fill;
    return [...document.querySelectorAll('svg.world path.country')].filter((p) => getComputedStyle(p).fill !== land).length;
  })()`);
}

describe.skipIf(CHROMIUM === undefined)('HTML report in Chromium', () => {
  beforeAll(async () => {
    // launch() gives every browser a fresh temporary profile (user-data dir).
    browser = await launchChromium(CHROMIUM!);
    console.log(`html report screenshots: ${out}`);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each(CASES)('$capture under $rules ($verdict): no errors, no requests, verdict, shaded map, table = JSON', async ({ capture, policy, verdict }) => {
    const name = `${capture.replace('.pcapng', '')}${policy === undefined ? '' : '.allowlist'}`;
    const { json, file } = await report(join(REPO, 'captures', capture), policy, name);
    expect(json['verdict']['verdict']).toBe(verdict);
    const { page, errors, requests } = await visit(file);
    expect(await page.locator('h1').textContent()).toBe(`egress-verify report: ${verdict}`);
    expect(await page.title()).toBe(`egress-verify report: ${verdict}`);
    const countries = new Set((json['destinations'] as Json[]).flatMap((d) => d['location']['countries'] as string[]));
    const shaded = await shadedCount(page);
    expect(shaded).toBeGreaterThan(0);
    expect(shaded).toBeLessThanOrEqual(countries.size);
    const rows = await page.$$eval('#destinations-table tbody tr', (trs) =>
      trs.map((tr) => ({ verdict: tr.getAttribute('data-verdict'), ip: tr.getAttribute('data-ip'), bytes: tr.querySelectorAll('td')[6]!.textContent!.replace(/\u2009/g, '') })),
    );
    const want = (json['destinations'] as Json[]).map((d) => ({ verdict: d['verdict'], ip: d['ip'], bytes: String(d['payload_bytes_sent']) }));
    const byIp = (a: { ip: unknown }, b: { ip: unknown }): number => String(a.ip).localeCompare(String(b.ip));
    expect(rows.sort(byIp)).toEqual(want.sort(byIp));
    const findings = want.filter((d) => d.verdict === 'FAIL' || d.verdict === 'INCONCLUSIVE').length;
    expect(await page.locator('details.evidence').count()).toBe(findings);
    await page.screenshot({ path: join(out, `${name}.png`), fullPage: name === 'demo' });
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.context().close();
  });

  it('the script runs under the CSP: the verdict filter and column sorting work', async () => {
    const { json, file } = await report(join(REPO, 'captures/demo.pcapng'), undefined, 'demo-script');
    const { page, errors } = await visit(file);
    const fails = (json['destinations'] as Json[]).filter((d) => d['verdict'] === 'FAIL').length;
    await page.locator('#destinations .filter select').selectOption('FAIL');
    expect(await page.locator('#destinations-table tbody tr:not([hidden])').count()).toBe(fails);
    await page.locator('#destinations .filter select').selectOption('');
    await page.locator('#destinations-table thead th').nth(6).locator('button').click();
    const bytes = await page.$$eval('#destinations-table tbody tr td:nth-child(7)', (tds) => tds.map((td) => Number(td.getAttribute('data-v'))));
    expect(bytes).toEqual([...bytes].sort((a, b) => a - b));
    expect(bytes.length).toBe((json['destinations'] as Json[]).length);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it.each([
    { name: 'a capture whose SNIs and Host carry <script>, onerror= and </style>', make: async () => (await report(scenarioDir('ev-html-').save('hostile.pcap', hostileCapture()), undefined, 'hostile')).file },
    {
      name: 'the demo report with a hostile string in every field',
      make: async () => {
        const { json } = await report(join(REPO, 'captures/demo.pcapng'), undefined, 'demo-for-poison');
        const file = join(out, 'poisoned.html');
        writeFileSync(file, renderHtml(poison(json)));
        return file;
      },
    },
  ])('$name: runs no script of its own, shows the names as text', async ({ make }) => {
    const { page, errors, requests } = await visit(await make());
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    expect(await page.locator('main img, main script, main svg[onload], main [onerror]').count()).toBe(0);
    expect(await page.locator('main').textContent()).toContain('<script>window.__pwned=1</script>');
    expect(await page.locator('script').count()).toBe(1);
    await page.screenshot({ path: join(out, `${page.url().includes('poisoned') ? 'poisoned' : 'hostile'}.png`) });
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.context().close();
  });

  it('reads whole with JavaScript off: verdict, map, tables and open evidence panels, no script controls', async () => {
    const { file } = await report(join(REPO, 'captures/av-telemetry-ru.pcapng'), undefined, 'nojs');
    const { page, errors } = await visit(file, { javaScript: false });
    expect(await page.locator('h1').textContent()).toBe('egress-verify report: FAIL');
    expect(await shadedCount(page)).toBeGreaterThan(0);
    expect(await page.locator('details.evidence .panel table.answers').first().isVisible()).toBe(true);
    expect(await page.locator('.filter').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('printing opens closed evidence panels', async () => {
    const { file } = await report(join(REPO, 'captures/demo.pcapng'), undefined, 'print');
    const { page } = await visit(file);
    await page.evaluate(`document.querySelectorAll('details').forEach((d) => d.removeAttribute('open'))`);
    const visible = (): Promise<boolean> => page.evaluate(`document.querySelector('details.evidence .panel').checkVisibility()`);
    expect(await visible()).toBe(false);
    await page.emulateMedia({ media: 'print' });
    expect(await visible()).toBe(true);
    await page.context().close();
  });

  it.skipIf(!HAVE_PDFTOTEXT)('--pdf: the verdict is on page 1', async () => {
    const pdf = join(out, 'demo.pdf');
    const r = await runCli(['analyze', '--reproducible', '--format', 'md', '--pdf', pdf, join(REPO, 'captures/demo.pcapng')]);
    expect(r.code, r.stderr).toBe(1);
    const page1 = spawnSync('pdftotext', ['-f', '1', '-l', '1', pdf, '-'], { encoding: 'utf8' });
    expect(page1.status).toBe(0);
    expect(page1.stdout).toMatch(/egress-verify report: FAIL/);
    expect(page1.stdout).toMatch(/a monitored host sent data where the policy does not allow it/);
  });
});

if (CHROMIUM === undefined) {
  it.skip('HTML report browser tests need Chromium (Debian: apt-get install chromium; .ci/run installs it)', () => {});
}
