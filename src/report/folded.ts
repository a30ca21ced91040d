/**
 * The sentences the Markdown and HTML reports print when flows or DNS transactions were judged
 * and only counted (`flow_table.folded`, `names.dns_folded`): a reader of the summary must know
 * the lists are not complete. Built only from numbers and fixed words (the report being rendered
 * may come from elsewhere: `egress-verify report`), so they need no escaping.
 * @module report/folded
 */
import { num, obj, type JsonObject } from './markdown-read.js';

const REASONS: ReadonlyMap<unknown, string> = new Map([
  ['max-report-flows', '--max-report-flows'],
  ['memory', 'memory: the flows filled their share of the heap limit'],
]);

interface Counts { pass: number; ignored: number; inconclusive: number; fail: number; total: number }

function counts(x: unknown): Counts | null {
  const o = obj(x);
  const pass = num(o['pass']) ?? 0;
  const ignored = num(o['ignored']) ?? 0;
  const inconclusive = num(o['inconclusive']) ?? 0;
  const fail = num(o['fail']) ?? 0;
  const total = pass + ignored + inconclusive + fail;
  return Number.isSafeInteger(total) && total > 0 ? { pass, ignored, inconclusive, fail, total } : null;
}

/** Whether every FAIL record is listed, in words. */
function failListed(c: Counts, one: string, many: string): string {
  return c.fail > 0 ? `the first 100,000 ${many} are listed, later ones only counted` : `every ${one} is listed`;
}

function breakdown(c: Counts): string {
  return [[c.fail, 'FAIL'], [c.pass, 'PASS'], [c.ignored, 'IGNORED'], [c.inconclusive, 'INCONCLUSIVE']]
    .filter(([n]) => (n as number) > 0)
    .map(([n, v]) => `${Math.trunc(n as number).toLocaleString('en-US')} ${v as string}`)
    .join(', ');
}

/** One sentence per folded kind (flows, DNS transactions); empty when nothing was folded. */
export function foldedSentences(r: JsonObject): string[] {
  const out: string[] = [];
  const ft = obj(r['flow_table']);
  const flows = counts(ft['folded']);
  if (flows !== null) {
    const after = num(ft['fold_after']);
    const why = REASONS.get(ft['fold_reason']);
    const when = after === undefined || !Number.isSafeInteger(after) ? '' : ` after the first ${after.toLocaleString('en-US')} flows${why === undefined ? '' : ` (${why})`}`;
    out.push(`${flows.total.toLocaleString('en-US')} flows (${breakdown(flows)}) were judged and counted but are not listed${when}; ${failListed(flows, 'FAIL flow', 'FAIL flows')}.`);
  }
  const dns = counts(obj(r['names'])['dns_folded']);
  if (dns !== null) out.push(`${dns.total.toLocaleString('en-US')} DNS transactions (${breakdown(dns)}) were judged and counted but are not listed; ${failListed(dns, 'violating query', 'violating queries')}.`);
  return out;
}
