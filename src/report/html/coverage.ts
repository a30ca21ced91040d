/**
 * The coverage section: where every frame went (the parts add up to the frames read), how much
 * was decoded against the policy's minimum, where each capture stopped, interface drops, the flow
 * table and the names stage's counters. Reads `coverage`, `captures`, `verdict.completeness`,
 * `flow_table` and `names`.
 * @module report/html/coverage
 */
import { arr, interfaceDropTotals, num, obj, str, type JsonObject } from '../markdown-read.js';
import { int, percent, qty, ratio } from './format.js';
import { el, join, NONE, text, textOf, trusted, type Html } from './markup.js';

/** One labelled row; `sub` rows are indented parts of the row above. */
function row(label: string, value: Html, sub = false): Html {
  return el('tr', { class: sub ? 'sub' : undefined }, el('th', { scope: 'row' }, text(label)), el('td', null, value));
}

/** Rows of counts by reason (`frames_not_ip`, `frames_unsupported_link`), sorted by reason. */
function byReason(what: string, v: unknown): Html[] {
  const o = obj(v);
  return Object.keys(o)
    .sort()
    .map((k) => el('tr', { class: 'sub' }, el('th', { scope: 'row' }, text(`${what}: `), text(k)), el('td', null, int(num(o[k])))));
}

function captureStops(r: JsonObject): Html {
  const caps = arr(r['captures']).map(obj);
  if (caps.length === 0) return NONE;
  const items = caps.map((c) => {
    const s = obj(c['stop']);
    const kind = str(s['kind']);
    if (kind === 'complete') return join([textOf(c['name']), trusted(': complete')]);
    const at = num(s['at_frame']);
    return join([textOf(c['name']), trusted(': '), el('strong', null, textOf(kind)), at === undefined ? undefined : join([trusted(' at frame '), int(at)]), trusted(' ('), textOf(s['reason']), trusted(')')]);
  });
  return join(items, '; ');
}

function interfaceDrops(r: JsonObject): Html {
  const d = interfaceDropTotals(r);
  if (d === null) return trusted('not recorded by the capture');
  return join([qty(d.ifDrop), trusted(' by the interface, '), qty(d.osDrop), trusted(' by the OS')]);
}

/** Counters of one section as rows (`[label, key]`), skipping absent ones. */
function counters(section: unknown, keys: readonly (readonly [string, string])[]): Html[] {
  const o = obj(section);
  return keys.filter(([, k]) => o[k] !== undefined).map(([label, k]) => row(label, qty(num(o[k]))));
}

/** `Coverage`. */
export function coverageSection(r: JsonObject): Html {
  const c = obj(r['coverage']);
  const read = num(c['frames_read']) ?? 0;
  const inFlows = num(c['frames_in_flows']) ?? 0;
  const completeness = obj(obj(r['verdict'])['completeness']);
  const decoded = num(completeness['decoded_ratio']);
  const rows: Html[] = [
    row('Frames read', qty(num(c['frames_read']))),
    row('In flows', join([qty(inFlows), trusted(' ('), percent(inFlows, read), trusted(')')]), true),
    row('ICMP errors attached to their flow', int(num(c['icmp_errors_attached'])), true),
    row('ICMP errors not attributed', int(num(c['icmp_errors_unattributed'])), true),
    row('Malformed', int(num(c['frames_malformed'])), true),
    row('Fragments of datagrams that never completed', int(num(c['fragments_incomplete'])), true),
    ...byReason('Not IP', c['frames_not_ip']),
    ...byReason('Unsupported link type', c['frames_unsupported_link']),
    row('Cut short by the snap length', int(num(c['frames_snap_truncated']))),
    row('IP datagrams counted', qty(num(c['datagrams']))),
    ...(decoded === undefined ? [] : [row('Decoded', join([ratio(decoded), trusted(' (minimum '), ratio(num(completeness['min_decoded_ratio'])), trusted(')')]))]),
    row('Capture stops', captureStops(r)),
    row('Interface drops', interfaceDrops(r)),
    ...counters(r['flow_table'], [['Flows created', 'created'], ['Flows expired idle', 'expired_idle'], ['Flows evicted at the cap', 'evicted_at_cap'], ['Most flows live at once', 'max_active']]),
    ...counters(r['names'], [
      ['DNS messages', 'dns_messages'], ['DNS messages malformed', 'dns_malformed'], ['TLS ClientHellos', 'tls_client_hellos'], ['QUIC ClientHellos', 'quic_client_hellos'],
      ['HTTP requests', 'http_requests'], ['Reassembly gaps', 'reassembly_gaps'], ['Reassembly cap hits', 'reassembly_cap_hits'], ['DNS transactions dropped', 'dns_transactions_dropped'],
    ]),
  ];
  return el(
    'section',
    { id: 'coverage' },
    el('h2', null, trusted('Coverage')),
    el('p', null, summaryLine(r)),
    el('details', { class: 'counters' }, el('summary', null, trusted('Every counter')), el('table', { class: 'kv' }, el('tbody', null, rows))),
  );
}

/** Frames read, in flows, not analysable, decoded against the minimum, stops and drops, in one line. */
function summaryLine(r: JsonObject): Html {
  const c = obj(r['coverage']);
  const read = num(c['frames_read']) ?? 0;
  const inFlows = num(c['frames_in_flows']) ?? 0;
  const sum = (v: unknown): number => Object.values(obj(v)).reduce<number>((n, x) => n + (num(x) ?? 0), 0);
  const notAnalysable = (num(c['frames_malformed']) ?? 0) + (num(c['fragments_incomplete']) ?? 0) + sum(c['frames_not_ip']) + sum(c['frames_unsupported_link']);
  const completeness = obj(obj(r['verdict'])['completeness']);
  const decoded = num(completeness['decoded_ratio']);
  return join([
    qty(read), trusted(' frames read; '), qty(inFlows), trusted(' in flows ('), percent(inFlows, read), trusted('); '), qty(notAnalysable), trusted(' not analysable; '),
    decoded === undefined ? undefined : join([trusted('decoded '), ratio(decoded), trusted(' (minimum '), ratio(num(completeness['min_decoded_ratio'])), trusted('); ')]),
    trusted('capture stops: '), captureStops(r), trusted('; interface drops: '), interfaceDrops(r), trusted('.'),
  ]);
}
