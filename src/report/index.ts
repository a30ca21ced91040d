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

export type * from './types.js';
export { buildReport, flowRow, REPORT_SCHEMA } from './build.js';
export { canonicalJson, canonicalJsonChunks, canonicalJsonLine, type JsonValue } from './canonical-json.js';
export { escapeCsvField, escapeZeekField } from './escape.js';
export { formatEpochNs, formatRfc3339Ns, formatZeekTime } from './time.js';
export { renderConnLog } from './conn-log.js';
export { renderCsv } from './csv.js';
export { renderMarkdown, markdownReport, escapeMarkdown, escapeMarkdownValue, MD_MAX_DESTINATIONS, MD_MAX_DNS, MD_MAX_TEXT } from './markdown.js';
export { escapeHtml, HTML_MAX_TEXT } from './html/escape.js';
export { el, join as joinHtml, text as htmlText, trusted as trustedHtml, type Html } from './html/markup.js';
export type { Judgement } from './verdict.js';

/** The output formats `analyze` can write. */
export type ReportFormat = 'json' | 'conn' | 'csv' | 'csv-destinations' | 'md' | 'html';

/** A renderer yields the report as chunks; their concatenation is the report. */
export type Renderer = (a: Analysis, run?: RunInfo, j?: Judgement) => Iterable<string>;

/**
 * Renderers by format (STYLE rule 7: registered once), except HTML: its module brings a world map
 * that a run writing only JSON should not load, so it is had through `loadRenderer`.
 */
export const RENDERERS: ReadonlyMap<Exclude<ReportFormat, 'html'>, Renderer> = new Map<Exclude<ReportFormat, 'html'>, Renderer>([
  ['json', (a, run, j) => canonicalJsonChunks(buildReport(a, run, j))],
  ['conn', (a, _run, j) => connLogChunks(a, j)],
  ['csv', (a, _run, j) => csvChunks(a, j)],
  ['csv-destinations', (_a, _run, j) => destinationsCsvChunks(j)],
  ['md', (a, run, j) => [markdownReport(a, run, j)]],
]);

/** The HTML renderer's module (report/html/render), loaded on first use. */
export function loadHtmlModule(): Promise<typeof import('./html/render.js')> {
  return import('./html/render.js');
}

/** The renderer for any format, HTML's module loaded on demand. */
export async function loadRenderer(format: ReportFormat): Promise<Renderer> {
  if (format !== 'html') return RENDERERS.get(format)!;
  const { htmlReport } = await loadHtmlModule();
  return (a, run, j) => [htmlReport(a, run, j)];
}
