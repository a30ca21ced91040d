/**
 * Scenarios, each built in code: policy + flows + DNS + capture context → verdict and reason
 * codes (effect:code). Both directions are tested: wrong verdicts either way are the worst bug.
 * The last test checks that every reason code is produced by some scenario.
 */
import { describe, expect, it } from 'vitest';
import { geoDatabaseFromBuffer, geolocate, OVERRIDES_FORMAT, parseOverrides } from '../../src/geo/index.js';
import { asn as mmdbAsn, buildMmdb, flat } from '../builders/mmdb.js';
import { evaluate, REASON_CODES, type Assessment, type EvaluationInput, type FlowVerdict, type Policy, type Verdict } from '../../src/policy/index.js';
import {
  allowlist, answer, capture, context, denylist, disputed, dnsQuery, evidence, examplePolicy, flow, handshake, input, located,
  named, overridden, strangeConsensus, unlocated,
} from '../builders/policy-inputs.js';

const DENY = examplePolicy('deny-ru-by.yaml');
const ALLOW = examplePolicy('allowlist-gb-eea-ch.yaml');
const RU = '11.1.0.1';
const BY = '11.1.0.2';
const DE = '11.2.0.1';
const US = '11.3.0.1';
const EEA_ALLOW = { id: 'eea', action: 'allow', countries: ['GB', 'CH'], groups: ['EEA'] };
const DENY_RU = { id: 'ru', action: 'deny', countries: ['RU'] };

interface Scenario {
  readonly name: string;
  readonly policy: Policy;
  readonly input: EvaluationInput;
  readonly verdict: Verdict;
  /** Overall reasons, `effect:code`, exactly. */
  readonly reasons: readonly string[];
  /** Overall warnings, exactly, when given. */
  readonly warnings?: readonly string[];
  /** Per-flow verdict and (when given) exact reason list, by uid. */
  readonly flows?: Readonly<Record<string, { readonly verdict: FlowVerdict; readonly codes?: readonly string[] }>>;
}

const codes = (rs: readonly { effect: string; code: string }[]): string[] => rs.map((r) => `${r.effect}:${r.code}`);
const f1 = (o: Parameters<typeof flow>[0] = {}) => flow({ uid: 'F1', firstFrame: 10, ...o });
const f2 = (o: Parameters<typeof flow>[0] = {}) => flow({ uid: 'F2', firstFrame: 20, ...o });
const f3 = (o: Parameters<typeof flow>[0] = {}) => flow({ uid: 'F3', firstFrame: 30, ...o });
const ruFlow = (o: Parameters<typeof flow>[0] = {}) => f1({ respH: RU, dest: located(RU, 'RU'), ...o });
const deFlow = (o: Parameters<typeof flow>[0] = {}) => f2({ respH: DE, ...o });
const vendor = (country: string, o: Parameters<typeof flow>[0] = {}) => named('api.vendor.example', { uid: 'F1', firstFrame: 10, respH: DE, dest: located(DE, country), ...o });

const GEO: Scenario[] = [
  { name: 'denylisted country: payload to RU fails', policy: DENY, input: input([ruFlow(), deFlow()]), verdict: 'FAIL', reasons: ['fail:flow.denied_country'], flows: { F1: { verdict: 'FAIL', codes: ['fail:flow.denied_country', 'warning:name.none'] }, F2: { verdict: 'PASS' } } },
  { name: 'clean host passes', policy: DENY, input: input([deFlow(), named('www.example.de', { uid: 'F3', firstFrame: 30, respH: '11.2.0.9', dest: located('11.2.0.9', 'NL') })]), verdict: 'PASS', reasons: [], warnings: ['warning:name.none'], flows: { F3: { verdict: 'PASS', codes: [] } } },
  { name: 'IPv6 destination in RU fails', policy: DENY, input: input([f1({ respH: '2a00:1148::1', dest: located('2a00:1148::1', 'RU') })]), verdict: 'FAIL', reasons: ['fail:flow.denied_country'] },
  { name: 'IPv6 destination in DE passes', policy: DENY, input: input([f1({ origH: 'fe80::1', respH: '2a00:1450::1', dest: located('2a00:1450::1', 'DE') })]), verdict: 'PASS', reasons: [] },
  { name: 'disputed, decided: RU vs BY under deny RU,BY', policy: DENY, input: input([f1({ respH: RU, dest: disputed(RU, { gwa: 'RU', dbip: 'BY' }) })]), verdict: 'FAIL', reasons: ['fail:flow.denied_country'], flows: { F1: { verdict: 'FAIL', codes: ['fail:flow.denied_country', 'warning:name.none'] } } },
  { name: 'disputed, decided across two rules: deny RU + deny BY', policy: denylist([DENY_RU, { id: 'by', action: 'deny', countries: ['BY'] }]), input: input([f1({ respH: RU, dest: disputed(RU, { gwa: 'RU', dbip: 'BY' }) })]), verdict: 'FAIL', reasons: ['fail:flow.denied_country'] },
  { name: 'disputed, decided: DE vs NL under allowlist EEA', policy: allowlist([EEA_ALLOW]), input: input([f1({ respH: DE, dest: disputed(DE, { gwa: 'DE', dbip: 'NL' }) })]), verdict: 'PASS', reasons: [], flows: { F1: { verdict: 'PASS', codes: ['warning:name.none', 'info:geo.disputed'] } } },
  { name: 'disputed, split: DE vs RU is inconclusive', policy: DENY, input: input([f1({ respH: DE, dest: disputed(DE, { gwa: 'DE', dbip: 'RU' }) })]), verdict: 'INCONCLUSIVE', reasons: ['inconclusive:geo.disputed'] },
  { name: 'disputed, split: worst_case fails', policy: denylist([DENY_RU], { uncertainty: { disputed: 'worst_case' } }), input: input([f1({ respH: DE, dest: disputed(DE, { gwa: 'DE', dbip: 'RU' }) })]), verdict: 'FAIL', reasons: ['fail:flow.denied_country', 'fail:geo.disputed'] },
  { name: 'disputed, split: allowlist DE vs US is inconclusive', policy: allowlist([EEA_ALLOW]), input: input([f1({ respH: DE, dest: disputed(DE, { gwa: 'DE', dbip: 'US' }) })]), verdict: 'INCONCLUSIVE', reasons: ['inconclusive:geo.disputed'] },
  { name: 'majority: 2 DE vs 1 RU passes with a warning', policy: denylist([DENY_RU], { uncertainty: { disputed: 'majority' } }), input: input([f1({ respH: DE, dest: disputed(DE, { a: 'DE', b: 'DE', c: 'RU' }) })]), verdict: 'PASS', reasons: [], warnings: ['warning:geo.majority_decided', 'warning:name.none'] },
  { name: 'majority: 2 RU vs 1 DE fails', policy: denylist([DENY_RU], { uncertainty: { disputed: 'majority' } }), input: input([f1({ respH: DE, dest: disputed(DE, { a: 'RU', b: 'DE', c: 'RU' }) })]), verdict: 'FAIL', reasons: ['fail:flow.denied_country'] },
  { name: 'majority: a tie stays inconclusive', policy: denylist([DENY_RU], { uncertainty: { disputed: 'majority' } }), input: input([f1({ respH: DE, dest: disputed(DE, { a: 'RU', b: 'DE' }) })]), verdict: 'INCONCLUSIVE', reasons: ['inconclusive:geo.disputed'] },
  { name: 'unknown location is inconclusive, never allowed', policy: DENY, input: input([f1({ respH: US, dest: unlocated(US) })]), verdict: 'INCONCLUSIVE', reasons: ['inconclusive:geo.unknown'] },
  { name: 'unknown location: worst_case fails', policy: denylist([DENY_RU], { uncertainty: { unknown: 'worst_case' } }), input: input([f1({ respH: US, dest: unlocated(US) })]), verdict: 'FAIL', reasons: ['fail:geo.unknown'] },
  { name: 'unknown location in allowlist is inconclusive', policy: allowlist([EEA_ALLOW]), input: input([f1({ respH: US, dest: unlocated(US) })]), verdict: 'INCONCLUSIVE', reasons: ['inconclusive:geo.unknown'] },
  { name: 'unknown location does not matter to a name-only policy', policy: denylist([{ id: 'd', action: 'deny', domains: ['*.bad.example'] }]), input: input([named('ok.example', { uid: 'F1', firstFrame: 10, respH: US, dest: unlocated(US) })]), verdict: 'PASS', reasons: [] },
  { name: 'a database answering EU (not a country) is no data', policy: DENY, input: input([f1({ respH: DE, dest: located(DE, 'EU') })]), verdict: 'INCONCLUSIVE', reasons: ['inconclusive:geo.unknown'] },
  { name: 'CIDR override: RU override of DE databases fails', policy: DENY, input: input([f1({ respH: DE, dest: overridden(located(DE, 'DE'), { country: 'RU', cidr: '11.2.0.0/24' }) })]), verdict: 'FAIL', reasons: ['fail:flow.denied_country'], flows: { F1: { verdict: 'FAIL', codes: ['fail:flow.denied_country', 'warning:name.none', 'info:geo.override'] } } },
  { name: 'CIDR override: DE override of RU databases passes', policy: DENY, input: input([f1({ respH: RU, dest: overridden(located(RU, 'RU'), { country: 'DE', cidr: '11.1.0.0/24' }) })]), verdict: 'PASS', reasons: [] },
  { name: 'CIDR override without a country: the databases decide', policy: DENY, input: input([f1({ respH: RU, dest: overridden(located(RU, 'RU'), { cidr: '11.1.0.0/24' }) })]), verdict: 'FAIL', reasons: ['fail:flow.denied_country'] },
  { name: 'CIDR override on a local address (a remote site in RU) is judged', policy: DENY, input: input([f1({ respH: '10.20.1.1', dest: overridden(evidence('10.20.1.1', []), { country: 'RU', cidr: '10.20.0.0/16' }) })]), verdict: 'FAIL', reasons: ['fail:flow.denied_country'] },
  { name: 'CIDR override on a local resolver (in RU) is judged', policy: DENY, input: input([deFlow()], { dnsQueries: [dnsQuery({ resolver: '10.20.0.53', resolverGeo: overridden(evidence('10.20.0.53', []), { country: 'RU', cidr: '10.20.0.0/16' }) })] }), verdict: 'FAIL', reasons: ['fail:dns.query_to_disallowed_resolver'] },
  { name: 'unrecognised consensus status is inconclusive', policy: DENY, input: input([f1({ respH: DE, dest: strangeConsensus(located(DE, 'DE')) })]), verdict: 'INCONCLUSIVE', reasons: ['inconclusive:geo.unrecognised_consensus'], flows: { F1: { verdict: 'INCONCLUSIVE', codes: ['inconclusive:geo.unrecognised_consensus', 'warning:name.none'] } } },
  { name: 'unrecognised consensus is inconclusive even under worst_case', policy: denylist([DENY_RU], { uncertainty: { unknown: 'worst_case', disputed: 'worst_case' } }), input: input([f1({ respH: DE, dest: strangeConsensus(located(DE, 'DE')) })]), verdict: 'INCONCLUSIVE', reasons: ['inconclusive:geo.unrecognised_consensus'] },
  { name: 'unrecognised consensus does not hide a violation proven without it', policy: denylist([DENY_RU, { id: 'port', action: 'deny', ports: [443] }]), input: input([f1({ respH: DE, dest: strangeConsensus(located(DE, 'DE')) })]), verdict: 'FAIL', reasons: ['fail:flow.denied_service'], flows: { F1: { verdict: 'FAIL', codes: ['fail:flow.denied_service', 'warning:name.none', 'info:geo.unrecognised_consensus'] } } },
  { name: 'AS-organisation rule without AS data is inconclusive', policy: allowlist([EEA_ALLOW, { id: 'no-x', action: 'deny', as_org: ['x'] }]), input: input([f1({ respH: DE, dest: evidence(DE, [answer('gwa', { country: 'DE' })]) })]), verdict: 'INCONCLUSIVE', reasons: ['inconclusive:geo.unknown'] },
  { name: 'registration rule without registration data is inconclusive', policy: denylist([{ id: 'reg', action: 'deny', registered_countries: ['RU'] }]), input: input([f1({ respH: DE })]), verdict: 'INCONCLUSIVE', reasons: ['inconclusive:geo.unknown'] },
];

const PAYLOAD: Scenario[] = [
  { name: 'handshake-only contact to RU is a warning, not a FAIL', policy: DENY, input: input([handshake({ uid: 'F1', firstFrame: 10, respH: RU, dest: located(RU, 'RU') })]), verdict: 'PASS', reasons: [], warnings: ['warning:contact.handshake_only', 'warning:flow.denied_country', 'warning:name.none'] },
  { name: 'handshake-only contact to a disputed address is a warning', policy: DENY, input: input([handshake({ uid: 'F1', firstFrame: 10, respH: DE, dest: disputed(DE, { gwa: 'DE', dbip: 'RU' }) })]), verdict: 'PASS', reasons: [], warnings: ['warning:contact.handshake_only', 'warning:geo.disputed', 'warning:name.none'] },
  // Sequence accounting is authoritative: 'D' with 0 new bytes is keep-alives/retransmissions (a false FAIL otherwise).
  { name: 'D in the history with 0 bytes counted is a contact, not payload', policy: DENY, input: input([ruFlow({ origBytes: 0, history: 'ShADad' })]), verdict: 'PASS', reasons: [], warnings: ['warning:contact.handshake_only', 'warning:flow.denied_country', 'warning:name.none'] },
  { name: 'payload inside RST segments counts', policy: DENY, input: input([ruFlow({ origBytes: 0, origRstBytes: 200, history: 'ShAR' })]), verdict: 'FAIL', reasons: ['fail:flow.denied_country'] },
  { name: 'threshold: 500 bytes under 1000 is a warning', policy: denylist([DENY_RU], { thresholds: { payload_bytes: 1000 } }), input: input([ruFlow({ origBytes: 500 })]), verdict: 'PASS', reasons: [], warnings: ['warning:flow.below_threshold', 'warning:flow.denied_country', 'warning:name.none'] },
  { name: 'threshold: 1001 bytes over 1000 fails', policy: denylist([DENY_RU], { thresholds: { payload_bytes: 1000 } }), input: input([ruFlow({ origBytes: 1001 })]), verdict: 'FAIL', reasons: ['fail:flow.denied_country'] },
  { name: 'threshold: exactly 1000 bytes is at most the threshold', policy: denylist([DENY_RU], { thresholds: { payload_bytes: 1000 } }), input: input([ruFlow({ origBytes: 1000 })]), verdict: 'PASS', reasons: [] },
  {
    name: 'threshold: three flows of 400 bytes to one RU address fail together',
    policy: denylist([DENY_RU], { thresholds: { payload_bytes: 1000 } }),
    input: input([ruFlow({ origBytes: 400 }), f2({ respH: RU, dest: located(RU, 'RU'), origBytes: 400 }), f3({ respH: RU, dest: located(RU, 'RU'), origBytes: 400 })]),
    verdict: 'FAIL', reasons: ['fail:flow.denied_country', 'fail:threshold.cumulative_exceeded'],
  },
  {
    // Split across a service's addresses instead of across flows: the same 1200 bytes reached RU (it passed before).
    name: 'threshold: three flows of 400 bytes to three RU addresses fail together',
    policy: denylist([DENY_RU], { thresholds: { payload_bytes: 1000 } }),
    input: input([ruFlow({ origBytes: 400 }), f2({ respH: BY, dest: located(BY, 'RU'), origBytes: 400 }), f3({ respH: '11.1.0.3', dest: located('11.1.0.3', 'RU'), origBytes: 400 })]),
    verdict: 'FAIL', reasons: ['fail:flow.denied_country', 'fail:threshold.cumulative_exceeded'],
    flows: { F2: { verdict: 'FAIL', codes: ['fail:flow.denied_country', 'fail:threshold.cumulative_exceeded', 'warning:name.none'] } },
  },
  {
    name: 'threshold: two RU flows of 400 bytes stay below 1000 together; a GB flow is not counted with them',
    policy: denylist([DENY_RU], { thresholds: { payload_bytes: 1000 } }),
    input: input([ruFlow({ origBytes: 400 }), f2({ respH: BY, dest: located(BY, 'RU'), origBytes: 400 }), f3({ respH: DE, origBytes: 5000 })]),
    verdict: 'PASS', reasons: [],
  },
  {
    name: 'threshold: an uncertain flow counts with the violating ones and becomes inconclusive past the threshold',
    policy: denylist([DENY_RU], { thresholds: { payload_bytes: 1000 } }),
    input: input([ruFlow({ origBytes: 700 }), f2({ respH: DE, dest: disputed(DE, { gwa: 'DE', dbip: 'RU' }), origBytes: 700 })]),
    verdict: 'INCONCLUSIVE', reasons: ['inconclusive:geo.disputed', 'inconclusive:threshold.cumulative_exceeded'],
    flows: { F1: { verdict: 'PASS' }, F2: { verdict: 'INCONCLUSIVE' } },
  },
];

const DNS: Scenario[] = [
  // A violating DNS query is one reason, dns.query_to_disallowed_resolver; the location codes come only from flows.
  { name: 'DNS query to a resolver in RU fails', policy: DENY, input: input([deFlow()], { dnsQueries: [dnsQuery({ resolver: '77.88.8.8', resolverGeo: located('77.88.8.8', 'RU'), frame: 5 })] }), verdict: 'FAIL', reasons: ['fail:dns.query_to_disallowed_resolver'] },
  { name: 'DNS query to a resolver in RU fails even above a payload threshold', policy: denylist([DENY_RU], { thresholds: { payload_bytes: 1000 } }), input: input([f1({ respH: '77.88.8.8', respP: 53, proto: 'udp', ipProto: 17, origBytes: 40, dest: located('77.88.8.8', 'RU') })], { dnsQueries: [dnsQuery({ resolver: '77.88.8.8', resolverGeo: located('77.88.8.8', 'RU'), frame: 10 })] }), verdict: 'FAIL', reasons: ['fail:dns.query_to_disallowed_resolver'] },
  { name: 'DNS query to RU as a warning (dns_to_disallowed_resolver: warning)', policy: denylist([DENY_RU], { thresholds: { payload_bytes: 1000 }, uncertainty: { dns_to_disallowed_resolver: 'warning' } }), input: input([deFlow()], { dnsQueries: [dnsQuery({ resolver: '77.88.8.8', resolverGeo: located('77.88.8.8', 'RU') })] }), verdict: 'PASS', reasons: [], warnings: ['warning:dns.query_to_disallowed_resolver', 'warning:name.none'] },
  { name: 'DNS query to a resolver in DE passes', policy: DENY, input: input([deFlow()], { dnsQueries: [dnsQuery()] }), verdict: 'PASS', reasons: [] },
  { name: 'DNS query to the LAN resolver is not judged', policy: DENY, input: input([deFlow()], { dnsQueries: [dnsQuery({ resolver: '192.168.1.1', resolverGeo: evidence('192.168.1.1', []) })] }), verdict: 'PASS', reasons: [] },
  { name: 'DNS query from an unmonitored public client is not judged', policy: DENY, input: input([deFlow()], { dnsQueries: [dnsQuery({ client: '11.9.9.9', resolver: '77.88.8.8', resolverGeo: located('77.88.8.8', 'RU') })] }), verdict: 'PASS', reasons: [] },
  // A query for a name a domain-only deny rule matches: judged through a LAN resolver too (the name reaches the domain's name servers).
  { name: 'DNS query for a denied domain through a LAN resolver fails', policy: denylist([{ id: 'd', action: 'deny', domains: ['*.bad.example'] }]), input: input([deFlow()], { dnsQueries: [dnsQuery({ query: 'x1.bad.example', resolver: '192.168.1.1', resolverGeo: evidence('192.168.1.1', []) })] }), verdict: 'FAIL', reasons: ['fail:dns.query_for_denied_domain'] },
  { name: 'a deny rule with domains and a country does not judge queries', policy: denylist([{ id: 'd', action: 'deny', domains: ['*.bad.example'], countries: ['RU'] }]), input: input([deFlow()], { dnsQueries: [dnsQuery({ query: 'x1.bad.example', resolver: '192.168.1.1', resolverGeo: evidence('192.168.1.1', []) })] }), verdict: 'PASS', reasons: [] },
  { name: 'DNS query to an undeclared resolver in allowlist mode fails', policy: ALLOW, input: input([vendor('DE')], { dnsQueries: [dnsQuery({ resolver: '8.8.8.8', resolverGeo: located('8.8.8.8', 'US') })] }), verdict: 'FAIL', reasons: ['fail:dns.query_to_disallowed_resolver'] },
];

const ALLOWLIST: Scenario[] = [
  { name: 'allowlist: declared vendor endpoint in DE passes', policy: ALLOW, input: input([vendor('DE')]), verdict: 'PASS', reasons: [], flows: { F1: { verdict: 'PASS', codes: [] } } },
  { name: 'allowlist violation: declared endpoint in US', policy: ALLOW, input: input([vendor('US')]), verdict: 'FAIL', reasons: ['fail:flow.not_allowed_country'] },
  { name: 'undeclared endpoint in an allowed country fails', policy: ALLOW, input: input([named('telemetry.other.example', { uid: 'F1', firstFrame: 10, respH: DE })]), verdict: 'FAIL', reasons: ['fail:flow.undeclared_endpoint'] },
  { name: 'nameless flow outside the declared CIDRs is undeclared (address_only)', policy: ALLOW, input: input([f1({ respH: DE })]), verdict: 'FAIL', reasons: ['fail:flow.undeclared_endpoint'] },
  { name: 'nameless flow with no_name: inconclusive', policy: allowlist([EEA_ALLOW], { declared_endpoints: { domains: ['*.vendor.example'] }, uncertainty: { no_name: 'inconclusive' } }), input: input([f1({ respH: DE })]), verdict: 'INCONCLUSIVE', reasons: ['inconclusive:name.none'] },
  { name: 'nameless flow declared by CIDR passes', policy: allowlist([EEA_ALLOW], { declared_endpoints: { cidrs: ['11.2.0.0/24'] } }), input: input([f1({ respH: DE })]), verdict: 'PASS', reasons: [] },
  { name: 'undeclared endpoint in denylist mode, enforced', policy: denylist([DENY_RU], { declared_endpoints: { domains: ['*.vendor.example'], enforce_in_denylist: true } }), input: input([named('x.other.example', { uid: 'F1', firstFrame: 10, respH: DE })]), verdict: 'FAIL', reasons: ['fail:flow.undeclared_endpoint'] },
  { name: 'undeclared endpoint in denylist mode, not enforced (default)', policy: denylist([DENY_RU], { declared_endpoints: { domains: ['*.vendor.example'] } }), input: input([named('x.other.example', { uid: 'F1', firstFrame: 10, respH: DE })]), verdict: 'PASS', reasons: [] },
  { name: 'deny overrides allow: tracker in an allowed country', policy: allowlist([EEA_ALLOW, { id: 'trackers', action: 'deny', domains: ['*.tracker.example'] }]), input: input([named('t.tracker.example', { uid: 'F1', firstFrame: 10, respH: DE })]), verdict: 'FAIL', reasons: ['fail:flow.denied_domain'], flows: { F1: { verdict: 'FAIL', codes: ['fail:flow.denied_domain'] } } },
  { name: 'allowlist: no allow rule matches on port (not the country)', policy: allowlist([{ id: 'web', action: 'allow', countries: ['DE'], ports: [443] }]), input: input([f1({ respH: DE, respP: 8443 })]), verdict: 'FAIL', reasons: ['fail:flow.not_allowed'] },
];

const MONITOR: Scenario[] = [
  { name: 'monitored IP: other hosts are ignored', policy: denylist([DENY_RU], { monitored: { hosts: ['192.168.1.20'] } }), input: input([ruFlow(), f2({ origH: '192.168.1.20', respH: DE })]), verdict: 'PASS', reasons: [], flows: { F1: { verdict: 'IGNORED', codes: ['info:monitor.origin_not_monitored'] }, F2: { verdict: 'PASS' } } },
  { name: 'monitored IP: its RU flow fails', policy: denylist([DENY_RU], { monitored: { hosts: ['192.168.1.20'] } }), input: input([ruFlow({ origH: '192.168.1.20' })]), verdict: 'FAIL', reasons: ['fail:flow.denied_country'] },
  { name: 'monitored CIDR', policy: denylist([DENY_RU], { monitored: { hosts: ['192.168.1.0/28'] } }), input: input([ruFlow()]), verdict: 'FAIL', reasons: ['fail:flow.denied_country'] },
  { name: 'monitored MAC (written with dashes, upper case)', policy: denylist([DENY_RU], { monitored: { hosts: ['00-11-22-AA-BB-CC'] } }), input: input([ruFlow({ origMac: '00:11:22:aa:bb:cc' })]), verdict: 'FAIL', reasons: ['fail:flow.denied_country'] },
  { name: 'monitored MAC: another MAC is ignored', policy: denylist([DENY_RU], { monitored: { hosts: ['00:11:22:aa:bb:cc'] } }), input: input([ruFlow({ origMac: '00:11:22:aa:bb:cd' })]), verdict: 'INCONCLUSIVE', reasons: ['inconclusive:monitor.no_monitored_flows'] },
  { name: 'monitored MAC: a violating flow without a MAC is inconclusive', policy: denylist([DENY_RU], { monitored: { hosts: ['00:11:22:aa:bb:cc'] } }), input: input([ruFlow(), f2({ respH: DE, origMac: '00:11:22:aa:bb:cc' })]), verdict: 'INCONCLUSIVE', reasons: ['inconclusive:monitor.mac_unavailable'], flows: { F1: { verdict: 'INCONCLUSIVE', codes: ['inconclusive:monitor.mac_unavailable', 'warning:name.none', 'info:flow.denied_country'] } } },
  { name: 'monitored MAC: a clear flow without a MAC is ignored', policy: denylist([DENY_RU], { monitored: { hosts: ['00:11:22:aa:bb:cc'] } }), input: input([deFlow({ uid: 'F1' }), f3({ respH: DE, origMac: '00:11:22:aa:bb:cc' })]), verdict: 'PASS', reasons: [], flows: { F1: { verdict: 'IGNORED' } } },
  { name: 'default: a documentation-prefix IPv6 LAN host is monitored', policy: DENY, input: input([f1({ origH: '2001:db8:1:1::10', respH: '2a00:1148::1', dest: located('2a00:1148::1', 'RU') })]), verdict: 'FAIL', reasons: ['fail:flow.denied_country'] },
  { name: 'default: a public IPv6 originator is judged as the same host as its private IPv4 address (one MAC)', policy: DENY, input: input([ruFlow({ origH: '2a00:23c8::10', origSameHost: ['192.168.1.20'] })]), verdict: 'FAIL', reasons: ['fail:flow.denied_country'], flows: { F1: { verdict: 'FAIL', codes: ['fail:flow.denied_country', 'warning:name.none', 'info:monitor.same_host_by_mac'] } } },
  { name: 'default: a public originator linked only to public addresses is not judged', policy: DENY, input: input([ruFlow({ origH: '2a00:23c8::10', origSameHost: ['11.9.9.9'] }), deFlow()]), verdict: 'INCONCLUSIVE', reasons: ['inconclusive:monitor.public_origin_unjudged'] },
  { name: 'monitored IP: its other address by MAC is monitored too', policy: denylist([DENY_RU], { monitored: { hosts: ['192.168.1.20'] } }), input: input([ruFlow({ origH: '2a00:23c8::10', origSameHost: ['192.168.1.20'] })]), verdict: 'FAIL', reasons: ['fail:flow.denied_country'] },
  { name: 'default: a public originator is not judged, and says so', policy: DENY, input: input([ruFlow({ origH: '11.9.9.9' }), deFlow()]), verdict: 'INCONCLUSIVE', reasons: ['inconclusive:monitor.public_origin_unjudged'] },
  { name: 'listed hosts: public originators are simply not monitored', policy: denylist([DENY_RU], { monitored: { hosts: ['192.168.1.10'] } }), input: input([ruFlow({ origH: '11.9.9.9' }), deFlow()]), verdict: 'PASS', reasons: [] },
  { name: 'inbound flow where the monitored host sent payload back is inconclusive', policy: DENY, input: input([f1({ origH: RU, respH: '192.168.1.10', dest: evidence('192.168.1.10', []), respBytes: 900 }), deFlow()]), verdict: 'INCONCLUSIVE', reasons: ['inconclusive:monitor.inbound_payload_unjudged'] },
  { name: 'local, multicast and broadcast destinations are ignored', policy: DENY, input: input([f1({ respH: '192.168.1.1', dest: evidence('192.168.1.1', []) }), f2({ respH: '224.0.0.251', proto: 'udp', ipProto: 17, dest: evidence('224.0.0.251', []) }), f3({ respH: '255.255.255.255', proto: 'udp', ipProto: 17, dest: evidence('255.255.255.255', []) }), flow({ uid: 'F4', firstFrame: 40, respH: 'ff02::fb', origH: 'fe80::1', dest: evidence('ff02::fb', []) }), flow({ uid: 'F5', firstFrame: 50, respH: DE })]), verdict: 'PASS', reasons: [], flows: { F1: { verdict: 'IGNORED', codes: ['info:flow.local_destination'] }, F2: { verdict: 'IGNORED', codes: ['info:flow.multicast_destination'] }, F3: { verdict: 'IGNORED' }, F4: { verdict: 'IGNORED' }, F5: { verdict: 'PASS' } } },
  { name: 'only local traffic: nothing was judged', policy: DENY, input: input([f1({ respH: '192.168.1.1', dest: evidence('192.168.1.1', []) })]), verdict: 'INCONCLUSIVE', reasons: ['inconclusive:monitor.no_monitored_flows'] },
  { name: 'include_local in denylist: a LAN destination is judged and clear', policy: denylist([DENY_RU], { monitored: { include_local: true } }), input: input([f1({ respH: '192.168.1.1', dest: evidence('192.168.1.1', []) })]), verdict: 'PASS', reasons: [], flows: { F1: { verdict: 'PASS' } } },
  { name: 'include_local in allowlist: a LAN destination is not in an allowed country', policy: allowlist([EEA_ALLOW], { monitored: { include_local: true } }), input: input([f1({ respH: '192.168.1.1', dest: evidence('192.168.1.1', []) })]), verdict: 'FAIL', reasons: ['fail:flow.not_allowed_country'] },
  { name: 'include_local in allowlist: allowed by a CIDR rule', policy: allowlist([EEA_ALLOW, { id: 'lan', action: 'allow', cidrs: ['192.168.0.0/16'] }], { monitored: { include_local: true } }), input: input([f1({ respH: '192.168.1.1', dest: evidence('192.168.1.1', []) })]), verdict: 'PASS', reasons: [] },
  { name: 'NAT64 destination counts, with no location', policy: DENY, input: input([f1({ origH: 'fd00::10', respH: '64:ff9b::b01:1', dest: evidence('64:ff9b::b01:1', []) })]), verdict: 'INCONCLUSIVE', reasons: ['inconclusive:geo.unknown'] },
];

const COMPLETENESS: Scenario[] = [
  { name: 'truncated capture without a violation is inconclusive', policy: DENY, input: input([deFlow()], { context: context({ captures: [capture({ stop: { kind: 'truncated', frame: 900, offset: 123456, reason: 'record cut short' } })] }) }), verdict: 'INCONCLUSIVE', reasons: ['inconclusive:capture.truncated'] },
  { name: 'truncated capture with a proven violation fails', policy: DENY, input: input([ruFlow(), deFlow()], { context: context({ captures: [capture({ stop: { kind: 'truncated', frame: 900 } })] }) }), verdict: 'FAIL', reasons: ['fail:flow.denied_country', 'inconclusive:capture.truncated'] },
  { name: 'corrupt capture is inconclusive', policy: DENY, input: input([deFlow()], { context: context({ captures: [capture(), capture({ input: 1, name: 'b.pcap', stop: { kind: 'corrupt', frame: 12, reason: 'bad block length' } })] }) }), verdict: 'INCONCLUSIVE', reasons: ['inconclusive:capture.corrupt'] },
  { name: 'a copy of an input given again is inconclusive', policy: DENY, input: input([deFlow()], { context: context({ captures: [capture({ input: 0, name: 'a.pcap', sha256: 'cd'.repeat(32), firstTsNs: 1n, lastTsNs: 1n }), capture({ input: 1, name: 'b.pcap', sha256: 'ef'.repeat(32), firstTsNs: 1n, lastTsNs: 1n }), capture({ input: 2, name: 'a-copy.pcap', sha256: 'cd'.repeat(32), firstTsNs: 1n, lastTsNs: 1n })] }) }), verdict: 'INCONCLUSIVE', reasons: ['inconclusive:capture.duplicate_input'] },
  { name: 'inputs not read whole (no digest), or without frames (empty rotated files), are not compared', policy: DENY, input: input([deFlow()], { context: context({ captures: [capture({ input: 0, name: '-', sha256: '', firstTsNs: 1n, lastTsNs: 1n }), capture({ input: 1, name: 'b.pcap', sha256: '', firstTsNs: 1n, lastTsNs: 1n }), capture({ input: 2, name: 'empty1.pcap', sha256: 'ee'.repeat(32), firstTsNs: null, lastTsNs: null }), capture({ input: 3, name: 'empty2.pcap', sha256: 'ee'.repeat(32), firstTsNs: null, lastTsNs: null })] }) }), verdict: 'PASS', reasons: [] },
  { name: 'an input that starts before the previous one ends is inconclusive', policy: DENY, input: input([deFlow()], { context: context({ captures: [capture({ input: 0, name: 'b.pcap', firstTsNs: 2_000_000_000_000n, lastTsNs: 2_000_000_500_000n }), capture({ input: 1, name: 'a.pcap', firstTsNs: 1_000_000_000_000n, lastTsNs: 1_999_000_000_000n })] }) }), verdict: 'INCONCLUSIVE', reasons: ['inconclusive:capture.inputs_out_of_order'] },
  { name: 'inputs in time order, or reordered by less than a second, are not', policy: DENY, input: input([deFlow()], { context: context({ captures: [capture({ input: 0, name: 'a.pcap', firstTsNs: 1_000_000_000_000n, lastTsNs: 2_000_000_000_000n }), capture({ input: 1, name: 'b.pcap', firstTsNs: 1_999_999_999_000n, lastTsNs: 3_000_000_000_000n }), capture({ input: 2, name: 'c.pcap', firstTsNs: null, lastTsNs: null }), capture({ input: 3, name: 'd.pcap', firstTsNs: 3_000_000_000_000n, lastTsNs: 3_000_000_000_000n })] }) }), verdict: 'PASS', reasons: [] },
  { name: 'interface drops are inconclusive', policy: DENY, input: input([deFlow()], { context: context({ captures: [capture({ interfaceDrops: 17 })] }) }), verdict: 'INCONCLUSIVE', reasons: ['inconclusive:capture.interface_drops'] },
  { name: 'interface drops as a warning', policy: denylist([DENY_RU], { completeness: { interface_drops: 'warning' } }), input: input([deFlow()], { context: context({ captures: [capture({ interfaceDrops: 17 })] }) }), verdict: 'PASS', reasons: [], warnings: ['warning:capture.interface_drops', 'warning:name.none'] },
  { name: 'drops not recorded by the format (pcap) are not a reason', policy: DENY, input: input([deFlow()], { context: context({ captures: [capture({ interfaceDrops: null })] }) }), verdict: 'PASS', reasons: [] },
  { name: 'evidence lost (flows evicted) is inconclusive', policy: DENY, input: input([deFlow()], { context: context({ evidenceLoss: [{ code: 'flow.evicted_at_cap', count: 3 }, { code: 'names.dns_map_evicted', count: 0 }] }) }), verdict: 'INCONCLUSIVE', reasons: ['inconclusive:evidence.lost'] },
  { name: 'coverage below the minimum is inconclusive', policy: DENY, input: input([deFlow()], { context: context({ coverage: { framesRead: 1000, framesDecoded: 989, framesInFlows: 980, notAnalysable: { malformed: 11 } } }) }), verdict: 'INCONCLUSIVE', reasons: ['inconclusive:coverage.below_threshold'] },
  { name: 'coverage exactly at the minimum passes', policy: DENY, input: input([deFlow()], { context: context({ coverage: { framesRead: 1000, framesDecoded: 990, framesInFlows: 980, notAnalysable: { malformed: 10 } } }) }), verdict: 'PASS', reasons: [] },
  { name: 'no frames at all is inconclusive', policy: DENY, input: input([], { context: context({ coverage: { framesRead: 0, framesDecoded: 0, framesInFlows: 0, notAnalysable: {} } }) }), verdict: 'INCONCLUSIVE', reasons: ['inconclusive:coverage.below_threshold', 'inconclusive:monitor.no_monitored_flows'] },
];

const NAMES: Scenario[] = [
  {
    name: 'name flags are warnings',
    policy: DENY,
    input: input([
      named('cloudflare-ech.com', { uid: 'F1', firstFrame: 10, respH: DE, nameFlags: ['ech', 'sni_not_in_dns'] }),
      f2({ respH: '11.2.0.2', respP: 853, nameFlags: ['encrypted_dns', 'no_name'] }),
      named('a.example', { uid: 'F3', firstFrame: 30, respH: DE, nameFlags: ['after_encrypted_dns', 'odd_flag'] }),
    ]),
    verdict: 'PASS', reasons: [],
    warnings: ['warning:name.after_encrypted_dns', 'warning:name.ech', 'warning:name.encrypted_dns', 'warning:name.none', 'warning:name.other_flag', 'warning:name.sni_not_in_dns'],
  },
];

/** A flow to DE named only by DNS answers: `names` in frame order (the last is the best name). */
const dnsNamed = (names: readonly string[], o: Parameters<typeof flow>[0] = {}) =>
  f1({ respH: DE, name: names.at(-1)!, names: names.map((value, i) => ({ value, source: 'dns' as const, frame: i + 1 })), ...o });
const DENY_RU_NAMES = denylist([{ id: 'ru-names', action: 'deny', domains: ['*.example.ru'] }]);
const ALLOW_VENDOR = allowlist([{ id: 'vendor', action: 'allow', countries: ['DE'], domains: ['*.vendor.example'] }]);

const AMBIGUOUS: Scenario[] = [
  // The most recent answer used to decide alone: the same flow passed or failed by the order of two lookups.
  { name: 'denied name, then another name for the same address, no SNI: inconclusive (it passed before)', policy: DENY_RU_NAMES, input: input([dnsNamed(['x.example.ru', 'cdn.good.example'])]), verdict: 'INCONCLUSIVE', reasons: ['inconclusive:name.ambiguous'], flows: { F1: { verdict: 'INCONCLUSIVE', codes: ['inconclusive:name.ambiguous'] } } },
  { name: 'another name, then the denied name: inconclusive too (it failed before)', policy: DENY_RU_NAMES, input: input([dnsNamed(['cdn.good.example', 'x.example.ru'])]), verdict: 'INCONCLUSIVE', reasons: ['inconclusive:name.ambiguous'] },
  { name: 'allowlist: the vendor name and an undeclared one for the same address: inconclusive', policy: ALLOW_VENDOR, input: input([dnsNamed(['tracker.other.example', 'api.vendor.example'])]), verdict: 'INCONCLUSIVE', reasons: ['inconclusive:name.ambiguous'] },
  { name: 'ambiguous_name: worst_case fails with the violating name\'s rule', policy: denylist([{ id: 'ru-names', action: 'deny', domains: ['*.example.ru'] }], { uncertainty: { ambiguous_name: 'worst_case' } }), input: input([dnsNamed(['x.example.ru', 'cdn.good.example'])]), verdict: 'FAIL', reasons: ['fail:flow.denied_domain', 'fail:name.ambiguous'] },
  { name: 'both names denied: decided, FAIL on the most recent one', policy: DENY_RU_NAMES, input: input([dnsNamed(['a.example.ru', 'b.example.ru'])]), verdict: 'FAIL', reasons: ['fail:flow.denied_domain'], flows: { F1: { verdict: 'FAIL', codes: ['fail:flow.denied_domain'] } } },
  { name: 'neither name denied: decided, PASS', policy: DENY_RU_NAMES, input: input([dnsNamed(['a.good.example', 'b.good.example'])]), verdict: 'PASS', reasons: [], flows: { F1: { verdict: 'PASS', codes: [] } } },
  { name: 'the same name twice (two answers, case and root dot differ): one name, decided', policy: DENY_RU_NAMES, input: input([dnsNamed(['X.Example.RU.', 'x.example.ru'])]), verdict: 'FAIL', reasons: ['fail:flow.denied_domain'] },
  { name: 'the client named the server (SNI): the SNI decides, DNS names are not candidates', policy: DENY_RU_NAMES, input: input([f1({ respH: DE, name: 'cdn.good.example', names: [{ value: 'x.example.ru', source: 'dns', frame: 1 }, { value: 'cdn.good.example', source: 'tls_sni', frame: 3 }] })]), verdict: 'PASS', reasons: [] },
  { name: 'a country-only policy: the names cannot change the outcome, decided by the address', policy: DENY, input: input([dnsNamed(['x.example.ru', 'cdn.good.example'], { respH: RU, dest: located(RU, 'RU') })]), verdict: 'FAIL', reasons: ['fail:flow.denied_country'], flows: { F1: { verdict: 'FAIL', codes: ['fail:flow.denied_country'] } } },
  { name: 'ECH: the outer SNI is not evidence of the server; the one DNS name decides (denied → FAIL)', policy: DENY_RU_NAMES, input: input([f1({ respH: DE, name: 'cloudflare-ech.com', nameFlags: ['ech'], names: [{ value: 'x.example.ru', source: 'dns', frame: 1 }, { value: 'cloudflare-ech.com', source: 'tls_sni', frame: 3 }] })]), verdict: 'FAIL', reasons: ['fail:flow.denied_domain'] },
  { name: 'ECH: an outer SNI in the denied domain, a DNS name outside it → PASS with the ECH warning', policy: DENY_RU_NAMES, input: input([f1({ respH: DE, name: 'ech.example.ru', nameFlags: ['ech'], names: [{ value: 'www.good.example', source: 'dns', frame: 1 }, { value: 'ech.example.ru', source: 'tls_sni', frame: 3 }] })]), verdict: 'PASS', reasons: [], warnings: ['warning:name.ech'] },
  { name: 'ECH without any DNS name: judged under the outer name, as before', policy: DENY_RU_NAMES, input: input([f1({ respH: DE, name: 'ech.example.ru', nameFlags: ['ech'], names: [{ value: 'ech.example.ru', source: 'tls_sni', frame: 3 }] })]), verdict: 'FAIL', reasons: ['fail:flow.denied_domain'] },
  { name: 'ambiguous but only a handshake: a warning, not a verdict', policy: DENY_RU_NAMES, input: input([dnsNamed(['x.example.ru', 'cdn.good.example'], { origBytes: 0, history: 'ShAFf' })]), verdict: 'PASS', reasons: [], warnings: ['warning:contact.handshake_only', 'warning:name.ambiguous'] },
];

const ALL: Scenario[] = [...GEO, ...PAYLOAD, ...DNS, ...ALLOWLIST, ...MONITOR, ...COMPLETENESS, ...NAMES, ...AMBIGUOUS];

function check(s: Scenario, a: Assessment): void {
  expect(a.verdict).toBe(s.verdict);
  expect(codes(a.reasons)).toEqual(s.reasons);
  if (s.warnings !== undefined) expect(codes(a.warnings)).toEqual(s.warnings);
  for (const [uid, e] of Object.entries(s.flows ?? {})) {
    const fa = a.flows.find((x) => x.uid === uid);
    expect(fa?.verdict, uid).toBe(e.verdict);
    if (e.codes !== undefined) expect(codes(fa?.reasons ?? []), uid).toEqual(e.codes);
  }
}

describe('evaluate: scenarios', () => {
  describe.each<[string, Scenario[]]>([['geolocation', GEO], ['payload', PAYLOAD], ['DNS', DNS], ['allowlist', ALLOWLIST], ['monitoring', MONITOR], ['completeness', COMPLETENESS], ['names', NAMES], ['ambiguous DNS names', AMBIGUOUS]])('%s', (_, table) => {
    it.each(table)('$name', (s) => check(s, evaluate(s.input, s.policy)));
  });

  it('every reason code is produced by some scenario or rule test', () => {
    const seen = new Set<string>();
    for (const s of ALL) {
      const a = evaluate(s.input, s.policy);
      for (const r of [...a.reasons, ...a.warnings]) seen.add(r.code);
      for (const f of a.flows) for (const r of f.reasons) seen.add(r.code);
    }
    // Rule-kind codes come from tests/policy/rules.test.ts; listed here so a new code must be placed somewhere.
    for (const c of ['flow.denied_registered_country', 'flow.denied_network', 'flow.denied_address', 'flow.denied_service']) seen.add(c);
    expect(Object.keys(REASON_CODES).filter((c) => !seen.has(c))).toEqual([]);
  });
});

describe('evaluate: evidence in the assessment', () => {
  it('a FAIL names the rule, the flow and the destination', () => {
    const a = evaluate(input([ruFlow({ name: 'push.yandex.ru', names: [{ value: 'push.yandex.ru', source: 'dns', frame: 3 }, { value: 'PUSH.yandex.ru.', source: 'tls_sni', frame: 11 }] })]), DENY);
    expect(a.reasons).toEqual([{ code: 'flow.denied_country', effect: 'fail', count: 1, rules: ['location-ru-by'], detail: 'tcp/443 to 11.1.0.1 located in RU', examples: ['F1'] }]);
    expect(a.destinations).toHaveLength(1);
    expect(a.destinations[0]).toMatchObject({ ip: RU, names: ['push.yandex.ru'], flows: 1, payloadBytesSent: 500, verdict: 'FAIL', exampleUids: ['F1'], location: { status: 'agree', countries: ['RU'] } });
    expect(a.policy).toEqual({ id: 'deny-ru-by', mode: 'denylist', sourceName: 'deny-ru-by.yaml', sha256: DENY.source.sha256, ruleCountries: { deny: ['BY', 'RU'], allow: [] } });
  });

  it('destinations: worst verdict of their flows, payload summed, DNS queries counted', () => {
    const ru2 = f2({ respH: RU, dest: located(RU, 'RU'), origBytes: 0, history: 'S', connState: 'S0' });
    const a = evaluate(input([ruFlow({ origBytes: 700 }), ru2, f3({ respH: DE })], { dnsQueries: [dnsQuery({ resolver: DE, resolverGeo: located(DE, 'DE'), frame: 1 })] }), DENY);
    expect(a.destinations.map((d) => [d.ip, d.flows, d.payloadBytesSent, d.dnsQueries, d.verdict])).toEqual([
      [RU, 2, 700, 0, 'FAIL'],
      [DE, 1, 500, 1, 'PASS'],
    ]);
    expect(a.counts).toEqual({ flows: 3, counted: 3, ignored: 0, pass: 2, fail: 1, inconclusive: 0, destinations: 2, dnsQueries: 1 });
  });

  it('a decided disagreement says every candidate violates', () => {
    const a = evaluate(input([f1({ respH: RU, dest: disputed(RU, { gwa: 'RU', dbip: 'BY' }) })]), DENY);
    expect(a.flows[0]?.reasons[0]?.detail).toBe('tcp/443 to 11.1.0.1 located in BY or RU (databases disagree: BY (dbip) vs RU (gwa); every candidate violates)');
  });

  it('registration and AS facts are candidates too: AS disagreement that splits the outcome is disputed', () => {
    const ev = evidence(DE, [answer('gwa', { country: 'DE' }), answer('asn1', { asn: 64500, as_org: 'Good' }), answer('asn2', { asn: 64666, as_org: 'Bad' })]);
    const a = evaluate(input([f1({ respH: DE, dest: ev })]), denylist([{ id: 'bad-as', action: 'deny', asns: [64666] }]));
    expect([a.verdict, codes(a.reasons)]).toEqual(['INCONCLUSIVE', ['inconclusive:geo.disputed']]);
  });

  it('too many candidate combinations is inconclusive, not a guess', () => {
    const answers = Array.from({ length: 40 }, (_, i) => answer(`db${i}`, { country: i % 2 === 0 ? 'DE' : 'NL', asn: 64500 + i, as_org: `org ${i}` }));
    const a = evaluate(input([f1({ respH: DE, dest: evidence(DE, answers) })]), denylist([{ id: 'x', action: 'deny', countries: ['RU'], as_org: ['evil'] }, { id: 'y', action: 'deny', registered_countries: ['RU'] }, { id: 'z', action: 'deny', asns: [1] }]));
    expect(a.verdict).toBe('INCONCLUSIVE');
    expect(a.flows[0]?.reasons[0]?.detail).toMatch(/^more than 1024 combinations/);
  });
});

describe('evaluate: evidence from the real geo stage', () => {
  // Databases built in code for public look-alike ranges, looked up by the geo stage itself.
  const gwa = geoDatabaseFromBuffer('gwa', buildMmdb([['11.1.0.0/16', flat('RU')], ['11.2.0.0/16', flat('DE')], ['11.5.0.0/16', flat('DE')]], { databaseType: 'country ipvAll' }));
  const dbip = geoDatabaseFromBuffer('dbip', buildMmdb([['11.1.0.0/16', flat('BY')], ['11.2.0.0/16', flat('NL')], ['11.5.0.0/16', flat('RU')]], { databaseType: 'DBIP-Country-Lite' }));
  const asnDb = geoDatabaseFromBuffer('asn', buildMmdb([['11.0.0.0/8', mmdbAsn(64500, 'Example Hosting')]], { databaseType: 'egress-verify-ASN' }));
  const overrides = parseOverrides(JSON.stringify({ format: OVERRIDES_FORMAT, overrides: [{ cidr: '11.2.7.0/24', country: 'RU', note: 'operator says Moscow' }, { cidr: '11.1.9.0/24', asn: 64999, as_org: 'Friendly Operator', note: 'operator only' }] }), 'test-overrides.json');
  const geo = (ip: string) => geolocate(ip, [gwa, dbip, asnDb], overrides);

  it.each<{ name: string; ip: string; policy: Policy; verdict: Verdict; reasons: string[] }>([
    { name: 'RU vs BY: decided FAIL', ip: '11.1.0.1', policy: DENY, verdict: 'FAIL', reasons: ['fail:flow.denied_country'] },
    { name: 'DE vs NL: decided PASS', ip: '11.2.0.1', policy: DENY, verdict: 'PASS', reasons: [] },
    { name: 'DE vs RU: split, INCONCLUSIVE', ip: '11.5.0.1', policy: DENY, verdict: 'INCONCLUSIVE', reasons: ['inconclusive:geo.disputed'] },
    { name: 'no data: INCONCLUSIVE', ip: '12.0.0.1', policy: DENY, verdict: 'INCONCLUSIVE', reasons: ['inconclusive:geo.unknown'] },
    { name: 'override to RU inside a DE/NL range: FAIL', ip: '11.2.7.7', policy: DENY, verdict: 'FAIL', reasons: ['fail:flow.denied_country'] },
    { name: 'override naming only the operator: the databases locate (RU/BY), the operator is the override\'s', ip: '11.1.9.9', policy: denylist([{ id: 'op', action: 'deny', asns: [64500] }]), verdict: 'PASS', reasons: [] },
    { name: 'the same address without the override: the database operator is denied', ip: '11.1.8.8', policy: denylist([{ id: 'op', action: 'deny', asns: [64500] }]), verdict: 'FAIL', reasons: ['fail:flow.denied_network'] },
  ])('$name', ({ ip, policy, verdict, reasons }) => {
    const a = evaluate(input([f1({ respH: ip, dest: geo(ip) })]), policy);
    expect([a.verdict, codes(a.reasons)]).toEqual([verdict, reasons]);
  });
});
