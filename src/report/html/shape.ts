/**
 * The report value (build.ts) in its JSON shape, as `JSON.parse` of the JSON report would give it
 * back, without serialising it: bigint as decimal text, non-finite numbers as null, undefined left
 * out, objects without a prototype (a member named `__proto__` stays a member). Lazily built row
 * lists are converted only as far as the HTML renderer reads them: flows only to the addresses
 * with an evidence panel (capped per address), DNS rows only when judged. A capture of a million
 * flows therefore never becomes a million row objects here.
 * @module report/html/shape
 */
import type { ReportValue } from '../build.js';
import { LazyRows, type JsonValue } from '../canonical-json.js';
import { findings } from './destinations.js';
import { evidenceFlowFilter } from './evidence-flows.js';
import { obj, str, type JsonObject } from '../markdown-read.js';

/** Sections converted before the others, because the flow filter depends on them. */
const FIRST = ['destinations'] as const;

/** `v` as the HTML renderer reads it (see the module comment). */
export function htmlReportShape(v: ReportValue): JsonObject {
  const out: Record<string, unknown> = {};
  for (const k of FIRST) if (v[k] !== undefined) out[k] = convert(v[k]!, () => true);
  const ips = new Set(findings(out).map((f) => str(f.d['ip']) ?? ''));
  const keep: ReadonlyMap<string, (row: unknown) => boolean> = new Map([
    ['flows', evidenceFlowFilter(ips)],
    ['dns', (row: unknown) => str(obj(row)['verdict']) !== undefined],
  ]);
  for (const k of Object.keys(v)) {
    if ((FIRST as readonly string[]).includes(k)) continue;
    const x = v[k];
    if (x === undefined) continue;
    if (x instanceof LazyRows) {
      const filter = keep.get(k);
      if (filter !== undefined) out[k] = convert(x, filter);
    } else {
      out[k] = asParsed(x);
    }
  }
  return out;
}

function convert(x: JsonValue | LazyRows<never>, keep: (row: unknown) => boolean): unknown {
  if (!(x instanceof LazyRows)) return asParsed(x);
  const rows: unknown[] = [];
  for (let i = 0; i < x.length; i++) {
    const row = asParsed(x.row(i));
    if (keep(row)) rows.push(row);
  }
  return rows;
}

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
