/**
 * `## Tunnels and proxies`: data that went through an outer tunnel or a proxy is judged where it
 * went (the tunnel's far end, the host the proxy was asked for); this lists those judgements,
 * worst first, so a reader of the Markdown sees them next to the destinations.
 * @module report/markdown-relays
 */
import { escapeMarkdownValue as addr } from './markdown-escape.js';
import { int, list, NONE, table, text } from './markdown-format.js';
import { arr, num, obj, str, verdictRank, type JsonObject } from './markdown-read.js';

/** Rows listed; the JSON report has them all (tunnels, and `proxied` in the flow rows). */
export const MD_MAX_RELAYS = 50;

/** Proxy flow rows the Markdown reads (a capture that goes all through a proxy has as many as flows). */
export const MD_MAX_PROXY_FLOWS = 200;

/** Keep-predicate for `flows` rows: the first MD_MAX_PROXY_FLOWS with proxied requests. */
export function proxyFlowFilter(): (row: unknown) => boolean {
  let kept = 0;
  return (row) => {
    if (arr(obj(row)['proxied']).length === 0 || kept >= MD_MAX_PROXY_FLOWS) return false;
    kept++;
    return true;
  };
}

function endpoint(host: unknown, port: unknown): string {
  const p = num(port);
  const h = text(host, addr);
  return p === undefined || p === 0 ? h : `${h} port ${int(p)}`;
}

const names = (v: unknown): string => list(arr(v).map((n) => str(obj(n)['value']) ?? '').filter((s) => s !== ''), 3);
const codes = (v: unknown): string => list([...new Set(arr(v).map((x) => str(obj(x)['code']) ?? ''))].filter((s) => s !== ''), 4);

/** The section; empty when the report has no judged tunnel or proxied request. */
export function relaysSection(r: JsonObject): string[] {
  const rows: { verdict: string; frame: number; cells: string[] }[] = [];
  for (const t of arr(r['tunnels']).map(obj)) {
    const verdict = str(t['verdict']);
    if (verdict === undefined) continue;
    rows.push({ verdict, frame: num(t['first_frame']) ?? 0, cells: [
      text(verdict), `${text(t['kind'])} tunnel`, text(t['orig_h'], addr), endpoint(t['resp_h'], t['resp_p']),
      names(t['names']), int(num(t['orig_bytes'])), codes(t['verdict_reasons']), text(t['uid']),
    ] });
  }
  for (const f of arr(r['flows']).map(obj)) {
    for (const p of arr(f['proxied']).map(obj)) {
      const verdict = str(p['verdict']);
      if (verdict === undefined) continue;
      const via = `${text(p['method'])} via ${endpoint(f['resp_h'], f['resp_p'])}`;
      const hostNames = arr(p['names']).length > 0 ? names(p['names']) : NONE;
      rows.push({ verdict, frame: num(p['frame']) ?? 0, cells: [
        text(verdict), via, text(f['orig_h'], addr), endpoint(p['host'], p['port']), hostNames,
        p['payload_bytes'] === undefined ? NONE : int(num(p['payload_bytes'])), codes(p['verdict_reasons']), text(p['uid']),
      ] });
    }
  }
  if (rows.length === 0) return [];
  rows.sort((a, b) => verdictRank(a.verdict) - verdictRank(b.verdict) || a.frame - b.frame);
  const out = ['## Tunnels and proxies', '', 'Data sent through a tunnel, a proxy or a NAT64 translator is judged where it went: the tunnel\'s far end, the host the proxy was asked for, or the IPv4 address inside the translated one.', ''];
  out.push(...table(['Verdict', 'Through', 'Client', 'Destination', 'Names', 'Payload bytes sent', 'Reasons', 'Id'], ['l', 'l', 'l', 'l', 'l', 'r', 'l', 'l'], rows.slice(0, MD_MAX_RELAYS).map((x) => x.cells)));
  if (rows.length > MD_MAX_RELAYS) out.push('', `${rows.length - MD_MAX_RELAYS} more in the JSON report.`);
  const nat64 = arr(obj(r['names'])['nat64_prefixes']).map(obj);
  if (nat64.length > 0) out.push('', `NAT64 prefixes: ${nat64.map(nat64Text).join('; ')}.`);
  return out;
}

/** A NAT64 prefix and where it came from. */
function nat64Text(p: JsonObject): string {
  const prefix = text(p['prefix'], addr);
  if (str(p['source']) === 'option') return `${prefix} (given with --nat64-prefix)`;
  return `${prefix} (the ipv4only.arpa answer ${text(p['answer'], addr)} to ${text(p['client'], addr)}, frame ${int(num(p['frame']) ?? 0)})`;
}
