/**
 * The endpoint judge's caches are bounded and never change a result: a judgement forgotten at the
 * cap is made again equal; a key seen again with other evidence is judged on that evidence; equal
 * location summaries are one object (a capture to a million destinations held one each).
 */
import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../src/policy/compile.js';
import { EndpointJudge, type EndpointQuery } from '../../src/policy/endpoint.js';
import type { GeoEvidence } from '../../src/geo/index.js';
import { addressBytes } from '../../src/policy/network.js';
import { answer, denylist, disputed, evidence, located, unlocated } from '../builders/policy-inputs.js';

const POLICY = compilePolicy(denylist([{ id: 'no-ru', action: 'deny', countries: ['RU'] }, { id: 'no-port-25', action: 'deny', ports: [25] }]));

function query(ip: string, ev: GeoEvidence, o: Partial<EndpointQuery> = {}): EndpointQuery {
  return { ipText: ip, ip: addressBytes(ip), port: 443, ipProto: 6, proto: 'tcp', name: null, nameMatters: true, local: false, evidence: ev, ...o };
}

/** Twelve endpoints of every kind of outcome: violations, clear, disputed, unknown, named, by port. */
function endpoints(): EndpointQuery[] {
  const asn = (ip: string, country: string, n: number): GeoEvidence =>
    evidence(ip, [answer('gwa', { country }), answer('dbip', { country }), answer('asn', { asn: n, as_org: `Org ${n}` })]);
  return [
    query('11.0.0.1', located('11.0.0.1', 'DE')),
    query('11.0.0.2', located('11.0.0.2', 'RU')),
    query('11.0.0.3', disputed('11.0.0.3', { gwa: 'DE', dbip: 'RU' })),
    query('11.0.0.4', unlocated('11.0.0.4')),
    query('11.0.0.5', located('11.0.0.5', 'DE'), { name: 'a.example' }),
    query('11.0.0.5', located('11.0.0.5', 'DE'), { name: 'b.example' }),
    query('11.0.0.6', located('11.0.0.6', 'FR'), { port: 25 }),
    query('11.0.0.7', asn('11.0.0.7', 'DE', 1)),
    query('11.0.0.8', asn('11.0.0.8', 'DE', 2)),
    query('11.0.0.9', asn('11.0.0.9', 'RU', 3), { nameMatters: false }),
    query('2001:db8::1', located('2001:db8::1', 'NL')),
    query('192.168.1.1', evidence('192.168.1.1', []), { local: true }),
  ];
}

describe('EndpointJudge caches', () => {
  it('gives the same judgement at every cap, first time, again, and again after being forgotten', () => {
    const qs = endpoints();
    const reference = qs.map((q) => new EndpointJudge(POLICY).judge(q));
    for (const caps of [{}, { judgements: 1, summaries: 1 }, { judgements: 3, summaries: 2 }]) {
      const judge = new EndpointJudge(POLICY, caps);
      expect(qs.map((q) => judge.judge(q))).toEqual(reference);
      expect([...qs].reverse().map((q) => judge.judge(q))).toEqual([...reference].reverse());
      expect(qs.map((q) => judge.judge(q))).toEqual(reference);
    }
    // Not all alike: the table covers each outcome.
    expect(new Set(reference.map((j) => j.status))).toEqual(new Set(['violation', 'clear', 'uncertain']));
  });

  it('judges a key seen again with other evidence on that evidence, never from the cache', () => {
    const judge = new EndpointJudge(POLICY);
    expect(judge.judge(query('11.0.0.1', located('11.0.0.1', 'DE'))).status).toBe('clear');
    const ru = judge.judge(query('11.0.0.1', located('11.0.0.1', 'RU')));
    expect(ru.status).toBe('violation');
    expect(ru.location.countries).toEqual(['RU']);
  });

  it('remembers a judgement for the same endpoint and evidence object', () => {
    const judge = new EndpointJudge(POLICY);
    const q = query('11.0.0.1', located('11.0.0.1', 'DE'));
    expect(judge.judge({ ...q })).toBe(judge.judge({ ...q }));
  });

  it('shares location summaries equal in content, and only those', () => {
    const judge = new EndpointJudge(POLICY);
    const de = Array.from({ length: 50 }, (_, i) => judge.judge(query(`11.0.1.${i}`, located(`11.0.1.${i}`, 'DE'))).location);
    const fr = Array.from({ length: 50 }, (_, i) => judge.judge(query(`11.0.2.${i}`, located(`11.0.2.${i}`, 'FR'))).location);
    expect(new Set(de).size).toBe(1);
    expect(new Set(fr).size).toBe(1);
    expect(de[0]).not.toBe(fr[0]);
    expect(de[0]).toEqual({ status: 'agree', countries: ['DE'], registeredCountries: [], asns: [64500], asOrgs: ['Example Hosting'], detail: 'DE (gwa, dbip)' });
    // One AS organisation apart is another summary.
    const other = judge.judge(query('11.0.3.1', evidence('11.0.3.1', [answer('gwa', { country: 'DE' }), answer('dbip', { country: 'DE' }), answer('asn', { asn: 64500, as_org: 'Example Hosting GmbH' })]))).location;
    expect(other).not.toBe(de[0]);
    expect(other.asOrgs).toEqual(['Example Hosting GmbH']);
  });
});
