/**
 * Monitor mode's NDJSON events, in the shape analysts know from Suricata's EVE: `timestamp`
 * (packet time, RFC 3339 with ns), `event_type`, the flow in conn.log vocabulary with its
 * Community ID, names with their evidence, what every database said, the rule and the verdict.
 * @module cli/monitor-events
 */
import { communityId } from '../flow/index.js';
import type { Assessment } from '../policy/index.js';
import type { LiveAlert } from '../pipeline/index.js';
import { formatEpochNs, formatRfc3339Ns, type Analysis } from '../report/index.js';

type Obj = { [k: string]: unknown };

function communityIdOf(a: LiveAlert): string | null {
  if (a.communityId !== null) return a.communityId;
  const f = a.flow;
  try {
    return communityId({ ipVersion: f.origH.includes(':') ? 6 : 4, src: f.origH, dst: f.respH, ipProto: f.ipProto, srcPort: f.origP, dstPort: f.respP });
  } catch {
    return null;
  }
}

/** One alert event. */
export function alertEvent(a: LiveAlert, saved: { readonly file: string; readonly frame: number } | null): Obj {
  const f = a.flow;
  const reasons = a.assessment.reasons.map((r) => ({ code: r.code, detail: r.detail, effect: r.effect, ...(r.rule === undefined ? {} : { rule: r.rule }) }));
  return {
    timestamp: formatRfc3339Ns(a.tsNs),
    event_type: 'alert',
    raised: a.when,
    saved: saved === null ? null : { file: saved.file, frame: saved.frame },
    frame: a.frame,
    flow: {
      uid: f.uid,
      community_id: communityIdOf(a),
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
    geo: a.evidence,
    location: a.assessment.location ?? null,
    verdict: a.assessment.verdict,
    reasons,
    rules: [...new Set(reasons.flatMap((r) => ('rule' in r ? [r.rule] : [])))],
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
