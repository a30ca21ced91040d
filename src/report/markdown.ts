/**
 * The Markdown report, for tickets and e-mail: the verdict in words and why, coverage,
 * destinations worst first with the evidence of every FAIL and INCONCLUSIVE one, judged DNS
 * queries, warnings and provenance (with the databases' attribution lines).
 *
 * It is rendered from the report VALUE in its JSON shape (`egress-verify/report@1` as parsed
 * back), so a saved JSON report renders to the same bytes as the analysis it came from. Every
 * string is escaped (markdown-escape.ts); long tables are capped and point to the JSON report.
 * Deterministic: no clock, locale or environment is read; wall-clock data appears only when the
 * report has a `run` section.
 * @module report/markdown
 */
import type { Analysis, RunInfo } from './types.js';
import type { Judgement } from './verdict.js';
import { buildReport, REPORT_SCHEMA, type ReportValue } from './build.js';
import { LazyRows } from './canonical-json.js';
import { parsedSection } from './json-shape.js';
import { escapeMarkdown } from './markdown-escape.js';
import { destinationsSection, evidenceSection } from './markdown-destinations.js';
import { dnsSection } from './markdown-dns.js';
import { proxyFlowFilter, relaysSection } from './markdown-relays.js';
import { provenanceSection, stalenessNotes } from './markdown-provenance.js';
import { arr, obj, str, type JsonObject } from './markdown-read.js';
import { headline, warningsSection, whySection } from './markdown-summary.js';

export { escapeMarkdown, escapeMarkdownValue, MD_MAX_TEXT } from './markdown-escape.js';
export { MD_MAX_DESTINATIONS } from './markdown-destinations.js';
export { MD_MAX_DNS } from './markdown-dns.js';

/**
 * Render a parsed JSON report (any value: a saved file may be anything) as Markdown. Total: a
 * missing or mistyped member renders as absent, never as an exception.
 */
export function renderMarkdown(report: unknown): string {
  const r = obj(report);
  const schema = str(r['schema']);
  const notes = [
    ...(schema === REPORT_SCHEMA ? [] : [`> **Note:** this report's schema is ${schema === undefined ? 'missing' : escapeMarkdown(schema)}; this renderer reads ${REPORT_SCHEMA}.`]),
    ...stalenessNotes(arr(r['databases']).map(obj)),
  ];
  const sections: string[][] = [
    headline(r),
    notes.flatMap((n, i) => (i === 0 ? [n] : ['', n])),
    whySection(r),
    destinationsSection(r),
    evidenceSection(r),
    relaysSection(r),
    dnsSection(r),
    warningsSection(r),
    provenanceSection(r),
    ['---', '', '*Every flow, DNS transaction and piece of evidence is in the JSON report (--format json).*'],
  ];
  return sections.filter((s) => s.length > 0).map((s) => s.join('\n')).join('\n\n') + '\n';
}

/**
 * The Markdown report of an analysis: the report value built once and converted to its JSON
 * shape without serialising it. Only the sections the renderer reads are converted: flow rows
 * are left out (destinations and reasons summarise them) but for a bounded number that asked a
 * proxy for something, and only judged DNS rows are kept, so a
 * capture of a million flows never becomes a million row objects here. Equal to
 * `renderMarkdown(JSON.parse(canonicalJson(buildReport(a, run, j))))` (tested).
 */
export function markdownReport(a: Analysis, run?: RunInfo, j?: Judgement): string {
  return renderMarkdown(reportJsonShape(buildReport(a, run, j)));
}

/** Rows kept per lazily built section; a section absent here is left out entirely. */
const ROWS_READ: ReadonlyMap<string, () => (row: unknown) => boolean> = new Map([
  ['destinations', () => () => true],
  ['dns', () => (row: unknown) => str(obj(row)['verdict']) !== undefined],
  // Only flows that asked a proxy for something, and a bounded number of them.
  ['flows', proxyFlowFilter],
]);

/** The report value as JSON.parse would give it back (bigint as text, undefined dropped). */
function reportJsonShape(v: ReportValue): JsonObject {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    const x = v[k];
    if (x === undefined) continue;
    const keep = ROWS_READ.get(k)?.();
    if (x instanceof LazyRows && keep === undefined) continue;
    out[k] = parsedSection(x, keep ?? (() => true));
  }
  return out;
}
