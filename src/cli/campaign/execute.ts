/**
 * One campaign run: open its captures, analyse and judge them as `analyze --reproducible` would,
 * and write report.json, report.md and, last, result.json, each atomically. Runs in a worker
 * thread (worker.ts) or inline; either way it returns a `TaskResult` and never throws for a bad
 * input (the error travels back as data, since classes do not survive `postMessage`).
 * @module cli/campaign/execute
 */
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { CaptureSource } from '../../capture/index.js';
import { CaptureFormatError, EgressVerifyError, InputOpenError } from '../../core/index.js';
import { RENDERERS } from '../../report/index.js';
import { runJudged, spoolOption, type JudgedRun } from '../judged-run.js';
import { releaseAnalysis } from '../../pipeline/index.js';
import { openSource } from '../sources.js';
import { writeAtomic } from './atomic.js';
import type { SetupCache } from './setup.js';
import { RUN_FILES, RUN_RECORD_SCHEMA, type RunRecord, type RunTask, type TaskResult } from './task.js';

/** Analyse one run and write its files. Typed input errors come back as `{ kind: 'error' }`. */
export async function executeRun(task: RunTask, setups: SetupCache): Promise<TaskResult> {
  try {
    const setup = await setups.get(task.setup);
    // The record goes first: reports being replaced must never sit beside a record that vouches for them.
    await unlink(join(task.runDir, RUN_FILES.record)).catch(() => undefined);
    const sources: CaptureSource[] = [];
    let judged: JudgedRun;
    try {
      for (const c of task.captures) sources.push({ ...(await openSource(c.path, Readable.from([]))), name: c.name });
      // As analyze: a capture too large for the heap folds its PASS/IGNORED flows (the report
      // records where, so `reproduce` can re-run it exactly) instead of running out of memory.
      judged = await runJudged(sources, setup, {
        limits: task.limits,
        tool: task.tool,
        policy: undefined,
        geoip: [],
        embeddedGeo: task.setup.embeddedGeo,
        geoOverrides: [],
        fold: { maxReportFlows: Number.POSITIVE_INFINITY },
        ...spoolOption(process.env),
      });
    } finally {
      for (const s of sources) (s.stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
    }
    const { analysis, judgement } = judged;
    try {
      await writeAtomic(join(task.runDir, RUN_FILES.json), RENDERERS.get('json')!(analysis, undefined, judgement));
      await writeAtomic(join(task.runDir, RUN_FILES.md), RENDERERS.get('md')!(analysis, undefined, judgement));
    } finally {
      releaseAnalysis(analysis);
    }
    const record = recordOf(task, judged);
    await writeAtomic(join(task.runDir, RUN_FILES.record), `${JSON.stringify(record, null, 2)}\n`);
    return { kind: 'done', record };
  } catch (e) {
    if (!(e instanceof EgressVerifyError)) throw e;
    // A capture error names the bytes, not always the file: say which capture it was.
    const message = e instanceof CaptureFormatError && !e.message.includes(e.source) ? `${e.source}: ${e.message}` : e.message;
    return { kind: 'error', id: task.id, code: e.code, message, exit: e instanceof InputOpenError ? 'input' : 'data' };
  }
}

/** The run record: verdict, reason codes, and each destination's address, names and countries. */
export function recordOf(task: RunTask, { judgement }: JudgedRun): RunRecord {
  const a = judgement.assessment;
  return {
    schema: RUN_RECORD_SCHEMA,
    id: task.id,
    key: task.key,
    verdict: a.verdict,
    reasons: a.reasons.map((r) => r.code),
    destinations: a.destinations.map((d) => ({
      ip: d.ip,
      names: d.names,
      countries: d.location.countries,
      verdict: d.verdict,
      payload_bytes_sent: d.payloadBytesSent,
    })),
  };
}
