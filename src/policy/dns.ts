/**
 * DNS queries from monitored hosts to resolvers the rules do not permit. A query carries the name
 * asked for, so it is data leaving the host whatever its size: by default each such query is a
 * violation regardless of thresholds (uncertainty.dns_to_disallowed_resolver).
 * @module policy/dns
 */
import type { GeoEvidence } from '../geo/index.js';
import type { DnsQueryAssessment } from './assessment.js';
import type { CompiledPolicy, CompiledRule } from './compile.js';
import { normalizeName } from './domain.js';
import type { EndpointJudge } from './endpoint.js';
import { hasOverride, type LocationSummary } from './location.js';
import { verdictOf } from './flows.js';
import { destinationClass, type MonitorSelector } from './monitor.js';
import { addressBytes } from './network.js';
import { sortReasons, type Reason } from './reasons.js';
import type { PolicyDnsQuery } from './types.js';

const UDP = 17;

/** A counted query's assessment with the resolver's location, for the destination table. */
export interface DnsDraft {
  readonly assessment: DnsQueryAssessment;
  readonly location: LocationSummary;
  readonly evidence: GeoEvidence;
}

/**
 * The assessment of a query, or `undefined` when it does not count (client not monitored, or a
 * local resolver without include_local). `monitoredOrigins`: addresses that originated monitored
 * flows (so hosts monitored by MAC count here too).
 */
export function assessDnsQuery(q: PolicyDnsQuery, judge: EndpointJudge, monitor: MonitorSelector, monitoredOrigins: ReadonlySet<string>): DnsDraft | undefined {
  const policy = judge.compiled.policy;
  const client = addressBytes(q.client);
  if (!monitor.address(client) && !monitoredOrigins.has(q.client)) return undefined;
  const resolver = addressBytes(q.resolver);
  const local = destinationClass(resolver).cls !== 'public' && !hasOverride(q.resolverGeo);
  const denied = deniedDomainRule(judge.compiled, q.query);
  if (local && !policy.monitored.includeLocal && denied === undefined) return undefined;
  const ipProto = q.ipProto ?? UDP;
  const j = judge.judge({
    ipText: q.resolver, ip: resolver, port: q.resolverP, ipProto, proto: ipProto === UDP ? 'udp' : ipProto === 6 ? 'tcp' : `ip-${ipProto}`,
    name: null, nameMatters: false, local, evidence: q.resolverGeo,
  });
  const asWarning = policy.uncertainty.dnsToDisallowedResolver === 'warning';
  const adjust = (r: Reason): Reason => (asWarning && (r.effect === 'fail' || r.effect === 'inconclusive') ? { ...r, effect: 'warning' } : r);
  // A violating query is reported once, as dns.query_to_disallowed_resolver (with the rule that
  // matched); the flow that carried it is judged as a flow in its own right, so repeating the
  // location code here would count one query twice in the verdict's reasons.
  const violation = j.status === 'violation' ? j.reasons.find((r) => r.effect === 'fail') : undefined;
  const reasons = (j.status === 'violation' ? j.reasons.filter((r) => r.effect !== 'fail') : j.reasons).map(adjust);
  if (denied !== undefined) {
    reasons.push({
      code: 'dns.query_for_denied_domain', effect: 'fail', rule: denied,
      detail: `query ${q.query} (${String(q.qtype)}) from ${q.client} to ${q.resolver}:${q.resolverP}: the name reaches the domain's own name servers whichever resolver forwards it`,
    });
  }
  if (j.status === 'violation') {
    reasons.push(adjust({
      code: 'dns.query_to_disallowed_resolver', effect: 'fail',
      detail: `query ${q.query} (${String(q.qtype)}) from ${q.client} to ${q.resolver}:${q.resolverP}${violation === undefined ? '' : `: ${violation.detail}`}`,
      ...(violation?.rule === undefined ? {} : { rule: violation.rule }),
    }));
  }
  const sorted = sortReasons(reasons);
  const assessment: DnsQueryAssessment = {
    frame: q.frame, client: q.client, resolver: q.resolver, resolverP: q.resolverP, query: q.query, qtype: q.qtype,
    verdict: verdictOf(sorted), reasons: sorted,
  };
  return { assessment, location: j.location, evidence: q.resolverGeo };
}

/**
 * The first deny rule that names domains and nothing else (no countries, networks, ports, …) and
 * matches the queried `name`, or `undefined`. A query for such a name is itself a contact with the
 * domain: recursive resolvers forward it to the domain's authoritative servers, which the domain's
 * owner runs, so data encoded in the name (DNS tunnelling) leaves through any resolver. Rules with
 * other criteria describe connections, which a query is not.
 */
export function deniedDomainRule(c: CompiledPolicy, name: string): string | undefined {
  const n = normalizeName(name);
  for (const r of c.deny) {
    if (r.domains === undefined || !domainOnly(r)) continue;
    if (r.domains.matches(n)) return r.id;
  }
  return undefined;
}

function domainOnly(r: CompiledRule): boolean {
  return r.protocols === undefined && r.ports === undefined && r.cidrs === undefined && r.location === undefined &&
    r.registered === undefined && r.asns === undefined && r.asOrg === undefined;
}
