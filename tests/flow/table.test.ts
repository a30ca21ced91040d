import { describe, expect, it } from 'vitest';
import { withLimits } from '../../src/core/index.js';
import { FlowTable, type FlowRecord } from '../../src/flow/index.js';
import { conversation, icmpPacket, otherPacket, tcpPacket, udpPacket, ACK, SYN } from '../builders/flow-packets.js';
import { oneFlow, runFlows } from './helpers.js';

const S = 1_000_000_000n;
const T0 = 1_700_000_000n * S;

describe('originator choice', () => {
  it.each([
    { name: 'SYN sender', pkts: conversation('S h A'), orig: '10.0.0.1:40000', history: 'ShA' },
    { name: 'receiver of a first SYN-ACK (flipped, ^)', pkts: conversation('h A'), orig: '10.0.0.1:40000', history: '^hA' },
    { name: 'first sender midstream', pkts: conversation('d5 D5'), orig: '192.0.2.10:443', history: 'Dd' },
    { name: 'first UDP sender', pkts: [udpPacket({ src: '192.0.2.10', dst: '10.0.0.1', sport: 53, dport: 5353 })], orig: '192.0.2.10:53', history: 'D' },
  ])('$name', ({ pkts, orig, history }) => {
    const r = oneFlow(pkts);
    expect({ orig: `${r.origH}:${r.origP}`, history: r.history }).toEqual({ orig, history });
  });
});

describe('UDP, ICMP and other protocols', () => {
  it.each([
    {
      name: 'UDP request/response',
      pkts: [udpPacket({ frame: 1, payloadLength: 30 }), udpPacket({ frame: 2, src: '192.0.2.10', dst: '10.0.0.1', sport: 53, dport: 50000, payloadLength: 90 })],
      want: { proto: 'udp', origP: 50000, respP: 53, connState: 'SF', history: 'Dd', origBytes: 30, respBytes: 90, origPkts: 1, respPkts: 1 },
    },
    {
      name: 'UDP one way',
      pkts: [udpPacket({ frame: 1, payloadLength: 4 }), udpPacket({ frame: 2, payloadLength: 6 })],
      want: { proto: 'udp', origP: 50000, respP: 53, connState: 'S0', history: 'D', origBytes: 10, respBytes: 0, origPkts: 2, respPkts: 0 },
    },
    {
      name: 'ICMP echo request/reply pair (8/0)',
      pkts: [icmpPacket({ frame: 1, type: 8, payloadLength: 56 }), icmpPacket({ frame: 2, type: 0, src: '192.0.2.10', dst: '10.0.0.1', payloadLength: 56 })],
      want: { proto: 'icmp', origP: 8, respP: 0, connState: 'OTH', history: '', origBytes: 56, respBytes: 56, origPkts: 1, respPkts: 1 },
    },
    {
      name: 'ICMPv6 echo request/reply pair (128/129)',
      pkts: [icmpPacket({ frame: 1, ipVersion: 6, type: 128 }), icmpPacket({ frame: 2, ipVersion: 6, type: 129, src: '2001:db8::2', dst: '2001:db8::1' })],
      want: { proto: 'icmp', origP: 128, respP: 129, connState: 'OTH', history: '', origBytes: 0, respBytes: 0, origPkts: 1, respPkts: 1 },
    },
    {
      name: 'ICMP reply seen first: its sender is the originator',
      pkts: [icmpPacket({ frame: 1, type: 0, src: '192.0.2.10', dst: '10.0.0.1' }), icmpPacket({ frame: 2, type: 8 })],
      want: { proto: 'icmp', origP: 0, respP: 8, connState: 'OTH', history: '', origBytes: 0, respBytes: 0, origPkts: 1, respPkts: 1 },
    },
    {
      name: 'ICMP timestamp pair (13/14)',
      pkts: [icmpPacket({ frame: 1, type: 13 }), icmpPacket({ frame: 2, type: 14, src: '192.0.2.10', dst: '10.0.0.1' })],
      want: { proto: 'icmp', origP: 13, respP: 14, connState: 'OTH', history: '', origBytes: 0, respBytes: 0, origPkts: 1, respPkts: 1 },
    },
    {
      name: 'ESP: addresses only',
      pkts: [otherPacket(50, { frame: 1, payloadLength: 100 }), otherPacket(50, { frame: 2, src: '192.0.2.10', dst: '10.0.0.1', payloadLength: 80 })],
      want: { proto: 'esp', origP: 0, respP: 0, connState: 'OTH', history: '', origBytes: 100, respBytes: 80, origPkts: 1, respPkts: 1 },
    },
    {
      name: 'unnamed protocol is ip-N',
      pkts: [otherPacket(253, { frame: 1 })],
      want: { proto: 'ip-253', origP: 0, respP: 0, connState: 'OTH', history: '', origBytes: 0, respBytes: 0, origPkts: 1, respPkts: 0 },
    },
    {
      name: 'SCTP ports read from the common header',
      pkts: [otherPacket(132, { frame: 1, payload: Uint8Array.of(0x0b, 0x59, 0x0b, 0x59, 0, 0, 0, 0, 0, 0, 0, 0) })],
      want: { proto: 'sctp', origP: 2905, respP: 2905, connState: 'OTH', history: '', origBytes: 12, respBytes: 0, origPkts: 1, respPkts: 0 },
    },
  ])('$name', ({ pkts, want }) => {
    const r = oneFlow(pkts);
    expect({
      proto: r.proto, origP: r.origP, respP: r.respP, connState: r.connState, history: r.history,
      origBytes: r.origBytes, respBytes: r.respBytes, origPkts: r.origPkts, respPkts: r.respPkts,
    }).toEqual(want);
  });

  it('one-way ICMPv6 types keep (type, code) and their direction', () => {
    const recs = runFlows([
      icmpPacket({ frame: 1, ipVersion: 6, type: 143, code: 0 }),
      icmpPacket({ frame: 2, ipVersion: 6, type: 143, code: 0, src: '2001:db8::2', dst: '2001:db8::1' }),
    ]);
    expect(recs.map((r) => [r.origH, r.origP, r.respP])).toEqual([['2001:db8::1', 143, 0], ['2001:db8::2', 143, 0]]);
  });
});

describe('ICMP errors', () => {
  const quoted = { ipVersion: 4 as const, src: '10.0.0.1' as never, dst: '192.0.2.10' as never, ipProto: 17, srcPort: 50000, dstPort: 53 };
  it.each([
    { name: 'attached to the flow it quotes', q: quoted, kind: 'icmp-error', reason: undefined, attached: 1, unattributed: 0 },
    { name: 'quote from the other direction is the same flow', q: { ...quoted, src: quoted.dst, dst: quoted.src, srcPort: 53, dstPort: 50000 }, kind: 'icmp-error', reason: undefined, attached: 1, unattributed: 0 },
    { name: 'unknown flow is unattributed', q: { ...quoted, dstPort: 54 }, kind: 'icmp-error-unattributed', reason: 'no-flow', attached: 0, unattributed: 1 },
    { name: 'quote without ports is unattributed', q: { ipVersion: 4 as const, src: quoted.src, dst: quoted.dst, ipProto: 17 }, kind: 'icmp-error-unattributed', reason: 'no-ports', attached: 0, unattributed: 1 },
  ])('$name', ({ q, kind, reason, attached, unattributed }) => {
    const table = new FlowTable(withLimits({}));
    table.observe(udpPacket({ frame: 1 }));
    const obs = table.observe(icmpPacket({ frame: 2, type: 3, code: 3, src: '198.51.100.1', dst: '10.0.0.1', quoted: q }));
    expect(obs.kind).toBe(kind);
    if (obs.kind === 'icmp-error-unattributed') expect(obs.reason).toBe(reason);
    const [rec] = table.flush();
    expect({ errors: rec?.icmpErrors, pkts: rec?.origPkts, flows: table.stats.created }).toEqual({ errors: attached, pkts: 1, flows: 1 });
    expect([table.stats.icmpErrorsAttached, table.stats.icmpErrorsUnattributed]).toEqual([attached, unattributed]);
  });
});

describe('keys', () => {
  it('VLANs separate otherwise identical flows', () => {
    const recs = runFlows([udpPacket({ frame: 1, vlan: [10] }), udpPacket({ frame: 2, vlan: [20] }), udpPacket({ frame: 3, vlan: [10] }), udpPacket({ frame: 4, vlan: [10, 20] })]);
    expect(recs.map((r) => [r.vlan, r.origPkts])).toEqual([[[10], 2], [[20], 1], [[10, 20], 1]]);
  });

  it('IPv4 and IPv6 with the same ports are different flows; same address, different ports too', () => {
    const recs = runFlows([udpPacket({ frame: 1 }), udpPacket({ frame: 2, ipVersion: 6 }), udpPacket({ frame: 3, src: '10.0.0.1', dst: '10.0.0.1', sport: 1, dport: 2 }),
      udpPacket({ frame: 4, src: '10.0.0.1', dst: '10.0.0.1', sport: 2, dport: 1 })]);
    expect(recs.map((r) => [r.ipVersion, r.origPkts, r.respPkts])).toEqual([[4, 1, 0], [6, 1, 0], [4, 1, 1]]);
  });
});

describe('lifecycle', () => {
  const at = (sec: bigint): bigint => T0 + sec * S;
  it.each([
    { name: 'UDP splits after 60 s idle', mk: (f: number, ts: bigint) => udpPacket({ frame: f, tsNs: ts }), gap: 61n, flows: 2 },
    { name: 'UDP continues within 60 s', mk: (f: number, ts: bigint) => udpPacket({ frame: f, tsNs: ts }), gap: 59n, flows: 1 },
    { name: 'TCP continues after 61 s (300 s timeout)', mk: (f: number, ts: bigint) => tcpPacket({ frame: f, tsNs: ts, seq: 1000 + f }), gap: 61n, flows: 1 },
    { name: 'TCP splits after 301 s', mk: (f: number, ts: bigint) => tcpPacket({ frame: f, tsNs: ts, seq: 1000 + f }), gap: 301n, flows: 2 },
    { name: 'ICMP splits after 61 s', mk: (f: number, ts: bigint) => icmpPacket({ frame: f, tsNs: ts }), gap: 61n, flows: 2 },
    { name: 'other protocols split after 61 s', mk: (f: number, ts: bigint) => otherPacket(47, { frame: f, tsNs: ts }), gap: 61n, flows: 2 },
  ])('$name', ({ mk, gap, flows }) => {
    const recs = runFlows([mk(1, at(0n)), mk(2, at(gap))]);
    expect(recs.length).toBe(flows);
    if (flows === 2) expect(recs[0]!.endReason).toBe('idle');
  });

  it('expireIdle finishes only flows idle past their timeout', () => {
    const table = new FlowTable(withLimits({}));
    table.observe(udpPacket({ frame: 1, tsNs: at(0n) }));
    table.observe(tcpPacket({ frame: 2, tsNs: at(0n) }));
    table.observe(udpPacket({ frame: 3, tsNs: at(30n), sport: 1 }));
    expect(table.expireIdle(at(59n))).toEqual([]);
    expect(table.expireIdle(at(60n)).map((r) => [r.firstFrame, r.endReason])).toEqual([[1, 'idle']]);
    expect(table.expireIdle(at(300n)).map((r) => r.firstFrame).sort()).toEqual([2, 3]);
    expect(table.stats).toMatchObject({ active: 0, created: 3, expiredIdle: 3 });
  });

  it('at the cap the least recently seen flow is evicted and counted', () => {
    const recs: FlowRecord[] = [];
    const table = new FlowTable(withLimits({ maxActiveFlows: 2 }), { onFinished: (r) => recs.push(r) });
    table.observe(udpPacket({ frame: 1, sport: 1 }));
    table.observe(udpPacket({ frame: 2, sport: 2 }));
    table.observe(udpPacket({ frame: 3, sport: 1 }));
    table.observe(udpPacket({ frame: 4, sport: 3 }));
    expect(recs.map((r) => [r.firstFrame, r.endReason])).toEqual([[2, 'evicted']]);
    table.flush();
    expect(recs.map((r) => r.firstFrame)).toEqual([2, 1, 4]);
    expect(table.stats).toMatchObject({ evictedAtCap: 1, created: 3, finished: 3, active: 0 });
  });

  it.each([
    { name: 'new SYN after FIN both ways', script: 'S h A F f A', first: 'SF', history: 'ShAFf' },
    { name: 'new SYN after RST', script: 'S h A r', first: 'RSTR', history: 'ShAr' },
  ])('port reuse: $name', ({ script, first, history }) => {
    const pkts = [...conversation(script), ...conversation('S h A', { origIsn: 777_777, firstFrame: 50 })];
    const recs = runFlows(pkts);
    expect(recs.map((r) => [r.connState, r.endReason, r.history])).toEqual([[first, 'port-reuse', history], ['S1', 'end-of-capture', 'ShA']]);
    expect(recs[1]!.uid).not.toBe(recs[0]!.uid);
  });

  it('a retransmitted SYN (same ISN) after a reject stays in its flow', () => {
    const r = oneFlow(conversation('S r S'));
    expect([r.connState, r.origPkts, r.history]).toEqual(['REJ', 2, 'Sr']);
  });

  it('a SYN-less packet long after a close starts a new flow once the linger passed', () => {
    const pkts = [...conversation('S h A F f'), tcpPacket({ frame: 9, tsNs: T0 + 10n * S, flags: ACK, seq: 1002, ack: 5002 })];
    const recs = runFlows(pkts);
    expect(recs.map((r) => r.endReason)).toEqual(['closed', 'end-of-capture']);
  });

  it('packets within the linger stay in the closed flow', () => {
    const r = oneFlow(conversation('S h A F f A'));
    expect([r.connState, r.origPkts, r.endReason]).toEqual(['SF', 4, 'end-of-capture']);
  });

  it('sample frames are the first N frames; records hold copies', () => {
    const vlan = [7];
    const table = new FlowTable(withLimits({ maxFlowSampleFrames: 3 }));
    for (let f = 1; f <= 5; f++) table.observe(udpPacket({ frame: f, vlan }));
    vlan[0] = 99;
    const [r] = table.flush();
    expect([r?.sampleFrames, r?.firstFrame, r?.lastFrame, r?.vlan]).toEqual([[1, 2, 3], 1, 5, [7]]);
  });

  it('observe reports direction and novelty', () => {
    const table = new FlowTable(withLimits({}));
    const [a, b] = conversation('S h');
    // An observation is BORROWED until the next observe(): read it at once.
    const seen = [a!, b!].map((p) => {
      const o = table.observe(p);
      return o.kind === 'flow' ? [o.dir, o.isNew] : [o.kind];
    });
    expect(seen).toEqual([['orig', true], ['resp', false]]);
  });

  it('a SYN from the former responder on a closed flow starts a flow it originates', () => {
    const pkts = [...conversation('S h A F f'), tcpPacket({ frame: 9, src: '192.0.2.10', dst: '10.0.0.1', sport: 443, dport: 40000, flags: SYN, seq: 42 })];
    const recs = runFlows(pkts);
    expect(recs.map((r) => [r.origH, r.endReason])).toEqual([['10.0.0.1', 'port-reuse'], ['192.0.2.10', 'end-of-capture']]);
  });
});
