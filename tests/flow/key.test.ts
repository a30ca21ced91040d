import { describe, expect, it } from 'vitest';
import { udpPacket } from '../builders/flow-packets.js';
import { runFlows } from './helpers.js';

/** Flows as compact text: orig → resp, packets each way. */
function flows(recs: ReturnType<typeof runFlows>): string[] {
  return recs.map((r) => `${r.origH}:${r.origP}>${r.respH}:${r.respP} ${r.origPkts}/${r.respPkts}`);
}

describe('numeric flow keys', () => {
  it.each([
    {
      name: 'IPv4 and IPv4-mapped IPv6 (same 32 bits) are different flows',
      pkts: [udpPacket({ frame: 1, src: '1.2.3.4', dst: '5.6.7.8' }), udpPacket({ frame: 2, src: '::ffff:102:304', dst: '::ffff:506:708' })],
      expected: ['1.2.3.4:50000>5.6.7.8:53 1/0', '::ffff:102:304:50000>::ffff:506:708:53 1/0'],
    },
    {
      name: 'same address both sides, ports swapped: one flow, both directions',
      pkts: [udpPacket({ frame: 1, src: '10.0.0.1', dst: '10.0.0.1', sport: 7, dport: 9 }), udpPacket({ frame: 2, src: '10.0.0.1', dst: '10.0.0.1', sport: 9, dport: 7 })],
      expected: ['10.0.0.1:7>10.0.0.1:9 1/1'],
    },
    {
      name: 'same endpoint both sides: every packet is the originator\'s',
      pkts: [udpPacket({ frame: 1, src: '2001:db8::5', dst: '2001:db8::5', sport: 7, dport: 7 }), udpPacket({ frame: 2, src: '2001:db8::5', dst: '2001:db8::5', sport: 7, dport: 7 })],
      expected: ['2001:db8::5:7>2001:db8::5:7 2/0'],
    },
    {
      name: 'IPv6 addresses differing only in the last word',
      pkts: [udpPacket({ frame: 1, src: '2001:db8::1', dst: '2001:db8::2' }), udpPacket({ frame: 2, src: '2001:db8::1', dst: '2001:db8::3' }), udpPacket({ frame: 3, src: '2001:db8::2', dst: '2001:db8::1', sport: 53, dport: 50000 })],
      expected: ['2001:db8::1:50000>2001:db8::2:53 1/1', '2001:db8::1:50000>2001:db8::3:53 1/0'],
    },
  ])('$name', ({ pkts, expected }) => {
    expect(flows(runFlows(pkts))).toEqual(expected);
  });

  it('the index keeps finding flows while it grows (5000 live flows, replies after all requests)', () => {
    const n = 5000;
    const host = (i: number): string => `10.${(i >> 8) & 255}.${i & 255}.1`;
    const req = Array.from({ length: n }, (_, i) => udpPacket({ frame: i + 1, src: host(i), dst: '192.0.2.53', sport: 1024 + i }));
    const rep = Array.from({ length: n }, (_, i) => udpPacket({ frame: n + i + 1, src: '192.0.2.53', dst: host(i), sport: 53, dport: 1024 + i }));
    const recs = runFlows([...req, ...rep]);
    expect(recs).toHaveLength(n);
    expect(recs.every((r) => r.origPkts === 1 && r.respPkts === 1)).toBe(true);
  });
});
