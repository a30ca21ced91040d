/**
 * Where every frame went: the counters behind the report's `coverage` section.
 * @module pipeline/coverage
 */
import type { Coverage } from '../report/index.js';

/** Mutable counters; `snapshot()` returns the report's plain Coverage. */
export class CoverageCounter {
  framesRead = 0;
  framesInFlows = 0;
  icmpErrorsAttached = 0;
  icmpErrorsUnattributed = 0;
  framesMalformed = 0;
  fragmentsIncomplete = 0;
  datagrams = 0;
  framesSnapTruncated = 0;
  readonly #notIp = new Map<string, number>();
  readonly #unsupported = new Map<string, number>();

  noteNotIp(what: string): void {
    this.#notIp.set(what, (this.#notIp.get(what) ?? 0) + 1);
  }

  noteUnsupportedLink(linkType: number): void {
    const k = `dlt-${linkType}`;
    this.#unsupported.set(k, (this.#unsupported.get(k) ?? 0) + 1);
  }

  /** Frames accounted for in some bucket; equals framesRead when nothing was lost. */
  get accounted(): number {
    let n = this.framesInFlows + this.icmpErrorsAttached + this.icmpErrorsUnattributed + this.framesMalformed + this.fragmentsIncomplete;
    for (const v of this.#notIp.values()) n += v;
    for (const v of this.#unsupported.values()) n += v;
    return n;
  }

  snapshot(): Coverage {
    const sorted = (m: Map<string, number>): Record<string, number> =>
      Object.fromEntries([...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return {
      framesRead: this.framesRead,
      framesInFlows: this.framesInFlows,
      icmpErrorsAttached: this.icmpErrorsAttached,
      icmpErrorsUnattributed: this.icmpErrorsUnattributed,
      framesNotIp: sorted(this.#notIp),
      framesMalformed: this.framesMalformed,
      framesUnsupportedLink: sorted(this.#unsupported),
      fragmentsIncomplete: this.fragmentsIncomplete,
      datagrams: this.datagrams,
      framesSnapTruncated: this.framesSnapTruncated,
    };
  }
}
