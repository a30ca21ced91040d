import { describe, expect, it } from 'vitest';
import * as B from '../builders/packets.js';
import { decodeIcmpv4, decodeIcmpv6, decodeIpv4, decodeIpv6, decodeTcp, decodeUdp } from '../../src/decode/index.js';
import { codesOf, decodeOne, packetOf, summary } from './helpers.js';

describe('IPv4', () => {
  it.each([
    { name: 'no options', opts: new Uint8Array(0), hlen: 20 },
    { name: 'NOP + EOL options', opts: B.fromHex('01010100'), hlen: 24 },
    { name: 'record route (39 bytes) + EOL', opts: B.concat(Uint8Array.of(7, 39, 4), new Uint8Array(36), Uint8Array.of(0)), hlen: 60 },
  ])('$name', ({ opts, hlen }) => {
    const r = decodeIpv4(B.ipv4(B.tcp(), { options: opts, id: 0x4242, ttl: 9, df: true }));
    expect(r).toMatchObject({ ok: true, next: hlen, header: { headerLength: hlen, id: 0x4242, ttl: 9, dontFragment: true, proto: 6, src: '10.0.0.1', dst: '192.0.2.1' } });
    const p = packetOf(decodeOne(B.ethernet(B.ipv4(B.tcp(), { options: opts }))));
    expect(p.ipLength).toBe(hlen + 20);
  });

  it('strips Ethernet padding using the total length', () => {
    const frame = B.concat(B.ethernet(B.ipv4(B.udp({ payload: B.fromHex('aabb') }), { proto: 17 })), new Uint8Array(12));
    const p = packetOf(decodeOne(frame));
    expect(p.ipLength).toBe(30);
    expect([...p.payload]).toEqual([0xaa, 0xbb]);
  });

  it('snap-truncated: lengths from headers, payload as captured, no anomaly', () => {
    const whole = B.ethernet(B.ipv4(B.tcp({ payload: new Uint8Array(1000) })));
    const o = decodeOne(whole.subarray(0, 14 + 40 + 10), { originalLength: whole.length });
    const p = packetOf(o);
    expect(codesOf(o)).toEqual([]);
    expect(p.ipLength).toBe(1040);
    expect(p.payloadLength).toBe(1000);
    expect(p.payload.length).toBe(10);
  });

  it('cut without snap length: trunc_pkt noted, packet still decoded', () => {
    const whole = B.ethernet(B.ipv4(B.tcp({ payload: new Uint8Array(100) })));
    const o = decodeOne(whole.subarray(0, 80));
    expect(codesOf(o)).toEqual(['decoder.ipv4.trunc_pkt']);
    expect(packetOf(o).payloadLength).toBe(100);
  });

  it('total length 0 (segmentation offload) uses the captured length', () => {
    const o = decodeOne(B.ethernet(B.ipv4(B.tcp({ payload: new Uint8Array(8) }), { totalLength: 0 })));
    expect(codesOf(o)).toEqual(['decoder.ipv4.iplen_zero']);
    expect(packetOf(o).ipLength).toBe(48);
  });

  it('unknown protocol: packet without transport; ESP is opaque', () => {
    expect(summary(packetOf(decodeOne(B.ethernet(B.ipv4(new Uint8Array(16), { proto: 50 })))))).toBe('10.0.0.1>192.0.2.1 p50');
    expect(summary(packetOf(decodeOne(B.ethernet(B.ipv4(new Uint8Array(16), { proto: 132 })))))).toBe('10.0.0.1>192.0.2.1 p132');
  });
});

describe('IPv6 extension headers', () => {
  const up = B.tcp({ dstPort: 80 });
  it.each([
    { name: 'none', ext: [], hlen: 40 },
    { name: 'hop-by-hop', ext: [{ type: 'hop-by-hop' }], hlen: 48 },
    { name: 'hop-by-hop with 10 option bytes', ext: [{ type: 'hop-by-hop', options: new Uint8Array(10).fill(1) }], hlen: 56 },
    { name: 'routing (1 address)', ext: [{ type: 'routing' }], hlen: 64 },
    { name: 'destination options', ext: [{ type: 'dest-opts' }], hlen: 48 },
    { name: 'atomic fragment', ext: [{ type: 'fragment' }], hlen: 48 },
    { name: 'AH (12-byte ICV)', ext: [{ type: 'ah' }], hlen: 64 },
    { name: 'all of them', ext: [{ type: 'hop-by-hop' }, { type: 'dest-opts' }, { type: 'routing' }, { type: 'fragment' }, { type: 'ah' }, { type: 'dest-opts' }], hlen: 40 + 8 + 8 + 24 + 8 + 24 + 8 },
  ] as const)('$name', ({ ext, hlen }) => {
    const bytes = B.ipv6(up, { ext, nextHeader: 6 });
    const r = decodeIpv6(bytes);
    expect(r).toMatchObject({ ok: true, next: hlen, header: { proto: 6, headerLength: hlen, fragment: null } });
    const p = packetOf(decodeOne(B.ethernet(bytes, { etherType: 0x86dd })));
    expect(summary(p)).toBe('2001:db8::1>2001:db8::2 p6 49152>80');
    expect(p.ipLength).toBe(hlen + 20);
  });

  it('ESP ends the chain as an opaque protocol; no next header (59) too', () => {
    expect(packetOf(decodeOne(B.ipv6(new Uint8Array(24), { nextHeader: 50, ext: [{ type: 'hop-by-hop' }] }), { linkType: 101 })).ipProto).toBe(50);
    expect(packetOf(decodeOne(B.ipv6(new Uint8Array(0), { nextHeader: 59 }), { linkType: 101 })).transport).toBeNull();
  });

  it('a non-atomic fragment header is reported by the layer decoder', () => {
    const r = decodeIpv6(B.ipv6(new Uint8Array(16), { ext: [{ type: 'fragment', offset: 8, more: true, id: 77 }], nextHeader: 17 }));
    expect(r).toMatchObject({ ok: true, next: 48, header: { proto: 17, fragment: { id: 77, offset: 8, more: true } } });
  });

  it('payload length 0 with hop-by-hop (jumbogram) uses the captured length', () => {
    const o = decodeOne(B.ipv6(B.udp({ payload: new Uint8Array(4) }), { nextHeader: 17, ext: [{ type: 'hop-by-hop' }], payloadLength: 0 }), { linkType: 101 });
    expect(codesOf(o)).toEqual(['decoder.ipv6.plen_zero']);
    expect(packetOf(o).ipLength).toBe(40 + 8 + 12);
  });
});

describe('transports', () => {
  it.each([
    { name: 'tcp', r: decodeTcp(B.tcp({ srcPort: 1, dstPort: 2, seq: 3, ack: 4, flags: 0x12, window: 5 })), header: { proto: 'tcp', srcPort: 1, dstPort: 2, seq: 3, ack: 4, flags: 0x12, window: 5, headerLength: 20 }, next: 20 },
    { name: 'tcp with options', r: decodeTcp(B.tcp({ options: B.fromHex('020405b4 01030307') })), header: { headerLength: 28 }, next: 28 },
    { name: 'udp', r: decodeUdp(B.udp({ srcPort: 7, dstPort: 9, payload: new Uint8Array(3) })), header: { proto: 'udp', srcPort: 7, dstPort: 9, length: 11 }, next: 8 },
    { name: 'icmp echo', r: decodeIcmpv4(B.icmp({ id: 0x99 })), header: { proto: 'icmp', type: 8, code: 0, echoId: 0x99 }, next: 8 },
    { name: 'icmpv6 echo reply', r: decodeIcmpv6(B.icmpv6({ type: 129, id: 0x98 })), header: { proto: 'icmpv6', type: 129, echoId: 0x98 }, next: 8 },
    { name: 'icmpv6 neighbour solicitation', r: decodeIcmpv6(B.icmpv6({ type: 135 })), header: { proto: 'icmpv6', type: 135, code: 0 }, next: 8 },
  ])('$name', ({ r, header, next }) => {
    expect(r).toMatchObject({ ok: true, header, next });
  });

  it('udp length is bounded by the IP length', () => {
    const p = packetOf(decodeOne(B.ethernet(B.ipv4(B.udp({ payload: new Uint8Array(10), length: 12 }), { proto: 17 }))));
    expect(p.payloadLength).toBe(4);
    expect(p.payload.length).toBe(4);
  });
});

describe('ICMP errors quote the offending packet', () => {
  const quotedV4 = B.ipv4(B.udp({ srcPort: 5353, dstPort: 53 }), { proto: 17, src: '10.9.9.9', dst: '198.51.100.7' }).subarray(0, 28);
  const quotedV6 = B.ipv6(B.tcp({ srcPort: 40000, dstPort: 443 }), { src: '2001:db8::9', dst: '2001:db8::7' }).subarray(0, 48);
  it.each([3, 4, 5, 11, 12].map((type) => ({ name: `icmp type ${type}`, type })))('$name', ({ type }) => {
    const p = packetOf(decodeOne(B.ethernet(B.ipv4(B.icmp({ type, code: 1, payload: quotedV4 }), { proto: 1, src: '192.0.2.254', dst: '10.9.9.9' }))));
    expect(p.transport).toEqual({ proto: 'icmp', type, code: 1, quoted: { ipVersion: 4, src: '10.9.9.9', dst: '198.51.100.7', ipProto: 17, srcPort: 5353, dstPort: 53 } });
  });
  it.each([1, 2, 3, 4].map((type) => ({ name: `icmpv6 type ${type}`, type })))('$name', ({ type }) => {
    const p = packetOf(decodeOne(B.ipv6(B.icmpv6({ type, code: 0, payload: quotedV6 }), { nextHeader: 58 }), { linkType: 101 }));
    expect(p.transport).toEqual({ proto: 'icmpv6', type, code: 0, quoted: { ipVersion: 6, src: '2001:db8::9', dst: '2001:db8::7', ipProto: 6, srcPort: 40000, dstPort: 443 } });
  });
  it('quoted header without transport bytes has no ports', () => {
    const r = decodeIcmpv4(B.icmp({ type: 3, payload: quotedV4.subarray(0, 20) }));
    expect(r).toMatchObject({ ok: true, header: { quoted: { ipProto: 17 } } });
    expect(r.ok && r.header.quoted?.srcPort).toBeUndefined();
  });
  it('quoted IPv6 with extension headers: ports after the chain', () => {
    const q = B.ipv6(B.udp({ srcPort: 1000, dstPort: 2000 }), { nextHeader: 17, ext: [{ type: 'hop-by-hop' }, { type: 'dest-opts' }] });
    const r = decodeIcmpv6(B.icmpv6({ type: 1, payload: q }));
    expect(r).toMatchObject({ ok: true, header: { quoted: { ipProto: 17, srcPort: 1000, dstPort: 2000 } } });
  });
  it('quoted IPv6 whose extension headers are cut: fixed next header, no ports', () => {
    const q = B.ipv6(B.udp(), { nextHeader: 17, ext: [{ type: 'routing' }] }).subarray(0, 50);
    const r = decodeIcmpv6(B.icmpv6({ type: 3, payload: q }));
    expect(r.ok && r.header.quoted).toEqual({ ipVersion: 6, src: '2001:db8::1', dst: '2001:db8::2', ipProto: 43 });
  });
  it('quoted non-first IPv4 fragment has no ports', () => {
    const q = B.ipv4(B.udp(), { proto: 17, fragOffset: 8 });
    const r = decodeIcmpv4(B.icmp({ type: 11, payload: q }));
    expect(r.ok && r.header.quoted).toEqual({ ipVersion: 4, src: '10.0.0.1', dst: '192.0.2.1', ipProto: 17 });
  });
  it('echo replies are not errors', () => {
    expect(decodeIcmpv4(B.icmp({ type: 0, payload: quotedV4 }))).toMatchObject({ ok: true, header: { echoId: 0x42 } });
  });
});
