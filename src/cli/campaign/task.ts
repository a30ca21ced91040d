/**
 * What the campaign's main thread sends a worker (a `RunTask`) and gets back (a `TaskResult`),
 * and the run record (`result.json`) that marks a run as finished. Plain data: these cross
 * `postMessage` (structured clone), so no classes and no functions.
 * @module cli/campaign/task
 */
import type { Limits } from '../../core/index.js';
import type { Verdict } from '../../policy/index.js';
import type { InputFile } from './manifest-paths.js';

/** The policy and geolocation inputs of a run (the policy already derived for monitored_hosts). */
export interface SetupSpec {
  readonly policy: InputFile;
  readonly geoip: readonly InputFile[];
  readonly embeddedGeo: boolean;
  readonly geoOverrides: readonly InputFile[];
  /** NAT64 prefixes the capture's network translates under (canonical CIDR text). */
  readonly nat64Prefixes: readonly string[];
}

/** One run to analyse. */
export interface RunTask {
  readonly id: string;
  /** OUT/runs/<id>: report.json, report.md, result.json. */
  readonly runDir: string;
  /** The run's cache key (key.ts): stored in result.json. */
  readonly key: string;
  readonly captures: readonly InputFile[];
  readonly setup: SetupSpec;
  readonly limits: Limits;
  readonly tool: { readonly name: string; readonly version: string };
}

/** A destination as result.json keeps it (enough to check expected destinations). */
export interface DestinationRow {
  readonly ip: string;
  readonly names: readonly string[];
  readonly countries: readonly string[];
  readonly verdict: Verdict;
  readonly payload_bytes_sent: number;
}

/** result.json: written last, so its presence with the right key means the run is complete. */
export interface RunRecord {
  readonly schema: typeof RUN_RECORD_SCHEMA;
  readonly id: string;
  readonly key: string;
  readonly verdict: Verdict;
  /** Codes of the verdict's reasons (fail and inconclusive effects). */
  readonly reasons: readonly string[];
  readonly destinations: readonly DestinationRow[];
}

/** The `schema` value of result.json. */
export const RUN_RECORD_SCHEMA = 'egress-verify/campaign-run@1';

/** What a worker returns: the record, or the one-line error that stopped the run. */
export type TaskResult =
  | { readonly kind: 'done'; readonly record: RunRecord }
  | { readonly kind: 'error'; readonly id: string; readonly code: string; readonly message: string; readonly exit: 'data' | 'input' };

/** The files of a run folder. */
export const RUN_FILES = { json: 'report.json', md: 'report.md', record: 'result.json' } as const;
