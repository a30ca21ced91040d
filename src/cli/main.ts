/**
 * The CLI entry: argv → work → exit code. Testable in-process through CliIo.
 * @module cli/main
 */
import { createRequire } from 'node:module';
import { createWriteStream } from 'node:fs';
import { lstat, mkdir, rename, unlink } from 'node:fs/promises';
import { once } from 'node:events';
import { dirname, basename, join } from 'node:path';
import type { Logger } from 'pino';
import { EgressVerifyError, InputOpenError, CaptureFormatError, SpoolError, UsageError } from '../core/index.js';
import type { CaptureSource } from '../capture/index.js';
import { loadRenderer, type Analysis, type Judgement, type ReportFormat, type RunInfo } from '../report/index.js';
import type { MonitorArgs } from './monitor-command.js';
import { parseCliArgs, USAGE, type AnalyzeArgs } from './args.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { releaseAnalysis, type FoldingOptions } from '../pipeline/index.js';
import { createLogger } from './logger.js';
import { ProgressBar } from './progress.js';
import { checkInputs, checkOutputs, openSource } from './sources.js';
import { PolicyError } from './judgement.js';
import { loadJudgementSetup, logPhase, runJudged, spoolOption } from './judged-run.js';
import { GeoDatabaseError } from '../geo/index.js';
import { OutputError } from './errors.js';
import { BrowserUnavailableError, PdfError, printPdf, requireChromium } from './pdf.js';

export interface CliIo {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly stderrIsTTY: boolean;
  readonly env: NodeJS.ProcessEnv;
  /** SIGINT/SIGTERM (monitor); default: this process's signals. Returns the function that removes the handler. */
  readonly onSignal?: (handler: (signal: string) => void) => () => void;
}

/** Tool name and version from package.json. */
export const TOOL = (() => {
  const pkg = createRequire(import.meta.url)('../../package.json') as { name: string; version: string };
  return { name: pkg.name, version: pkg.version };
})();

/** Run the CLI; never throws. */
export async function main(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let log: Logger | undefined;
  try {
    const args = parseCliArgs(argv);
    switch (args.command) {
      case 'help':
        io.stdout.write(USAGE);
        return EXIT.OK;
      case 'version':
        io.stdout.write(`${TOOL.name} ${TOOL.version}\n`);
        return EXIT.OK;
      case 'analyze':
        log = createLogger(args.logLevel, io.stderr);
        return await runAnalyze(args, io, log);
      case 'monitor':
        log = createLogger(args.logLevel as Parameters<typeof createLogger>[0], io.stderr);
        return await runMonitorCommand(args, io, log);
      // Each command's modules are loaded when it runs (analyze loads none of the others').
      case 'geo':
        await (await import('./geo-command.js')).runGeo(args, io.stdout);
        return EXIT.OK;
      case 'campaign':
        return await (await import('./campaign/command.js')).campaignCommand(args, io, TOOL);
      case 'diff':
        return await (await import('./campaign/command.js')).diffCommand(args, io);
      case 'reproduce':
        return await (await import('./campaign/command.js')).reproduceCommand(args, io, TOOL);
      case 'report-render':
        await (await import('./report-command.js')).runReportRender(args, io, (chunks, out) => writeOutput(chunks, out, io));
        return EXIT.OK;
    }
  } catch (e) {
    return reportError(e, io, log);
  }
}

async function runAnalyze(args: AnalyzeArgs, io: CliIo, log: Logger): Promise<ExitCode> {
  const started = new Date();
  // Everything that can be wrong with the policy or databases is found before the capture is read.
  const setup = await loadJudgementSetup(args);
  const spool = spoolOption(io.env);
  // --pdf without Chromium fails before the capture is read.
  const chromium = args.pdf === undefined ? undefined : requireChromium(io.env);
  const inputFiles = await checkInputs(args.inputs);
  await checkOutputs(args.inputs, inputFiles, [
    ...(args.out === undefined ? [] : [{ flag: '--out', path: args.out }]),
    ...(args.pdf === undefined ? [] : [{ flag: '--pdf', path: args.pdf }]),
    ...(args.reportDir === undefined ? [] : REPORT_FILES.map(([, f]) => ({ flag: '--report-dir', path: join(args.reportDir!, f) }))),
  ]);
  const sources: CaptureSource[] = [];
  for (const p of args.inputs) sources.push(await openSource(p, io.stdin));
  const showProgress = args.progress ?? io.stderrIsTTY;
  const bar = showProgress ? new ProgressBar(io.stderr) : undefined;
  let analysis;
  let judgement;
  try {
    const fold: FoldingOptions = {
      maxReportFlows: args.maxReportFlows,
      onStart: (f) => {
        const why = f.reason === 'memory'
          ? `the flows fill ${f.heapUsedMiB} MiB of Node's ${f.heapLimitMiB} MiB heap limit (raise it with NODE_OPTIONS=--max-old-space-size=MiB)`
          : `--max-report-flows ${args.maxReportFlows}`;
        io.stderr.write(`egress-verify: warning: after ${f.keptBefore} flows, only FAIL and INCONCLUSIVE flows are listed, PASS and IGNORED ones are counted in flow_table.folded: ${why}\n`);
        log.warn({ fold: f }, 'folding flows');
      },
    };
    ({ analysis, judgement } = await runJudged(sources, setup, {
      ...args,
      tool: TOOL,
      fold,
      ...spool,
      log: log.child({ stage: 'pipeline' }),
      ...(bar === undefined ? {} : { onProgress: (i: number, n: number) => bar.update(sources[i]!.name, n, sources[i]!.size) }),
    }));
  } finally {
    bar?.done();
    for (const s of sources) if (s.name !== '-') (s.stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
  }
  const assessment = judgement.assessment;
  const finished = new Date();
  const run: RunInfo | undefined = !args.reproducible
    ? {
        startedAt: started.toISOString(),
        finishedAt: finished.toISOString(),
        elapsedMs: finished.getTime() - started.getTime(),
        argv: ['analyze', ...args.inputs],
        node: process.version,
      }
    : undefined;
  const writeStart = performance.now();
  try {
    await writeReportSet(analysis, run, judgement, args, io);
    logPhase(log, 'write', performance.now() - writeStart);
    if (chromium !== undefined && args.pdf !== undefined) await printPdf([...(await loadRenderer('html'))(analysis, run, judgement)].join(''), args.pdf, chromium);
  } finally {
    releaseAnalysis(analysis);
  }
  for (const c of analysis.captures) {
    if (c.stop.kind !== 'complete') {
      io.stderr.write(`egress-verify: warning: ${oneLine(c.name)}: ${c.stop.kind} at frame ${c.stop.atFrame}, byte ${c.stop.atOffset}: ${oneLine(c.stop.reason)}\n`);
    }
  }
  for (const d of judgement.databases) {
    if (d.staleness?.stale === true) io.stderr.write(`egress-verify: warning: geolocation database '${oneLine(d.id)}' was built ${d.staleness.age_days} days before the capture\n`);
  }
  log.info({ flows: analysis.flows.length, frames: analysis.coverage.framesRead, verdict: assessment.verdict }, 'analysis finished');
  return assessment.verdict === 'PASS' ? EXIT.OK : assessment.verdict === 'FAIL' ? EXIT.FAIL : EXIT.INCONCLUSIVE;
}

/** Writes the report in `format` to `out` (stdout when undefined) and, with `reportDir`, every format there. */
async function writeReportSet(
  analysis: Analysis, run: RunInfo | undefined, judgement: Judgement,
  o: { readonly format: ReportFormat; readonly out: string | undefined; readonly reportDir: string | undefined }, io: CliIo,
): Promise<void> {
  await writeOutput((await loadRenderer(o.format))(analysis, run, judgement), o.out, io);
  if (o.reportDir === undefined) return;
  const dir = o.reportDir;
  await mkdir(dir, { recursive: true }).catch((e: unknown) => {
    throw new OutputError(dir, `${dir}: cannot create report directory (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { cause: e });
  });
  for (const [format, file] of REPORT_FILES) {
    await writeOutput((await loadRenderer(format))(analysis, run, judgement), join(dir, file), io);
  }
  io.stderr.write(`egress-verify: reports written to ${oneLine(dir)} (${REPORT_FILES.map((f) => f[1]).join(', ')})\n`);
}

/** `monitor`: alerts on stdout as NDJSON; the final report only to --out or --report-dir (stdout carries the events). */
async function runMonitorCommand(args: MonitorArgs, io: CliIo, log: Logger): Promise<ExitCode> {
  const started = new Date();
  const { runMonitor } = await import('./monitor-command.js');
  const verdict = await runMonitor(args, {
    spool: spoolOption(io.env),
    stdin: io.stdin,
    stdout: io.stdout,
    stderr: io.stderr,
    onSignal: io.onSignal ?? processSignals,
    writeReports: async ({ analysis, judgement }) => {
      const finished = new Date();
      const run: RunInfo | undefined = args.reproducible ? undefined : {
        startedAt: started.toISOString(), finishedAt: finished.toISOString(), elapsedMs: finished.getTime() - started.getTime(),
        argv: ['monitor', ...(args.interface === undefined ? ['-'] : ['--interface', args.interface])], node: process.version,
      };
      if (args.out !== undefined || args.reportDir !== undefined) await writeReportSet(analysis, run, judgement, { ...args, out: args.out ?? '/dev/null' }, io);
    },
  }, TOOL, log);
  return verdict === 'PASS' ? EXIT.OK : verdict === 'FAIL' ? EXIT.FAIL : EXIT.INCONCLUSIVE;
}

/** SIGINT and SIGTERM of this process. */
function processSignals(handler: (signal: string) => void): () => void {
  const onInt = (): void => handler('SIGINT');
  const onTerm = (): void => handler('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return () => {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  };
}

/** The files `--report-dir` writes: every format. */
const REPORT_FILES: readonly (readonly [ReportFormat, string])[] = [
  ['json', 'report.json'], ['md', 'report.md'], ['conn', 'conn.log'], ['csv', 'flows.csv'], ['csv-destinations', 'destinations.csv'],
  ['html', 'report.html'],
];

/** Write the report to stdout, or atomically to a regular file (temp file + rename), with backpressure. */
async function writeOutput(chunks: Iterable<string>, out: string | undefined, io: CliIo): Promise<void> {
  if (out === undefined || out === '-') {
    try {
      await writeChunks(chunks, io.stdout);
    } catch (e) {
      // Only a failed write is an output error; a report that could not be made says so itself.
      if (!isSystemError(e)) throw e;
      const code = e.code;
      // The reader stopped reading (`| head`): nothing more is wanted, as for any Unix filter.
      if (code === 'EPIPE') return;
      throw new OutputError('-', `standard output: cannot write report (${code ?? 'error'})`, { cause: e });
    }
    return;
  }
  // Atomically (a temporary file renamed over it) only a regular file, or a new one. A symbolic
  // link is written through, never renamed over: `--out /dev/stdout` with standard output sent to
  // a file replaced the system's /dev/stdout link with a file of the report (as root).
  let regular = true;
  try {
    regular = (await lstat(out)).isFile();
  } catch {
    regular = true;
  }
  const target = regular ? join(dirname(out), `.${basename(out)}.${process.pid}.tmp`) : out;
  try {
    const ws = createWriteStream(target);
    await once(ws, 'open');
    await writeChunks(chunks, ws);
    ws.end();
    await once(ws, 'finish');
    if (regular) await rename(target, out);
  } catch (e) {
    if (regular) await unlink(target).catch(() => undefined);
    if (!isSystemError(e)) throw e;
    throw new OutputError(out, `${out}: cannot write report (${e.code ?? 'error'})`, { cause: e });
  }
}

/** An error from a system call (a write, an open), as opposed to one raised while making the report. */
function isSystemError(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).syscall === 'string';
}

/** Bytes encoded per write: big enough that the stream's per-call cost vanishes. */
const WRITE_BATCH_BYTES = 1 << 20;

/**
 * Write chunks in batches of about 1 MiB, encoding each chunk straight into a batch buffer (no
 * joined string). On a stream backed by a file descriptor (a file, standard output), two buffers
 * take turns: one is being written while the next batch is encoded into the other, which is
 * reused once the stream's write callback says its bytes went to the descriptor; a report of any
 * size then takes 2 MiB of buffers. Another stream (a PassThrough) may hand the very buffer on to
 * its reader, so there every batch gets a new one.
 */
async function writeChunks(chunks: Iterable<string>, ws: NodeJS.WritableStream): Promise<void> {
  const reuse = typeof (ws as { fd?: unknown }).fd === 'number';
  const bufs = [Buffer.allocUnsafe(WRITE_BATCH_BYTES), Buffer.allocUnsafe(WRITE_BATCH_BYTES)];
  const inFlight: (Promise<void> | null)[] = [null, null];
  let cur = 0;
  let used = 0;
  // Failures come back through the write callbacks; without a listener the stream's 'error' event would end the process.
  if (ws.listenerCount('error') === 0) ws.on('error', () => undefined);
  const write = (data: Uint8Array | string): Promise<void> => {
    const p = new Promise<void>((resolve, reject) => {
      ws.write(data, (err?: Error | null) => (err ? reject(err) : resolve()));
    });
    // Awaited later (or never, when the other batch failed first): its failure is not unhandled.
    p.catch(() => undefined);
    return p;
  };
  const flush = async (): Promise<void> => {
    if (used === 0) return;
    inFlight[cur] = write(bufs[cur]!.subarray(0, used));
    if (!reuse) bufs[cur] = Buffer.allocUnsafe(WRITE_BATCH_BYTES);
    cur ^= 1;
    used = 0;
    const prev = inFlight[cur];
    inFlight[cur] = null;
    if (prev !== null && prev !== undefined) await prev;
  };
  for (const c of chunks) {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    if (used + c.length * 3 > WRITE_BATCH_BYTES) {
      await flush();
      if (c.length * 3 > WRITE_BATCH_BYTES) {
        await write(c);
        continue;
      }
    }
    used += bufs[cur]!.write(c, used);
  }
  await flush();
  await Promise.all(inFlight.filter((p): p is Promise<void> => p !== null));
}

function oneLine(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f]/g, '?');
}

function reportError(e: unknown, io: CliIo, log: Logger | undefined): ExitCode {
  if (e instanceof EgressVerifyError) {
    log?.debug({ err: e }, 'input error');
    // A capture that is not one is named (several may be given); other errors name their input already.
    const where = e instanceof CaptureFormatError && e.source !== '' && !e.message.includes(e.source) ? `${e.source}: ` : '';
    io.stderr.write(`egress-verify: ${e.code} ${oneLine(where + e.message)}\n`);
    if (e instanceof UsageError) return EXIT.USAGE;
    if (e instanceof InputOpenError) return EXIT.NO_INPUT;
    if (e instanceof CaptureFormatError || e instanceof PolicyError || e instanceof GeoDatabaseError) return EXIT.DATA_ERR;
    if (e instanceof OutputError || e instanceof SpoolError) return EXIT.CANT_CREATE;
    if (e instanceof BrowserUnavailableError) return EXIT.UNAVAILABLE;
    if (e instanceof PdfError) return EXIT.CANT_CREATE;
    return EXIT.DATA_ERR;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  io.stderr.write(`egress-verify: internal error, please report: ${err.stack ?? err.message}\n`);
  return EXIT.SOFTWARE;
}
