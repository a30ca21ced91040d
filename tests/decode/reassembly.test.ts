import { describe, expect, it } from 'vitest';
import * as B from '../builders/packets.js';
import { withLimits, type Limits } from '../../src/core/index.js';
import { PacketDecoder, type DecodeOutcome } from '../../src/decode/index.js';
import { codesOf, packetOf, summary } from './helpers.js';

const SEC = 1_000_000_000n;
const body = Uint8Array.from({ length: 2000 }, (_, i) => i & 0xff);
const dg4 = B.ipv4(B.udp({ srcPort: 1111, dstPort: 2222, payload: body }), { proto: 17, id: 0x77 });
const dg6 = B.ipv6(B.udp({ srcPort: 1111, dstPort: 2222, payload: body }), { nextHeader: 17 });
const f4 = B.fragmentIpv4(dg4, 600); // 4 fragments: data 576, 576, 576, 280
const f6 = B.fragmentIpv6(dg6, 600, { id: 5 });

function run(frags: readonly Uint8Array[], order: readonly number[], limits: Partial<Limits> = {}, step = 0n): { d: PacketDecoder; outs: DecodeOutcome[] } {
  const d = new PacketDecoder(withLimits(limits));
  const outs = order.map((i, k) => d.decode(B.frame(B.ethernet(frags[i]!, { etherType: frags[i]![0]! >> 4 === 6 ? 0x86dd : 0x0800 }), { frame: k + 1, tsNs: SEC + BigInt(k) * step })));
  return { d, outs };
}

describe('reassembly', () => {
  it.each([
    { name: 'v4 in order', frags: f4, order: [0, 1, 2, 3] },
    { name: 'v4 reversed', frags: f4, order: [3, 2, 1, 0] },
    { name: 'v4 shuffled', frags: f4, order: [2, 0, 3, 1] },
    { name: 'v6 in order', frags: f6, order: [0, 1, 2, 3] },
    { name: 'v6 reversed', frags: f6, order: [3, 2, 1, 0] },
  ])('$name', ({ frags, order }) => {
    const { d, outs } = run(frags, order);
    expect(outs.slice(0, -1).map((o) => o.kind)).toEqual(order.slice(1).map(() => 'fragment-held'));
    const last = outs[outs.length - 1]!;
    const p = packetOf(last);
    expect(summary(p).endsWith('p17 1111>2222')).toBe(true);
    expect(p.frame).toBe(order.length);
    expect(p.fragmentFrames).toEqual(order.map((_, k) => k + 1));
    expect(p.payloadLength).toBe(2000);
    expect([...p.payload]).toEqual([...body]);
    expect(p.ipLength).toBe(frags === f4 ? 2028 : 2048);
    expect(codesOf(last)).toEqual([]);
    expect(d.flush()).toEqual([]);
    expect(d.stats).toMatchObject({ datagramsReassembled: 1, fragmentDatagramsPending: 0, fragmentBytesPending: 0 });
  });

  it.each([
    { name: 'v4 duplicate fragment', frags: f4, order: [0, 1, 1, 2, 3], code: 'decoder.ipv4.frag_overlap' },
    { name: 'v6 duplicate fragment', frags: f6, order: [0, 0, 1, 2, 3], code: 'decoder.ipv6.frag_overlap' },
  ])('$name: reassembled once, overlap noted', ({ frags, order, code }) => {
    const { outs } = run(frags, order);
    expect(outs.flatMap(codesOf)).toEqual([code]);
    expect(packetOf(outs[outs.length - 1]!).fragmentFrames).toEqual([1, 2, 3, 4, 5]);
  });

  it('overlapping data: first fragment wins (policy "first")', () => {
    const pay = new Uint8Array(32).fill(0xaa);
    const whole = B.ipv4(B.udp({ payload: pay }), { proto: 17, id: 9 }); // data = 8 + 32 = 40 bytes
    const data = whole.subarray(20);
    const a = B.ipv4(data.subarray(0, 24), { proto: 17, id: 9, mf: true });
    const evil = B.concat(data.subarray(16, 24).map(() => 0xbb), data.subarray(24, 32));
    const b = B.ipv4(evil, { proto: 17, id: 9, mf: true, fragOffset: 16 }); // overlaps bytes 16..24
    const c = B.ipv4(data.subarray(32), { proto: 17, id: 9, fragOffset: 32 });
    const { outs } = run([a, b, c], [0, 1, 2]);
    expect(codesOf(outs[1]!)).toEqual(['decoder.ipv4.frag_overlap']);
    const p = packetOf(outs[2]!);
    expect([...p.payload]).toEqual([...pay]);
  });

  it('missing fragment: flushed at end of capture with its frames', () => {
    const { d, outs } = run(f4, [0, 1, 3]);
    expect(outs.map((o) => o.kind)).toEqual(['fragment-held', 'fragment-held', 'fragment-held']);
    const x = d.flush();
    expect(x).toEqual([{ code: 'decoder.ipv4.frag_incomplete', reason: 'flush', ipVersion: 4, src: '10.0.0.1', dst: '192.0.2.1', ipProto: 17, frames: [1, 2, 3], firstTsNs: SEC }]);
    expect(d.stats.fragmentDatagramsPending).toBe(0);
  });

  it('missing fragment: expired by frame time, not wall clock', () => {
    const { d } = run(f6, [1, 2], { fragmentTimeoutNs: 30n * SEC });
    expect(d.expire(SEC + 30n * SEC)).toEqual([]);
    const x = d.expire(SEC + 31n * SEC);
    expect(x).toMatchObject([{ code: 'decoder.ipv6.frag_incomplete', reason: 'timeout', ipVersion: 6, ipProto: 17, frames: [1, 2] }]);
  });

  it('a late fragment after the timeout starts a new datagram; the old one is reported', () => {
    const { d, outs } = run(f4, [0, 1, 2, 3], { fragmentTimeoutNs: 5n * SEC }, 2n * SEC);
    expect(outs.map((o) => o.kind)).toEqual(['fragment-held', 'fragment-held', 'fragment-held', 'fragment-held']);
    expect(d.expire(0n)).toMatchObject([{ reason: 'timeout', frames: [1, 2, 3] }]);
    expect(d.flush()).toMatchObject([{ reason: 'flush', frames: [4] }]);
  });

  it('too many datagrams: new ones are refused (malformed frag_cap)', () => {
    const other = B.fragmentIpv4(B.ipv4(B.udp({ payload: body }), { proto: 17, id: 0x78 }), 600);
    const { d, outs } = run([f4[0]!, other[0]!], [0, 1], { maxFragmentDatagrams: 1 });
    expect(outs[0]!.kind).toBe('fragment-held');
    expect(outs[1]).toEqual({ kind: 'malformed', anomaly: 'decoder.ipv4.frag_cap', anomalies: [] });
    expect(d.flush()).toHaveLength(1);
  });

  it('too many bytes in total: the datagram is dropped with its frames', () => {
    const { d, outs } = run(f6, [0, 1], { maxFragmentTotalBytes: 1000 });
    expect(outs.map((o) => o.kind)).toEqual(['fragment-held', 'fragment-held']);
    expect(d.expire(0n)).toMatchObject([{ code: 'decoder.ipv6.frag_cap', reason: 'cap', frames: [1, 2] }]);
  });

  it.each([
    { name: 'v4 over the per-datagram cap', frags: f4, code: 'decoder.ipv4.frag_too_large', limits: { maxFragmentBytes: 1500 } },
    { name: 'v6 over the per-datagram cap', frags: f6, code: 'decoder.ipv6.frag_too_large', limits: { maxFragmentBytes: 1500 } },
    { name: 'v4 beyond 65535 (ping of death)', frags: [B.ipv4(new Uint8Array(100), { proto: 1, fragOffset: 65528 })], code: 'decoder.ipv4.frag_too_large', limits: {} },
  ])('$name', ({ frags, code, limits }) => {
    const { d, outs } = run(frags, frags.map((_, i) => i), limits);
    expect(outs.every((o) => o.kind === 'fragment-held')).toBe(true);
    const x = d.flush();
    expect(x.find((e) => e.code === code)).toMatchObject({ reason: 'too-large' });
    expect(x.flatMap((e) => e.frames).sort((a, b) => a - b)).toEqual(frags.map((_, i) => i + 1));
  });

  it('fragments of different VLANs do not mix', () => {
    const d = new PacketDecoder(withLimits({}));
    d.decode(B.frame(B.ethernet(f4[0]!, { vlans: [1] }), { frame: 1 }));
    d.decode(B.frame(B.ethernet(f4[1]!, { vlans: [2] }), { frame: 2 }));
    d.decode(B.frame(B.ethernet(f4[2]!, { vlans: [1] }), { frame: 3 }));
    const o = d.decode(B.frame(B.ethernet(f4[3]!, { vlans: [1] }), { frame: 4 }));
    expect(o.kind).toBe('fragment-held');
    expect(d.flush().map((x) => x.frames)).toEqual([[1, 3, 4], [2]]);
  });

  it('fragmented tunnel payload is reassembled, then decapsulated', () => {
    const outer = B.ipv4(B.udp({ dstPort: 4789, payload: B.vxlan(B.ethernet(dg4)) }), { proto: 17, id: 3, src: '198.51.100.1', dst: '198.51.100.2' });
    const frags = B.fragmentIpv4(outer, 800);
    const { outs } = run(frags, frags.map((_, i) => i));
    const p = packetOf(outs[outs.length - 1]!);
    expect(summary(p)).toBe('10.0.0.1>192.0.2.1 p17 1111>2222');
    expect(p.tunnels).toMatchObject([{ kind: 'vxlan', src: '198.51.100.1' }]);
  });

  it('a reassembled datagram that does not decode reports every fragment frame', () => {
    const bad = B.ipv4(B.tcp({ dataOffset: 2, payload: new Uint8Array(1000) }), { id: 4 });
    const frags = B.fragmentIpv4(bad, 600);
    const { d, outs } = run(frags, [0, 1]);
    expect(outs.map((o) => o.kind)).toEqual(['fragment-held', 'ip']);
    expect(codesOf(outs[1]!)).toEqual(['decoder.tcp.hlen_too_small']);
    expect(d.flush()).toEqual([]);
  });

  it('a reassembled datagram whose headers do not decode is reported with all its frames', () => {
    // Fragmentable part: a destination-options header claiming 48 bytes, but only 16 arrive.
    const data = B.concat(Uint8Array.of(17, 5), new Uint8Array(14));
    const a = B.ipv6(data.subarray(0, 8), { ext: [{ type: 'fragment', offset: 0, more: true, id: 1 }], nextHeader: 60 });
    const b = B.ipv6(data.subarray(8), { ext: [{ type: 'fragment', offset: 8, more: false, id: 1 }], nextHeader: 60 });
    const { d, outs } = run([a, b], [0, 1]);
    expect(outs.map((o) => o.kind)).toEqual(['fragment-held', 'fragment-held']);
    expect(d.flush()).toMatchObject([{ code: 'decoder.ipv6.trunc_exthdr', reason: 'malformed', frames: [1, 2] }]);
  });
});
