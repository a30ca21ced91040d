/**
 * A monitor runs for days without ever going idle, and V8 grows its heap lazily while the process
 * is busy: with the live data flat (about 70 MiB), the garbage between full collections kept the
 * resident size growing (723 → 909 MiB over 8 M packets in 1 M flows, bench/soak-monitor.mjs).
 * Every `everyMs`, when the heap in use has doubled since the last full collection (and is past
 * a floor), one full collection is forced; it costs tens of milliseconds for a heap of this size.
 * @module cli/heap-trim
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Below this much heap in use nothing is forced. */
const FLOOR_BYTES = 96 * 1024 * 1024;

/** The engine's full collection, exposed at run time when node was started without --expose-gc. */
function fullGc(): () => void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (typeof g === 'function') return g;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** What the check reads and calls (the real ones by default; tests pass their own). */
export interface HeapTrimHooks {
  readonly heapUsed: () => number;
  readonly gc: () => void;
}

/** Starts the periodic check; returns the function that stops it. */
export function startHeapTrim(everyMs: number, hooks?: HeapTrimHooks): () => void {
  const h = hooks ?? { heapUsed: () => process.memoryUsage().heapUsed, gc: fullGc() };
  let base = h.heapUsed();
  const timer = setInterval(() => {
    const used = h.heapUsed();
    if (used < FLOOR_BYTES || used < 2 * base) return;
    h.gc();
    base = h.heapUsed();
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
