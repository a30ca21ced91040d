/**
 * DNS queries whose resolver was judged (rows of the `dns` section with a verdict), worst first.
 * A DNS query is itself data sent to the resolver, so a resolver in a disallowed jurisdiction is a
 * finding of its own; its queries also appear in that resolver's evidence panel.
 * @module report/html/dns
 */
import { arr, num, obj, str, verdictRank, type JsonObject } from '../markdown-read.js';
import { badge, code, int, list, timeText } from './format.js';
import { el, join, NONE, table, td, text, textOf, trusted, type Html } from './markup.js';

/** Judged DNS queries listed in the DNS section; the JSON report has them all. */
export const HTML_MAX_DNS = 200;
/** DNS queries listed per evidence panel. */
const MAX_PER_RESOLVER = 20;

/** The judged DNS rows, worst verdict first, then by frame (the JSON order). */
export function judgedQueries(r: JsonObject): JsonObject[] {
  return arr(r['dns'])
    .map(obj)
    .filter((q) => str(q['verdict']) !== undefined)
    .sort((a, b) => verdictRank(str(a['verdict'])) - verdictRank(str(b['verdict'])));
}

/** Judged DNS queries sent to `resolver`, for its evidence panel. */
export function evidenceQueries(r: JsonObject, resolver: string): JsonObject[] {
  return arr(r['dns'])
    .map(obj)
    .filter((q) => str(q['verdict']) !== undefined && str(q['resolver']) === resolver)
    .slice(0, MAX_PER_RESOLVER);
}

/** A reason of a flow or DNS query: code, the rule that matched, and the detail. */
export function reasonLine(x: JsonObject): Html {
  return join([
    code(x['code']),
    str(x['rule']) === undefined ? undefined : join([trusted(' (rule '), textOf(x['rule']), trusted(')')]),
    str(x['detail']) === undefined ? undefined : join([trusted(': '), textOf(x['detail'])]),
  ]);
}

function endpoint(host: unknown, port: unknown): Html {
  const p = num(port);
  return p === undefined ? textOf(host) : join([textOf(host), trusted(' port '), int(p)]);
}

/** A table of DNS query rows. */
export function queriesTable(rows: readonly JsonObject[]): Html {
  return table(
    { class: 'dns' },
    ['Verdict', 'Query', 'Type', 'Client', 'Resolver', 'Frame', 'Time', 'Reasons'],
    rows.map((q) =>
      el(
        'tr',
        null,
        td(badge(q['verdict'])),
        td(textOf(q['query']), { cls: 'name' }),
        td(typeof q['qtype'] === 'number' ? int(num(q['qtype'])) : textOf(q['qtype'])),
        td(textOf(q['client'])),
        td(endpoint(q['resolver'], q['resolver_p'])),
        td(q['query_frame'] === null ? NONE : int(num(q['query_frame'])), { num: true }),
        td(timeText(q['query_ts'])),
        td(list(arr(q['verdict_reasons']).map((x) => reasonLine(obj(x))), 3), { cls: 'name' }),
      ),
    ),
    new Set([5]),
  );
}

/** `DNS queries judged`: one row per judged query, capped; absent when none was judged. */
export function dnsSection(r: JsonObject): Html | undefined {
  const rows = judgedQueries(r);
  if (rows.length === 0) return undefined;
  return el(
    'section',
    { id: 'dns' },
    el('h2', null, trusted('DNS queries judged')),
    queriesTable(rows.slice(0, HTML_MAX_DNS)),
    rows.length > HTML_MAX_DNS ? el('p', null, text(`${rows.length - HTML_MAX_DNS} more judged DNS queries in the JSON report.`)) : undefined,
  );
}
