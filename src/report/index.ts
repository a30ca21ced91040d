/**
 * Analysis → report value → text. Pure and deterministic.
 * @module report
 */
import type { Analysis, RunInfo } from './types.js';
import type { Judgement } from './verdict.js';
import { buildReport } from './build.js';
import { canonicalJsonChunks } from './canonical-json.js';
import { connLogChunks } from './conn-log.js';
import { csvChunks } from './csv.js';
import { destinationsCsvChunks } from './csv-destinations.js';
import { markdownReport } from './markdown.js';
import { htmlReport } from './html/render.js';

export type * from './types.js';
export { buildReport, flowRow, REPORT_SCHEMA } from './build.js';
export { canonicalJson, canonicalJsonChunks, canonicalJsonLine, type JsonValue } from './canonical-json.js';
export { escapeCsvField, escapeZeekField } from './escape.js';
export { formatEpochNs, formatRfc3339Ns, formatZeekTime } from './time.js';
export { renderConnLog } from './conn-log.js';
export { renderCsv } from './csv.js';
export { renderMarkdown, markdownReport, escapeMarkdown, escapeMarkdownValue, MD_MAX_DESTINATIONS, MD_MAX_DNS, MD_MAX_TEXT } from './markdown.js';
export { renderHtml, htmlReport, HTML_CSP } from './html/render.js';
export { escapeHtml, HTML_MAX_TEXT } from './html/escape.js';
export { el, join as joinHtml, text as htmlText, trusted as trustedHtml, type Html } from './html/markup.js';
export type { Judgement } from './verdict.js';

/** The output formats `analyze` can write. */
export type ReportFormat = 'json' | 'conn' | 'csv' | 'csv-destinations' | 'md' | 'html';

/** A renderer yields the report as chunks; their concatenation is the report. */
export type Renderer = (a: Analysis, run?: RunInfo, j?: Judgement) => Iterable<string>;

/** Renderers by format (STYLE rule 7: registered once). */
export const RENDERERS: ReadonlyMap<ReportFormat, Renderer> = new Map<ReportFormat, Renderer>([
  ['json', (a, run, j) => canonicalJsonChunks(buildReport(a, run, j))],
  ['conn', (a, _run, j) => connLogChunks(a, j)],
  ['csv', (a, _run, j) => csvChunks(a, j)],
  ['csv-destinations', (_a, _run, j) => destinationsCsvChunks(j)],
  ['md', (a, run, j) => [markdownReport(a, run, j)]],
  ['html', (a, run, j) => [htmlReport(a, run, j)]],
]);

/** A whole report as one string (tests, small reports). */
export function renderToString(format: ReportFormat, a: Analysis, run?: RunInfo, j?: Judgement): string {
  return [...RENDERERS.get(format)!(a, run, j)].join('');
}
