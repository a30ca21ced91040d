/**
 * The destinations table of the HTML report: one row per judged address, worst verdict first,
 * then most payload bytes sent (the Markdown report's order). A FAIL or INCONCLUSIVE row links to
 * its evidence panel. Rows carry their verdict and raw byte count as data attributes for the
 * sorting and filtering script; without the script the table reads the same.
 * @module report/html/destinations
 */
import { sortedDestinations } from '../markdown-destinations.js';
import { arr, count, num, obj, str, strs, type JsonObject } from '../markdown-read.js';
import { badge, code, int, list, qty, textList } from './format.js';
import { el, join, NONE, table, td, text, textOf, trusted, type Html } from './markup.js';

/** Destinations shown in the table; the JSON report has them all. */
export const HTML_MAX_DESTINATIONS = 2000;
/** Evidence panels shown. */
export const HTML_MAX_EVIDENCE = 50;
/** Names shown per destination in the table. */
const MAX_NAMES = 3;

/** True for a destination that gets an evidence panel. */
export function isFinding(d: JsonObject): boolean {
  const v = str(d['verdict']);
  return v === 'FAIL' || v === 'INCONCLUSIVE';
}

/** The destinations with an evidence panel, in table order, with their anchor ids. */
export function findings(r: JsonObject): { readonly d: JsonObject; readonly anchor: string }[] {
  return sortedDestinations(r)
    .filter(isFinding)
    .slice(0, HTML_MAX_EVIDENCE)
    .map((d, i) => ({ d, anchor: `ev-${i + 1}` }));
}

/** Location status with its candidate countries and registration countries. */
export function locationCell(l: JsonObject): Html {
  const countries = strs(l['countries']);
  const reg = strs(l['registered_countries']);
  return join([
    textOf(l['status']),
    trusted(': '),
    countries.length === 0 ? NONE : join(countries.map((c) => text(c)), ' / '),
    reg.length === 0 ? undefined : join([trusted('; registered '), join(reg.map((c) => text(c)), ' / ')]),
  ]);
}

/** AS numbers and organisations (the operator). */
export function operatorCell(l: JsonObject): Html {
  const asns = arr(l['asns']).map((a) => num(a)).filter((a): a is number => a !== undefined);
  const orgs = strs(l['as_orgs']);
  if (asns.length === 0 && orgs.length === 0) return NONE;
  return join([list(asns.map((a) => join([trusted('AS'), int(a)])), 3), orgs.length > 0 ? join([trusted(' '), textList(orgs, 3)]) : undefined]);
}

function reasonsCell(d: JsonObject): Html {
  const rs = arr(d['reasons']).map(obj);
  return list(
    rs.map((x) => join([code(x['code']), x['count'] === undefined ? undefined : join([trusted(' ×'), int(num(x['count']))])])),
    4,
  );
}

function destinationRow(d: JsonObject, anchor: string | undefined): Html {
  const l = obj(d['location']);
  const bytes = count(d['payload_bytes_sent']);
  const ip = str(d['ip']) ?? '';
  return el(
    'tr',
    { 'data-verdict': str(d['verdict']) ?? '', 'data-ip': ip },
    td(badge(d['verdict'])),
    td(anchor === undefined ? textOf(d['ip']) : el('a', { href: `#${anchor}` }, textOf(d['ip']))),
    td(textList(strs(d['names']), MAX_NAMES), { cls: 'name' }),
    td(locationCell(l)),
    td(operatorCell(l)),
    td(int(num(d['flows'])), { num: true, sortKey: String(num(d['flows']) ?? '') }),
    td(qty(bytes), { num: true, sortKey: bytes === undefined ? '' : bytes.toString() }),
    td(reasonsCell(d)),
  );
}

/** `Destinations`: one row per destination, capped. */
export function destinationsSection(r: JsonObject): Html {
  const all = sortedDestinations(r);
  const anchors = new Map(findings(r).map((f) => [f.d, f.anchor]));
  const head = el('h2', null, trusted('Destinations'));
  if (all.length === 0) return el('section', { id: 'destinations' }, head, el('p', null, trusted('No destination was judged.')));
  const rows = all.slice(0, HTML_MAX_DESTINATIONS).map((d) => destinationRow(d, anchors.get(d)));
  return el(
    'section',
    { id: 'destinations' },
    head,
    el('p', { class: 'note' }, trusted('Worst verdict first, then most payload bytes sent. A FAIL or INCONCLUSIVE address links to its evidence.')),
    table(
      { class: 'sortable', id: 'destinations-table', 'data-filter': 'destinations' },
      ['Verdict', 'Address', 'Names', 'Location', 'AS / operator', 'Flows', 'Payload bytes sent', 'Reasons'],
      rows,
      new Set([5, 6]),
    ),
    all.length > HTML_MAX_DESTINATIONS ? el('p', null, text(`${all.length - HTML_MAX_DESTINATIONS} more destinations in the JSON report.`)) : undefined,
  );
}
