/**
 * The HTML report, for vendors and auditors who will not run a CLI: one self-contained file
 * (inline CSS, inline SVG map, one small inline script) that opens anywhere, offline. A
 * Content-Security-Policy meta tag forbids every external request (`default-src 'none'`) and
 * allows only this report's own style sheet and script by hash. It reads fully with JavaScript
 * off; evidence panels are `<details>` elements.
 *
 * Rendered from the report VALUE in its JSON shape (`egress-verify/report@1` as parsed back), like
 * the Markdown report, so a saved JSON report renders to the same bytes as the analysis it came
 * from. Every string is escaped (escape.ts) and markup is built through markup.ts, where report
 * text can only enter escaped. Deterministic: no clock, locale or environment is read; wall-clock
 * data appears only when the report has a `run` section.
 * @module report/html/render
 */
import type { Analysis, RunInfo } from '../types.js';
import type { Judgement } from '../verdict.js';
import { buildReport, REPORT_SCHEMA } from '../build.js';
import { obj, str, type JsonObject } from '../markdown-read.js';
import { coverageSection } from './coverage.js';
import { destinationsSection } from './destinations.js';
import { dnsSection } from './dns.js';
import { evidenceSection } from './evidence.js';
import { geographySection } from './geography.js';
import { el, join, text, textOf, trusted, type Html } from './markup.js';
import { provenanceSection, stalenessNotes } from './provenance.js';
import { REPORT_SCRIPT, REPORT_SCRIPT_HASH } from './script.js';
import { htmlReportShape } from './shape.js';
import { REPORT_STYLE, REPORT_STYLE_HASH } from './style.js';
import { verdictHeader, warningsSection, whySection } from './summary.js';

/**
 * The Content-Security-Policy of every HTML report (CSP Level 3): nothing may be fetched, framed,
 * connected to or submitted; only the report's own style sheet and script run, by hash.
 */
export const HTML_CSP = [
  "default-src 'none'",
  `style-src ${REPORT_STYLE_HASH}`,
  `script-src ${REPORT_SCRIPT_HASH}`,
  "img-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Table of contents: anchors of the sections present. */
function nav(sections: readonly (readonly [string, string, boolean])[]): Html {
  const items = sections.filter(([, , present]) => present).map(([id, label]) => el('li', null, el('a', { href: `#${id}` }, text(label))));
  return el('nav', { 'aria-label': 'Sections' }, el('ul', null, items));
}

function notes(r: JsonObject): Html | undefined {
  const schema = str(r['schema']);
  const all: Html[] = [
    ...(schema === REPORT_SCHEMA ? [] : [join([trusted('This report’s schema is '), schema === undefined ? trusted('missing') : text(schema), trusted(`; this renderer reads ${REPORT_SCHEMA}.`)])]),
    ...stalenessNotes(r),
  ];
  if (all.length === 0) return undefined;
  return el('div', { class: 'notes', role: 'note' }, all.map((n) => el('p', null, el('strong', null, trusted('Note: ')), n)));
}

/**
 * Render a parsed JSON report (any value: a saved file may be anything) as one HTML document.
 * Total: a missing or mistyped member renders as absent, never as an exception.
 */
export function renderHtml(report: unknown): string {
  const r = obj(report);
  const verdict = str(obj(r['verdict'])['verdict']);
  const why = whySection(r);
  const evidence = evidenceSection(r);
  const dns = dnsSection(r);
  const body = el(
    'body',
    null,
    verdictHeader(r),
    notes(r),
    nav([
      ['why', 'Why', why !== undefined], ['coverage', 'Coverage', true], ['map', 'Map', true], ['countries', 'Countries', true],
      ['destinations', 'Destinations', true], ['evidence', 'Evidence', evidence !== undefined], ['dns', 'DNS', dns !== undefined],
      ['warnings', 'Warnings', true], ['provenance', 'Provenance', true],
    ]),
    el('main', null, why, coverageSection(r), geographySection(r), destinationsSection(r), evidence, dns, warningsSection(r), provenanceSection(r)),
    el('footer', null, trusted('Analysis by '), textOf(obj(r['tool'])['name']), trusted(' '), textOf(obj(r['tool'])['version']), trusted('. Every flow, DNS transaction and piece of evidence is in the JSON report (--format json).')),
    el('script', null, trusted(REPORT_SCRIPT)),
  );
  const head = el(
    'head',
    null,
    el('meta', { charset: 'utf-8' }),
    el('meta', { 'http-equiv': 'Content-Security-Policy', content: HTML_CSP }),
    el('meta', { name: 'referrer', content: 'no-referrer' }),
    el('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
    el('title', null, trusted('egress-verify report: '), verdict === undefined ? trusted('no verdict') : text(verdict)),
    el('style', null, trusted(REPORT_STYLE)),
  );
  return `<!DOCTYPE html>\n${el('html', { lang: 'en' }, head, body)}\n`;
}

/**
 * The HTML report of an analysis: the report value built once and converted to its JSON shape
 * without serialising it, only as far as the renderer reads it (shape.ts). Equal to
 * `renderHtml(JSON.parse(canonicalJson(buildReport(a, run, j))))` (tested).
 */
export function htmlReport(a: Analysis, run?: RunInfo, j?: Judgement): string {
  return renderHtml(htmlReportShape(buildReport(a, run, j)));
}
