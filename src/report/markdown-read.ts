/**
 * Total readers over a parsed JSON report (`unknown`): the Markdown renderer accepts a saved
 * report file, so any member may be missing or of the wrong type. A reader never throws; a value
 * of the wrong type reads as absent.
 * @module report/markdown-read
 */

/** A JSON object as read: its members are still unknown. */
export type JsonObject = { readonly [k: string]: unknown };

const EMPTY: JsonObject = Object.freeze({});

/** `v` when it is a JSON object (not an array), else an empty object. */
export function obj(v: unknown): JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonObject) : EMPTY;
}

/** `v` when it is an array, else an empty array. */
export function arr(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : [];
}

/** `v` when it is a string, else undefined. */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** `v` when it is a finite number, else undefined. */
export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** The strings of an array (other elements skipped). */
export function strs(v: unknown): string[] {
  return arr(v).filter((x): x is string => typeof x === 'string');
}

/** A non-negative integer count: a safe integer number or a decimal string (bigint counters). */
export function count(v: unknown): bigint | undefined {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  if (typeof v === 'string' && /^\d{1,30}$/.test(v)) return BigInt(v);
  return undefined;
}

/** Plain code-unit comparison (locale-independent, so output never depends on the host). */
export function cmpText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Rank of a verdict, worst first; unknown values after the known ones. */
export function verdictRank(v: string | undefined): number {
  switch (v) {
    case 'FAIL':
      return 0;
    case 'INCONCLUSIVE':
      return 1;
    case 'PASS':
      return 2;
    case 'IGNORED':
      return 3;
    default:
      return 4;
  }
}

/**
 * Packets the capturing interfaces reported dropping (pcapng ISB if_drop and os_drop, summed
 * over every capture's interfaces), or null when no interface recorded either counter.
 */
export function interfaceDropTotals(r: JsonObject): { readonly ifDrop: bigint; readonly osDrop: bigint } | null {
  let recorded = false;
  let ifDrop = 0n;
  let osDrop = 0n;
  for (const c of arr(r['captures'])) {
    for (const i of arr(obj(c)['interfaces'])) {
      const st = obj(obj(i)['statistics']);
      const a = count(st['if_drop']);
      const b = count(st['os_drop']);
      if (a !== undefined) ifDrop += a;
      if (b !== undefined) osDrop += b;
      recorded ||= a !== undefined || b !== undefined;
    }
  }
  return recorded ? { ifDrop, osDrop } : null;
}
