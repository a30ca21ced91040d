/**
 * Analysis → report value → text. Pure and deterministic.
 * @module report
 */
import type { Analysis, RunInfo } from './types.js';
import { buildReport } from './build.js';
import { canonicalJsonChunks } from './canonical-json.js';
import { connLogChunks } from './conn-log.js';
import { csvChunks } from './csv.js';

export type * from './types.js';
export { buildReport, flowRow, REPORT_SCHEMA } from './build.js';
export { canonicalJson, canonicalJsonChunks, type JsonValue } from './canonical-json.js';
export { escapeCsvField, escapeZeekField } from './escape.js';
export { formatEpochNs, formatRfc3339Ns, formatZeekTime } from './time.js';
export { renderConnLog } from './conn-log.js';
export { renderCsv } from './csv.js';

/** The output formats `analyze` can write. */
export type ReportFormat = 'json' | 'conn' | 'csv';

/** A renderer yields the report as chunks; their concatenation is the report. */
export type Renderer = (a: Analysis, run?: RunInfo) => Iterable<string>;

/** Renderers by format (STYLE rule 7: registered once). */
export const RENDERERS: ReadonlyMap<ReportFormat, Renderer> = new Map<ReportFormat, Renderer>([
  ['json', (a, run) => canonicalJsonChunks(buildReport(a, run))],
  ['conn', (a) => connLogChunks(a)],
  ['csv', (a) => csvChunks(a)],
]);

/** A whole report as one string (tests, small reports). */
export function renderToString(format: ReportFormat, a: Analysis, run?: RunInfo): string {
  return [...RENDERERS.get(format)!(a, run)].join('');
}
