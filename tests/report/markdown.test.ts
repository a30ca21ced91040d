/**
 * The Markdown report: escaping of hostile strings (no link, image, HTML, autolink or table break
 * can be injected), content (verdict in words, reasons, coverage, destinations worst first with
 * evidence, judged DNS, warnings, provenance with attribution lines, staleness notes), caps,
 * totality on malformed input, and fidelity: a saved JSON report renders to the same bytes.
 */
import { describe, expect, it } from 'vitest';
import { escapeMarkdown, escapeMarkdownValue, MD_MAX_DESTINATIONS, MD_MAX_TEXT, renderMarkdown } from '../../src/report/index.js';
import { REPO } from '../support/corpus.js';
import { runCli } from '../cli/run-cli.js';

/** Characters that must never reach the output unescaped (markdown-escape.ts META). */
const META = new Set('\\`*_{}[]<>()#+-.!|~&:@$='.split(''));

/**
 * The unescaped metacharacters of `line`, in order, read as CommonMark reads backslash escapes
 * (§2.4: a backslash before ASCII punctuation makes it literal).
 */
function skeleton(line: string): string {
  let out = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\' && i + 1 < line.length && /[!-/:-@[-`{-~]/.test(line[i + 1]!)) i++;
    else if (META.has(c)) out += c;
  }
  return out;
}

const HOSTILE = [
  '<script>alert(1)</script>',
  '[x](http://evil)',
  '![i](http://e/i.png)',
  'a|b|c',
  '`rm -rf /`',
  '\u001b[31mred\u001b[0m',
  'line1\nline2\r\n| x | y |',
  'nul\u0000byte',
  "=cmd|' /C calc'!A0",
  'www.evil.com and http://evil.example/x',
  '@everyone #1 $x$ ~~s~~ **b** _i_ &amp; <https://e>',
  '# heading',
  '\u202eevil\u200b\ufeff\u2028\ud800',
  '\\',
];

describe('escapeMarkdown', () => {
  it.each([
    { name: 'HTML tag', input: '<script>', expected: '\\<script\\>' },
    { name: 'link', input: '[x](http://evil)', expected: '\\[x\\]\\(http\\://evil\\)' },
    { name: 'image', input: '![i](http://e/i.png)', expected: '\\!\\[i\\]\\(http\\://e/i\\.png\\)' },
    { name: 'table pipe', input: 'a|b', expected: 'a\\|b' },
    { name: 'backticks', input: '`x`', expected: '\\`x\\`' },
    { name: 'ANSI escape as \\ddd', input: '\u001b[31m', expected: '\\\\027\\[31m' },
    { name: 'CR LF inside a cell', input: 'a\r\nb', expected: 'a\\\\013\\\\010b' },
    { name: 'NUL', input: 'a\u0000', expected: 'a\\\\000' },
    { name: 'formula', input: "=cmd|' /C calc'!A0", expected: "\\=cmd\\|' /C calc'\\!A0" },
    { name: 'www autolink', input: 'www.evil.com', expected: 'www\\.evil\\.com' },
    { name: 'mention, issue, maths', input: '@u #1 $x$', expected: '\\@u \\#1 \\$x\\$' },
    { name: 'entity', input: '&lt;', expected: '\\&lt;' },
    { name: 'backslash stays a backslash', input: 'a\\027b', expected: 'a\\\\027b' },
    { name: 'bidi override', input: '\u202eab', expected: '\\\\u\\{202E\\}ab' },
    { name: 'lone surrogate', input: '\ud800', expected: '\\\\u\\{D800\\}' },
    { name: 'C1 control', input: '\u009b', expected: '\\\\155' },
    { name: 'letters and unicode pass', input: 'Telefónica São Paulo', expected: 'Telefónica São Paulo' },
    { name: 'long text is cut', input: 'a'.repeat(MD_MAX_TEXT + 5), expected: 'a'.repeat(MD_MAX_TEXT) + '…' },
  ])('$name', ({ input, expected }) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });

  it.each(HOSTILE.map((s) => ({ s })))('leaves no unescaped metacharacter or control character: %j', ({ s }) => {
    const out = escapeMarkdown(s);
    expect(skeleton(out)).toBe('');
    expect(out).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u);
  });
});

describe('escapeMarkdownValue', () => {
  it.each([
    { input: '5.255.255.158', expected: '5.255.255.158' },
    { input: '2a00:1148::/29', expected: '2a00:1148::/29' },
    { input: '2026-06-17', expected: '2026-06-17' },
    { input: '1.2.3.4<b>', expected: '1\\.2\\.3\\.4\\<b\\>' },
    { input: 'fade.cafe', expected: 'fade\\.cafe' },
    { input: '::1\n# x', expected: '\\:\\:1\\\\010\\# x' },
  ])('$input', ({ input, expected }) => {
    expect(escapeMarkdownValue(input)).toBe(expected);
  });
});

type Json = { [k: string]: unknown };

function answer(db: string, country: string, extra: Json = {}): Json {
  return { build_date: '2024-01-01', country, db, network: '203.0.113.0/24', sha256: 'a'.repeat(64), status: 'found', type: 'country', ...extra };
}

function destination(ip: string, verdict: string, bytes: number, s: string): Json {
  return {
    dns_queries: 0,
    evidence: { answers: [answer('db1', 'RU'), answer('asn', 'RU', { asn: 64500, as_org: s, country: undefined })], anycast: false, consensus: { country: 'RU', dbs: ['db1'], status: 'agree' }, ip },
    example_uids: [s],
    first_frame: 1,
    flows: 1,
    ip,
    last_frame: 2,
    location: { as_orgs: [s], asns: [64500], countries: ['RU'], detail: s, registered_countries: [], status: 'agree' },
    names: [s, 'b.example'],
    payload_bytes_sent: bytes,
    reasons: verdict === 'PASS' ? [] : [{ code: 'flow.denied_country', count: 1, effect: 'fail', rules: [s] }],
    verdict,
  };
}

/** A report in the JSON shape; every string a capture, a database or a file could supply is `s`. */
function report(s: string, over: Json = {}): Json {
  const reason = { code: 'flow.denied_country', count: 2, detail: s, effect: 'fail', examples: [s, 'C2'], rules: [s] };
  return {
    schema: 'egress-verify/report@1',
    tool: { name: 'egress-verify', version: '0.1.0' },
    verdict: {
      completeness: { decoded_ratio: 0.5, min_decoded_ratio: 0.99, reasons: [{ code: 'capture.truncated', detail: s, effect: 'inconclusive' }] },
      counts: { destinations: 2, dns_queries: 2, fail: 1, flows: 3, flows_counted: 2, flows_ignored: 1, inconclusive: 0, pass: 1 },
      reasons: [reason],
      verdict: 'FAIL',
      warnings: [{ ...reason, code: 'name.sni_not_in_dns', effect: 'warning' }],
    },
    policy: { id: s, mode: 'denylist', sha256: 'b'.repeat(64), source: s },
    databases: [
      { attribution: `${s} attribution`, build_date: '2024-06-01', description: s, id: s, ip_versions: [4, 6], licence: s, sha256: 'c'.repeat(64), source: s, staleness: { age_days: -3, built_after_capture: true, max_age_days: 90, stale: false }, type: s },
      { attribution: null, build_date: '2023-01-01', description: 'd', id: 'old', ip_versions: [4], licence: 'CC0', sha256: 'd'.repeat(64), source: null, staleness: { age_days: 200, built_after_capture: false, max_age_days: 90, stale: true }, type: 't' },
    ],
    geo_overrides: [{ entries: 1, sha256: 'e'.repeat(64), source: s }],
    destinations: [destination('198.51.100.1', 'PASS', 900, s), destination('203.0.113.9', 'FAIL', 10, s)],
    captures: [
      {
        bytes: 100, compression: 'none', first_frame: 1, first_ts: '1717228800.000000000', format: 'pcapng', frames: 10, input: 0,
        interfaces: [{ id: 0, link_type: 1, link_type_name: 'ether', section: 0, snap_length: 65535, ts_offset_s: 0, ts_resolution: '1e-6', statistics: { if_drop: '7', os_drop: '2' } }],
        last_ts: '1717228801.000000000', name: s, name_records: [], name_records_dropped: 0, sha256: 'f'.repeat(64),
        stop: { at_frame: 10, at_offset: 99, kind: 'truncated', missing_bytes: 4, reason: s },
      },
    ],
    coverage: { datagrams: 8, fragments_incomplete: 1, frames_in_flows: 8, frames_malformed: 1, frames_not_ip: { [s]: 2 }, frames_read: 12, frames_snap_truncated: 0, frames_unsupported_link: {}, icmp_errors_attached: 0, icmp_errors_unattributed: 0 },
    dns: [
      { client: '192.0.2.1', client_p: 5353, query: s, qtype: 'A', query_frame: 3, resolver: '203.0.113.9', resolver_p: 53, verdict: 'PASS', verdict_reasons: [] },
      { client: '192.0.2.1', client_p: 5353, query: s, qtype: 'A', query_frame: 4, resolver: '203.0.113.9', resolver_p: 53, verdict: 'FAIL', verdict_reasons: [{ code: 'dns.query_to_disallowed_resolver', detail: s, effect: 'fail', rule: s }] },
      { client: '192.0.2.1', client_p: 5353, query: 'unjudged.example', qtype: 'A', query_frame: 5, resolver: '192.0.2.53', resolver_p: 53, verdict: null, verdict_reasons: [] },
    ],
    anomalies: [{ code: s, count: 3, example_frames: [1, 2] }],
    flow_table: { created: 3, evicted_at_cap: 1, expired_idle: 0, max_active: 3 },
    limits: { max_active_flows: 1000 },
    run: { argv: ['analyze', s], elapsed_ms: 5, finished_at: s, node: 'v20', started_at: s },
    ...over,
  };
}

describe('renderMarkdown: hostile strings', () => {
  const benign = renderMarkdown(report('plain'));
  it.each(HOSTILE.map((s) => ({ s })))('%j injects no Markdown structure', ({ s }) => {
    const md = renderMarkdown(report(s));
    const lines = md.split('\n');
    const expected = benign.split('\n');
    // Same lines with the same unescaped metacharacters as with a harmless string: no link,
    // image, tag, emphasis, heading or extra table cell, and no line break, was injected.
    expect(lines.length).toBe(expected.length);
    expect(lines.map(skeleton)).toEqual(expected.map(skeleton));
    expect(md).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\ufeff]/);
  });

  it('shows hostile text neutralised, not dropped', () => {
    const md = renderMarkdown(report("=cmd|' /C calc'!A0 <script>\u001b"));
    expect(md).toContain("\\=cmd\\|' /C calc'\\!A0 \\<script\\>\\\\027");
    expect(md).not.toContain('<script>');
  });
});

describe('renderMarkdown: content', () => {
  it.each([
    { verdict: 'FAIL', title: '# egress-verify report: FAIL', words: 'sent data where the policy does not allow it' },
    { verdict: 'PASS', title: '# egress-verify report: PASS', words: 'every judged flow is clear and the evidence is complete' },
    { verdict: 'INCONCLUSIVE', title: '# egress-verify report: INCONCLUSIVE', words: 'not enough to say PASS or FAIL' },
    { verdict: 'MAYBE', title: '# egress-verify report: MAYBE', words: 'a verdict this renderer does not know' },
    { verdict: undefined, title: '# egress-verify report: no verdict', words: 'no policy was applied' },
  ])('verdict $verdict in words', ({ verdict, title, words }) => {
    const r = report('x');
    const md = renderMarkdown({ ...r, verdict: verdict === undefined ? undefined : { ...(r['verdict'] as Json), verdict } });
    expect(md.split('\n')[0]).toBe(title);
    expect(md).toContain(words);
  });

  const md = renderMarkdown(report('x'));
  it.each([
    { what: 'a reason with count, rules and examples', line: '| fail | flow\\.denied\\_country | 2 | x | x | x, C2 |' },
    { what: 'the coverage line', line: '**Coverage:** 12 frames read; 8 in flows (66.7%); 4 not analysable (malformed 1, incomplete fragments 1, not IP x 2); decoded 50.0% (minimum 99.0%); capture stops: x truncated at frame 10 (x); interface drops: 7 by the interface, 2 by the OS.' },
    { what: 'the incomplete evidence', line: '- capture\\.truncated (inconclusive): x' },
    { what: 'a FAIL destination row', line: '| FAIL | 203.0.113.9 | x, b\\.example | agree: RU | AS64500 x | 1 | 10 | flow\\.denied\\_country ×1 |' },
    { what: 'an evidence heading', line: '### 203.0.113.9: FAIL' },
    { what: 'an evidence row per database', line: '| asn | found | — | — | AS64500 | x | 203.0.113.0/24 | — |' },
    { what: 'a judged DNS query', line: '| FAIL | x | A | 192.0.2.1 | 203.0.113.9 port 53 | 4 | dns\\.query\\_to\\_disallowed\\_resolver (rule x) |' },
    { what: 'the capture with its sha256', line: `| 0 | x | pcapng | 10 | 100 | 2024-06-01T08:00:00.000000000Z | 2024-06-01T08:00:01.000000000Z | ${'f'.repeat(64)} |` },
    { what: 'the policy', line: `- Policy: x (denylist) from x, SHA-256 ${'b'.repeat(64)}` },
    { what: 'a database', line: `| old | t | 2023-01-01 | 200 days (stale) | ${'d'.repeat(64)} |` },
    { what: 'an attribution line', line: '- x: x attribution' },
    { what: 'a database without attribution', line: '- old: no attribution line recorded; licence: CC0' },
    { what: 'the built-after-capture note', line: '> **Note:** database x was built after the capture: it describes the Internet as it was later, and an address may have moved since the capture was taken.' },
    { what: 'the stale note', line: "> **Note:** database old was 200 days old at the capture's date (more than 90): its answers may be out of date." },
    { what: 'the evicted flows', line: '1 flow evicted from the flow table at its cap.' },
    { what: 'the run section', line: '- Arguments: analyze, x' },
  ])('shows $what', ({ line }) => {
    expect(md.split('\n')).toContain(line);
  });

  it('sorts destinations worst verdict first, then payload bytes sent', () => {
    const ds = [destination('192.0.2.1', 'PASS', 1000, 'a'), destination('192.0.2.2', 'FAIL', 10, 'b'), destination('192.0.2.3', 'INCONCLUSIVE', 500, 'c'), destination('192.0.2.4', 'FAIL', 20, 'd')];
    const rows = renderMarkdown(report('x', { destinations: ds }))
      .split('\n')
      .filter((l) => /^\| [A-Z]+ \| 192\.0\.2\.\d /.test(l))
      .map((l) => l.split(' | ')[1]);
    expect(rows).toEqual(['192.0.2.4', '192.0.2.2', '192.0.2.3', '192.0.2.1']);
  });

  it('caps the destinations and evidence tables and points to the JSON report', () => {
    const ds = Array.from({ length: MD_MAX_DESTINATIONS + 7 }, (_, i) => destination(`198.51.100.${i}`, 'FAIL', i, 'n'));
    const out = renderMarkdown(report('x', { destinations: ds }));
    expect(out.split('\n').filter((l) => l.startsWith('| FAIL | 198.51.100.'))).toHaveLength(MD_MAX_DESTINATIONS);
    expect(out.split('\n').filter((l) => l.startsWith('### 198.51.100.'))).toHaveLength(MD_MAX_DESTINATIONS);
    expect(out).toContain('7 more destinations in the JSON report.');
    expect(out).toContain('Evidence for 7 more destinations in the JSON report.');
  });

  it('keeps a long attribution line whole (the licence requires it)', () => {
    const r = report('x');
    const long = 'IP Geolocation by DB-IP '.repeat(20);
    const dbs = [{ ...(r['databases'] as Json[])[0]!, attribution: long }];
    expect(renderMarkdown({ ...r, databases: dbs })).toContain(`- x: ${escapeMarkdown(long, Infinity)}\n`);
    expect(escapeMarkdown(long, Infinity).length).toBeGreaterThan(MD_MAX_TEXT);
  });

  it('escapes numbers that are not plain digits (a saved report may hold anything)', () => {
    const md = renderMarkdown(report('x', { limits: { max_active_flows: -1, tcp_idle_timeout_s: 1e21 } }));
    expect(md).toContain('- Parameters: max\\_active\\_flows \\-1; tcp\\_idle\\_timeout\\_s 1e\\+21\n');
  });

  it('has a run section only when the report has one', () => {
    expect(renderMarkdown(report('x', { run: undefined }))).not.toContain('### Run');
  });

  it.each([
    { name: 'null', input: null },
    { name: 'an array', input: [] },
    { name: 'a string', input: 'report' },
    { name: 'wrong member types', input: { schema: 1, verdict: 'FAIL', destinations: 'x', dns: {}, captures: [null, 1], databases: [{ staleness: 'x' }] } },
  ])('renders $name without throwing', ({ input }) => {
    const out = renderMarkdown(input);
    expect(out.startsWith('# egress-verify report: no verdict\n')).toBe(true);
    expect(out).toContain("> **Note:** this report's schema is missing");
  });
});

describe('markdown of the demo capture', () => {
  it('equals the Markdown rendered from the saved JSON report', async () => {
    const cwd = process.cwd();
    process.chdir(REPO);
    try {
      const json = await runCli(['analyze', '--reproducible', 'captures/demo.pcapng']);
      const md = await runCli(['analyze', '--reproducible', '--format', 'md', 'captures/demo.pcapng']);
      expect(md.code).toBe(1);
      expect(md.stdout).toBe(renderMarkdown(JSON.parse(json.stdout)));
      expect(md.stdout).toMatch(/^# egress-verify report: FAIL\n/);
    } finally {
      process.chdir(cwd);
    }
  });
});
