/**
 * The HTML report's evidence rows for a destination reached through a proxy: the proxied request
 * is shown as a flow to the requested host, with the protocol of the connection to the proxy (a
 * SOCKS UDP relay's datagrams are UDP, an HTTP CONNECT's TCP).
 */
import { describe, expect, it } from 'vitest';
import { evidenceFlows, namesTable } from '../../src/report/html/evidence-flows.js';

const RU = '5.255.255.158';
const flow = (proto: string, method: string) => ({
  uid: 'C1', proto, resp_h: '10.0.0.5', resp_p: proto === 'udp' ? 41234 : 3128, verdict: 'IGNORED', verdict_reasons: [],
  proxied: [{ uid: 'P1', host: RU, port: 443, method, frame: 9, ts: '1.0', verdict: 'FAIL', verdict_reasons: [{ code: 'flow.denied_country' }] }],
});

describe('evidenceFlows: proxied requests', () => {
  it.each([
    { proto: 'udp', method: 'SOCKS5 UDP', want: 'udp via proxy 10.0.0.5' },
    { proto: 'tcp', method: 'CONNECT', want: 'tcp via proxy 10.0.0.5' },
  ])('$method: shown under the requested host as "$want"', ({ proto, method, want }) => {
    const rows = evidenceFlows({ flows: [flow(proto, method)], tunnels: [] }, new Set([RU])).get(RU)!;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ uid: 'P1', resp_h: RU, resp_p: 443, proto: want, verdict: 'FAIL' });
  });
});

describe('evidenceFlows: the names shown for a proxied request and a tunnel are their own', () => {
  const dnsName = { value: 'api.yandex.ru', source: 'dns', frame: 4, ts: '1.0', resolver: 'fd00::53', ttl: 300 };

  it('a request through a NAT64 translator lists the DNS answer that named it, not the flow\'s names', () => {
    const f = { uid: 'C1', proto: 'tcp', resp_h: '2a00:1098:64::5ff:ff9e', resp_p: 443, names: [{ ...dnsName, value: 'other.example' }], verdict: 'PASS', verdict_reasons: [],
      proxied: [{ uid: 'P1', host: RU, port: 443, method: 'NAT64', frame: 5, ts: '2.0', names: [dnsName], verdict: 'FAIL', verdict_reasons: [] }] };
    const rows = evidenceFlows({ flows: [f], tunnels: [] }, new Set([RU])).get(RU)!;
    expect(rows.map((r) => r['names'])).toEqual([[dnsName]]);
    const html = namesTable(rows).toString();
    expect(html).toContain('api.yandex.ru');
    expect(html).not.toContain('other.example');
    expect(html).not.toContain('No name was observed');
  });

  it('a request without names, and a tunnel with its DNS names', () => {
    const f = { uid: 'C1', proto: 'tcp', resp_h: '10.0.0.5', resp_p: 3128, verdict: 'IGNORED', verdict_reasons: [],
      proxied: [{ uid: 'P1', host: RU, port: 443, method: 'CONNECT', frame: 9, ts: '1.0', verdict: 'FAIL', verdict_reasons: [] }] };
    const t = { uid: 'T1', kind: 'gre', resp_h: RU, names: [{ ...dnsName, value: 'relay.example.ru' }], verdict: 'FAIL', verdict_reasons: [] };
    const rows = evidenceFlows({ flows: [f], tunnels: [t] }, new Set([RU])).get(RU)!;
    expect(rows.map((r) => (r['names'] as { value: string }[]).map((n) => n.value))).toEqual([[], ['relay.example.ru']]);
  });
});
