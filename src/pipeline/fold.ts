/**
 * Folding for `analyze`: a capture with more flows than the report (or the heap) can hold in
 * full. Up to `maxReportFlows` finished flows, and while the heap stays under `heapFraction` of
 * its limit, every flow is kept as usual (judged at the end). Beyond either, each finished flow is
 * judged as it finishes, the way monitor mode does: FAIL flows are kept (they are the evidence) up
 * to MAX_KEPT_FAIL, INCONCLUSIVE ones up to a budget, and PASS and IGNORED ones are only counted
 * (`flow_table.folded`), so memory stops growing with the capture. Folding never makes a verdict
 * kinder: folded flows count in the verdict's counts and reasons, and folded PASS flows under a payload
 * threshold above 0 make the verdict INCONCLUSIVE (assess.ts). DNS transactions are not folded
 * here: a query's judgement depends on which clients the whole capture shows to be monitored.
 * @module pipeline/fold
 */
import { getHeapStatistics } from 'node:v8';
import type { Geolocator } from '../geo/index.js';
import type { LiveJudge } from '../policy/index.js';
import type { Analysis } from '../report/index.js';
import type { LiveHooks } from './live-hooks.js';
import { LiveMonitor, MAX_KEPT_FAIL } from './live.js';

/** INCONCLUSIVE flows still kept once folding started (beyond, they are counted in flow_table.folded and the verdict's reasons). */
const INCONCLUSIVE_BUDGET = 10_000;
/** The heap is looked at once per this many finished flows. */
const HEAP_CHECK_EVERY = 1024;

/** Why folding started. */
export interface FoldStart {
  readonly reason: 'max-report-flows' | 'memory';
  /** Finished flows kept before folding started. */
  readonly keptBefore: number;
  /** The heap in use, with what the kept flows in the temporary file will take when judged. */
  readonly heapUsedMiB: number;
  readonly heapLimitMiB: number;
}

export interface FoldingOptions {
  /** Finished flows kept in full before folding starts (Infinity: only under memory pressure). */
  readonly maxReportFlows: number;
  /**
   * Folding starts when the heap in use exceeds this fraction of its limit (0 < f ≤ 1). Judging
   * and writing take up to four times the memory the flows took while reading (a flow per distinct
   * destination: 1 KB while reading, 2.9 KB more to judge; measured on bench/data/dests-1m.pcap,
   * where 20% left too little room and garbage collection took most of the run), so the default
   * leaves room for them.
   */
  readonly heapFraction?: number;
  /** Called once, when folding starts. */
  readonly onStart?: (s: FoldStart) => void;
  /** FAIL flows still kept once folding started (default MAX_KEPT_FAIL); beyond, they are counted (`folded.fail`). */
  readonly keptFailFlows?: number;
  /**
   * Kept flows past this many are in a temporary file (pipeline/flow-spool), not on the heap:
   * they are counted at what judging and writing them will take (SPOOLED_FLOW_BYTES a flow,
   * SPOOLED_DESTINATION_BYTES a distinct destination).
   */
  readonly spooledAfter?: number;
}

/**
 * What the kept flows in the temporary file will take on the heap when judged and written: their
 * index entries (20 bytes a flow) and, per distinct destination, its row of the destinations table
 * and its geolocation evidence (2.0 KB measured on 93,648 distinct destinations, with the
 * bounded geolocation memo and endpoint judgements at their caps; a flow's own assessment is
 * judged again while its row is written, not held). Many flows to few destinations cost next to
 * nothing; a flow to a destination of its own costs a destination.
 */
const SPOOLED_FLOW_BYTES = 20;
const SPOOLED_DESTINATION_BYTES = 2100;

/** The default share of the heap limit the flows may take while reading. */
export const DEFAULT_FOLD_HEAP_FRACTION = 0.12;

/**
 * `analysis` with the fold point recorded (flow_table.fold_after, fold_reason), so that a fold
 * started by memory pressure can be reproduced exactly as `--max-report-flows fold_after`.
 */
export function withFoldPoint(analysis: Analysis, start: FoldStart | null, reason: FoldStart['reason'] | undefined = start?.reason): Analysis {
  if (start === null || reason === undefined) return analysis;
  return { ...analysis, flowStats: { ...analysis.flowStats, foldAfter: start.keptBefore, foldReason: reason } };
}

/** Live hooks for `analyze` that fold flows beyond a count or under memory pressure. */
export class AnalyzeFolding {
  readonly #judge: LiveJudge;
  readonly #geo: Geolocator;
  readonly #o: FoldingOptions;
  readonly #heapBudget: number;
  /** The monitor-style judging of finished flows, once folding started. */
  #onFinished: LiveHooks['onFinished'] | null = null;
  #started: FoldStart | null = null;
  #kept = 0;
  #sinceCheck = 0;
  /** Responders of the kept flows (only when they may go to the temporary file). */
  readonly #destinations = new Set<string>();

  constructor(judge: LiveJudge, geo: Geolocator, o: FoldingOptions) {
    this.#judge = judge;
    this.#geo = geo;
    this.#o = o;
    this.#heapBudget = getHeapStatistics().heap_size_limit * (o.heapFraction ?? DEFAULT_FOLD_HEAP_FRACTION);
  }

  /** When and why folding started (null: it did not). */
  get started(): FoldStart | null {
    return this.#started;
  }

  hooks(): LiveHooks {
    return {
      onFirstPayload: () => undefined,
      onFinished: (rec, names) => {
        if (this.#onFinished === null && !this.#mustStart()) {
          this.#kept++;
          if (this.#o.spooledAfter !== undefined) this.#destinations.add(rec.respH);
          return { keep: true, verdict: '' };
        }
        return this.#onFinished!(rec, names);
      },
    };
  }

  /** The heap in use, with what the kept flows in the temporary file will take (SPOOLED_FLOW_BYTES, SPOOLED_DESTINATION_BYTES). */
  #heapUsed(): number {
    const used = getHeapStatistics().used_heap_size;
    if (this.#kept <= (this.#o.spooledAfter ?? Number.POSITIVE_INFINITY)) return used;
    return used + this.#kept * SPOOLED_FLOW_BYTES + this.#destinations.size * SPOOLED_DESTINATION_BYTES;
  }

  #mustStart(): boolean {
    let reason: FoldStart['reason'] | null = null;
    if (this.#kept >= this.#o.maxReportFlows) reason = 'max-report-flows';
    else if (++this.#sinceCheck >= HEAP_CHECK_EVERY) {
      this.#sinceCheck = 0;
      if (this.#heapUsed() > this.#heapBudget) reason = 'memory';
    }
    if (reason === null) return false;
    // From here on every flow is judged as it finishes; alerts are monitor mode's business.
    this.#onFinished = new LiveMonitor(this.#judge, this.#geo, () => undefined, 0, 0, INCONCLUSIVE_BUDGET, this.#o.keptFailFlows ?? MAX_KEPT_FAIL).hooks().onFinished;
    const h = getHeapStatistics();
    this.#started = { reason, keptBefore: this.#kept, heapUsedMiB: Math.round(this.#heapUsed() / 1048576), heapLimitMiB: Math.round(h.heap_size_limit / 1048576) };
    this.#o.onStart?.(this.#started);
    return true;
  }
}
