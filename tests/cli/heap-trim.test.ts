/**
 * The monitor's heap trim: a full collection is forced only when the heap in use has doubled since
 * the last one (or the start) and is past the floor (96 MiB); the engine's own collection is
 * reachable at run time.
 */
import { describe, expect, it, vi } from 'vitest';
import { startHeapTrim } from '../../src/cli/heap-trim.js';

const MiB = 1024 * 1024;

describe('heap trim', () => {
  it.each([
    { name: 'below the floor: never', start: 10, ticks: [50, 90, 95], afterGc: 10, forced: 0 },
    { name: 'doubled past the floor: once', start: 60, ticks: [100, 130, 135], afterGc: 70, forced: 1 },
    { name: 'grown but not doubled: never', start: 100, ticks: [150, 199, 199], afterGc: 100, forced: 0 },
    { name: 'each doubling from the collected size: again', start: 100, ticks: [200, 150, 250, 260], afterGc: 120, forced: 3 },
  ])('$name', ({ start, ticks, afterGc, forced }) => {
    vi.useFakeTimers();
    try {
      let used = start * MiB;
      const gc = vi.fn(() => {
        used = afterGc * MiB;
      });
      const stop = startHeapTrim(1000, { heapUsed: () => used, gc });
      for (const t of ticks) {
        used = t * MiB;
        vi.advanceTimersByTime(1000);
      }
      stop();
      used = 10_000 * MiB;
      vi.advanceTimersByTime(5000);
      expect(gc).toHaveBeenCalledTimes(forced);
    } finally {
      vi.useRealTimers();
    }
  });

  it("uses the engine's own full collection when none is exposed", () => {
    expect(() => startHeapTrim(60_000)()).not.toThrow();
  });
});
