/**
 * summary.html: the campaign summary as one self-contained page for people who will not read
 * JSON: the overall result, a scenario × verdict matrix (how many runs of each scenario gave each
 * verdict, and whether that met their expectations), and one row per run with its captures (by
 * sha256), expected and actual verdict, the top reasons and links to its reports.
 *
 * A Content-Security-Policy meta tag, first in `<head>`, forbids every fetch (`default-src
 * 'none'`) and allows only this page's style sheet, by its SHA-256 (CSP Level 3 §8.4
 * hash-source); there is no script, so it reads the same everywhere. Links to a run's reports
 * are relative navigations, not fetches. Markup is built through the report stage's `Html`
 * builder, where manifest and report text can only enter escaped (HTML Living Standard
 * §13.1.2.3, §13.2.5). Pure and deterministic: the same summary and details give the same bytes.
 * @module cli/campaign/summary-html
 */
import { createHash } from 'node:crypto';
import type { Verdict } from '../../policy/index.js';
import { el, htmlText as text, joinHtml as join, trustedHtml as trusted, type Html } from '../../report/index.js';
import type { ReasonDetail, RunDetails } from './run-details.js';
import type { CampaignSummary, RunSummary } from './summary.js';
import { RUN_FILES } from './task.js';

/** The style sheet, exactly as written into the page. */
const STYLE = `
:root{--fail:#b42318;--fail-bg:#fde8e7;--inc:#93370d;--pass:#067647;--pass-bg:#dcfae6;--muted:#5d6673;--line:#d0d5dd;--ink:#101828}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:var(--ink);margin:0 auto;max-width:1400px;padding:16px 24px 48px}
h1{font-size:24px;margin:8px 0}
h2{font-size:19px;margin:28px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--line)}
code{font:12.5px/1.3 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.head{border-left:8px solid var(--fail);background:var(--fail-bg);padding:8px 16px;margin:8px 0 16px}
.head.met{border-color:var(--pass);background:var(--pass-bg)}
.head p{margin:6px 0}
.badge{display:inline-block;white-space:nowrap;padding:1px 8px;border-radius:10px;font-weight:700;font-size:.85em;color:#fff;background:var(--muted)}
.v-pass{background:var(--pass)}.v-fail{background:var(--fail)}.v-inconclusive{background:var(--inc)}.v-error{background:var(--ink)}
table{border-collapse:collapse;width:100%;margin:6px 0 10px;font-size:13px}
th,td{border:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
thead th{background:#f2f4f7;font-weight:600}
td.num,th.num{text-align:right;white-space:nowrap}
td.zero{color:#98a2b3}
tr.total th,tr.total td{border-top:2px solid var(--ink);font-weight:600}
tr.unmet td:first-child,tr.error td:first-child{background:var(--fail-bg)}
.ok{color:var(--pass);font-weight:600}.bad{color:var(--fail);font-weight:600}
ul{margin:0;padding-left:16px}
.note,footer{color:var(--muted)}
footer{margin-top:32px;font-size:12px}
@media print{body{max-width:none;padding:0;font-size:11px}tr{break-inside:avoid}thead{display:table-header-group}a{color:inherit}}
`;

/** `'sha256-…'` of the style sheet, for style-src. */
const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE, 'utf8').digest('base64')}'`;

/** The Content-Security-Policy of summary.html: nothing fetched, framed or run; only its own style. */
export const SUMMARY_HTML_CSP = [
  "default-src 'none'",
  `style-src ${STYLE_HASH}`,
  "script-src 'none'",
  "img-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const COLUMNS: readonly (Verdict | 'ERROR')[] = ['PASS', 'FAIL', 'INCONCLUSIVE', 'ERROR'];
/** Captures and reasons listed per run; summary.json and the reports have them all. */
const MAX_CAPTURES = 5;
const MAX_REASONS = 3;
/** Hex digits of a sha256 shown (the full value is in the report). */
const SHORT_SHA = 12;

const code = (s: string, max?: number): Html => el('code', null, text(s, max));
const badge = (v: Verdict | 'ERROR'): Html => el('span', { class: `badge v-${v.toLowerCase()}` }, text(v));
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** Whether the campaign met every expectation, in words (title and heading). */
function overall(s: CampaignSummary): { readonly met: boolean; readonly words: string; readonly counts: string } {
  const t = s.totals;
  const met = t.unmet === 0 && t.errors === 0;
  return {
    met,
    words: met ? 'every expectation met' : 'expectations not met',
    counts: `${plural(t.runs, 'run')}: ${t.met} met, ${t.unmet} not met, ${t.errors} stopped on an error`,
  };
}

function header(s: CampaignSummary): Html {
  const o = overall(s);
  return el(
    'header',
    { class: o.met ? 'head met' : 'head' },
    el('h1', null, trusted('Campaign '), code(s.campaign.id), trusted(': '), el('span', { class: o.met ? 'ok' : 'bad' }, trusted(o.met ? '✓ ' : '✗ '), text(o.words))),
    el('p', null, el('strong', null, text(o.counts)), trusted('.')),
    s.campaign.description === '' ? undefined : el('p', null, text(s.campaign.description, 1000)),
    el('p', { class: 'note' }, trusted('Manifest '), code(s.campaign.manifest), trusted(' (sha256 '), code(s.campaign.manifest_sha256), trusted('); '), text(`${s.tool.name} ${s.tool.version}`), trusted('.')),
  );
}

/** One cell of the matrix: how many runs, how many met, and the expectations of those that did not. */
function matrixCell(runs: readonly RunSummary[]): Html {
  if (runs.length === 0) return el('td', { class: 'num zero' }, trusted('0'));
  const met = runs.filter((r) => r.status === 'met').length;
  const unmet = new Map<string, number>();
  for (const r of runs) {
    if (r.status === 'met') continue;
    const k = `${r.status === 'error' ? 'error' : 'not met'} (expected ${r.expect})`;
    unmet.set(k, (unmet.get(k) ?? 0) + 1);
  }
  const parts: Html[] = [];
  if (met > 0) parts.push(el('span', { class: 'ok' }, text(`${met} ✓ met`)));
  for (const [k, n] of unmet) parts.push(el('span', { class: 'bad' }, text(`${n} ✗ ${k}`)));
  return el('td', { class: 'num' }, el('strong', null, text(String(runs.length))), el('br', null), join(parts, '<br>'));
}

function matrixSection(s: CampaignSummary): Html {
  const verdictOf = (r: RunSummary): Verdict | 'ERROR' => r.verdict ?? 'ERROR';
  const row = (label: Html, runs: readonly RunSummary[], cls?: string): Html =>
    el('tr', { class: cls }, el('th', { scope: 'row' }, label), COLUMNS.map((v) => matrixCell(runs.filter((r) => verdictOf(r) === v))), el('td', { class: 'num' }, text(String(runs.length))));
  const scenarios = [...new Set(s.runs.map((r) => r.scenario))];
  return el(
    'section',
    { id: 'matrix' },
    el('h2', null, trusted('Scenario × verdict')),
    el('p', { class: 'note' }, trusted('Runs of each scenario by the verdict they gave: ✓ met their expectation, ✗ did not (with what was expected). ERROR: the run stopped on an error before a verdict.')),
    el(
      'table',
      { class: 'matrix' },
      el('thead', null, el('tr', null, el('th', { scope: 'col' }, trusted('scenario')), COLUMNS.map((v) => el('th', { scope: 'col', class: 'num' }, badge(v))), el('th', { scope: 'col', class: 'num' }, trusted('runs')))),
      el('tbody', null, scenarios.map((sc) => row(text(sc), s.runs.filter((r) => r.scenario === sc))), row(trusted('all scenarios'), s.runs, 'total')),
    ),
  );
}

function capturesCell(r: RunSummary, d: RunDetails | undefined): Html {
  const caps = d?.captures.length === r.captures.length ? d.captures : r.captures.map((name) => ({ name, sha256: '' }));
  const items = caps.slice(0, MAX_CAPTURES).map((c) => el('li', null, text(c.name), c.sha256 === '' ? undefined : join([trusted(' '), code(c.sha256.slice(0, SHORT_SHA))])));
  const more = caps.length > MAX_CAPTURES ? el('li', null, text(`… and ${caps.length - MAX_CAPTURES} more`)) : undefined;
  return el('td', null, el('ul', null, items, more));
}

/** The reasons that decided, most frequent first (fail before inconclusive on a tie). */
export function topReasons(reasons: readonly ReasonDetail[], max = MAX_REASONS): readonly ReasonDetail[] {
  const rank = (e: string): number => (e === 'fail' ? 0 : e === 'inconclusive' ? 1 : 2);
  return [...reasons].sort((a, b) => b.count - a.count || rank(a.effect) - rank(b.effect) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)).slice(0, max);
}

function reasonsCell(r: RunSummary, d: RunDetails | undefined): Html {
  const reasons = d === undefined ? [] : topReasons(d.reasons);
  if (reasons.length === 0) return el('td', { class: 'zero' }, trusted('—'));
  const items = reasons.map((x) => el('li', null, code(x.code), text(` ×${x.count}`), x.detail === '' ? undefined : join([trusted(': '), text(x.detail, 120)])));
  const more = d !== undefined && d.reasons.length > reasons.length ? el('li', null, text(`… and ${d.reasons.length - reasons.length} more`)) : undefined;
  return el('td', null, el('ul', null, items, more));
}

function resultCell(r: RunSummary): Html {
  if (r.status === 'met') return el('td', null, el('span', { class: 'ok' }, trusted('✓ met')));
  const head = el('span', { class: 'bad' }, trusted(r.status === 'error' ? '✗ error' : '✗ not met'));
  const lines = r.error !== null ? [el('li', null, code(r.error.code), trusted(' '), text(r.error.message, 300))] : r.problems.map((p) => el('li', null, text(p, 300)));
  return el('td', null, head, lines.length === 0 ? undefined : el('ul', null, lines));
}

/** Relative links to the run's reports; every path segment percent-encoded (RFC 3986 §2.1). */
function reportsCell(r: RunSummary): Html {
  if (r.report === null) return el('td', { class: 'zero' }, trusted('—'));
  const href = (file: string): string => ['runs', r.id, file].map(encodeURIComponent).join('/');
  return el('td', null, el('a', { href: href(RUN_FILES.json) }, trusted(RUN_FILES.json)), trusted(' · '), el('a', { href: href(RUN_FILES.md) }, trusted(RUN_FILES.md)));
}

function runsSection(s: CampaignSummary, details: ReadonlyMap<string, RunDetails>): Html {
  const head = ['run', 'scenario', 'captures (sha256)', 'expected', 'verdict', 'expectation', 'top reasons', 'reports'];
  const rows = s.runs.map((r) => {
    const d = details.get(r.id);
    return el(
      'tr',
      { class: r.status },
      el('td', null, code(r.id)),
      el('td', null, text(r.scenario)),
      capturesCell(r, d),
      el('td', null, badge(r.expect)),
      el('td', null, badge(r.verdict ?? 'ERROR')),
      resultCell(r),
      reasonsCell(r, d),
      reportsCell(r),
    );
  });
  return el(
    'section',
    { id: 'runs' },
    el('h2', null, trusted('Runs')),
    el('table', { class: 'runs' }, el('thead', null, el('tr', null, head.map((h) => el('th', { scope: 'col' }, trusted(h))))), el('tbody', null, rows)),
  );
}

/**
 * summary.html text. `details` (by run id, from each run's report.json) adds capture hashes and
 * reasons; a run without details is shown from the summary alone.
 */
export function renderSummaryHtml(s: CampaignSummary, details: ReadonlyMap<string, RunDetails> = new Map()): string {
  const o = overall(s);
  const head = el(
    'head',
    null,
    el('meta', { 'http-equiv': 'Content-Security-Policy', content: SUMMARY_HTML_CSP }),
    el('meta', { charset: 'utf-8' }),
    el('meta', { name: 'referrer', content: 'no-referrer' }),
    el('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
    el('title', null, trusted('Campaign '), text(s.campaign.id), trusted(': '), text(`${o.words} (${o.counts})`)),
    el('style', null, trusted(STYLE)),
  );
  const body = el(
    'body',
    null,
    header(s),
    el('main', null, matrixSection(s), runsSection(s, details)),
    el('footer', null, trusted('Every value is in summary.json; each run’s full report is in runs/&lt;id&gt;/.')),
  );
  return `<!DOCTYPE html>\n${el('html', { lang: 'en' }, head, body)}\n`;
}
