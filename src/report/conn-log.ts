/**
 * Zeek conn.log (ASCII TSV writer format) from an analysis, so zeek-cut and analysts' scripts work
 * on it. Extra columns (community_id, first_frame, last_frame) follow Zeek's own, as the
 * community-id plugin does. `#open`/`#close` carry the capture's first/last packet time, not the
 * wall clock, so the file is reproducible.
 * @module report/conn-log
 */
import type { FlowRecord } from '../flow/index.js';
import type { FlowNames } from '../names/index.js';
import type { Analysis } from './types.js';
import type { FlowAssessment } from '../policy/index.js';
import { AssessmentLookup, type Judgement } from './verdict.js';
import { escapeZeekField } from './escape.js';
import { formatRfc3339Ns, formatZeekTime } from './time.js';

const FIELDS: readonly (readonly [string, string])[] = [
  ['ts', 'time'], ['uid', 'string'], ['id.orig_h', 'addr'], ['id.orig_p', 'port'],
  ['id.resp_h', 'addr'], ['id.resp_p', 'port'], ['proto', 'enum'], ['service', 'string'],
  ['duration', 'interval'], ['orig_bytes', 'count'], ['resp_bytes', 'count'], ['conn_state', 'string'],
  ['local_orig', 'bool'], ['local_resp', 'bool'], ['missed_bytes', 'count'], ['history', 'string'],
  ['orig_pkts', 'count'], ['orig_ip_bytes', 'count'], ['resp_pkts', 'count'], ['resp_ip_bytes', 'count'],
  ['tunnel_parents', 'set[string]'], ['ip_proto', 'count'],
  ['orig_l2_addr', 'string'], ['resp_l2_addr', 'string'], ['community_id', 'string'], ['first_frame', 'count'], ['last_frame', 'count'],
  ['name', 'string'], ['name_source', 'string'],
  ['resp_cc', 'string'], ['resp_geo_status', 'string'], ['verdict', 'string'], ['verdict_reasons', 'set[string]'],
];

/** Render Zeek's conn.log TSV with its header lines. */
export function renderConnLog(a: Analysis, j?: Judgement): string {
  return [...connLogChunks(a, j)].join('');
}

/** conn.log as chunks (header, then one line per flow, then #close). */
export function* connLogChunks(a: Analysis, j?: Judgement): Generator<string> {
  const assessed = new AssessmentLookup(j);
  const first = a.captures.find((c) => c.firstTsNs !== null)?.firstTsNs ?? 0n;
  const last = [...a.captures].reverse().find((c) => c.lastTsNs !== null)?.lastTsNs ?? first;
  const lines: string[] = [
    '#separator \\x09',
    '#set_separator\t,',
    '#empty_field\t(empty)',
    '#unset_field\t-',
    '#path\tconn',
    `#open\t${zeekDate(first)}`,
    '#fields\t' + FIELDS.map((f) => f[0]).join('\t'),
    '#types\t' + FIELDS.map((f) => f[1]).join('\t'),
  ];
  yield lines.join('\n') + '\n';
  for (const f of a.flows) yield connLine(f.rec, f.names, assessed.row(f).own) + '\n';
  yield `#close\t${zeekDate(last)}\n`;
}

function zeekDate(tsNs: bigint): string {
  const iso = formatRfc3339Ns(tsNs) ?? '1970-01-01T00:00:00.000000000Z';
  return iso.slice(0, 10) + '-' + iso.slice(11, 19).replace(/:/g, '-');
}

/** Zeek's service names (ssl, not tls). */
function zeekService(s: string | null | undefined): string | undefined {
  return s === null || s === undefined ? undefined : s === 'tls' ? 'ssl' : s;
}

function connLine(f: FlowRecord, n: FlowNames | undefined, v: FlowAssessment | undefined): string {
  const loc = v?.location;
  const codes = v === undefined ? undefined : [...new Set(v.reasons.map((r) => r.code))];
  const best = n?.name ?? null;
  const source = n?.nameSource ?? undefined;
  const hasPayloadCounts = f.proto === 'tcp' || f.proto === 'udp' || f.proto === 'icmp';
  return [
    formatZeekTime(f.firstTsNs),
    escapeZeekField(f.uid),
    escapeZeekField(f.origH),
    String(f.origP),
    escapeZeekField(f.respH),
    String(f.respP),
    escapeZeekField(zeekProto(f.proto)),
    escapeZeekField(zeekService(n?.service)),
    formatZeekTime(f.lastTsNs - f.firstTsNs),
    hasPayloadCounts ? String(f.origBytes) : '-',
    hasPayloadCounts ? String(f.respBytes) : '-',
    escapeZeekField(f.connState),
    '-',
    '-',
    '0',
    escapeZeekField(f.history === '' ? undefined : f.history),
    String(f.origPkts),
    String(f.origIpBytes),
    String(f.respPkts),
    String(f.respIpBytes),
    '(empty)',
    String(f.ipProto),
    f.origL2Addr ?? '-',
    f.respL2Addr ?? '-',
    escapeZeekField(f.communityId),
    String(f.firstFrame),
    String(f.lastFrame),
    escapeZeekField(best ?? undefined),
    escapeZeekField(source),
    escapeZeekField(loc === undefined ? undefined : loc.countries.join('|')),
    escapeZeekField(loc?.status),
    escapeZeekField(v?.verdict),
    codes === undefined ? '-' : codes.length === 0 ? '(empty)' : codes.map((c) => escapeZeekField(c).replace(/,/g, '\\x2c')).join(','),
  ].join('\t');
}

/** Zeek's transport_proto enum knows tcp, udp, icmp and unknown_transport. */
function zeekProto(p: string): string {
  return p === 'tcp' || p === 'udp' || p === 'icmp' ? p : 'unknown_transport';
}
