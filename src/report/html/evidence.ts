/**
 * One evidence panel per FAIL and INCONCLUSIVE destination: the reasons with the rules that
 * matched, what every database said (country, registration, AS and operator, network), the
 * consensus and overrides, and the flows with their frames, timestamps and every name with the
 * way it was learnt. Panels are `<details>` elements, so they open and close without script.
 * Reads `destinations`, `flows` and `dns`.
 * @module report/html/evidence
 */
import { arr, num, obj, str, strs, type JsonObject } from '../markdown-read.js';
import { findings, locationCell, operatorCell } from './destinations.js';
import { evidenceQueries, queriesTable } from './dns.js';
import { evidenceFlows, flowsTable, namesTable } from './evidence-flows.js';
import { badge, code, int, list, qty, textList, verdictClass } from './format.js';
import { el, join, NONE, table, td, text, textOf, trusted, type Html } from './markup.js';

/** Panels open by default when there are at most this many (a long report starts folded). */
const OPEN_UP_TO = 10;

/** The consensus (or an override) in words. */
export function consensusHtml(v: unknown): Html {
  const c = obj(v);
  const status = str(c['status']);
  const dbs = (x: JsonObject): Html => textList(strs(x['dbs']), 10);
  switch (status) {
    case 'agree':
      return join([trusted('agree: '), textOf(c['country']), trusted(' ('), dbs(c), trusted(')')]);
    case 'disputed': {
      const votes = arr(c['votes']).map(obj).map((x) => join([textOf(x['country']), trusted(' ('), dbs(x), trusted(')')]));
      return join([trusted('disputed: '), votes.length === 0 ? NONE : join(votes, ' vs ')]);
    }
    case 'unknown':
      return join([trusted('unknown ('), textOf(c['reason']), trusted(')')]);
    case 'override':
      return join([
        trusted('override: '), c['country'] === undefined ? trusted('no country') : textOf(c['country']), trusted(' for '), textOf(c['cidr']),
        trusted(' from '), textOf(c['source']), trusted(': '), textOf(c['note']),
      ]);
    default:
      return status === undefined ? NONE : join([text(status), trusted(' (not known to this renderer)')]);
  }
}

function answerRow(a: JsonObject): Html {
  const asn = num(a['asn']);
  return el(
    'tr',
    null,
    td(code(a['db'])),
    td(textOf(a['status'])),
    td(textOf(a['country'])),
    td(textOf(a['registered_country'])),
    td(asn === undefined ? NONE : join([trusted('AS'), int(asn)])),
    td(textOf(a['as_org'])),
    td(textOf(a['network'])),
    td(a['is_anycast'] === true ? trusted('anycast') : NONE),
    td(textOf(a['build_date'])),
  );
}

function answersTable(ev: JsonObject): Html {
  const answers = arr(ev['answers']).map(obj);
  if (answers.length === 0) return el('p', null, trusted('No database was asked (see the facts above).'));
  return table({ class: 'answers' }, ['Database', 'Answer', 'Country', 'Registered country', 'AS', 'Operator (AS organisation)', 'Network', 'Anycast', 'Built'], answers.map(answerRow));
}

function fact(label: string, value: Html, cls?: string): Html {
  return el('tr', null, el('th', { scope: 'row' }, text(label)), el('td', { class: cls }, value));
}

/** Facts about the destination: names, location, consensus, operator, frames, bytes. */
function factsTable(d: JsonObject): Html {
  const ev = obj(d['evidence']);
  const loc = obj(d['location']);
  const special = obj(ev['special']);
  const rows: (Html | undefined)[] = [
    fact('Names', textList(strs(d['names']), 20), 'name'),
    fact('Location', join([textOf(loc['detail']), trusted(' ('), locationCell(loc), trusted(')')])),
    fact('Consensus', consensusHtml(ev['consensus'])),
    ev['database_consensus'] === undefined ? undefined : fact('The databases alone', consensusHtml(ev['database_consensus'])),
    fact('Operator', operatorCell(loc)),
    str(special['block']) === undefined ? undefined : fact('Special-purpose address', join([textOf(special['name']), trusted(' ('), textOf(special['block']), trusted(', '), textOf(special['rfc']), trusted(')')])),
    str(ev['looked_up_as']) === undefined ? undefined : fact('Looked up as', textOf(ev['looked_up_as'])),
    ev['anycast'] === true ? fact('Anycast', trusted('a database flags the address as anycast: its location is not a jurisdiction')) : undefined,
    fact('Frames', join([int(num(d['first_frame'])), trusted(' – '), int(num(d['last_frame']))])),
    fact('Judged flows', int(num(d['flows']))),
    fact('Payload bytes sent', qty(num(d['payload_bytes_sent']))),
    fact('DNS queries', int(num(d['dns_queries']))),
    fact('Example flows', list(strs(d['example_uids']).map((u) => code(u)), 5)),
  ];
  return el('table', { class: 'kv' }, el('tbody', null, rows.filter((x): x is Html => x !== undefined)));
}

function reasonsTable(d: JsonObject): Html {
  const rs = arr(d['reasons']).map(obj);
  if (rs.length === 0) return el('p', null, trusted('No reason recorded.'));
  return table(
    { class: 'reasons' },
    ['Effect', 'Reason', 'Count', 'Rules that matched'],
    rs.map((x) => el('tr', null, td(textOf(x['effect'])), td(code(x['code'])), td(int(num(x['count'])), { num: true }), td(textList(strs(x['rules']), 10)))),
    new Set([2]),
  );
}

function panel(r: JsonObject, d: JsonObject, anchor: string, open: boolean, flows: readonly JsonObject[]): Html {
  const loc = obj(d['location']);
  const ip = str(d['ip']) ?? '';
  const queries = evidenceQueries(r, ip);
  return el(
    'details',
    { class: `evidence ${verdictClass(str(d['verdict']))}`, id: anchor, open },
    el(
      'summary',
      null,
      badge(d['verdict']), trusted(' '), el('strong', null, textOf(d['ip'])), trusted(' — '), textList(strs(d['names']), 2),
      trusted(' — '), textOf(loc['detail']), trusted(' — '), qty(num(d['payload_bytes_sent'])), trusted(' payload bytes sent'),
    ),
    el(
      'div',
      { class: 'panel' },
      factsTable(d),
      el('h4', null, trusted('Reasons and the rules that matched')),
      reasonsTable(d),
      el('h4', null, trusted('What every database said')),
      answersTable(obj(d['evidence'])),
      el('h4', null, trusted('Flows')),
      flowsTable(flows, num(d['flows'])),
      el('h4', null, trusted('Names and how they were learnt')),
      namesTable(flows),
      queries.length === 0 ? undefined : join([el('h4', null, trusted('DNS queries sent to this address')), queriesTable(queries)]),
    ),
  );
}

/** `Evidence`: a panel per FAIL and INCONCLUSIVE destination (capped; the JSON report has all). */
export function evidenceSection(r: JsonObject): Html | undefined {
  const all = findings(r);
  if (all.length === 0) return undefined;
  const flows = evidenceFlows(r, new Set(all.map((f) => str(f.d['ip']) ?? '')));
  const total = arr(r['destinations']).map(obj).filter((d) => ['FAIL', 'INCONCLUSIVE'].includes(str(d['verdict']) ?? '')).length;
  return el(
    'section',
    { id: 'evidence' },
    el('h2', null, trusted('Evidence for FAIL and INCONCLUSIVE destinations')),
    all.map((f) => panel(r, f.d, f.anchor, all.length <= OPEN_UP_TO, flows.get(str(f.d['ip']) ?? '') ?? [])),
    total > all.length ? el('p', null, text(`Evidence for ${total - all.length} more destinations in the JSON report.`)) : undefined,
  );
}
