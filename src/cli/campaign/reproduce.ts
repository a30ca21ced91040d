/**
 * `reproduce REPORT --capture FILE...`: the independent check an auditor runs. Every input the
 * report names is checked by sha256 (reproduce-inputs.ts), the analysis is re-run with them, under
 * the report's names and limits, and the re-run's JSON is compared with the report's: byte for
 * byte, leaving out only the wall-clock `run` section.
 * @module cli/campaign/reproduce
 */
import { Readable } from 'node:stream';
import type { CaptureSource } from '../../capture/index.js';
import { canonicalJson, RENDERERS, type JsonValue } from '../../report/index.js';
import { runJudged, spoolOption } from '../judged-run.js';
import { releaseAnalysis } from '../../pipeline/index.js';
import { openSource } from '../sources.js';
import type { ReproduceArgs } from './args.js';
import { readReport, reportFacts } from './report-facts.js';
import { checkCaptures, checkedSetup, checkTool, reportLimits } from './reproduce-inputs.js';

/** The outcome: identical, or where the first difference is. */
export interface ReproduceResult {
  readonly identical: boolean;
  /** What was compared: `N bytes` or `N bytes, without the run section`. */
  readonly compared: string;
  /** JSON path of the first difference (`destinations[0].location.countries[0]`); '' when identical. */
  readonly firstDifference: string;
  /** The re-run's JSON report. */
  readonly rerun: string;
}

/** Re-run a report's analysis and compare. Throws ReproduceInputError when an input is not the report's. */
export async function reproduce(args: ReproduceArgs, tool: { readonly name: string; readonly version: string }): Promise<ReproduceResult> {
  const { text, value } = await readReport(args.report);
  const facts = reportFacts(args.report, value);
  checkTool(facts, tool);
  const captures = await checkCaptures(facts, args.captures);
  const setup = await checkedSetup(facts, args);
  const sources: CaptureSource[] = [];
  let rerun: string;
  try {
    for (const c of captures) sources.push({ ...(await openSource(c.path, Readable.from([]))), name: c.name });
    // A report that folded flows is re-run folding at the same point, whatever made it fold
    // (a memory-pressure fold depends on the machine; its point does not). Without a fold point
    // the re-run never folds: a different heap must not change the report.
    const fold = foldPointOf(value['flow_table']);
    const { analysis, judgement } = await runJudged(sources, setup, {
      limits: reportLimits(value['limits']),
      tool,
      policy: undefined,
      geoip: [],
      embeddedGeo: args.embeddedGeo,
      geoOverrides: [],
      ...spoolOption(process.env),
      fold: {
        maxReportFlows: fold?.after ?? Number.POSITIVE_INFINITY,
        heapFraction: Number.POSITIVE_INFINITY,
        ...(fold === undefined ? {} : { recordReason: fold.reason }),
      },
    });
    try {
      rerun = [...RENDERERS.get('json')!(analysis, undefined, judgement)].join('');
    } finally {
      releaseAnalysis(analysis);
    }
  } finally {
    for (const s of sources) (s.stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
  }
  const hasRun = Object.hasOwn(value, 'run');
  const expected = hasRun ? canonicalJson(withoutRun(value) as JsonValue) : text;
  const identical = expected === rerun;
  return {
    identical,
    compared: `${Buffer.byteLength(expected)} bytes${hasRun ? ', without the run section' : ''}`,
    firstDifference: identical ? '' : firstDifference(withoutRun(value), withoutRun(JSON.parse(rerun) as Record<string, unknown>), '') || '(formatting only)',
    rerun,
  };
}

/** flow_table.fold_after and fold_reason of a report, when it folded. */
function foldPointOf(ft: unknown): { after: number; reason: 'max-report-flows' | 'memory' } | undefined {
  if (ft === null || typeof ft !== 'object') return undefined;
  const { fold_after: after, fold_reason: reason } = ft as Record<string, unknown>;
  if (typeof after !== 'number' || !Number.isSafeInteger(after) || after < 0) return undefined;
  return { after, reason: reason === 'memory' ? 'memory' : 'max-report-flows' };
}

function withoutRun(v: Record<string, unknown>): Record<string, unknown> {
  const { run: _run, ...rest } = v;
  return rest;
}

/** The path of the first place two JSON values differ ('' when equal). */
export function firstDifference(a: unknown, b: unknown, path: string): string {
  if (Object.is(a, b)) return '';
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = i < a.length && i < b.length ? firstDifference(a[i], b[i], `${path}[${i}]`) : `${path}[${i}]`;
      if (d !== '') return d;
    }
    return '';
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    for (const k of [...new Set([...Object.keys(ao), ...Object.keys(bo)])].sort()) {
      const p = path === '' ? k : `${path}.${k}`;
      if (!(k in ao) || !(k in bo)) return p;
      const d = firstDifference(ao[k], bo[k], p);
      if (d !== '') return d;
    }
    return '';
  }
  return path === '' ? '(the whole report)' : path;
}
