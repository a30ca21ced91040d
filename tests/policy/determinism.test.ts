/**
 * Determinism: the same input gives a deep-equal assessment, in any input order, without
 * touching its inputs.
 */
import { describe, expect, it } from 'vitest';
import { compareFlows, evaluate, type EvaluationInput, type Policy, type PolicyFlow } from '../../src/policy/index.js';
import { capture, context, disputed, dnsQuery, examplePolicy, flow, handshake, input, located, named, overridden, unlocated } from '../builders/policy-inputs.js';

function rich(): EvaluationInput & { readonly flows: readonly PolicyFlow[] } {
  const flows = [
    flow({ uid: 'A', firstFrame: 3, respH: '11.1.0.1', dest: located('11.1.0.1', 'RU') }),
    flow({ uid: 'B', firstFrame: 3, respH: '11.2.0.1' }), // same first frame: uid breaks the tie
    named('api.vendor.example', { uid: 'C', firstFrame: 9, respH: '11.2.0.2', dest: disputed('11.2.0.2', { gwa: 'DE', dbip: 'NL' }) }),
    flow({ uid: 'D', firstFrame: 12, respH: '11.3.0.1', dest: unlocated('11.3.0.1') }),
    handshake({ uid: 'E', firstFrame: 15, respH: '11.1.0.2', dest: located('11.1.0.2', 'BY') }),
    flow({ uid: 'F', firstFrame: 18, respH: '192.168.1.1', dest: located('192.168.1.1', 'AU') }),
    flow({ uid: 'G', firstFrame: 21, origH: '2001:db8:1:1::5', respH: '2a00:1148::1', dest: located('2a00:1148::1', 'RU') }),
    flow({ uid: 'H', firstFrame: 24, respH: '11.2.0.9', dest: overridden(located('11.2.0.9', 'DE'), { country: 'BY', cidr: '11.2.0.0/24' }) }),
    flow({ uid: 'I', firstFrame: 27, respH: '11.2.0.1', nameFlags: ['ech'] }),
  ];
  const dnsQueries = [
    dnsQuery({ frame: 2, resolver: '77.88.8.8', resolverGeo: located('77.88.8.8', 'RU'), query: 'a.example' }),
    dnsQuery({ frame: 2, resolver: '77.88.8.8', resolverGeo: located('77.88.8.8', 'RU'), query: 'b.example' }),
    dnsQuery({ frame: 7 }),
  ];
  return input(flows, {
    dnsQueries,
    context: context({
      captures: [capture({ stop: { kind: 'truncated', frame: 30 } }), capture({ input: 1, name: 'b.pcapng', interfaceDrops: 4 })],
      evidenceLoss: [{ code: 'names.dns_map_evicted', count: 2 }, { code: 'flow.evicted_at_cap', count: 1 }],
    }),
  });
}

/** Mulberry32: a small seeded PRNG, so a failing order can be reproduced. */
function shuffled<T>(xs: readonly T[], seed: number): T[] {
  let s = seed >>> 0;
  const rand = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

describe.each<[string, Policy]>([
  ['deny-ru-by', examplePolicy('deny-ru-by.yaml')],
  ['allowlist-gb-eea-ch', examplePolicy('allowlist-gb-eea-ch.yaml')],
])('determinism under %s', (_, policy) => {
  it('the same input twice gives deep-equal assessments', () => {
    expect(evaluate(rich(), policy)).toEqual(evaluate(rich(), policy));
  });

  it('flows given pass by pass, already sorted (a spooled analysis), give the same assessment', () => {
    const base = rich();
    const sorted = [...base.flows].sort(compareFlows);
    let passes = 0;
    const a = evaluate(base, policy);
    const b = evaluate({ ...base, flows: { sorted: () => (passes++, sorted.values()) } }, policy);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    // One pass, or two when the policy has a payload threshold (the cumulative rule sums first).
    expect(passes).toBe(policy.thresholds.payloadBytes > 0 ? 2 : 1);
  });

  it('flows given as sorted but out of order are a bug, thrown, not a different assessment', () => {
    const base = rich();
    const sorted = [...base.flows].sort(compareFlows);
    expect(() => evaluate({ ...base, flows: { sorted: () => [...sorted].reverse() } }, policy)).toThrow(/flows out of order/);
  });

  it.each([1, 2, 3, 42, 1234])('shuffled flows and queries (seed %i) give the same assessment', (seed) => {
    const base = rich();
    const reordered: EvaluationInput = {
      ...base,
      flows: shuffled(base.flows, seed),
      dnsQueries: shuffled(base.dnsQueries, seed + 1),
      context: { ...base.context, evidenceLoss: shuffled(base.context.evidenceLoss, seed + 2) },
    };
    const a = evaluate(base, policy);
    const b = evaluate(reordered, policy);
    expect(b).toEqual(a);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('does not modify its inputs (frozen input and policy evaluate)', () => {
    const frozen = deepFreeze(rich());
    expect(() => evaluate(frozen, deepFreeze(structuredClone(policy)))).not.toThrow();
  });

  it('orders flows by frame then uid, destinations by address', () => {
    const a = evaluate(rich(), policy);
    expect(a.flows.map((f) => f.uid)).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I']);
    const ips = a.destinations.map((d) => d.ip);
    expect(ips.filter((ip) => ip.includes(':'))).toEqual(ips.slice(ips.length - ips.filter((ip) => ip.includes(':')).length));
  });
});

describe('the rich input, judged', () => {
  it('under the default policy: FAIL (proven), with the completeness gaps listed', () => {
    const a = evaluate(rich(), examplePolicy('deny-ru-by.yaml'));
    expect(a.verdict).toBe('FAIL');
    expect(a.reasons.map((r) => `${r.effect}:${r.code}:${r.count}`)).toEqual([
      'fail:dns.query_to_disallowed_resolver:2',
      'fail:flow.denied_country:3', // flows only: the two DNS queries count under dns.query_to_disallowed_resolver
      'inconclusive:capture.interface_drops:1',
      'inconclusive:capture.truncated:1',
      'inconclusive:evidence.lost:2',
      'inconclusive:geo.unknown:1',
    ]);
    expect(a.flows.map((f) => f.verdict)).toEqual(['FAIL', 'PASS', 'PASS', 'INCONCLUSIVE', 'PASS', 'IGNORED', 'FAIL', 'FAIL', 'PASS']);
  });
});
