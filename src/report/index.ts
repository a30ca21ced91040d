/**
 * Analysis → report value → text. Pure and deterministic.
 * @module report
 */
import type { Analysis, RunInfo } from './types.js';
import { buildReport } from './build.js';
import { canonicalJson } from './canonical-json.js';
import { renderConnLog } from './conn-log.js';
import { renderCsv } from './csv.js';

export type * from './types.js';
export { buildReport, flowRow, REPORT_SCHEMA } from './build.js';
export { canonicalJson, type JsonValue } from './canonical-json.js';
export { escapeCsvField, escapeZeekField } from './escape.js';
export { formatEpochNs, formatRfc3339Ns, formatZeekTime } from './time.js';
export { renderConnLog, renderCsv };

/** The output formats `analyze` can write. */
export type ReportFormat = 'json' | 'conn' | 'csv';

/** Renderers by format (STYLE rule 7: registered once). */
export const RENDERERS: ReadonlyMap<ReportFormat, (a: Analysis, run?: RunInfo) => string> = new Map<
  ReportFormat,
  (a: Analysis, run?: RunInfo) => string
>([
  ['json', (a, run) => canonicalJson(buildReport(a, run))],
  ['conn', (a) => renderConnLog(a)],
  ['csv', (a) => renderCsv(a)],
]);
