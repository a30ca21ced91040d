/**
 * Analysis → the JSON report value (snake_case, conn.log vocabulary). Pure and deterministic:
 * rows sorted, ids derived from frames, wall-clock data only in `run`.
 * @module report/build
 */
import type { CaptureInterface, CaptureStop, CaptureSummary } from '../capture/index.js';
import { proxiedUid, type FlowRecord } from '../flow/index.js';
import type { DnsTransaction, FlowNames, NameEvidence, NamesStats, ProxyRequest } from '../names/index.js';
import type { Analysis, FoldedCounts, RunInfo, TunnelRecord } from './types.js';
import { LazyRows, type JsonValue } from './canonical-json.js';
import type { FlowAssessment, DnsQueryAssessment } from '../policy/index.js';
import { AssessmentLookup, databasesSection, destinationRow, dnsVerdictFields, locationRow, policySection, reasonRow, verdictSection, type Judgement } from './verdict.js';
import { formatEpochNs } from './time.js';
import { nameRow, proxiedRow, tunnelRow } from './relay-rows.js';

/** Identifies the report's shape; bumped on incompatible changes. */
export const REPORT_SCHEMA = 'egress-verify/report@1';

type Obj = { [k: string]: JsonValue };
/** The report value: plain JSON plus lazily built row lists. */
export type ReportValue = { [k: string]: JsonValue | LazyRows<never> };

/**
 * Build the report value. `run` is the only wall-clock part and may be omitted for reproducibility;
 * without a judgement (policy and geolocation) the verdict sections are absent.
 */
export function buildReport(a: Analysis, run?: RunInfo, j?: Judgement): ReportValue {
  const assessed = new AssessmentLookup(j);
  const byQuery = new Map<string, DnsQueryAssessment>();
  if (j !== undefined) {
    for (const q of j.assessment.dnsQueries) byQuery.set(dnsQueryKey(q.frame, q.query, q.qtype, q.client), q);
  }
  const judged = j !== undefined;
  return {
    schema: REPORT_SCHEMA,
    tool: { name: a.tool.name, version: a.tool.version },
    verdict: judged ? verdictSection(j.assessment) : undefined,
    policy: judged ? policySection(j.assessment) : undefined,
    databases: judged ? databasesSection(j) : undefined,
    geo_overrides: judged ? j.overrides.map((o) => ({ entries: o.entries, sha256: o.sha256, source: o.source })) : undefined,
    destinations: judged ? (new LazyRows(j.assessment.destinations, destinationRow) as unknown as LazyRows<never>) : undefined,
    captures: a.captures.map(captureRow),
    coverage: coverageRow(a),
    flows: new LazyRows(a.flows, (f) => {
      const v = assessed.row(f);
      return flowRow(f.rec, f.names, judged, v.own, v.byUid);
    }) as unknown as LazyRows<never>,
    dns: new LazyRows(a.dns, (t) => {
      const row = dnsRow(t);
      if (!judged) return row;
      return mergeSorted(row, dnsVerdictFields(byQuery.get(dnsQueryKey(t.queryFrame ?? t.responseFrame ?? 0, t.query, t.qtype, t.client))));
    }) as unknown as LazyRows<never>,
    names: { ...namesStatsRow(a.namesStats), dns_folded: dnsFoldedRow(a) },
    tunnels: a.tunnels.map((t) => tunnelRow(t, judged, assessed.uid(t.uid))),
    anomalies: a.anomalies.map((r) => ({ code: r.code, count: r.count, example_frames: [...r.exampleFrames] })),
    flow_table: {
      created: a.flowStats.created,
      evicted_at_cap: a.flowStats.evictedAtCap,
      expired_idle: a.flowStats.expiredIdle,
      max_active: a.flowStats.maxActive,
      // Only when monitor mode folded flows: otherwise the report is the same as analyze's.
      folded: foldedRow(a.flowStats.folded),
      fold_after: a.flowStats.foldAfter,
      fold_reason: a.flowStats.foldReason,
      folded_destinations_not_listed: a.flowStats.foldedDestinationsNotListed,
    },
    limits: limitsRow(a),
    run: run === undefined ? undefined : runRow(run),
  };
}

function runRow(r: RunInfo): Obj {
  return { started_at: r.startedAt, finished_at: r.finishedAt, elapsed_ms: r.elapsedMs, argv: [...r.argv], node: r.node };
}

function limitsRow(a: Analysis): Obj {
  const l = a.limits;
  return {
    max_frame_bytes: l.maxFrameBytes,
    max_active_flows: l.maxActiveFlows,
    tcp_idle_timeout_s: Number(l.tcpIdleTimeoutNs) / 1e9,
    udp_idle_timeout_s: Number(l.udpIdleTimeoutNs) / 1e9,
    other_idle_timeout_s: Number(l.otherIdleTimeoutNs) / 1e9,
    fragment_timeout_s: Number(l.fragmentTimeoutNs) / 1e9,
    max_fragment_datagrams: l.maxFragmentDatagrams,
  };
}

function coverageRow(a: Analysis): Obj {
  const c = a.coverage;
  return {
    frames_read: c.framesRead,
    frames_in_flows: c.framesInFlows,
    icmp_errors_attached: c.icmpErrorsAttached,
    icmp_errors_unattributed: c.icmpErrorsUnattributed,
    frames_not_ip: { ...c.framesNotIp },
    frames_malformed: c.framesMalformed,
    frames_unsupported_link: { ...c.framesUnsupportedLink },
    fragments_incomplete: c.fragmentsIncomplete,
    datagrams: c.datagrams,
    frames_snap_truncated: c.framesSnapTruncated,
  };
}

function stopRow(s: CaptureStop): Obj {
  switch (s.kind) {
    case 'complete':
      return { kind: 'complete' };
    case 'truncated':
      return { kind: 'truncated', at_frame: s.atFrame, at_offset: s.atOffset, missing_bytes: s.missingBytes, reason: s.reason };
    case 'corrupt':
      return { kind: 'corrupt', at_frame: s.atFrame, at_offset: s.atOffset, code: s.code, reason: s.reason };
    default: {
      const never: never = s;
      return never;
    }
  }
}

function interfaceRow(i: CaptureInterface): Obj {
  const st = i.statistics;
  return {
    id: i.id,
    section: i.section,
    link_type: i.linkType,
    link_type_name: i.linkTypeName,
    snap_length: i.snapLength,
    name: i.name,
    description: i.description,
    ts_resolution: i.tsResolution,
    ts_offset_s: i.tsOffsetSeconds,
    statistics:
      st === undefined
        ? undefined
        : { if_recv: st.ifRecv, if_drop: st.ifDrop, os_drop: st.osDrop, filter_accept: st.filterAccept, usr_deliv: st.usrDeliv },
  };
}

function captureRow(c: CaptureSummary, index: number): Obj {
  return {
    input: index,
    name: c.name,
    sha256: c.sha256,
    format: c.format,
    compression: c.compression,
    bytes: c.bytes,
    interfaces: c.interfaces.map(interfaceRow),
    frames: c.frames,
    first_frame: c.firstFrame,
    first_ts: c.firstTsNs === null ? null : formatEpochNs(c.firstTsNs),
    last_ts: c.lastTsNs === null ? null : formatEpochNs(c.lastTsNs),
    stop: stopRow(c.stop),
    name_records: c.nameRecords.map((r) => ({ ip: r.ip, names: [...r.names] })),
    name_records_dropped: c.nameRecordsDropped,
  };
}

/**
 * One flow in conn.log vocabulary, plus evidence fields, its names and (when judged) its verdict.
 * Keys are inserted in sorted order: rows already canonical are written without a sorted copy.
 */
export function flowRow(f: FlowRecord, n?: FlowNames, judged = false, v?: FlowAssessment, assessed?: (uid: string) => FlowAssessment | undefined): Obj {
  const o: Obj = {};
  if (v?.allowedBy !== undefined) o['allowed_by'] = v.allowedBy;
  o['alpn'] = n === undefined ? [] : [...n.alpn];
  o['community_id'] = f.communityId;
  o['conn_state'] = f.connState;
  if (judged) o['counted'] = v?.counted ?? false;
  o['duration'] = formatEpochNs(f.lastTsNs - f.firstTsNs);
  o['end_reason'] = f.endReason;
  o['first_frame'] = f.firstFrame;
  o['history'] = f.history;
  o['icmp_errors'] = f.icmpErrors;
  o['ip_proto'] = f.ipProto;
  o['ip_version'] = f.ipVersion;
  o['last_frame'] = f.lastFrame;
  if (v?.location !== undefined) o['location'] = locationRow(v.location);
  o['name'] = n?.name ?? null;
  o['name_flags'] = n === undefined ? [] : [...n.flags];
  o['name_source'] = n?.nameSource ?? null;
  o['names'] = n === undefined ? [] : n.names.map(nameRow);
  o['orig_bytes'] = f.origBytes;
  o['orig_h'] = f.origH;
  o['orig_ip_bytes'] = f.origIpBytes;
  o['orig_l2_addr'] = f.origL2Addr ?? null;
  o['orig_p'] = f.origP;
  o['orig_pkts'] = f.origPkts;
  o['proto'] = f.proto;
  if (n?.proxied !== undefined) o['proxied'] = n.proxied.map((p, i) => proxiedRow(p, proxiedUid(f.firstFrame, i), judged, assessed?.(proxiedUid(f.firstFrame, i))));
  o['resp_bytes'] = f.respBytes;
  o['resp_h'] = f.respH;
  o['resp_ip_bytes'] = f.respIpBytes;
  o['resp_l2_addr'] = f.respL2Addr ?? null;
  o['resp_p'] = f.respP;
  o['resp_pkts'] = f.respPkts;
  o['sample_frames'] = [...f.sampleFrames];
  o['service'] = n?.service ?? null;
  o['ts'] = formatEpochNs(f.firstTsNs);
  o['tunnels'] = f.tunnels.map((t) => ({ dst: t.dst, dst_p: t.dstPort, ip_proto: t.ipProto, kind: t.kind, src: t.src, src_p: t.srcPort }));
  o['uid'] = f.uid;
  if (judged) {
    o['verdict'] = v?.verdict ?? null;
    o['verdict_reasons'] = v === undefined ? [] : v.reasons.map(reasonRow);
  }
  o['vlan'] = [...f.vlan];
  return o;
}


/** One DNS transaction. */
export function dnsRow(t: DnsTransaction): Obj {
  // Keys in sorted order (see flowRow).
  return {
    answers: t.answers.map((a) => ({ data: a.data, name: a.name, ttl: a.ttl, type: a.type })),
    client: t.client,
    client_p: t.clientPort,
    flow_uid: t.flowUid,
    id: t.id,
    qtype: t.qtype,
    query: t.query,
    query_frame: t.queryFrame,
    query_ts: t.queryTsNs === null ? null : formatEpochNs(t.queryTsNs),
    rcode: t.rcode,
    resolver: t.resolver,
    resolver_p: t.resolverPort,
    response_frame: t.responseFrame,
    response_ts: t.responseTsNs === null ? null : formatEpochNs(t.responseTsNs),
    transport: t.transport,
  };
}

function namesStatsRow(s: NamesStats): Obj {
  return {
    dns_messages: s.dnsMessages,
    dns_malformed: s.dnsMalformed,
    dns_answers_mapped: s.dnsAnswersMapped,
    dns_map_evicted: s.dnsMapEvicted,
    // Only when monitor mode expired answers: otherwise the report is the same as analyze's.
    dns_map_expired: s.dnsMapExpired === 0 ? undefined : s.dnsMapExpired,
    dns_transactions_dropped: s.dnsTransactionsDropped,
    tls_client_hellos: s.tlsClientHellos,
    quic_client_hellos: s.quicClientHellos,
    http_requests: s.httpRequests,
    reassembly_cap_hits: s.reassemblyCapHits,
    reassembly_gaps: s.reassemblyGaps,
    // Only when a capture revealed one: otherwise the report is the same as before.
    nat64_prefixes: s.nat64Prefixes.length === 0 ? undefined : s.nat64Prefixes.map((p) => p.source === 'option'
      ? { prefix: p.prefix, source: p.source }
      : { prefix: p.prefix, source: p.source, answer: p.answer, frame: p.frame, ts: formatEpochNs(p.tsNs), client: p.client, resolver: p.resolver }),
  };
}

/** Only when monitor mode folded DNS transactions: otherwise the report is the same as analyze's. */
function dnsFoldedRow(a: Analysis): Obj | undefined {
  return foldedRow(a.dnsFolded);
}

/** Folded counts, only when any (`fail` only when FAIL records were folded: reports without stay as they were). */
function foldedRow(f: FoldedCounts | undefined): Obj | undefined {
  if (f === undefined || f.pass + f.ignored + f.inconclusive + f.fail === 0) return undefined;
  return { ...(f.fail === 0 ? {} : { fail: f.fail }), ignored: f.ignored, inconclusive: f.inconclusive, pass: f.pass };
}

/** `a` and `b` (canonical rows) as one row with keys in sorted order, so it stays canonical. */
function mergeSorted(a: Obj, b: Obj): Obj {
  const keys = [...Object.keys(a), ...Object.keys(b)].sort();
  const o: Obj = {};
  for (const k of keys) o[k] = (k in b ? b[k] : a[k])!;
  return o;
}

/** Pairs a DNS transaction with its judgement (the policy judges a query at its query frame, or its response frame when the query was not seen). */
function dnsQueryKey(frame: number, query: string, qtype: string | number, client: string): string {
  return `${frame}|${query}|${qtype}|${client}`;
}
