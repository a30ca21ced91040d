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
import { LazyRows } from '../canonical-json.js';
import { asParsed, parsedSection } from '../json-shape.js';
import { findings } from './destinations.js';
import { evidenceFlowFilter } from './evidence-flows.js';
import { obj, str, type JsonObject } from '../markdown-read.js';

/** Sections converted before the others, because the flow filter depends on them. */
const FIRST = ['destinations'] as const;

/** `v` as the HTML renderer reads it (see the module comment). */
export function htmlReportShape(v: ReportValue): JsonObject {
  const out: Record<string, unknown> = {};
  for (const k of FIRST) if (v[k] !== undefined) out[k] = parsedSection(v[k]!, () => true);
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
      if (filter !== undefined) out[k] = parsedSection(x, filter);
    } else {
      out[k] = asParsed(x);
    }
  }
  return out;
}
