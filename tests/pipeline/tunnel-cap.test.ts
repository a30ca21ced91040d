/**
 * The tunnel table is bounded: beyond its cap a new tunnel is not tracked, its packets are
 * counted, and the verdict treats them as lost evidence (a tunnel that is not tracked is not
 * judged, so what it carried to its far end is not seen).
 */
import { describe, expect, it } from 'vitest';
import type { TunnelLayer } from '../../src/decode/index.js';
import { MAX_TUNNELS, TunnelTable } from '../../src/pipeline/tunnels.js';
import * as B from '../builders/packets.js';
import { udpPacket } from '../builders/flow-packets.js';
import { framesPcap, scenarioDir, timedFrames } from '../builders/scenario.js';
import { runCli } from '../cli/run-cli.js';

const { save } = scenarioDir('ev-tunnel-cap-');

const gre = (dst: string): TunnelLayer => ({ kind: 'gre', src: '10.0.0.1', dst, ipProto: 47, outerIpLength: 100 } as TunnelLayer);

describe('TunnelTable cap', () => {
  it('tracks at most maxTunnels tunnels; packets of further ones are counted, those of tracked ones still added up', () => {
    const t = new TunnelTable({ maxTunnels: 2 });
    const far = ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.1', '192.0.2.3'];
    far.forEach((d, i) => t.observe(udpPacket({ frame: i + 1, tunnels: [gre(d)] })));
    expect(t.records().map((r) => [r.respH, r.origPkts])).toEqual([['192.0.2.1', 2], ['192.0.2.2', 1]]);
    expect(t.untrackedPackets).toBe(2);
  });

  it(`end to end: a capture with ${MAX_TUNNELS + 1} distinct tunnels is INCONCLUSIVE, the untracked packet named as lost evidence`, async () => {
    // One GRE packet per far end (10.x.y.z, private: each tunnel alone would be IGNORED), inner traffic private too.
    const inner = B.ipv4(B.udp({ srcPort: 5000, dstPort: 6000, payload: new Uint8Array(4) }), { src: '172.16.0.2', dst: '172.16.0.3', proto: 17 });
    const frames = Array.from({ length: MAX_TUNNELS + 1 }, (_, i) =>
      B.ethernet(B.ipv4(B.gre(inner), { src: '10.0.0.1', dst: `10.${1 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`, proto: 47 })));
    const r = await runCli(['analyze', '--reproducible', save('many-tunnels.pcap', framesPcap(timedFrames(frames)))]);
    const report = JSON.parse(r.stdout) as { verdict: { verdict: string; reasons: { code: string; detail: string }[] }; tunnels: unknown[] };
    expect(report.tunnels).toHaveLength(MAX_TUNNELS);
    expect(report.verdict.verdict).toBe('INCONCLUSIVE');
    expect(report.verdict.reasons.map((x) => `${x.code} ${x.detail}`)).toContain('evidence.lost tunnels.packets_untracked: 1');
  }, 60_000);
});
