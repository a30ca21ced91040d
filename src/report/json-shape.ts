/**
 * The report value (build.ts) in the shape `JSON.parse` of its JSON text would give back, without
 * serialising it: bigint as decimal text, non-finite numbers as null, undefined left out, objects
 * without a prototype (a member named `__proto__` stays a member, as JSON.parse keeps it). Shared
 * by the renderers that read the JSON shape (Markdown, HTML).
 * @module report/json-shape
 */
import { LazyRows, type JsonValue } from './canonical-json.js';

/** One value with JSON semantics: bigint → decimal text, non-finite → null, undefined dropped. */
export function asParsed(v: JsonValue): unknown {
  switch (typeof v) {
    case 'bigint':
      return v.toString();
    case 'number':
      return Number.isFinite(v) ? v : null;
    case 'object':
      break;
    default:
      return v;
  }
  if (v === null) return null;
  if (Array.isArray(v)) return (v as readonly JsonValue[]).map((x) => (x === undefined ? null : asParsed(x)));
  const o = v as { readonly [k: string]: JsonValue };
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const k of Object.keys(o)) if (o[k] !== undefined) out[k] = asParsed(o[k]);
  return out;
}

/** A section in its JSON shape; of a lazily built row list only the rows `keep` accepts. */
export function parsedSection(x: JsonValue | LazyRows<never>, keep: (row: unknown) => boolean): unknown {
  if (!(x instanceof LazyRows)) return asParsed(x);
  const rows: unknown[] = [];
  for (const r of x.rows()) {
    const row = asParsed(r);
    if (keep(row)) rows.push(row);
  }
  return rows;
}
