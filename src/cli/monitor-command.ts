/**
 * `egress-verify monitor`: read a live capture stream (standard input, or tcpdump started on an
 * interface), raise an alert on stdout (one NDJSON event, EVE-like) the moment a monitored host's
 * flow carries payload where the policy forbids, print status on stderr, and on end of stream,
 * SIGINT or SIGTERM write the final report and the verdict. Nothing already read is lost.
 * @module cli/monitor-command
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { PassThrough } from 'node:stream';
import type { Logger } from 'pino';
import { CaptureFormatError, InputOpenError, type Limits } from '../core/index.js';
import { LiveJudge } from '../policy/index.js';
import { LiveMonitor, releaseAnalysis, type LiveAlert } from '../pipeline/index.js';
import { canonicalJsonLine, type JsonValue, type ReportFormat } from '../report/index.js';
import { judgeAnalysis, loadJudgementSetup, runJudged } from './judged-run.js';
import type { Analysis } from '../report/index.js';
import { alertEvent, verdictEvent } from './monitor-events.js';
import { EvidenceSaver, existingSaves } from './evidence-saver.js';
import { startHeapTrim } from './heap-trim.js';

/** How often the monitor checks whether a forced full collection would return memory (heap-trim.ts). */
const HEAP_TRIM_EVERY_MS = 5_000;

/** Addresses whose geolocation evidence monitor mode remembers. */
const MONITOR_GEO_MEMO = 32_768;

/** Parsed `monitor` arguments. */
export interface MonitorArgs {
  readonly command: 'monitor';
  readonly interface: string | undefined;
  readonly policy: string | undefined;
  readonly geoip: readonly string[];
  readonly embeddedGeo: boolean;
  readonly geoOverrides: readonly string[];
  readonly nat64Prefixes: readonly string[];
  readonly limits: Limits;
  readonly out: string | undefined;
  readonly reportDir: string | undefined;
  readonly format: ReportFormat;
  readonly statusEverySeconds: number;
  readonly alertCmd: string | undefined;
  readonly logLevel: string;
  readonly reproducible: boolean;
  /** Evidence retention: folder, bytes per file before rotating, files kept. */
  readonly save: { readonly dir: string; readonly rotateBytes: number; readonly keep: number } | undefined;
  /** Rewrite the report (to --out/--report-dir) this often while reading; undefined: only at the end. */
  readonly reportEverySeconds: number | undefined;
  /** Finished flows kept for the report; beyond, PASS/IGNORED flows are only counted. */
  readonly maxReportFlows: number;
  /** DNS transactions kept for the report; beyond, those that are not violations are only counted. */
  readonly maxReportDns: number;
}

/** What `monitor` needs from the CLI around it. */
export interface MonitorIo {
  /** `{ spoolAfter }` from the environment (EGRESS_VERIFY_SPOOL_AFTER), or nothing. */
  readonly spool?: { readonly spoolAfter?: number };
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** Registers a handler for SIGINT/SIGTERM; returns the function that removes it. */
  readonly onSignal: (handler: (signal: string) => void) => () => void;
  /** Writes the final report (the CLI's atomic writer). */
  readonly writeReports: (run: Awaited<ReturnType<typeof runJudged>>) => Promise<void>;
}

/** tcpdump started on an interface, and why it stopped when it failed. */
interface CaptureChild {
  readonly child: ChildProcess;
  /** tcpdump's last stderr line when it exited with an error (no permission, no such device). */
  failure(): string | null;
}

/** Starts tcpdump on `iface`, writing pcap to its stdout; a missing tool is a one-line error. */
function startCapture(iface: string): Promise<CaptureChild> {
  return new Promise((resolve, reject) => {
    const child = spawn('tcpdump', ['-U', '-n', '-w', '-', '-i', iface], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    let failed: string | null = null;
    child.stderr!.on('data', (b: Buffer) => (err = (err + b.toString()).slice(-2000)));
    child.once('error', (e: NodeJS.ErrnoException) =>
      reject(new InputOpenError(iface, e.code === 'ENOENT' ? 'tcpdump is not installed (needed for --interface; or pipe a capture to standard input)' : `cannot start tcpdump: ${e.message}`, { cause: e })));
    child.once('spawn', () => resolve({ child, failure: () => failed }));
    child.once('exit', (code) => {
      if (code !== 0 && code !== null) failed = err.trim().split('\n').pop() ?? `exit code ${code}`;
    });
  });
}

/** Runs `cmd` through the shell with the event on its standard input (fire and forget, errors logged). */
function runAlertCmd(cmd: string, line: string, log: Logger): void {
  const child = spawn('/bin/sh', ['-c', cmd], { stdio: ['pipe', 'ignore', 'inherit'] });
  child.on('error', (e) => log.warn({ err: e }, 'alert command failed to start'));
  child.stdin!.on('error', () => undefined);
  child.stdin!.end(line);
}

/** Monitor until the stream ends or a signal arrives; returns the verdict. */
export async function runMonitor(args: MonitorArgs, io: MonitorIo, tool: { name: string; version: string }, log: Logger): Promise<'PASS' | 'FAIL' | 'INCONCLUSIVE'> {
  // A smaller per-address memo than analyze's: memory stays flat over days (answers per network are still shared).
  const setup = await loadJudgementSetup(args, MONITOR_GEO_MEMO);
  const capture = args.interface === undefined ? undefined : await startCapture(args.interface);
  const child = capture?.child;
  const input: NodeJS.ReadableStream = child?.stdout ?? io.stdin;
  const through = new PassThrough({ highWaterMark: 4 << 20 });
  input.pipe(through);
  let stoppedBy: string | null = null;
  const removeSignal = io.onSignal((signal) => {
    if (stoppedBy !== null) return;
    stoppedBy = signal;
    io.stderr.write(`egress-verify: monitor: ${signal}: finishing the report\n`);
    input.unpipe(through);
    through.end();
    child?.kill('SIGTERM');
  });
  const judge = new LiveJudge(setup.policy);
  const saver = args.save === undefined ? undefined : new EvidenceSaver(args.save.dir, args.save.rotateBytes, args.save.keep);
  if (args.save !== undefined && existingSaves(args.save.dir).length > 0) {
    io.stderr.write(`egress-verify: warning: ${args.save.dir} holds files of an earlier run; they will be overwritten\n`);
  }
  const onAlert = (a: LiveAlert): void => {
    const line = canonicalJsonLine(alertEvent(a, saver?.where(a.frame) ?? null) as unknown as JsonValue) + '\n';
    io.stdout.write(line);
    if (args.alertCmd !== undefined) runAlertCmd(args.alertCmd, line, log);
  };
  const monitor = new LiveMonitor(judge, setup.geo.geolocator, onAlert, args.maxReportFlows, args.maxReportDns);
  let bytes = 0;
  const status = setInterval(() => {
    const s = monitor.stats;
    io.stderr.write(`egress-verify: monitor: ${bytes} bytes read, ${s.judgedLive + s.judgedFinished} flow judgements, ${s.judgedDns} DNS judgements, ${s.alerts} alerts\n`);
  }, Math.max(1, args.statusEverySeconds) * 1000);
  status.unref();
  const stopHeapTrim = startHeapTrim(HEAP_TRIM_EVERY_MS);
  let snapshot: (() => Analysis) | null = null;
  let writing = false;
  const rolling = args.reportEverySeconds === undefined ? undefined : setInterval(() => {
    if (snapshot === null || writing || stoppedBy !== null) return;
    writing = true;
    io.writeReports(judgeAnalysis(snapshot(), setup))
      .catch((e: unknown) => log.warn({ err: e }, 'rolling report not written'))
      .finally(() => (writing = false));
  }, Math.max(1, args.reportEverySeconds) * 1000);
  rolling?.unref();
  let done: Analysis | null = null;
  try {
    const run = await runJudged([{ name: args.interface ?? '-', stream: through }], setup, {
      ...args,
      ...io.spool,
      tool,
      log: log.child({ stage: 'pipeline' }),
      onProgress: (_i, n) => (bytes = n),
      live: monitor.hooks(),
      ...(saver === undefined ? {} : { onFrame: (f) => saver.write(f) }),
      onSnapshotReady: (s) => (snapshot = s),
    });
    done = run.analysis;
    if (rolling !== undefined) clearInterval(rolling);
    while (writing) await new Promise((r) => setTimeout(r, 10)); // the last rolling write finishes first
    await io.writeReports(run);
    const a = run.judgement.assessment;
    const failure = capture?.failure() ?? null;
    if (failure !== null) io.stderr.write(`egress-verify: warning: tcpdump stopped: ${failure}\n`);
    io.stdout.write(canonicalJsonLine(verdictEvent(run.judgement.assessment, run.analysis, stoppedBy) as unknown as JsonValue) + '\n');
    return a.verdict;
  } catch (e) {
    // tcpdump failing before it wrote a capture header is the real error, not the empty input.
    const failure = capture?.failure() ?? null;
    if (failure !== null && e instanceof CaptureFormatError) throw new InputOpenError(args.interface!, `tcpdump -i ${args.interface}: ${failure}`, { cause: e });
    throw e;
  } finally {
    // The kept flows' temporary file, once no report is being written from it.
    while (writing) await new Promise((r) => setTimeout(r, 10));
    if (done !== null) releaseAnalysis(done);
    saver?.close();
    if (rolling !== undefined) clearInterval(rolling);
    clearInterval(status);
    stopHeapTrim();
    removeSignal();
    child?.kill('SIGTERM');
  }
}
