/**
 * Flows as CSV (RFC 4180), one row per flow, header first; formula-like cells neutralised.
 * @module report/csv
 */
import type { Analysis } from './types.js';
import { AssessmentLookup, type Judgement } from './verdict.js';
import { escapeCsvField } from './escape.js';
import { formatEpochNs } from './time.js';

const COLUMNS = [
  'uid', 'ts', 'duration', 'proto', 'orig_h', 'orig_p', 'resp_h', 'resp_p', 'vlan',
  'orig_pkts', 'resp_pkts', 'orig_ip_bytes', 'resp_ip_bytes', 'orig_bytes', 'resp_bytes',
  'conn_state', 'history', 'first_frame', 'last_frame', 'community_id', 'icmp_errors', 'end_reason', 'tunnels',
  'orig_l2_addr', 'resp_l2_addr',
  'service', 'name', 'names', 'name_flags', 'resp_countries', 'resp_geo_status', 'resp_asns', 'verdict', 'verdict_reasons',
] as const;

/** Render the flows as CSV with CRLF line ends (RFC 4180 §2). */
export function renderCsv(a: Analysis, j?: Judgement): string {
  return [...csvChunks(a, j)].join('');
}

/** CSV as chunks: the header row, then one row per flow. */
export function* csvChunks(a: Analysis, j?: Judgement): Generator<string> {
  const assessed = new AssessmentLookup(j);
  yield COLUMNS.join(',') + '\r\n';
  for (const flow of a.flows) {
    const { rec: f, names: n } = flow;
    const v = assessed.row(flow).own;
    const loc = v?.location;
    const cells: (string | number)[] = [
      f.uid, formatEpochNs(f.firstTsNs), formatEpochNs(f.lastTsNs - f.firstTsNs), f.proto,
      f.origH, f.origP, f.respH, f.respP, f.vlan.join(' '),
      f.origPkts, f.respPkts, f.origIpBytes, f.respIpBytes, f.origBytes, f.respBytes,
      f.connState, f.history, f.firstFrame, f.lastFrame, f.communityId, f.icmpErrors, f.endReason,
      f.tunnels.map((t) => `${t.kind}:${t.src}>${t.dst}`).join(' '),
      f.origL2Addr ?? '', f.respL2Addr ?? '',
      n?.service ?? '', n?.name ?? '', (n?.names ?? []).map((x) => `${x.value}@${x.source}`).join(' '), (n?.flags ?? []).join(' '),
      loc?.countries.join(' ') ?? '', loc?.status ?? '', loc?.asns.join(' ') ?? '', v?.verdict ?? '', [...new Set((v?.reasons ?? []).map((r) => r.code))].join(' '),
    ];
    yield cells.map(escapeCsvField).join(',') + '\r\n';
  }
}
