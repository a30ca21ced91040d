import { describe, expect, it } from 'vitest';
import * as B from '../builders/packets.js';
import { decodeEthernet, decodeNull, decodeSll, decodeSll2, decodeVlan } from '../../src/decode/index.js';
import { decodeOne, packetOf, summary } from './helpers.js';

const v4 = B.ipv4(B.tcp({ dstPort: 443 }), { src: '10.1.1.1', dst: '203.0.113.9' });
const v6 = B.ipv6(B.udp({ dstPort: 53 }), { nextHeader: 17, src: '2001:db8::a', dst: '2001:db8::b' });
const V4 = '10.1.1.1>203.0.113.9 p6 49152>443';
const V6 = '2001:db8::a>2001:db8::b p17 49152>53';

describe('link types', () => {
  it.each([
    { name: 'ethernet ipv4', linkType: 1, bytes: B.ethernet(v4), expected: V4 },
    { name: 'ethernet ipv6', linkType: 1, bytes: B.ethernet(v6, { etherType: 0x86dd }), expected: V6 },
    { name: 'null LE AF_INET', linkType: 0, bytes: B.nullLoopback(v4), expected: V4 },
    { name: 'null LE AF 24', linkType: 0, bytes: B.nullLoopback(v6, { family: 24 }), expected: V6 },
    { name: 'null LE AF 28', linkType: 0, bytes: B.nullLoopback(v6, { family: 28 }), expected: V6 },
    { name: 'null BE AF 30', linkType: 0, bytes: B.nullLoopback(v6, { family: 30, bigEndian: true }), expected: V6 },
    { name: 'loop BE AF_INET', linkType: 108, bytes: B.nullLoopback(v4, { bigEndian: true }), expected: V4 },
    { name: 'loop LE AF_INET', linkType: 108, bytes: B.nullLoopback(v4), expected: V4 },
    { name: 'raw 101 v4', linkType: 101, bytes: v4, expected: V4 },
    { name: 'raw 101 v6', linkType: 101, bytes: v6, expected: V6 },
    { name: 'DLT 12 raw', linkType: 12, bytes: v4, expected: V4 },
    { name: 'DLT 14 raw', linkType: 14, bytes: v6, expected: V6 },
    { name: 'ipv4 228', linkType: 228, bytes: v4, expected: V4 },
    { name: 'ipv6 229', linkType: 229, bytes: v6, expected: V6 },
    { name: 'ppp hdlc', linkType: 9, bytes: B.ppp(v4), expected: V4 },
    { name: 'ppp no hdlc, ipv6', linkType: 9, bytes: B.ppp(v6, { proto: 0x0057, hdlc: false }), expected: V6 },
    { name: 'ppp compressed protocol', linkType: 9, bytes: B.ppp(v4, { compressed: true }), expected: V4 },
    { name: 'ppp-hdlc 50', linkType: 50, bytes: B.ppp(v4), expected: V4 },
    { name: 'cisco hdlc 104', linkType: 104, bytes: B.chdlc(v4), expected: V4 },
    { name: 'cisco hdlc in ppp', linkType: 9, bytes: B.chdlc(v6, { etherType: 0x86dd }), expected: V6 },
    { name: 'sll', linkType: 113, bytes: B.sll(v4), expected: V4 },
    { name: 'sll ipv6', linkType: 113, bytes: B.sll(v6, { protocol: 0x86dd }), expected: V6 },
    { name: 'sll2', linkType: 276, bytes: B.sll2(v4), expected: V4 },
    { name: 'ethernet mpls ipv4', linkType: 1, bytes: B.ethernet(B.mpls(v4, { labels: [100, 200] }), { etherType: 0x8847 }), expected: V4 },
    { name: 'ethernet mpls ipv6', linkType: 1, bytes: B.ethernet(B.mpls(v6), { etherType: 0x8847 }), expected: V6 },
    { name: 'mpls pseudo-wire ethernet', linkType: 1, bytes: B.ethernet(B.mpls(B.concat(B.be(0, 4), B.ethernet(v4))), { etherType: 0x8847 }), expected: V4 },
    { name: 'pppoe session', linkType: 1, bytes: B.ethernet(B.pppoe(v4), { etherType: 0x8864 }), expected: V4 },
    { name: 'pppoe ipv6', linkType: 1, bytes: B.ethernet(B.pppoe(v6, { pppProto: 0x0057 }), { etherType: 0x8864 }), expected: V6 },
    { name: 'vlan + pppoe', linkType: 1, bytes: B.ethernet(B.pppoe(v4), { etherType: 0x8864, vlans: [10] }), expected: V4 },
    { name: 'cisco hdlc mpls', linkType: 104, bytes: B.chdlc(B.mpls(v4), { etherType: 0x8847 }), expected: V4 },
    { name: 'fddi', linkType: 10, bytes: B.fddi(v4), expected: V4 },
    { name: '802.11 data', linkType: 105, bytes: B.ieee80211(v4), expected: V4 },
    { name: '802.11 QoS data, 4 addresses', linkType: 105, bytes: B.ieee80211(v6, { subtype: 8, toDs: true, fromDs: true, etherType: 0x86dd }), expected: V6 },
    { name: 'radiotap + 802.11', linkType: 127, bytes: B.radiotap(B.ieee80211(v4), { extra: 4 }), expected: V4 },
    { name: 'pktap ethernet', linkType: 258, bytes: B.pktap(B.ethernet(v4)), expected: V4 },
    { name: 'pktap raw', linkType: 258, bytes: B.pktap(v6, { dlt: 12 }), expected: V6 },
    { name: 'ppi ethernet', linkType: 192, bytes: B.ppi(B.ethernet(v4)), expected: V4 },
    { name: 'ppi radiotap-less 802.11', linkType: 192, bytes: B.ppi(B.ieee80211(v4), { dlt: 105 }), expected: V4 },
    { name: 'nflog ipv4', linkType: 239, bytes: B.nflog(v4), expected: V4 },
    { name: 'nflog ipv6', linkType: 239, bytes: B.nflog(v6, { family: 10 }), expected: V6 },
    { name: 'ipnet ipv4', linkType: 226, bytes: B.ipnet(v4), expected: V4 },
    { name: 'ipnet ipv6', linkType: 226, bytes: B.ipnet(v6, { family: 26 }), expected: V6 },
    { name: 'ipoib', linkType: 242, bytes: B.ipoib(v4), expected: V4 },
    { name: 'mpacket express', linkType: 274, bytes: B.mpacket(B.ethernet(v4)), expected: V4 },
    { name: 'mpacket preemptable start', linkType: 274, bytes: B.mpacket(B.ethernet(v6, { etherType: 0x86dd }), { smd: 0xe6 }), expected: V6 },
    { name: 'vn-tag', linkType: 1, bytes: B.ethernet(B.concat(B.be(0, 4), B.be(0x0800, 2), v4), { etherType: 0x8926 }), expected: V4 },
  ])('$name', ({ linkType, bytes, expected }) => {
    expect(summary(packetOf(decodeOne(bytes, { linkType })))).toBe(expected);
  });
});

describe('VLAN stacks', () => {
  it.each([
    { name: 'untagged', vlans: [], expected: [] },
    { name: '802.1Q', vlans: [100], expected: [100] },
    { name: '802.1ad QinQ', vlans: [{ vid: 10, tpid: 0x88a8 }, 20], expected: [10, 20] },
    { name: '0x9100 QinQ', vlans: [{ vid: 30, tpid: 0x9100 }, 40], expected: [30, 40] },
    { name: 'three tags', vlans: [{ vid: 1, tpid: 0x88a8 }, { vid: 2, tpid: 0x9100 }, 4095], expected: [1, 2, 4095] },
  ])('$name', ({ vlans, expected }) => {
    const p = packetOf(decodeOne(B.ethernet(v4, { vlans })));
    expect(p.vlan).toEqual(expected);
    expect(summary(p)).toBe(V4);
  });

  it('qinq() builder bytes decode tag by tag', () => {
    const r = decodeVlan(B.qinq(v4, { outer: 5, inner: 6 }));
    expect(r).toEqual({ ok: true, header: { etherType: 0x8100, vlan: [5] }, next: 4 });
    expect(summary(packetOf(decodeOne(B.ethernet(B.qinq(v4, { outer: 5, inner: 6 }), { etherType: 0x88a8 }))))).toBe(V4);
  });
});

describe('not IP, unsupported', () => {
  it.each([
    { name: 'arp', bytes: B.ethernet(new Uint8Array(28), { etherType: 0x0806 }), linkType: 1, what: 'arp' },
    { name: 'lldp', bytes: B.ethernet(new Uint8Array(20), { etherType: 0x88cc }), linkType: 1, what: 'lldp' },
    { name: '802.3 llc', bytes: B.ethernet(B.fromHex('424203000000'), { etherType: 46 }), linkType: 1, what: 'llc' },
    { name: 'unknown ethertype', bytes: B.ethernet(new Uint8Array(4), { etherType: 0x1234 }), linkType: 1, what: 'ethertype-0x1234' },
    { name: 'llc in vlan', bytes: B.ethernet(B.fromHex('424203000000'), { etherType: 6, vlans: [3] }), linkType: 1, what: 'llc' },
    { name: 'arp in vlan', bytes: B.ethernet(new Uint8Array(28), { etherType: 0x0806, vlans: [3] }), linkType: 1, what: 'arp' },
    { name: 'pppoe discovery', bytes: B.ethernet(new Uint8Array(6), { etherType: 0x8863 }), linkType: 1, what: 'pppoe-discovery' },
    { name: 'ppp lcp', bytes: B.ppp(new Uint8Array(4), { proto: 0xc021 }), linkType: 9, what: 'ppp-lcp' },
    { name: 'ppp unknown', bytes: B.ppp(new Uint8Array(4), { proto: 0x4021 }), linkType: 9, what: 'ppp-0x4021' },
    { name: 'netlink link type', bytes: new Uint8Array(20), linkType: 253, what: 'netlink' },
    { name: '802.11 beacon', bytes: B.ieee80211(new Uint8Array(30), { type: 0, subtype: 8 }), linkType: 105, what: 'wlan-mgmt' },
    { name: '802.11 ack', bytes: B.ieee80211(new Uint8Array(0), { type: 1, subtype: 13 }), linkType: 105, what: 'wlan-ctrl' },
    { name: '802.11 protected data', bytes: B.ieee80211(new Uint8Array(40), { protected: true }), linkType: 105, what: 'wlan-protected' },
    { name: '802.11 null data', bytes: B.ieee80211(new Uint8Array(0), { subtype: 4 }), linkType: 105, what: 'wlan-no-data' },
    { name: '802.11 non-SNAP LLC', bytes: B.concat(B.ieee80211(new Uint8Array(0), { subtype: 4 }).subarray(0, 24).map((x, i) => (i === 0 ? 0x08 : x)), B.fromHex('424203')), linkType: 105, what: 'llc' },
    { name: 'fddi arp', bytes: B.fddi(new Uint8Array(28), { etherType: 0x0806 }), linkType: 10, what: 'arp' },
    { name: 'nflog without payload', bytes: B.nflog(v4, { payloadTlv: false }), linkType: 239, what: 'nflog-no-payload' },
    { name: 'mpacket continuation', bytes: B.mpacket(new Uint8Array(20), { smd: 0x61 }), linkType: 274, what: 'mpacket-fragment' },
    { name: 'mpacket verify', bytes: B.mpacket(new Uint8Array(20), { smd: 0x07 }), linkType: 274, what: 'mpacket-verify' },
    { name: 'sll netlink', bytes: B.sll(new Uint8Array(16), { arphrd: 824, protocol: 0 }), linkType: 113, what: 'netlink' },
  ])('$name', ({ bytes, linkType, what }) => {
    expect(decodeOne(bytes, { linkType })).toEqual({ kind: 'not-ip', what });
  });

  it.each([{ linkType: 119 }, { linkType: 147 }, { linkType: 65000 }])('link type $linkType is unsupported', ({ linkType }) => {
    expect(decodeOne(v4, { linkType })).toEqual({ kind: 'unsupported-link', linkType });
  });

  it('pktap naming an unsupported link type reports that inner link type', () => {
    expect(decodeOne(B.pktap(v4, { dlt: 147 }), { linkType: 258 })).toEqual({ kind: 'unsupported-link', linkType: 147 });
  });
});

describe('layer decoders', () => {
  it.each([
    { name: 'ethernet', r: decodeEthernet(B.ethernet(v4)), etherType: 0x0800, next: 14 },
    { name: 'sll', r: decodeSll(B.sll(v4)), etherType: 0x0800, next: 16 },
    { name: 'sll2', r: decodeSll2(B.sll2(v6, { protocol: 0x86dd })), etherType: 0x86dd, next: 20 },
    { name: 'null', r: decodeNull(B.nullLoopback(v4)), etherType: 0x0800, next: 4 },
  ])('$name', ({ r, etherType, next }) => {
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.header.etherType).toBe(etherType);
      expect(r.next).toBe(next);
    }
  });
});
