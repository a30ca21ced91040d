/**
 * Anomalies: one irregular packet or record, counted and kept as data (Zeek weird.log,
 * Suricata decoder.* events). Never thrown.
 * @module core/anomaly
 */

/**
 * Dotted, lowercase, stable code. Each stage declares its own closed list of codes
 * (`capture/anomalies.ts`, `decode/anomalies.ts`, `flow/anomalies.ts`); this type is their common shape.
 */
export type AnomalyCode = `${'capture' | 'decoder' | 'flow' | 'names'}.${string}`;

export interface Anomaly {
  readonly code: AnomalyCode;
  readonly frame: number;
  /** Byte offset inside the frame where the problem was found, when known. */
  readonly offset?: number;
  readonly detail?: string;
}

export interface AnomalyRow {
  readonly code: AnomalyCode;
  readonly count: number;
  /** First frames that showed it, ascending, capped. */
  readonly exampleFrames: readonly number[];
}

/** Counts per code plus the first N example frames. Memory is bounded by the number of codes. */
export class AnomalyLog {
  readonly #max: number;
  readonly #rows = new Map<AnomalyCode, { count: number; examples: number[] }>();

  constructor(maxExamples: number) {
    this.#max = maxExamples;
  }

  /** Record one occurrence of `code` at `frame`. */
  note(code: AnomalyCode, frame: number): void {
    let row = this.#rows.get(code);
    if (row === undefined) {
      row = { count: 0, examples: [] };
      this.#rows.set(code, row);
    }
    row.count++;
    if (row.examples.length < this.#max && row.examples[row.examples.length - 1] !== frame) {
      row.examples.push(frame);
    }
  }

  /** Record `count` occurrences at once (e.g. merged from another log). */
  noteMany(code: AnomalyCode, count: number, frames: readonly number[]): void {
    for (let i = 0; i < count; i++) this.note(code, frames[i] ?? frames[frames.length - 1] ?? 0);
  }

  count(code: AnomalyCode): number {
    return this.#rows.get(code)?.count ?? 0;
  }

  get total(): number {
    let n = 0;
    for (const r of this.#rows.values()) n += r.count;
    return n;
  }

  /** Rows sorted by code, examples ascending. */
  rows(): AnomalyRow[] {
    return [...this.#rows.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([code, r]) => ({ code, count: r.count, exampleFrames: [...r.examples].sort((x, y) => x - y) }));
  }
}
