/**
 * Where runs execute: a piscina pool of worker threads (the CLI), or inline on the calling thread
 * (tests, --jobs 0). The worker module is worker.js next to this file in dist/, or worker.ts when
 * the CLI runs from a checkout under tsx; a .ts worker needs the tsx loader in the thread, which
 * `tsx` puts in process.execArgv (inherited) and which is added here when it is missing (vitest).
 * @module cli/campaign/pool
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { executeRun } from './execute.js';
import { SetupCache } from './setup.js';
import type { RunTask, TaskResult } from './task.js';

/** Runs tasks; `close` frees the threads. */
export interface Executor {
  run(task: RunTask): Promise<TaskResult>;
  close(): Promise<void>;
}

/** The worker module's URL: same folder, same extension as this module. */
export function workerUrl(): URL {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`./worker${ext}`, import.meta.url);
}

/** execArgv for the worker threads: the parent's, plus the tsx loader for a .ts worker if absent. */
export function workerExecArgv(url: URL, parent: readonly string[] = process.execArgv): string[] {
  if (!url.pathname.endsWith('.ts') || parent.some((a) => a.includes('tsx'))) return [...parent];
  const loader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return [...parent, '--import', loader];
}

/** A pool of `threads` worker threads. */
export function workerExecutor(threads: number): Executor {
  const url = workerUrl();
  const pool = new Piscina<RunTask, TaskResult>({
    filename: url.href,
    minThreads: 1,
    maxThreads: threads,
    idleTimeout: 1000,
    execArgv: workerExecArgv(url),
  });
  return {
    run: (task) => pool.run(task),
    close: () => pool.destroy(),
  };
}

/** Runs one task at a time on this thread. */
export function inlineExecutor(): Executor {
  const setups = new SetupCache();
  let chain: Promise<unknown> = Promise.resolve();
  return {
    run(task) {
      const p = chain.then(() => executeRun(task, setups));
      chain = p.catch(() => undefined);
      return p;
    },
    close: async () => undefined,
  };
}
