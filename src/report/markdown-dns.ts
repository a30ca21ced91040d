/**
 * DNS queries whose resolver was judged (rows of the `dns` section with a verdict), worst first.
 * A DNS query is itself data sent to the resolver, so a resolver in a disallowed jurisdiction is a
 * finding of its own.
 * @module report/markdown-dns
 */
import { escapeMarkdownValue as addr } from './markdown-escape.js';
import { int, list, NONE, table, text } from './markdown-format.js';
import { arr, num, obj, str, verdictRank, type JsonObject } from './markdown-read.js';

/** DNS queries listed; the JSON report has them all. */
export const MD_MAX_DNS = 50;

/** The judged DNS rows, worst verdict first, then by frame (the JSON order). */
function judged(r: JsonObject): JsonObject[] {
  return arr(r['dns'])
    .map(obj)
    .filter((q) => str(q['verdict']) !== undefined)
    .sort((a, b) => verdictRank(str(a['verdict'])) - verdictRank(str(b['verdict'])));
}

function reasons(q: JsonObject): string {
  const rs = arr(q['verdict_reasons']).map(obj);
  return list(
    rs.map((x) => `${text(x['code'])}${str(x['rule']) === undefined ? '' : ` (rule ${text(x['rule'])})`}`),
    3,
    (s) => s,
  );
}

function endpoint(host: unknown, port: unknown): string {
  const p = num(port);
  const h = text(host, addr);
  return p === undefined ? h : `${h} port ${int(p)}`;
}

/** `## DNS queries judged`: one row per judged query, capped. */
export function dnsSection(r: JsonObject): string[] {
  const rows = judged(r);
  if (rows.length === 0) return [];
  const out = ['## DNS queries judged', ''];
  out.push(
    ...table(
      ['Verdict', 'Query', 'Type', 'Client', 'Resolver', 'Frame', 'Reasons'],
      ['l', 'l', 'l', 'l', 'l', 'r', 'l'],
      rows.slice(0, MD_MAX_DNS).map((q) => [
        text(q['verdict']),
        text(q['query']),
        typeof q['qtype'] === 'number' ? int(num(q['qtype'])) : text(q['qtype']),
        text(q['client'], addr),
        endpoint(q['resolver'], q['resolver_p']),
        q['query_frame'] === null ? NONE : int(num(q['query_frame'])),
        reasons(q),
      ]),
    ),
  );
  if (rows.length > MD_MAX_DNS) out.push('', `${rows.length - MD_MAX_DNS} more judged DNS queries in the JSON report.`);
  return out;
}
