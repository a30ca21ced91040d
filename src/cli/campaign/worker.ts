/**
 * The piscina worker: one `RunTask` in, one `TaskResult` out. Each worker thread keeps its loaded
 * policies and databases (SetupCache) across the runs it is given, so a campaign of many runs with
 * the same setup parses them once per thread.
 * @module cli/campaign/worker
 */
import { executeRun } from './execute.js';
import { SetupCache } from './setup.js';
import type { RunTask, TaskResult } from './task.js';

const setups = new SetupCache();

/** Piscina calls the default export with each task. */
export default function runTask(task: RunTask): Promise<TaskResult> {
  return executeRun(task, setups);
}
