/**
 * One judged analysis, as `analyze` runs it: load the policy, databases and overrides (errors
 * before any capture is read), read the captures as one, judge, and return the pieces every
 * renderer needs. Used by `analyze` and by commands that run many analyses (campaigns).
 * @module cli/judged-run
 */
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { CaptureSource } from '../capture/index.js';
import { UsageError, type Frame, type Limits } from '../core/index.js';
import { AnalyzeFolding, analyzeCaptures, assessForReport, withFoldPoint, DEFAULT_SPOOL_AFTER, type FoldingOptions, type FoldStart, type LiveHooks } from '../pipeline/index.js';
import type { Analysis, Judgement } from '../report/index.js';
import { databaseReports, loadGeoSetup, loadPolicy, type GeoSetup } from './judgement.js';
import { loadEncryptedDns } from './resolvers.js';
import { LiveJudge, type Policy } from '../policy/index.js';
import type { EncryptedDnsList } from '../names/index.js';

/** The inputs of a judged analysis other than the captures. */
export interface JudgedRunOptions {
  readonly limits: Limits;
  readonly tool: { readonly name: string; readonly version: string };
  /** Policy file; undefined: the default policy. */
  readonly policy: string | undefined;
  readonly geoip: readonly string[];
  readonly embeddedGeo: boolean;
  readonly geoOverrides: readonly string[];
  /** NAT64 prefixes the capture's network translates under (`--nat64-prefix`). */
  readonly nat64Prefixes?: readonly string[];
  readonly pcapReader?: 'native' | 'pcap-parser' | undefined;
  readonly log?: Logger;
  readonly onProgress?: (input: number, bytesRead: number) => void;
  /** Monitor mode: judge flows while reading. */
  readonly live?: LiveHooks;
  /**
   * analyze, campaigns, reproduce (not with `live`): fold flows beyond `maxReportFlows` or under
   * memory pressure (pipeline/fold.ts); the analysis records the fold point, as `recordReason`
   * when given (reproduce re-runs a memory fold as a count).
   */
  readonly fold?: FoldingOptions & { readonly recordReason?: FoldStart['reason'] };
  /**
   * Finished flows kept past this many go to a temporary file in the system's temporary folder
   * (`TMPDIR`) until the report is written (pipeline/flow-spool); default DEFAULT_SPOOL_AFTER. The
   * caller calls `releaseAnalysis` when done with the analysis.
   */
  readonly spoolAfter?: number;
  /** Monitor mode: every frame, before decoding (evidence saving). */
  readonly onFrame?: (frame: Frame) => void;
  /** Monitor mode: a function giving the analysis as it stands (rolling reports). */
  readonly onSnapshotReady?: (snapshot: () => Analysis) => void;
}

/** Policy, geolocation and the DoH resolver list, loaded once (a campaign reuses them across runs). */
export interface JudgementSetup {
  readonly policy: Policy;
  readonly geo: GeoSetup;
  readonly geoip: readonly string[];
  readonly encryptedDns: EncryptedDnsList;
  /** NAT64 prefixes known beforehand (`--nat64-prefix`; a reproduced run: the report's). */
  readonly nat64Prefixes: readonly string[];
}

/** Loads the policy, databases and overrides; throws typed errors for bad files. */
export async function loadJudgementSetup(
  o: Pick<JudgedRunOptions, 'policy' | 'geoip' | 'embeddedGeo' | 'geoOverrides' | 'nat64Prefixes'>,
  geoMemo?: number,
): Promise<JudgementSetup> {
  const policy = await loadPolicy(o.policy);
  const geo = await loadGeoSetup(o.geoip, o.embeddedGeo, o.geoOverrides, geoMemo);
  return { policy, geo, geoip: o.geoip, encryptedDns: await loadEncryptedDns(), nat64Prefixes: o.nat64Prefixes ?? [] };
}

/** The analysis and its judgement. */
export interface JudgedRun {
  readonly analysis: Analysis;
  readonly judgement: Judgement;
}

/** Reads `sources` as one capture and judges it with `setup`. The caller opens and closes the sources. */
export async function runJudged(sources: readonly CaptureSource[], setup: JudgementSetup, o: JudgedRunOptions): Promise<JudgedRun> {
  const t0 = performance.now();
  // Every judged run keeps its finished flows in a temporary file past the count (monitor mode too: the flows it keeps for the report).
  const spool = { memoryFlows: o.spoolAfter ?? DEFAULT_SPOOL_AFTER };
  const folding = o.fold === undefined ? undefined : new AnalyzeFolding(new LiveJudge(setup.policy), setup.geo.geolocator, { ...o.fold, spooledAfter: spool.memoryFlows });
  const live = o.live ?? folding?.hooks();
  const read = await analyzeCaptures(sources, {
    limits: o.limits,
    tool: o.tool,
    encryptedDns: setup.encryptedDns,
    ...(setup.nat64Prefixes.length === 0 ? {} : { nat64Prefixes: setup.nat64Prefixes }),
    ...(o.log === undefined ? {} : { log: o.log }),
    ...(o.onProgress === undefined ? {} : { onProgress: o.onProgress }),
    ...(live === undefined ? {} : { live }),
    ...(o.onFrame === undefined ? {} : { onFrame: o.onFrame }),
    ...(o.onSnapshotReady === undefined ? {} : { onSnapshotReady: o.onSnapshotReady }),
    ...(o.pcapReader === undefined ? {} : { captureOptions: { pcapReader: o.pcapReader } as object }),
    spool,
  });
  const analysis = folding === undefined ? read : withFoldPoint(read, folding.started, o.fold?.recordReason);
  const t1 = performance.now();
  if (o.log !== undefined) logPhase(o.log, 'read', t1 - t0);
  const judged = judgeAnalysis(analysis, setup);
  if (o.log !== undefined) logPhase(o.log, 'judge', performance.now() - t1);
  return judged;
}

/** The environment variable that sets how many finished flows stay in memory before the rest go to a temporary file. */
export const SPOOL_AFTER_ENV = 'EGRESS_VERIFY_SPOOL_AFTER';

/**
 * `EGRESS_VERIFY_SPOOL_AFTER` in `env` as a count of flows; undefined when unset; a UsageError
 * when not a whole number. A tuning knob (0 spools every flow: the least memory, the most time).
 */
function spoolAfterFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const v = env[SPOOL_AFTER_ENV];
  if (v === undefined || v === '') return undefined;
  if (!/^\d{1,15}$/.test(v)) throw new UsageError(`${SPOOL_AFTER_ENV} must be a whole number of flows (0: every flow goes to the temporary file), not '${v}'`);
  return Number(v);
}

/** `{ spoolAfter }` from `env` for runJudged's options, or nothing when the variable is unset. */
export function spoolOption(env: NodeJS.ProcessEnv): { readonly spoolAfter?: number } {
  const n = spoolAfterFromEnv(env);
  return n === undefined ? {} : { spoolAfter: n };
}

/** Debug log of one phase's duration and the process's memory after it (what `npm run bench` profiles start from). */
export function logPhase(log: Logger, phase: string, ms: number): void {
  if (!log.isLevelEnabled('debug')) return;
  const m = process.memoryUsage();
  log.debug({
    phase, ms: Math.round(ms), main_thread_cpu_ms: mainThreadCpuMs(),
    rss_mib: Math.round(m.rss / 1048576), heap_mib: Math.round(m.heapUsed / 1048576), external_mib: Math.round(m.external / 1048576),
  }, `phase ${phase} done`);
}

/**
 * CPU time of the main thread alone so far (user + system, 10 ms resolution; Linux only, else null):
 * unlike wall time it does not move with the machine's load, and unlike process CPU it leaves out
 * the reader, hashing and GC helper threads.
 */
function mainThreadCpuMs(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'latin1');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat(5) (utime, stime), counted after the ')' that ends field 2.
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return null;
  }
}
/** Judges an analysis (finished, or a snapshot of one still being read). */
export function judgeAnalysis(analysis: Analysis, setup: JudgementSetup): JudgedRun {
  const { assessment, flowAssessments } = assessForReport(analysis, setup.policy, setup.geo.geolocator);
  const startNs = analysis.captures.find((c) => c.firstTsNs !== null)?.firstTsNs ?? null;
  return {
    analysis,
    judgement: {
      assessment,
      ...(flowAssessments === undefined ? {} : { flowAssessments }),
      databases: databaseReports(setup.geo.dbs, startNs === null ? null : Number(startNs / 1_000_000n), setup.geoip),
      overrides: setup.geo.overrideFiles,
    },
  };
}
