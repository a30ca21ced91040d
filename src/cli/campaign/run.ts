/**
 * `campaign MANIFEST --out DIR`: read and check the manifest, prepare every run (prepare.ts), skip
 * the runs whose result.json already carries their key, execute the others in parallel, and write
 * summary.json, summary.md, summary.html and junit.xml. Every file is written atomically and temporaries a
 * killed campaign left are swept first, so a campaign can be killed at any moment and re-run.
 * @module cli/campaign/run
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, realpath, stat } from 'node:fs/promises';
import { basename, extname, isAbsolute, join, relative, sep } from 'node:path';
import type { Limits } from '../../core/index.js';
import { removeTempFiles, writeAtomic } from './atomic.js';
import { ManifestError } from './errors.js';
import { OutputError } from '../errors.js';
import { checkExpectations } from './expect.js';
import { renderJunit } from './junit.js';
import { parseManifest } from './manifest.js';
import { resolveRuns } from './manifest-paths.js';
import { workerExecutor, type Executor } from './pool.js';
import { prepareRuns, type PreparedRun } from './prepare.js';
import { readRunDetails } from './run-details.js';
import { readInputFile } from '../judgement.js';
import { buildSummary, renderSummaryJson, renderSummaryMarkdown, type CampaignSummary, type RunSummary } from './summary.js';
import { renderSummaryHtml } from './summary-html.js';
import { RUN_FILES, RUN_RECORD_SCHEMA, type RunRecord, type TaskResult } from './task.js';

/** Options of one campaign. */
export interface CampaignOptions {
  readonly manifest: string;
  readonly outDir: string;
  /** Worker threads at most (the pool never has more threads than runs to execute). */
  readonly jobs: number;
  readonly tool: { readonly name: string; readonly version: string };
  readonly limits: Limits;
  /** Where runs execute (default: a worker-thread pool). */
  readonly executor?: (threads: number) => Executor;
  /** Called as each run finishes, in completion order. */
  readonly onRun?: (e: RunEvent) => void;
}

/** Progress: one finished run. */
export interface RunEvent {
  readonly done: number;
  readonly total: number;
  readonly cached: boolean;
  readonly run: RunSummary;
}

/** The campaign's outcome: the summary, and which exit status it means. */
export interface CampaignResult {
  readonly summary: CampaignSummary;
  /** met: every expectation met; unmet: some not; data/input: a run stopped on such an error. */
  readonly outcome: 'met' | 'unmet' | 'data-error' | 'input-error';
  readonly cached: number;
  readonly executed: number;
}

/** The files written at the top of the output folder. */
export const SUMMARY_FILES = { json: 'summary.json', md: 'summary.md', html: 'summary.html', junit: 'junit.xml' } as const;

/** Run a campaign. Throws typed errors for a bad manifest or input before any run starts. */
export async function runCampaign(o: CampaignOptions): Promise<CampaignResult> {
  const text = await readInputFile(o.manifest, 'manifest');
  const parsed = parseManifest(text, fallbackId(o.manifest));
  if (!parsed.ok) throw new ManifestError(o.manifest, parsed.issues);
  const runs = await resolveRuns(parsed.manifest, o.manifest);
  const outDir = await makeOutDir(o.outDir);
  const inOut = runs.flatMap((r) => r.captures.filter((c) => !leaves(outDir, c.path)).map((c) => `runs "${r.id}": ${c.name} is inside the output folder`));
  if (inOut.length > 0) throw new ManifestError(o.manifest, inOut);
  await removeTempFiles(outDir, 2);
  const prepared = await prepareRuns(runs, { outDir, tool: o.tool, limits: o.limits });
  const { summaries, cached } = await executeAll(prepared, o);
  const summary = buildSummary(
    {
      id: parsed.manifest.id,
      description: parsed.manifest.description,
      manifest: basename(o.manifest),
      manifest_sha256: createHash('sha256').update(text).digest('hex'),
    },
    o.tool,
    summaries,
  );
  await writeAtomic(join(outDir, SUMMARY_FILES.json), renderSummaryJson(summary));
  await writeAtomic(join(outDir, SUMMARY_FILES.md), renderSummaryMarkdown(summary));
  await writeAtomic(join(outDir, SUMMARY_FILES.html), renderSummaryHtml(summary, await readRunDetails(outDir, summary.runs)));
  await writeAtomic(join(outDir, SUMMARY_FILES.junit), renderJunit(summary));
  return { summary, outcome: outcomeOf(summaries), cached, executed: prepared.length - cached };
}

/** Execute the runs that are not cached; summaries in manifest order. */
async function executeAll(prepared: readonly PreparedRun[], o: CampaignOptions): Promise<{ summaries: RunSummary[]; cached: number }> {
  const fromCache = await Promise.all(prepared.map((p) => readCached(p)));
  const todo = fromCache.filter((c) => c === null).length;
  const executor = todo === 0 ? null : (o.executor ?? workerExecutor)(Math.max(1, Math.min(o.jobs, todo)));
  let done = 0;
  try {
    const summaries = await Promise.all(
      prepared.map(async (p, i) => {
        const hit = fromCache[i] ?? null;
        const result: TaskResult = hit !== null ? { kind: 'done', record: hit } : await executor!.run(p.task);
        const run = summarize(p, result);
        o.onRun?.({ done: ++done, total: prepared.length, cached: hit !== null, run });
        return run;
      }),
    );
    return { summaries, cached: prepared.length - todo };
  } finally {
    await executor?.close();
  }
}

/** The run's record if result.json carries its key and both reports are there; else null. */
export async function readCached(p: PreparedRun): Promise<RunRecord | null> {
  try {
    const rec = JSON.parse(await readFile(join(p.task.runDir, RUN_FILES.record), 'utf8')) as Partial<RunRecord>;
    if (rec.schema !== RUN_RECORD_SCHEMA || rec.key !== p.task.key || rec.id !== p.task.id || !Array.isArray(rec.destinations)) return null;
    await stat(join(p.task.runDir, RUN_FILES.json));
    await stat(join(p.task.runDir, RUN_FILES.md));
    return rec as RunRecord;
  } catch {
    return null;
  }
}

function summarize(p: PreparedRun, r: TaskResult): RunSummary {
  const base = {
    id: p.run.id,
    scenario: p.run.scenario,
    expect: p.run.expect,
    key: p.task.key,
    captures: p.run.captures.map((c) => c.name),
    policy: p.task.setup.policy.name,
  };
  if (r.kind === 'error') return { ...base, verdict: null, status: 'error', problems: [], report: null, error: { code: r.code, message: r.message } };
  const e = checkExpectations(p.run.expect, p.run.expectedDestinations, r.record);
  return { ...base, verdict: r.record.verdict, status: e.status, problems: e.problems, report: `runs/${p.run.id}/${RUN_FILES.json}`, error: null };
}

function outcomeOf(runs: readonly RunSummary[]): CampaignResult['outcome'] {
  const errors = runs.filter((r) => r.status === 'error');
  if (errors.length > 0) {
    // Missing or unreadable files are input errors (66); anything else a run rejects is data (65).
    return errors.some((r) => r.error?.code === 'E_INPUT_OPEN') ? 'input-error' : 'data-error';
  }
  return runs.some((r) => r.status !== 'met') ? 'unmet' : 'met';
}

async function makeOutDir(dir: string): Promise<string> {
  try {
    await mkdir(dir, { recursive: true });
    return await realpath(dir);
  } catch (e) {
    throw new OutputError(dir, `${dir}: cannot create the output folder (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { cause: e });
  }
}

/** The manifest's file name as an id: lower case, other characters as '-'. */
function fallbackId(manifest: string): string {
  const id = basename(manifest, extname(manifest)).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, 64);
  return id === '' ? 'campaign' : id;
}

function leaves(base: string, abs: string): boolean {
  const rel = relative(base, abs);
  return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
}
