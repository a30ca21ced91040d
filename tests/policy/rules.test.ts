/**
 * Each rule criterion, matching and not matching (both directions), in deny rules; AND across
 * criteria; and the pattern helpers (domains, networks, AS-organisation regex safety).
 */
import { describe, expect, it } from 'vitest';
import { evaluate, type PolicyFlow, type Verdict } from '../../src/policy/index.js';
import { AS_ORG_MAX_SUBJECT, compileOrgPattern, orgMatches, regexHazard } from '../../src/policy/as-org.js';
import { DomainSet, domainPatternProblem } from '../../src/policy/domain.js';
import { addressBytes, normalizeMac, parseNetwork, NetworkSet } from '../../src/policy/network.js';
import { answer, denylist, evidence, flow, input, located, named } from '../builders/policy-inputs.js';

const DE = '11.2.0.1';
const withAs = (asn: number, org: string, extra = {}): PolicyFlow['dest'] =>
  evidence(DE, [answer('gwa', { country: 'DE', ...extra }), answer('asn', { asn, as_org: org })]);

interface Case {
  readonly name: string;
  readonly rule: Readonly<Record<string, unknown>>;
  readonly flow: PolicyFlow;
  readonly verdict: Verdict;
  readonly code?: string;
}

const CASES: Case[] = [
  { name: 'countries: match', rule: { countries: ['DE'] }, flow: flow({ respH: DE }), verdict: 'FAIL', code: 'flow.denied_country' },
  { name: 'countries: no match', rule: { countries: ['FR'] }, flow: flow({ respH: DE }), verdict: 'PASS' },
  { name: 'groups: DE is in the EU', rule: { groups: ['EU'] }, flow: flow({ respH: DE }), verdict: 'FAIL', code: 'flow.denied_country' },
  { name: 'groups: NO is in the EEA, not the EU', rule: { groups: ['EU'] }, flow: flow({ respH: DE, dest: located(DE, 'NO') }), verdict: 'PASS' },
  { name: 'groups and countries form one set', rule: { countries: ['CH'], groups: ['EU'] }, flow: flow({ respH: DE, dest: located(DE, 'CH') }), verdict: 'FAIL', code: 'flow.denied_country' },
  { name: 'registered_countries: match', rule: { registered_countries: ['RU'] }, flow: flow({ respH: DE, dest: located(DE, 'DE', { registered_country: 'RU' }) }), verdict: 'FAIL', code: 'flow.denied_registered_country' },
  { name: 'registered_countries: no match', rule: { registered_countries: ['RU'] }, flow: flow({ respH: DE, dest: located(DE, 'DE', { registered_country: 'DE' }) }), verdict: 'PASS' },
  { name: 'asns: exact', rule: { asns: [13238] }, flow: flow({ respH: DE, dest: withAs(13238, 'YANDEX LLC') }), verdict: 'FAIL', code: 'flow.denied_network' },
  { name: 'asns: AS-prefixed range', rule: { asns: ['AS64000-AS65000'] }, flow: flow({ respH: DE, dest: withAs(64500, 'x') }), verdict: 'FAIL', code: 'flow.denied_network' },
  { name: 'asns: outside the range', rule: { asns: ['64000-64499'] }, flow: flow({ respH: DE, dest: withAs(64500, 'x') }), verdict: 'PASS' },
  { name: 'as_org: substring, any case', rule: { as_org: ['yandex'] }, flow: flow({ respH: DE, dest: withAs(13238, 'YANDEX LLC') }), verdict: 'FAIL', code: 'flow.denied_network' },
  { name: 'as_org: substring absent', rule: { as_org: ['yandex'] }, flow: flow({ respH: DE, dest: withAs(24940, 'Hetzner Online GmbH') }), verdict: 'PASS' },
  { name: 'as_org: regex', rule: { as_org: ['/^(yandex|vk)\\b/'] }, flow: flow({ respH: DE, dest: withAs(47541, 'VK LLC') }), verdict: 'FAIL', code: 'flow.denied_network' },
  { name: 'as_org: regex anchored, no match', rule: { as_org: ['/^vk\\b/'] }, flow: flow({ respH: DE, dest: withAs(1, 'Not VK') }), verdict: 'PASS' },
  { name: 'cidrs: IPv4 network', rule: { cidrs: ['11.2.0.0/16'] }, flow: flow({ respH: DE }), verdict: 'FAIL', code: 'flow.denied_address' },
  { name: 'cidrs: single address', rule: { cidrs: ['11.2.0.1'] }, flow: flow({ respH: DE }), verdict: 'FAIL', code: 'flow.denied_address' },
  { name: 'cidrs: outside', rule: { cidrs: ['11.3.0.0/16'] }, flow: flow({ respH: DE }), verdict: 'PASS' },
  { name: 'cidrs: an IPv4 network never matches IPv6 with the same leading bytes', rule: { cidrs: ['11.0.0.0/8'] }, flow: flow({ origH: 'fd00::1', respH: 'b00::1', dest: located('b00::1', 'DE') }), verdict: 'PASS' },
  { name: 'cidrs: IPv6', rule: { cidrs: ['2a00:1148::/32'] }, flow: flow({ origH: 'fd00::1', respH: '2a00:1148:1::5', dest: located('2a00:1148:1::5', 'DE') }), verdict: 'FAIL', code: 'flow.denied_address' },
  { name: 'cidrs: IPv4 rule, IPv4-mapped destination', rule: { cidrs: ['11.2.0.0/16'] }, flow: flow({ respH: '::ffff:11.2.0.1', dest: located(DE, 'DE') }), verdict: 'FAIL', code: 'flow.denied_address' },
  { name: 'domains: exact', rule: { domains: ['telemetry.example'] }, flow: named('Telemetry.Example.', { respH: DE }), verdict: 'FAIL', code: 'flow.denied_domain' },
  { name: 'domains: wildcard matches below', rule: { domains: ['*.example'] }, flow: named('a.b.example', { respH: DE }), verdict: 'FAIL', code: 'flow.denied_domain' },
  { name: 'domains: wildcard does not match the apex', rule: { domains: ['*.example'] }, flow: named('example', { respH: DE }), verdict: 'PASS' },
  { name: 'domains: suffix must be whole labels', rule: { domains: ['*.example'] }, flow: named('badexample', { respH: DE }), verdict: 'PASS' },
  { name: 'domains: a DNS-only name that is not the attributed name does not match', rule: { domains: ['evil.example'] }, flow: named('good.example', { respH: DE, names: [{ value: 'good.example', source: 'tls_sni', frame: 2 }, { value: 'evil.example', source: 'dns', frame: 1 }] }), verdict: 'PASS' },
  { name: 'domains: nameless flow does not match (address_only)', rule: { domains: ['*.example'] }, flow: flow({ respH: DE }), verdict: 'PASS' },
  { name: 'ports: single', rule: { ports: [443] }, flow: flow({ respH: DE }), verdict: 'FAIL', code: 'flow.denied_service' },
  { name: 'ports: range', rule: { ports: ['8000-8100'] }, flow: flow({ respH: DE, respP: 8080 }), verdict: 'FAIL', code: 'flow.denied_service' },
  { name: 'ports: other port', rule: { ports: [443] }, flow: flow({ respH: DE, respP: 80 }), verdict: 'PASS' },
  { name: 'ports: ICMP has no ports', rule: { ports: [0] }, flow: flow({ respH: DE, proto: 'icmp', ipProto: 1, respP: 0 }), verdict: 'PASS' },
  { name: 'protocols: udp', rule: { protocols: ['udp'] }, flow: flow({ respH: DE, proto: 'udp', ipProto: 17 }), verdict: 'FAIL', code: 'flow.denied_service' },
  { name: 'protocols: icmp covers ICMPv6', rule: { protocols: ['icmp'] }, flow: flow({ respH: DE, proto: 'icmp', ipProto: 58 }), verdict: 'FAIL', code: 'flow.denied_service' },
  { name: 'protocols: tcp is not udp', rule: { protocols: ['udp'] }, flow: flow({ respH: DE }), verdict: 'PASS' },
  { name: 'AND: country and port both match', rule: { countries: ['DE'], ports: [443] }, flow: flow({ respH: DE }), verdict: 'FAIL', code: 'flow.denied_country' },
  { name: 'AND: country matches, port does not', rule: { countries: ['DE'], ports: [80] }, flow: flow({ respH: DE }), verdict: 'PASS' },
  { name: 'AND: a known non-match decides even when another fact is unknown', rule: { as_org: ['x'], ports: [80] }, flow: flow({ respH: DE, dest: evidence(DE, [answer('gwa', { country: 'DE' })]) }), verdict: 'PASS' },
];

describe('deny rules, criterion by criterion', () => {
  it.each(CASES)('$name', ({ rule, flow: f, verdict, code }) => {
    const a = evaluate(input([f]), denylist([{ id: 'r', action: 'deny', ...rule }]));
    expect(a.verdict).toBe(verdict);
    expect(a.reasons.map((r) => r.code)).toEqual(code === undefined ? [] : [code]);
    if (code !== undefined) expect(a.reasons[0]?.rules).toEqual(['r']);
  });
});

describe('domain patterns', () => {
  const set = new DomainSet(['vendor.example', '*.cdn.example', 'UPPER.example.']);
  it.each<[string, boolean]>([
    ['vendor.example', true], ['www.vendor.example', false], ['a.cdn.example', true], ['a.b.cdn.example', true],
    ['cdn.example', false], ['upper.example', true], ['xcdn.example', false],
  ])('%s → %s', (name, expected) => expect(set.matches(name)).toBe(expected));

  it.each<[string, boolean]>([['*.ok.example', true], ['ok', true], ['xn--bcher-kva.example', true], ['_dmarc.example', true], ['*', false], ['a*.example', false], ['-a.example', false], ['a..example', false], [`${'a'.repeat(64)}.example`, false]])(
    'valid pattern %s: %s',
    (p, ok) => expect(domainPatternProblem(p) === undefined).toBe(ok),
  );
});

describe('networks and MACs', () => {
  it.each<[string, boolean]>([['11.0.0.0/8', true], ['11.0.0.1', true], ['2001:db8::/32', true], ['::/0', true], ['11.0.0.1/8', false], ['11.0.0.0/33', false], ['011.0.0.1', false], ['fe80::1%eth0', false], ['11.0.0.0/', false]])(
    '%s parses: %s',
    (t, ok) => expect(parseNetwork(t).ok).toBe(ok),
  );

  it('contains by prefix, per family', () => {
    const s = new NetworkSet(['11.2.0.0/15', '2a00::/12']);
    const probes = ['11.2.0.1', '11.3.255.255', '11.4.0.0', '2a0f::1', '2a10::1', '::ffff:11.2.0.1', 'b02::1', '42.0.0.1'];
    // b02::1 starts with the bytes of 11.2.0.0/15 and 42.0.0.1 (0x2a…) with those of 2a00::/12: families never mix.
    expect(probes.map((a) => s.contains(addressBytes(a)))).toEqual([true, true, false, true, false, true, false, false]);
  });

  it.each<[string, string | undefined]>([['00:11:22:AA:bb:cc', '00:11:22:aa:bb:cc'], ['00-11-22-aa-bb-cc', '00:11:22:aa:bb:cc'], ['00:11-22:aa:bb:cc', undefined], ['0011.22aa.bbcc', undefined]])(
    'MAC %s → %s',
    (t, m) => expect(normalizeMac(t)).toBe(m),
  );
});

describe('AS-organisation patterns are bounded', () => {
  it.each<[string, boolean]>([
    ['yandex', true], ['^(yandex|vk)\\b', true], ['(?:ab)?c', true], ['(?<org>vk) llc', true], ['a+b+', true], ['[(+]+x', true], ['(ab){2}c', true],
    ['(a+)+b', false], ['(a|aa)*b', false], ['(a*){3}', false], ['a*b*c*', false], ['(x)\\1', false], ['(?=a)a', false], ['(?<!a)b', false], ['\\k<n>', false],
  ])('%s safe: %s', (src, safe) => expect(regexHazard(src) === undefined).toBe(safe));

  it('substring patterns compare case-insensitively, regexes too', () => {
    const sub = compileOrgPattern('GmbH');
    const re = compileOrgPattern('/^hetzner/');
    expect(sub.ok && orgMatches(sub.matcher, 'Hetzner Online gmbh')).toBe(true);
    expect(re.ok && orgMatches(re.matcher, 'HETZNER Online')).toBe(true);
  });

  // What keeps an allowed but polynomial regex (a*a*x: quadratic) fast on a hostile, long
  // AS organisation is the cut of the subject; speed itself is not a unit test's business.
  it.each([
    { name: 'a match inside the cut is found', subject: 'a'.repeat(AS_ORG_MAX_SUBJECT - 1) + 'x', want: true },
    { name: 'a match past the cut is not looked for', subject: 'a'.repeat(AS_ORG_MAX_SUBJECT) + 'x', want: false },
    { name: 'a 100,000-character subject is cut too', subject: 'a'.repeat(100_000) + 'x', want: false },
  ])('worst-case allowed regex: $name', ({ subject, want }) => {
    const c = compileOrgPattern('/a*a*x/');
    expect(c.ok).toBe(true);
    expect(c.ok && orgMatches(c.matcher, subject)).toBe(want);
  });
});
