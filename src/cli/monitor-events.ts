/**
 * Monitor mode's NDJSON events, in the shape analysts know from Suricata's EVE: `timestamp`
 * (packet time, RFC 3339 with ns), `event_type`, the flow in conn.log vocabulary with its
 * Community ID, names with their evidence, what every database said, the rule and the verdict.
 * A DNS alert (`raised: "dns"`) has the query in `dns` and the client → resolver tuple as its flow.
 * @module cli/monitor-events
 */
import { communityId } from '../flow/index.js';
import type { Assessment, Reason } from '../policy/index.js';
import type { LiveAlert } from '../pipeline/index.js';
import { formatEpochNs, formatRfc3339Ns, type Analysis } from '../report/index.js';

type Obj = { [k: string]: unknown };
type FlowAlert = Exclude<LiveAlert, { when: 'dns' }>;
type DnsAlert = Extract<LiveAlert, { when: 'dns' }>;
type Saved = { readonly file: string; readonly frame: number } | null;

function communityIdOf(origH: string, origP: number, respH: string, respP: number, ipProto: number): string | null {
  try {
    return communityId({ ipVersion: origH.includes(':') ? 6 : 4, src: origH, dst: respH, ipProto, srcPort: origP, dstPort: respP });
  } catch {
    return null;
  }
}

/** One alert event. */
export function alertEvent(a: LiveAlert, saved: Saved): Obj {
  return a.when === 'dns' ? dnsAlertEvent(a, saved) : flowAlertEvent(a, saved);
}

/** What every alert has: when, where its packet is kept, the evidence and the judgement. */
function alertCommon(a: LiveAlert, saved: Saved, reasons: readonly Reason[]): Obj {
  const rows = reasons.map((r) => ({ code: r.code, detail: r.detail, effect: r.effect, ...(r.rule === undefined ? {} : { rule: r.rule }) }));
  return {
    timestamp: formatRfc3339Ns(a.tsNs),
    event_type: 'alert',
    raised: a.when,
    saved: saved === null ? null : { file: saved.file, frame: saved.frame },
    frame: a.frame,
    geo: a.evidence,
    verdict: a.assessment.verdict,
    reasons: rows,
    rules: [...new Set(rows.flatMap((r) => ('rule' in r ? [r.rule] : [])))],
  };
}

/** A query to a resolver the policy does not permit (its flow's uid is not known before the flow ends). */
function dnsAlertEvent(a: DnsAlert, saved: Saved): Obj {
  const t = a.transaction;
  return {
    ...alertCommon(a, saved, a.assessment.reasons),
    flow: {
      uid: null,
      community_id: communityIdOf(t.client, t.clientPort, t.resolver, t.resolverPort, t.transport === 'tcp' ? 6 : 17),
      proto: t.transport,
      orig_h: t.client,
      orig_p: t.clientPort,
      resp_h: t.resolver,
      resp_p: t.resolverPort,
    },
    dns: {
      id: t.id,
      query: t.query,
      qtype: t.qtype,
      rcode: t.rcode,
      query_frame: t.queryFrame,
      query_ts: t.queryTsNs === null ? null : formatEpochNs(t.queryTsNs),
      response_frame: t.responseFrame,
    },
    location: null,
  };
}

function flowAlertEvent(a: FlowAlert, saved: Saved): Obj {
  const f = a.flow;
  return {
    ...alertCommon(a, saved, a.assessment.reasons),
    flow: {
      uid: f.uid,
      // A proxied request's alert carries the Community ID of the connection to the proxy (pipeline/live).
      community_id: a.communityId ?? communityIdOf(f.origH, f.origP, f.respH, f.respP, f.ipProto),
      ...(f.viaProxy === undefined ? {} : { via_proxy: f.viaProxy }),
      ...(f.tunnel === undefined ? {} : { tunnel: f.tunnel }),
      proto: f.proto,
      orig_h: f.origH,
      orig_p: f.origP,
      resp_h: f.respH,
      resp_p: f.respP,
      first_frame: f.firstFrame,
      ts: formatEpochNs(f.firstTsNs),
      orig_bytes: f.origBytes,
      orig_pkts: f.origPkts,
    },
    name: a.names.name,
    name_source: a.names.nameSource,
    names: a.names.names.map((n) => ({ value: n.value, source: n.source, frame: n.frame, ts: n.tsNs === null ? null : formatEpochNs(n.tsNs) })),
    name_flags: [...a.names.flags],
    location: a.assessment.location ?? null,
  };
}

/** The closing event: the verdict of record over everything read. */
export function verdictEvent(a: Assessment, an: Analysis, stoppedBy: string | null): Obj {
  const last = [...an.captures].reverse().find((c) => c.lastTsNs !== null)?.lastTsNs ?? null;
  return {
    timestamp: last === null ? null : formatRfc3339Ns(last),
    event_type: 'verdict',
    verdict: a.verdict,
    reasons: a.reasons.map((r) => ({ code: r.code, count: r.count, detail: r.detail, effect: r.effect })),
    counts: {
      destinations: a.counts.destinations, dns_queries: a.counts.dnsQueries, fail: a.counts.fail, flows: a.counts.flows,
      flows_counted: a.counts.counted, flows_ignored: a.counts.ignored, inconclusive: a.counts.inconclusive, pass: a.counts.pass,
    },
    frames_read: an.coverage.framesRead,
    stopped_by: stoppedBy,
  };
}
