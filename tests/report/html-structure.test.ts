/**
 * The HTML report's structure: one self-contained document whose only raw-text elements are its
 * own style sheet and script, allowed by a Content-Security-Policy with their hashes; every tag
 * and attribute one the renderer writes; text inert even when every string of the report is
 * hostile; the sections, evidence panels and attribution lines present; fidelity (a saved JSON
 * report renders to the same bytes as the run), determinism, caps and totality; and the HTML and
 * the JSON of one run agree on the verdict, the destinations and their byte counts.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/report/index.js';
import { renderHtml } from '../../src/report/html/render.js';
import { HTML_MAX_DESTINATIONS, HTML_MAX_EVIDENCE } from '../../src/report/html/destinations.js';
import { HTML_MAX_EVIDENCE_FLOWS } from '../../src/report/html/evidence-flows.js';
import { runCli } from '../cli/run-cli.js';
import { scenarioDir, scenarioPcap, tlsConversation } from '../builders/scenario.js';
import { REPO } from '../support/corpus.js';
import { HOSTILE, hostileCapture, poison, RU, structureProblems } from './html-fixtures.js';

const DEMO = join(REPO, 'captures/demo.pcapng');
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function analyze(format: 'json' | 'html', capture: string, ...more: string[]): Promise<string> {
  const r = await runCli(['analyze', '--reproducible', '--format', format, ...more, capture]);
  expect(r.code, r.stderr).toBeLessThanOrEqual(2);
  return r.stdout;
}

let demoJson: Json;
let demoHtml: string;
let hostileJson: Json;
let hostileHtml: string;
beforeAll(async () => {
  demoJson = JSON.parse(await analyze('json', DEMO)) as Json;
  demoHtml = await analyze('html', DEMO);
  const capture = scenarioDir('ev-html-').save('hostile.pcap', hostileCapture());
  hostileJson = JSON.parse(await analyze('json', capture)) as Json;
  hostileHtml = await analyze('html', capture);
});

/** Rows of the destinations table: verdict, address and payload bytes (its sort key). */
function destinationRows(html: string): { verdict: string; ip: string; bytes: string }[] {
  const tbody = /<table class="sortable" id="destinations-table"[^>]*>.*?<tbody>(.*?)<\/tbody>/s.exec(html)?.[1] ?? '';
  return [...tbody.matchAll(/<tr data-verdict="([^"]*)" data-ip="([^"]*)">(.*?)<\/tr>/g)].map((m) => ({
    verdict: m[1]!,
    ip: m[2]!,
    bytes: [...m[3]!.matchAll(/data-v="(\d+)"/g)].map((x) => x[1]!)[1] ?? '',
  }));
}

describe('HTML report: structure and safety', () => {
  it.each([
    { name: 'demo capture', html: () => demoHtml },
    { name: 'capture with hostile names', html: () => hostileHtml },
    { name: 'demo report with a hostile string in every field', html: () => renderHtml(poison(demoJson)) },
  ])('$name: only the report\'s own script and style, known tags and attributes, inert text', ({ html }) => {
    expect(structureProblems(html())).toEqual([]);
  });

  it('the structure check catches what it must (else it proves nothing)', () => {
    const bad = [
      demoHtml.replace('<main>', '<main><img src=x onerror=alert(1)>'),
      demoHtml.replace('<main>', '<main><script>alert(1)</script>'),
      demoHtml.replace('<main>', '<main><a href="javascript:alert(1)">x</a>'),
      demoHtml.replace('<main>', '<main>"unescaped quote'),
      demoHtml.replace('<main>', '<main><p style="color:red">x</p>'),
    ];
    for (const b of bad) expect(structureProblems(b)).not.toEqual([]);
  });

  it('every hostile string of a poisoned report is shown, escaped', () => {
    const html = renderHtml(poison(demoJson));
    for (const h of HOSTILE) expect(html, h).toContain(escapeHtml(h));
  });

  it('hostile names from the capture appear as text in the table and the evidence panel', () => {
    expect(hostileHtml).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt;');
    expect(hostileHtml).toContain('&lt;/style&gt;&lt;script&gt;');
    expect(hostileHtml).toContain('&quot;&gt;&lt;img\\032src=x\\032onerror=window.__pwned=1&gt;');
    const names = (hostileJson['destinations'] as Json[]).flatMap((d) => d['names'] as string[]);
    expect(names).toContain('javascript:window.__pwned=1');
    expect(names.some((n) => n.startsWith('nul\\000ansi\\027[31m<b>'))).toBe(true);
    for (const n of names) expect(hostileHtml).toContain(escapeHtml(n));
    expect(hostileHtml.match(/<details class="evidence v-fail"/g)).toHaveLength(1);
  });

  it('the CSP forbids every fetch and allows exactly the inline style sheet and script, by hash', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(demoHtml)![1]!.replace(/&#39;/g, "'");
    const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));
    expect(directives.get('default-src')).toEqual(["'none'"]);
    const script = /<script>(.*?)<\/script>/s.exec(demoHtml)![1]!;
    const style = /<style>(.*?)<\/style>/s.exec(demoHtml)![1]!;
    const hash = (s: string): string => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
    expect(directives.get('script-src')).toEqual([hash(script)]);
    expect(directives.get('style-src')).toEqual([hash(style)]);
    expect(csp).not.toContain('unsafe');
    expect(demoHtml).not.toMatch(/\s(src|srcset|action|formaction|xlink:href)=/);
  });
});

describe('HTML report: content', () => {
  it('has every section, one evidence panel per FAIL/INCONCLUSIVE destination, and the verdict in the title', () => {
    for (const id of ['verdict', 'why', 'coverage', 'map', 'countries', 'destinations', 'evidence', 'dns', 'warnings', 'provenance']) {
      expect(demoHtml, id).toContain(` id="${id}"`);
    }
    const bad = (demoJson['destinations'] as Json[]).filter((d) => d['verdict'] === 'FAIL' || d['verdict'] === 'INCONCLUSIVE');
    expect(bad.length).toBeGreaterThan(0);
    expect(demoHtml.match(/<details class="evidence/g)).toHaveLength(bad.length);
    expect(demoHtml).toContain('<title>egress-verify report: FAIL</title>');
    expect(demoHtml).toContain('<span class="badge v-fail">FAIL</span></h1>');
  });

  it('names every rule, database and flow of an evidence panel', () => {
    const ru = (demoJson['destinations'] as Json[]).find((d) => d['ip'] === '5.255.255.158')!;
    const panel = /<details class="evidence v-fail" id="ev-\d+" open><summary><span class="badge v-fail">FAIL<\/span> <strong>5\.255\.255\.158<\/strong>.*?<\/details>/s.exec(demoHtml)?.[0] ?? '';
    expect(panel).not.toBe('');
    for (const r of ru['reasons'] as Json[]) for (const rule of r['rules'] as string[]) expect(panel).toContain(rule);
    for (const a of ru['evidence']['answers'] as Json[]) expect(panel).toContain(`<code>${a['db']}</code>`);
    for (const uid of ru['example_uids'] as string[]) expect(panel).toContain(uid);
    expect(panel).toContain('TLS SNI');
    expect(panel).toContain('YANDEX LLC');
  });

  it('carries every database attribution line whole', () => {
    for (const d of demoJson['databases'] as Json[]) expect(demoHtml).toContain(escapeHtml(d['attribution'] as string, Infinity));
  });

  it('a saved JSON report renders to the same bytes as the run, and twice to the same bytes', async () => {
    expect(renderHtml(demoJson)).toBe(demoHtml);
    expect(renderHtml(hostileJson)).toBe(hostileHtml);
    expect(await analyze('html', DEMO)).toBe(demoHtml);
  });

  it('an address with more flows than a panel lists: the same bytes from the run and from the saved JSON', async () => {
    const convs = Array.from({ length: HTML_MAX_EVIDENCE_FLOWS + 5 }, () => tlsConversation('10.0.0.1', RU, 'push.yandex.ru', { up: 10 }));
    const capture = scenarioDir('ev-html-many-').save('many.pcap', scenarioPcap(convs));
    const json = JSON.parse(await analyze('json', capture)) as Json;
    const html = await analyze('html', capture);
    expect(renderHtml(json)).toBe(html);
    expect(html.match(/<table class="flows">.*?<\/table>/s)![0].match(/<tr>/g)).toHaveLength(HTML_MAX_EVIDENCE_FLOWS + 1);
    expect(html).toContain(`The first ${HTML_MAX_EVIDENCE_FLOWS} flows to this address; ${HTML_MAX_EVIDENCE_FLOWS + 5} judged in all`);
  });

  it('HTML and JSON of one run agree: verdict, destinations (verdict, address, payload bytes)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ev-html-dir-'));
    const r = await runCli(['analyze', '--reproducible', '--report-dir', out, DEMO]);
    expect(r.code).toBe(1);
    const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Json;
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain(`<title>egress-verify report: ${json['verdict']['verdict']}</title>`);
    const fromJson = (json['destinations'] as Json[]).map((d) => ({ verdict: d['verdict'], ip: d['ip'], bytes: String(d['payload_bytes_sent']) }));
    const fromHtml = destinationRows(html);
    expect(fromHtml).toHaveLength(fromJson.length);
    const key = (x: { ip: string }): string => x.ip;
    expect([...fromHtml].sort((a, b) => key(a).localeCompare(key(b)))).toEqual([...fromJson].sort((a, b) => key(a).localeCompare(key(b))));
  });
});

describe('HTML report: caps and totality', () => {
  const dest = (i: number, verdict: string): Json => ({ ip: `198.51.100.${i % 250}`, verdict, payload_bytes_sent: i, flows: 1, names: [], reasons: [], location: { status: 'agree', countries: ['DE'] } });

  it.each([
    { name: 'destinations table', n: HTML_MAX_DESTINATIONS + 1, verdict: 'PASS', rows: HTML_MAX_DESTINATIONS, panels: 0, more: '1 more destinations in the JSON report.' },
    { name: 'evidence panels', n: HTML_MAX_EVIDENCE + 10, verdict: 'FAIL', rows: HTML_MAX_EVIDENCE + 10, panels: HTML_MAX_EVIDENCE, more: 'Evidence for 10 more destinations in the JSON report.' },
  ])('$name are capped, with a pointer to the JSON report', ({ n, verdict, rows, panels, more }) => {
    const html = renderHtml({ schema: 'egress-verify/report@1', verdict: { verdict }, destinations: Array.from({ length: n }, (_, i) => dest(i, verdict)) });
    expect(destinationRows(html)).toHaveLength(rows);
    expect((html.match(/<details class="evidence/g) ?? []).length).toBe(panels);
    expect(html).toContain(more);
    // Many panels start folded, so the page opens short.
    if (panels > 10) expect(html).not.toMatch(/<details class="evidence[^>]* open>/);
  });

  it.each([
    { name: 'null', input: null },
    { name: 'an array', input: [] },
    { name: 'a number', input: 42 },
    { name: 'an empty object', input: {} },
    { name: 'members of the wrong types', input: { verdict: 5, destinations: 'x', flows: {}, dns: [1, null], coverage: [], databases: [null, 'x'], captures: 7, policy: [] } },
    { name: 'rows of the wrong types', input: { verdict: { verdict: 'FAIL', reasons: [1, 'x', null] }, destinations: [null, 1, { ip: 5, location: 'x', payload_bytes_sent: -1 }] } },
  ])('renders $name without throwing, and still safely', ({ input }) => {
    const html = renderHtml(input);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(structureProblems(html)).toEqual([]);
  });

  it('says when the schema is not the one it reads', () => {
    expect(renderHtml({ schema: 'egress-verify/report@9' })).toContain('This report’s schema is egress-verify/report@9; this renderer reads egress-verify/report@1.');
  });
});
