/**
 * Canonical JSON: object keys sorted, bigint as decimal strings, undefined members dropped,
 * two-space indent, trailing newline. Same value in, same bytes out (STYLE rule 9).
 * Large reports are produced as a sequence of chunks (one per top-level member and one per
 * element of a top-level array), so a report of a million flows is never one string in memory.
 * Elements of top-level arrays (flows, anomalies, …) are written one per line, compactly: rows
 * stay greppable and diffable line by line, and the file stays a fraction of the size.
 * @module report/canonical-json
 */

/** A value the canonical serializer accepts. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | bigint
  | undefined
  | readonly JsonValue[]
  | { readonly [k: string]: JsonValue };

/**
 * A top-level list whose rows are built only when written (a million flows are never a million
 * row objects at once). Only recognised as the value of a top-level member.
 */
export class LazyRows<T> {
  readonly #items: Iterable<T> & { readonly length: number };
  readonly #row: (item: T, index: number) => JsonValue;
  /** `items` may be a list read back from a file on each pass (report/types FlowList): it is only iterated. */
  constructor(items: Iterable<T> & { readonly length: number }, row: (item: T, index: number) => JsonValue) {
    this.#items = items;
    this.#row = row;
  }
  get length(): number {
    return this.#items.length;
  }
  /** The rows, built one at a time. */
  *rows(): Generator<JsonValue> {
    let i = 0;
    for (const item of this.#items) yield this.#row(item, i++);
  }
}

/** Serialize `value` canonically into one string. */
export function canonicalJson(value: JsonValue): string {
  return [...canonicalJsonChunks(value)].join('');
}

/**
 * Serialize `value` canonically as chunks whose concatenation equals canonicalJson(value).
 * Each chunk is rendered by the engine's JSON.stringify on a key-sorted copy (fast, and its
 * string escaping is standard: control characters, quotes and lone surrogates are escaped).
 */
export function* canonicalJsonChunks(value: JsonValue | { readonly [k: string]: JsonValue | LazyRows<never> }): Generator<string> {
  if (!isObject(value as JsonValue)) {
    yield stringify(value as JsonValue, '') + '\n';
    return;
  }
  const obj = value as { readonly [k: string]: JsonValue | LazyRows<never> };
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  if (keys.length === 0) {
    yield '{}\n';
    return;
  }
  yield '{\n';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = obj[k];
    const sep = i < keys.length - 1 ? ',\n' : '\n';
    if (v instanceof LazyRows) {
      if (v.length === 0) {
        yield `  ${JSON.stringify(k)}: []` + sep;
        continue;
      }
      yield `  ${JSON.stringify(k)}: [\n`;
      let j = 0;
      for (const row of v.rows()) yield '    ' + compact(row) + (++j < v.length ? ',\n' : '\n');
      if (j !== v.length) throw new Error(`${k}: ${j} rows where ${v.length} were announced`);
      yield '  ]' + sep;
    } else if (Array.isArray(v) && v.length > 0) {
      yield `  ${JSON.stringify(k)}: [\n`;
      const arr = v as readonly JsonValue[];
      for (let j = 0; j < arr.length; j++) {
        yield '    ' + compact(arr[j]) + (j < arr.length - 1 ? ',\n' : '\n');
      }
      yield '  ]' + sep;
    } else {
      yield `  ${JSON.stringify(k)}: ` + stringify(v as JsonValue, '  ') + sep;
    }
  }
  yield '}\n';
}

function isObject(v: JsonValue): v is { readonly [k: string]: JsonValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `v` canonically on one line (sorted keys), e.g. for NDJSON events. */
export function canonicalJsonLine(v: JsonValue): string {
  return compact(v);
}

/** One value on one line. */
function compact(v: JsonValue): string {
  return JSON.stringify(isCanonical(v) ? v : sortDeep(v)) ?? 'null';
}

/**
 * True when JSON.stringify already gives the canonical text: keys in sorted order, no bigint,
 * undefined or non-finite number anywhere. Rows are built that way, so they need no copy.
 */
function isCanonical(v: JsonValue): boolean {
  if (v === null) return true;
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(v);
    case 'object':
      break;
    default:
      return false;
  }
  if (Array.isArray(v)) {
    for (const x of v as readonly JsonValue[]) if (!isCanonical(x)) return false;
    return true;
  }
  const o = v as { readonly [k: string]: JsonValue };
  let prev = '';
  let first = true;
  for (const k in o) {
    if (!first && prev >= k) return false;
    if (!isCanonical(o[k])) return false;
    prev = k;
    first = false;
  }
  return true;
}

/** One value at a given indentation (the engine's formatting, re-indented). */
function stringify(v: JsonValue, indent: string): string {
  const s = JSON.stringify(sortDeep(v), null, 2) ?? 'null';
  return indent === '' ? s : s.replace(/\n/g, '\n' + indent);
}

/** A copy with keys in sorted order, bigint as strings, non-finite numbers as null. */
function sortDeep(v: JsonValue): unknown {
  if (v === null || v === undefined) return v;
  switch (typeof v) {
    case 'bigint':
      return v.toString();
    case 'number':
      return Number.isFinite(v) ? v : null;
    case 'string':
    case 'boolean':
      return v;
    default:
      break;
  }
  if (Array.isArray(v)) return (v as readonly JsonValue[]).map((x) => (x === undefined ? null : sortDeep(x)));
  const o = v as { readonly [k: string]: JsonValue };
  const keys = Object.keys(o);
  // Rows built with their keys already in order (the common case) are copied without sorting.
  let sorted = true;
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1]! > keys[i]!) {
      sorted = false;
      break;
    }
  }
  if (!sorted) keys.sort();
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const x = o[k];
    if (x !== undefined) out[k] = sortDeep(x);
  }
  return out;
}
