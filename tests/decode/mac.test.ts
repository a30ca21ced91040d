/**
 * The source MAC each packet carries (Zeek's orig_l2_addr / resp_l2_addr come from it): which
 * link-layer header it is read from, for every link type that has one, and -1 for those that do not.
 */
import { describe, expect, it } from 'vitest';
import * as B from '../builders/packets.js';
import { formatMac, withLimits } from '../../src/core/index.js';
import { PacketDecoder } from '../../src/decode/index.js';
import { decodeOne, packetOf } from './helpers.js';

const v4 = B.ipv4(B.tcp({ dstPort: 443 }), { src: '10.1.1.1', dst: '203.0.113.9' });
const v6 = B.ipv6(B.udp({ dstPort: 53 }), { nextHeader: 17, src: '2001:db8::a', dst: '2001:db8::b' });
const HOST = 'a4:83:e7:0f:1e:2d';
const INNER = '52:54:00:12:34:56';
const OUT = { src: '198.51.100.1', dst: '198.51.100.2' };
const W = ['00:00:00:00:00:a1', '00:00:00:00:00:a2', '00:00:00:00:00:a3', '00:00:00:00:00:a4'];

function macOf(bytes: Uint8Array, linkType: number): string | null {
  const m = packetOf(decodeOne(bytes, { linkType })).srcMac;
  return m < 0 ? null : formatMac(m);
}

describe('source MAC of the packet', () => {
  it.each([
    { name: 'ethernet', linkType: 1, bytes: B.ethernet(v4, { src: HOST, dst: 'ff:ff:ff:ff:ff:ff' }), mac: HOST },
    { name: 'ethernet ipv6, top bit set', linkType: 1, bytes: B.ethernet(v6, { src: 'fe:dc:ba:98:76:54', etherType: 0x86dd }), mac: 'fe:dc:ba:98:76:54' },
    { name: 'ethernet all-zero MAC is still a MAC', linkType: 1, bytes: B.ethernet(v4, { src: '00:00:00:00:00:00' }), mac: '00:00:00:00:00:00' },
    { name: 'ethernet + 802.1Q', linkType: 1, bytes: B.ethernet(v4, { src: HOST, vlans: [10] }), mac: HOST },
    { name: 'ethernet + PPPoE', linkType: 1, bytes: B.ethernet(B.pppoe(v4), { src: HOST, etherType: 0x8864 }), mac: HOST },
    { name: 'ethernet + MPLS pseudo-wire: the inner frame', linkType: 1, bytes: B.ethernet(B.mpls(B.concat(B.be(0, 4), B.ethernet(v4, { src: INNER }))), { src: HOST, etherType: 0x8847 }), mac: INNER },
    { name: 'SLL, Ethernet device', linkType: 113, bytes: B.sll(v4, { addr: HOST }), mac: HOST },
    { name: 'SLL outgoing packet', linkType: 113, bytes: B.sll(v4, { addr: HOST, pktType: 4 }), mac: HOST },
    { name: 'SLL, no hardware address (tun)', linkType: 113, bytes: B.sll(v4, { arphrd: 65534, halen: 0, addr: '00:00:00:00:00:00' }), mac: null },
    { name: 'SLL, loopback device: its all-zero placeholder, as tshark shows it', linkType: 113, bytes: B.sll(v4, { arphrd: 772, addr: '00:00:00:00:00:00' }), mac: '00:00:00:00:00:00' },
    { name: 'SLL2, Ethernet device', linkType: 276, bytes: B.sll2(v4, { addr: HOST }), mac: HOST },
    { name: 'SLL2, 8-octet address', linkType: 276, bytes: B.sll2(v4, { addr: HOST, halen: 8 }), mac: null },
    { name: '802.11 no DS bits: address 2', linkType: 105, bytes: B.ieee80211(v4, { addrs: W }), mac: W[1] },
    { name: '802.11 to DS: address 2', linkType: 105, bytes: B.ieee80211(v4, { toDs: true, addrs: W }), mac: W[1] },
    { name: '802.11 from DS: address 3', linkType: 105, bytes: B.ieee80211(v4, { fromDs: true, addrs: W }), mac: W[2] },
    { name: '802.11 WDS QoS: address 4', linkType: 105, bytes: B.ieee80211(v6, { subtype: 8, toDs: true, fromDs: true, etherType: 0x86dd, addrs: W }), mac: W[3] },
    { name: 'radiotap + 802.11 from DS', linkType: 127, bytes: B.radiotap(B.ieee80211(v4, { fromDs: true, addrs: W }), { extra: 4 }), mac: W[2] },
    { name: 'pktap ethernet', linkType: 258, bytes: B.pktap(B.ethernet(v4, { src: HOST })), mac: HOST },
    { name: 'raw IPv4', linkType: 101, bytes: v4, mac: null },
    { name: 'raw IPv6 (229)', linkType: 229, bytes: v6, mac: null },
    { name: 'BSD loopback', linkType: 0, bytes: B.nullLoopback(v4), mac: null },
    { name: 'PPP', linkType: 9, bytes: B.ppp(v4), mac: null },
  ])('$name', ({ bytes, linkType, mac }) => {
    expect(macOf(bytes, linkType)).toBe(mac);
  });
});

describe('source MAC through tunnels: the innermost link layer, else the carrying frame', () => {
  it.each([
    { name: 'IP-in-IP keeps the outer frame', bytes: B.ethernet(B.ipv4(v4, { ...OUT, proto: 4 }), { src: HOST }), mac: HOST },
    { name: 'GRE carrying IP keeps the outer frame', bytes: B.ethernet(B.ipv4(B.gre(v4), { ...OUT, proto: 47 }), { src: HOST }), mac: HOST },
    { name: 'GRE TEB: the bridged frame', bytes: B.ethernet(B.ipv4(B.gre(B.ethernet(v4, { src: INNER }), { protocol: 0x6558 }), { ...OUT, proto: 47 }), { src: HOST }), mac: INNER },
    { name: 'VXLAN: the inner frame', bytes: B.ethernet(B.ipv4(B.udp({ dstPort: 4789, payload: B.vxlan(B.ethernet(v4, { src: INNER })) }), { ...OUT, proto: 17 }), { src: HOST }), mac: INNER },
    { name: 'Teredo keeps the outer frame', bytes: B.ethernet(B.ipv4(B.udp({ dstPort: 3544, payload: B.teredo(v6) }), { ...OUT, proto: 17 }), { src: HOST }), mac: HOST },
    // The inner frame is cut inside its IP header: the packet stays in the outer (VXLAN) flow, whose MAC is the outer one.
    { name: 'VXLAN with a broken inner packet: the outer frame', bytes: B.ethernet(B.ipv4(B.udp({ dstPort: 4789, payload: B.vxlan(B.ethernet(v4.subarray(0, 10), { src: INNER })) }), { ...OUT, proto: 17 }), { src: HOST }), mac: HOST },
  ])('$name', ({ bytes, mac }) => {
    expect(macOf(bytes, 1)).toBe(mac);
  });

  it.each([
    { name: 'no tunnel', bytes: B.ethernet(v4, { src: HOST }), inner: HOST, outer: HOST },
    { name: 'VXLAN', bytes: B.ethernet(B.ipv4(B.udp({ dstPort: 4789, payload: B.vxlan(B.ethernet(v4, { src: INNER })) }), { ...OUT, proto: 17 }), { src: HOST }), inner: INNER, outer: HOST },
    { name: 'GRE TEB', bytes: B.ethernet(B.ipv4(B.gre(B.ethernet(v4, { src: INNER }), { protocol: 0x6558 }), { ...OUT, proto: 47 }), { src: HOST }), inner: INNER, outer: HOST },
    { name: 'IP-in-IP', bytes: B.ethernet(B.ipv4(v4, { ...OUT, proto: 4 }), { src: HOST }), inner: HOST, outer: HOST },
  ])('outerSrcMac is the tunnel sender\'s: $name', ({ bytes, inner, outer }) => {
    const p = packetOf(decodeOne(bytes, { linkType: 1 }));
    expect([formatMac(p.srcMac), formatMac(p.outerSrcMac)]).toEqual([inner, outer]);
  });

  it('raw IP carrying VXLAN: the inner frame has a MAC, the tunnel sender has none', () => {
    const p = packetOf(decodeOne(B.ipv4(B.udp({ dstPort: 4789, payload: B.vxlan(B.ethernet(v4, { src: INNER })) }), { ...OUT, proto: 17 }), { linkType: 101 }));
    expect([formatMac(p.srcMac), p.outerSrcMac]).toEqual([INNER, -1]);
  });

  it("a frame without a link-layer address never inherits the previous frame's MAC", () => {
    // pcapng interfaces of different link types in one capture: Ethernet, then raw IP.
    const d = new PacketDecoder(withLimits({}));
    expect(packetOf(d.decode(B.frame(B.ethernet(v4, { src: HOST }), { frame: 1, linkType: 1 }))).srcMac).toBeGreaterThanOrEqual(0);
    expect(packetOf(d.decode(B.frame(v4, { frame: 2, linkType: 101 }))).srcMac).toBe(-1);
  });
});

describe('formatMac', () => {
  it.each([
    [0, '00:00:00:00:00:00'],
    [0xffffffffffff, 'ff:ff:ff:ff:ff:ff'],
    [0x0123456789ab, '01:23:45:67:89:ab'],
    [0x800000000001, '80:00:00:00:00:01'],
  ])('%d → %s', (n, text) => {
    expect(formatMac(n)).toBe(text);
  });
});
