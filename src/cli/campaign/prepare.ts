/**
 * Before any run: every policy parsed and every database and override file loaded once (so a bad
 * input fails the campaign at once with its exit code, not after an hour of runs), derived
 * policies written for runs with monitored_hosts, captures hashed, and each run's cache key
 * computed. The result is one `RunTask` per run, ready for a worker.
 * @module cli/campaign/prepare
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Limits } from '../../core/index.js';
import { writeAtomic } from './atomic.js';
import { fileSha256, runKey } from './key.js';
import type { ResolvedRun } from './manifest-paths.js';
import { DERIVED_POLICY_DIR, derivedPolicyPath, derivePolicyText } from './policy-derive.js';
import { loadSetup, setupIdentity, specKey } from './setup.js';
import { readInputFile } from '../judgement.js';
import type { RunTask, SetupSpec } from './task.js';

/** A run and the task that executes it. */
export interface PreparedRun {
  readonly run: ResolvedRun;
  readonly task: RunTask;
}

/** What preparation needs besides the runs. */
export interface PrepareOptions {
  readonly outDir: string;
  readonly tool: { readonly name: string; readonly version: string };
  readonly limits: Limits;
}

/** Check every input and build the tasks, in manifest order. */
export async function prepareRuns(runs: readonly ResolvedRun[], o: PrepareOptions): Promise<PreparedRun[]> {
  const identities = new Map<string, object>();
  const hashes = new Map<string, Promise<string>>();
  const hash = (path: string): Promise<string> => {
    let h = hashes.get(path);
    if (h === undefined) hashes.set(path, (h = fileSha256(path)));
    return h;
  };
  const out: PreparedRun[] = [];
  for (const run of runs) {
    const spec = await specFor(run, o);
    const k = specKey(spec);
    let identity = identities.get(k);
    if (identity === undefined) identities.set(k, (identity = setupIdentity(await loadSetup(spec))));
    const captures = await Promise.all(run.captures.map(async (c) => ({ name: c.name, sha256: await hash(c.path) })));
    const key = runKey({ tool: o.tool, captures, setup: identity, limits: o.limits });
    out.push({
      run,
      task: { id: run.id, runDir: join(o.outDir, 'runs', run.id), key, captures: run.captures, setup: spec, limits: o.limits, tool: o.tool },
    });
  }
  return out;
}

/** The run's setup; with monitored_hosts, the policy is replaced by a derived one (written once). */
async function specFor(run: ResolvedRun, o: PrepareOptions): Promise<SetupSpec> {
  let policy = run.policy;
  if (run.monitoredHosts !== null) {
    const bytes = await readInputFile(policy.path, 'policy');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const derived = derivePolicyText(bytes.toString('utf8'), run.monitoredHosts, { name: policy.name, sha256 });
    if (derived !== null) {
      const path = derivedPolicyPath(o.outDir, policy.name, derived);
      const existing = await readFile(path, 'utf8').catch(() => null);
      if (existing !== derived) await writeAtomic(path, derived);
      // Named relative to the output folder, so reports do not depend on where that folder is.
      policy = { path, name: `${DERIVED_POLICY_DIR}/${basename(path)}` };
    }
  }
  return { policy, geoip: run.geoip, embeddedGeo: run.embeddedGeo, geoOverrides: run.geoOverrides, nat64Prefixes: run.nat64Prefixes };
}
