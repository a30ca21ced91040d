import { describe, expect, it } from 'vitest';
import * as B from '../builders/packets.js';
import { withLimits } from '../../src/core/index.js';
import { copyPacket, PacketDecoder } from '../../src/decode/index.js';
import { decodeOne, packetOf, summary } from './helpers.js';

describe('address bytes: the flow key reads them instead of the text', () => {
  it.each([
    { name: 'IPv4', bytes: B.ethernet(B.ipv4(B.tcp(), { src: '198.51.100.7', dst: '10.1.2.3' })), src: B.ipv4Bytes('198.51.100.7'), dst: B.ipv4Bytes('10.1.2.3') },
    { name: 'IPv6', bytes: B.ethernet(B.ipv6(B.udp(), { src: '2001:db8::a', dst: 'fe80::1', nextHeader: 17 }), { etherType: 0x86dd }), src: B.ipv6Bytes('2001:db8::a'), dst: B.ipv6Bytes('fe80::1') },
    { name: 'IPv4 inside VXLAN (inner addresses)', bytes: B.ethernet(B.ipv4(B.udp({ dstPort: 4789, payload: B.vxlan(B.ethernet(B.ipv4(B.tcp(), { src: '172.16.0.1', dst: '172.16.0.2' }))) }), { proto: 17 })), src: B.ipv4Bytes('172.16.0.1'), dst: B.ipv4Bytes('172.16.0.2') },
  ])('$name', ({ bytes, src, dst }) => {
    const p = packetOf(decodeOne(bytes));
    expect([...p.addrBytes.subarray(p.srcOff, p.srcOff + src.length)]).toEqual([...src]);
    expect([...p.addrBytes.subarray(p.dstOff, p.dstOff + dst.length)]).toEqual([...dst]);
  });
});

describe('the decoded packet is BORROWED until the next decode; copyPacket keeps it', () => {
  it('a second decode reuses the packet object; the copy keeps the first packet', () => {
    const d = new PacketDecoder(withLimits({}));
    const first = d.decode(B.frame(B.ethernet(B.ipv4(B.tcp({ srcPort: 1111, dstPort: 80, payload: B.fromHex('0102') }), { src: '10.0.0.9' })), { frame: 1 }));
    const p1 = packetOf(first);
    const kept = copyPacket(p1);
    const second = d.decode(B.frame(B.ethernet(B.ipv6(B.udp({ srcPort: 5353, dstPort: 53 }), { nextHeader: 17 }), { etherType: 0x86dd }), { frame: 2 }));
    expect(packetOf(second)).toBe(p1);
    expect(summary(p1)).toBe('2001:db8::1>2001:db8::2 p17 5353>53');
    expect(summary(kept)).toBe('10.0.0.9>192.0.2.1 p6 1111>80');
    expect([kept.frame, kept.ipVersion, kept.srcOff, kept.dstOff, [...kept.payload], kept.payloadLength]).toEqual([1, 4, 0, 4, [1, 2], 2]);
    expect([...kept.addrBytes]).toEqual([10, 0, 0, 9, 192, 0, 2, 1]);
  });
});
