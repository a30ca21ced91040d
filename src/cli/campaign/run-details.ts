/**
 * What the HTML campaign summary shows of each run beyond summary.json: the captures by sha256
 * and the verdict's reasons, read back from the run's own report.json (the file the summary links
 * to, so what it shows is what the report says). Reading is defensive: a report missing, not
 * JSON or oddly shaped gives no details for that run, never an exception.
 * @module cli/campaign/run-details
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunSummary } from './summary.js';

/** One reason of a run's verdict (report `verdict.reasons[]`). */
export interface ReasonDetail {
  readonly code: string;
  readonly effect: string;
  readonly count: number;
  readonly detail: string;
}

/** A run's captures (name and sha256) and the reasons of its verdict. */
export interface RunDetails {
  readonly captures: readonly { readonly name: string; readonly sha256: string }[];
  readonly reasons: readonly ReasonDetail[];
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The details of a parsed JSON report (any value). Total. */
export function runDetailsOf(report: unknown): RunDetails {
  const r = obj(report);
  return {
    captures: arr(r['captures']).map((c) => ({ name: str(obj(c)['name']), sha256: str(obj(c)['sha256']) })),
    reasons: arr(obj(r['verdict'])['reasons']).map((x) => {
      const o = obj(x);
      const count = o['count'];
      return { code: str(o['code']), effect: str(o['effect']), count: typeof count === 'number' && Number.isFinite(count) ? count : 0, detail: str(o['detail']) };
    }),
  };
}

/**
 * Details of every run that has a report, read one report at a time (reports can be large),
 * keyed by run id. Runs without a readable report are left out.
 */
export async function readRunDetails(outDir: string, runs: readonly RunSummary[]): Promise<ReadonlyMap<string, RunDetails>> {
  const out = new Map<string, RunDetails>();
  for (const r of runs) {
    if (r.report === null) continue;
    try {
      out.set(r.id, runDetailsOf(JSON.parse(await readFile(join(outDir, r.report), 'utf8'))));
    } catch {
      // No details: the summary still shows the run from summary.json.
    }
  }
  return out;
}
