import { describe, expect, it } from 'vitest';
import * as B from '../builders/packets.js';
import { DEFAULT_LIMITS } from '../../src/core/index.js';
import * as D from '../../src/decode/index.js';

const inner4 = B.ipv4(B.tcp({ options: B.fromHex('020405b4'), payload: B.fromHex('0102') }), { options: B.fromHex('01010100') });
const inner6 = B.ipv6(B.udp({ payload: B.fromHex('0a0b') }), { nextHeader: 17, ext: [{ type: 'hop-by-hop' }, { type: 'routing' }, { type: 'ah' }] });
const icmpErr = B.ipv4(B.icmp({ type: 3, payload: inner4.subarray(0, 28) }), { proto: 1 });
const udp4 = (port: number, payload: Uint8Array): Uint8Array => B.ipv4(B.udp({ dstPort: port, payload }), { proto: 17 });

const SAMPLES: readonly { name: string; linkType: number; bytes: Uint8Array }[] = [
  { name: 'ethernet ipv4 tcp', linkType: 1, bytes: B.ethernet(inner4) },
  { name: 'ethernet qinq ipv6', linkType: 1, bytes: B.ethernet(inner6, { etherType: 0x86dd, vlans: [{ vid: 1, tpid: 0x88a8 }, 2] }) },
  { name: 'mpls', linkType: 1, bytes: B.ethernet(B.mpls(inner4, { labels: [1, 2, 3] }), { etherType: 0x8847 }) },
  { name: 'pppoe', linkType: 1, bytes: B.ethernet(B.pppoe(inner4), { etherType: 0x8864 }) },
  { name: 'sll', linkType: 113, bytes: B.sll(inner4) },
  { name: 'sll2', linkType: 276, bytes: B.sll2(inner6, { protocol: 0x86dd }) },
  { name: 'null', linkType: 0, bytes: B.nullLoopback(inner6, { family: 30 }) },
  { name: 'ppp', linkType: 9, bytes: B.ppp(inner4) },
  { name: 'chdlc', linkType: 104, bytes: B.chdlc(inner4) },
  { name: 'fddi', linkType: 10, bytes: B.fddi(inner4) },
  { name: 'radiotap 802.11 qos', linkType: 127, bytes: B.radiotap(B.ieee80211(inner4, { subtype: 8, toDs: true, fromDs: true })) },
  { name: 'pktap', linkType: 258, bytes: B.pktap(B.ethernet(inner4)) },
  { name: 'ppi', linkType: 192, bytes: B.ppi(B.ethernet(inner4)) },
  { name: 'nflog', linkType: 239, bytes: B.nflog(inner6, { family: 10 }) },
  { name: 'ipnet', linkType: 226, bytes: B.ipnet(inner4) },
  { name: 'ipoib', linkType: 242, bytes: B.ipoib(inner4) },
  { name: 'mpacket', linkType: 274, bytes: B.mpacket(B.ethernet(inner4)) },
  { name: 'icmp error', linkType: 101, bytes: icmpErr },
  { name: 'icmpv6 error', linkType: 101, bytes: B.ipv6(B.icmpv6({ type: 1, payload: inner6.subarray(0, 48) }), { nextHeader: 58 }) },
  { name: 'gre teb', linkType: 101, bytes: B.ipv4(B.gre(B.ethernet(inner4), { protocol: 0x6558, key: 1, seq: 2, checksum: true }), { proto: 47 }) },
  { name: 'vxlan', linkType: 101, bytes: udp4(4789, B.vxlan(B.ethernet(inner6, { etherType: 0x86dd }))) },
  { name: 'geneve', linkType: 101, bytes: udp4(6081, B.geneve(B.ethernet(inner4), { options: new Uint8Array(4) })) },
  { name: 'teredo', linkType: 101, bytes: udp4(3544, B.teredo(inner6, { auth: { clientId: Uint8Array.of(1) }, origin: { port: 1, addr: '192.0.2.1' } })) },
  { name: 'gtpu', linkType: 101, bytes: udp4(2152, B.gtpu(inner4, { seq: 1, extensions: [{ type: 0x85, content: Uint8Array.of(1, 2) }] })) },
  { name: '6in4', linkType: 101, bytes: B.ipv4(inner6, { proto: 41 }) },
  { name: 'ipv4 fragment', linkType: 101, bytes: B.fragmentIpv4(B.ipv4(B.udp({ payload: new Uint8Array(100) }), { proto: 17 }), 60)[0]! },
  { name: 'ipv6 fragment', linkType: 101, bytes: B.fragmentIpv6(B.ipv6(B.udp({ payload: new Uint8Array(100) }), { nextHeader: 17 }), 80)[0]! },
];

describe('every prefix of a valid packet decodes without throwing', () => {
  it.each(SAMPLES)('$name', ({ linkType, bytes }) => {
    const d = new D.PacketDecoder(DEFAULT_LIMITS);
    expect(d.decode(B.frame(bytes, { linkType })).kind).not.toBe('malformed');
    for (let n = 0; n <= bytes.length; n++) {
      const cut = bytes.subarray(0, n);
      expect(() => d.decode(B.frame(cut, { linkType, frame: n + 2 }))).not.toThrow();
      expect(() => d.decode(B.frame(cut, { linkType, frame: n + 2, originalLength: bytes.length }))).not.toThrow();
    }
    expect(() => d.flush()).not.toThrow();
  });

  const layers: readonly [string, (b: Uint8Array, o?: number) => unknown, Uint8Array][] = [
    ['decodeEthernet', D.decodeEthernet, B.ethernet(inner4)],
    ['decodeVlan', D.decodeVlan, B.qinq(inner4)],
    ['decodeMpls', D.decodeMpls, B.mpls(inner4)],
    ['decodePpp', D.decodePpp, B.ppp(inner4)],
    ['decodePppoe', D.decodePppoe, B.pppoe(inner4)],
    ['decodeChdlc', D.decodeChdlc, B.chdlc(inner4)],
    ['decodeSll', D.decodeSll, B.sll(inner4)],
    ['decodeSll2', D.decodeSll2, B.sll2(inner4)],
    ['decodeNull', D.decodeNull, B.nullLoopback(inner4)],
    ['decodeRaw', D.decodeRaw, inner4],
    ['decodeIpv4', D.decodeIpv4, inner4],
    ['decodeIpv6', D.decodeIpv6, inner6],
    ['decodeTcp', D.decodeTcp, B.tcp({ options: new Uint8Array(8) })],
    ['decodeUdp', D.decodeUdp, B.udp()],
    ['decodeIcmpv4', D.decodeIcmpv4, icmpErr.subarray(20)],
    ['decodeIcmpv6', D.decodeIcmpv6, B.icmpv6({ type: 2, payload: inner6 })],
    ['decodeGre', D.decodeGre, B.gre(inner4, { key: 1, seq: 1, checksum: true })],
    ['decodeVxlan', D.decodeVxlan, B.vxlan(B.ethernet(inner4))],
    ['decodeGeneve', D.decodeGeneve, B.geneve(inner4, { options: new Uint8Array(8) })],
    ['decodeTeredo', D.decodeTeredo, B.teredo(inner6, { origin: { port: 1, addr: '192.0.2.1' } })],
    ['decodeGtpu', D.decodeGtpu, B.gtpu(inner4, { seq: 1 })],
  ];
  it.each(layers.map(([name, fn, bytes]) => ({ name, fn, bytes })))('$name', ({ fn, bytes }) => {
    for (let n = 0; n <= bytes.length; n++) expect(() => fn(bytes.subarray(0, n))).not.toThrow();
    for (let off = 0; off <= bytes.length + 1; off++) expect(() => fn(bytes, off)).not.toThrow();
  });

  it('random bytes on every link type never throw', () => {
    let seed = 0x2545f491;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    const d = new D.PacketDecoder(DEFAULT_LIMITS);
    for (const linkType of D.LINK_DECODERS.keys()) {
      for (let i = 0; i < 300; i++) {
        const base = SAMPLES[i % SAMPLES.length]!.bytes;
        const b = Uint8Array.from(base);
        for (let k = 0; k < 4; k++) b[rnd() % b.length] = rnd();
        expect(() => d.decode(B.frame(b.subarray(0, rnd() % (b.length + 1)), { linkType, frame: i + 1 }))).not.toThrow();
      }
    }
    expect(() => d.flush()).not.toThrow();
  });
});
