/**
 * The flows behind an evidence panel: each flow to the destination with its frames (first, last
 * and sampled), start time, payload both ways, verdict and reasons, and every name the flow had
 * with its source (DNS answer, TLS or QUIC SNI, HTTP Host, pcapng name record), frame, time,
 * resolver, CNAME chain and TTL. Reads the `flows` section (capped per destination).
 * @module report/html/evidence-flows
 */
import { arr, num, obj, str, strs, type JsonObject } from '../markdown-read.js';
import { reasonLine } from './dns.js';
import { badge, code, int, list, qty, timeText } from './format.js';
import { el, join, NONE, table, td, text, textOf, trusted, type Html } from './markup.js';

/** Flows listed per evidence panel; the JSON report has them all. */
export const HTML_MAX_EVIDENCE_FLOWS = 20;
/** Names listed per flow. */
const MAX_NAMES_PER_FLOW = 20;

/** How a name was learnt, in words (report `source` values); unknown values are shown escaped. */
const SOURCE_WORDS: Readonly<Record<string, string>> = {
  dns: 'DNS answer',
  tls_sni: 'TLS SNI',
  quic_sni: 'QUIC SNI',
  http_host: 'HTTP Host',
  pcapng_nrb: 'pcapng name record',
};

/**
 * The first `HTML_MAX_EVIDENCE_FLOWS` flows (in report order) to each of `ips`, by responder
 * address. Only those are kept, so a report of a million flows costs a few rows here.
 */
export function evidenceFlows(r: JsonObject, ips: ReadonlySet<string>): Map<string, JsonObject[]> {
  const out = new Map<string, JsonObject[]>();
  const add = (ip: string, row: JsonObject): void => {
    let rows = out.get(ip);
    if (rows === undefined) out.set(ip, (rows = []));
    if (rows.length < HTML_MAX_EVIDENCE_FLOWS) rows.push(row);
  };
  for (const f of arr(r['flows'])) {
    const row = obj(f);
    const ip = str(row['resp_h']);
    if (ip !== undefined && ips.has(ip)) add(ip, row);
    // Requests an HTTP proxy carried on are judged as flows to the requested host: shown there.
    for (const p of arr(row['proxied'])) {
      const pr = obj(p);
      const host = str(pr['host']);
      if (host === undefined || !ips.has(host)) continue;
      add(host, { ...row, uid: pr['uid'] ?? null, resp_h: host, resp_p: pr['port'] ?? null, proto: `${str(row['proto']) ?? 'tcp'} via proxy ${ip ?? ''}`, service: null,
        first_frame: pr['frame'] ?? null, ts: pr['ts'] ?? null, verdict: pr['verdict'] ?? null, verdict_reasons: pr['verdict_reasons'] ?? [],
        // The DNS answers that named an address target (the proxy flow's own names are the proxy's).
        names: arr(pr['names']) });
    }
  }
  // Outer tunnels are judged as flows to their far end: shown with the flows, their kind as protocol.
  for (const t of arr(r['tunnels'])) {
    const row = obj(t);
    const ip = str(row['resp_h']);
    if (ip === undefined || !ips.has(ip) || row['verdict'] === undefined) continue;
    add(ip, { ...row, proto: `${str(row['kind']) ?? 'unknown'} tunnel`, names: arr(row['names']) });
  }
  return out;
}

/** Keep-predicate for the `flows` rows of a report shape: the ones evidenceFlows would use. */
export function evidenceFlowFilter(ips: ReadonlySet<string>): (row: unknown) => boolean {
  const kept = new Map<string, number>();
  return (row) => {
    const ip = str(obj(row)['resp_h']);
    // A flow through an HTTP proxy is kept when a host it asked for is one of `ips`.
    if (arr(obj(row)['proxied']).some((p) => ips.has(str(obj(p)['host']) ?? ''))) return true;
    if (ip === undefined || !ips.has(ip)) return false;
    const n = kept.get(ip) ?? 0;
    if (n >= HTML_MAX_EVIDENCE_FLOWS) return false;
    kept.set(ip, n + 1);
    return true;
  };
}

function protocol(f: JsonObject): Html {
  const service = str(f['service']);
  return join([textOf(f['proto']), trusted('/'), int(num(f['resp_p'])), service === undefined ? undefined : join([trusted(' '), text(service)])]);
}

function frames(f: JsonObject): Html {
  const samples = arr(f['sample_frames']).map((x) => int(num(x)));
  return join([int(num(f['first_frame'])), trusted(' – '), int(num(f['last_frame'])), samples.length === 0 ? undefined : join([trusted('; sampled '), list(samples, 8)])]);
}

/** The flows table of a panel; `judged` is the destination's count of judged flows. */
export function flowsTable(flows: readonly JsonObject[], judged: number | undefined): Html {
  if (flows.length === 0) return el('p', null, trusted('The flows are not in this report (see the JSON report).'));
  const rows = flows.map((f) =>
    el(
      'tr',
      null,
      td(code(f['uid'])),
      td(timeText(f['ts'])),
      td(protocol(f)),
      td(join([textOf(f['orig_h']), trusted(' port '), int(num(f['orig_p']))]), { cls: 'name' }),
      td(frames(f)),
      td(qty(num(f['orig_bytes'])), { num: true }),
      td(qty(num(f['resp_bytes'])), { num: true }),
      td(badge(f['verdict'])),
      td(list(arr(f['verdict_reasons']).map((x) => reasonLine(obj(x))), 4), { cls: 'name' }),
    ),
  );
  return join([
    table({ class: 'flows' }, ['Flow', 'Start (UTC)', 'Protocol', 'Client', 'Frames', 'Payload sent', 'Payload received', 'Verdict', 'Reasons'], rows, new Set([5, 6])),
    flows.length === HTML_MAX_EVIDENCE_FLOWS
      ? el('p', { class: 'note' }, trusted(`The first ${HTML_MAX_EVIDENCE_FLOWS} flows to this address; `), int(judged), trusted(' judged in all; every flow is in the JSON report.'))
      : undefined,
  ]);
}

function nameRow(n: JsonObject, uid: unknown): Html {
  const source = str(n['source']);
  const words = source === undefined ? undefined : SOURCE_WORDS[source];
  const chain = strs(n['cname_chain']);
  return el(
    'tr',
    null,
    td(textOf(n['value']), { cls: 'name' }),
    td(join([
      words === undefined ? textOf(source) : text(words),
      n['ech_outer'] === true ? trusted(' (ECH outer name)') : undefined,
      // A dual-stack host's answer sent to its other address (same MAC): say which one.
      str(n['dns_client']) === undefined ? undefined : join([trusted(' (answer sent to '), textOf(n['dns_client']), trusted(', the same host by MAC)')]),
    ])),
    td(n['frame'] === null ? NONE : int(num(n['frame'])), { num: true }),
    td(timeText(n['ts'])),
    td(code(uid)),
    td(textOf(n['resolver'])),
    td(chain.length === 0 ? NONE : join(chain.map((c) => text(c)), ' → ')),
    td(int(num(n['ttl'])), { num: true }),
  );
}

/** Every name of the panel's flows with how it was learnt. */
export function namesTable(flows: readonly JsonObject[]): Html {
  const rows = flows.flatMap((f) => arr(f['names']).slice(0, MAX_NAMES_PER_FLOW).map((n) => nameRow(obj(n), f['uid'])));
  if (rows.length === 0) return el('p', null, trusted('No name was observed for these flows.'));
  return table({ class: 'names' }, ['Name', 'Learnt from', 'Frame', 'Time (UTC)', 'Flow', 'Resolver', 'CNAME chain', 'TTL'], rows, new Set([2, 7]));
}

