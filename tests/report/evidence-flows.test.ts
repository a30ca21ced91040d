/**
 * The HTML report's evidence rows for a destination reached through a proxy: the proxied request
 * is shown as a flow to the requested host, with the protocol of the connection to the proxy (a
 * SOCKS UDP relay's datagrams are UDP, an HTTP CONNECT's TCP).
 */
import { describe, expect, it } from 'vitest';
import { evidenceFlows } from '../../src/report/html/evidence-flows.js';

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
