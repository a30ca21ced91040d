import { describe, expect, it } from 'vitest';
import * as B from '../builders/packets.js';
import { decodeGre, decodeGtpu, decodeTeredo } from '../../src/decode/index.js';
import { codesOf, decodeOne, packetOf, summary } from './helpers.js';

const OUT = { src: '198.51.100.1', dst: '198.51.100.2' };
const inner4 = B.ipv4(B.tcp({ dstPort: 443 }), { src: '10.0.0.5', dst: '203.0.113.5' });
const inner6 = B.ipv6(B.udp({ dstPort: 53 }), { nextHeader: 17, src: '2001:db8::5', dst: '2001:db8::6' });
const I4 = '10.0.0.5>203.0.113.5 p6 49152>443';
const I6 = '2001:db8::5>2001:db8::6 p17 49152>53';

function overUdp(port: number, payload: Uint8Array, srcPort = 40000): Uint8Array {
  return B.ethernet(B.ipv4(B.udp({ srcPort, dstPort: port, payload }), { ...OUT, proto: 17 }));
}

describe('tunnels decapsulate to the innermost datagram', () => {
  it.each([
    { name: '4in4', bytes: B.ethernet(B.ipv4(inner4, { ...OUT, proto: 4 })), expected: I4, kind: 'ip-in-ip', ipProto: 4 },
    { name: '6in4', bytes: B.ethernet(B.ipv4(inner6, { ...OUT, proto: 41 })), expected: I6, kind: 'ip-in-ip', ipProto: 41 },
    { name: '4in6', bytes: B.ipv6(inner4, { nextHeader: 4 }), linkType: 101, expected: I4, kind: 'ip-in-ip', ipProto: 4 },
    { name: 'GRE ipv4', bytes: B.ethernet(B.ipv4(B.gre(inner4), { ...OUT, proto: 47 })), expected: I4, kind: 'gre', ipProto: 47 },
    { name: 'GRE key+seq+csum ipv6', bytes: B.ethernet(B.ipv4(B.gre(inner6, { protocol: 0x86dd, checksum: true, key: 7, seq: 9 }), { ...OUT, proto: 47 })), expected: I6, kind: 'gre', ipProto: 47 },
    { name: 'GRE TEB', bytes: B.ethernet(B.ipv4(B.gre(B.ethernet(inner4, { vlans: [12] }), { protocol: 0x6558 }), { ...OUT, proto: 47 })), expected: I4, kind: 'gre', ipProto: 47, vlan: [12] },
    { name: 'GRE ERSPAN II', bytes: B.ethernet(B.ipv4(B.gre(B.concat(new Uint8Array(8), B.ethernet(inner4)), { protocol: 0x88be, seq: 1 }), { ...OUT, proto: 47 })), expected: I4, kind: 'gre', ipProto: 47 },
    { name: 'GRE ERSPAN I', bytes: B.ethernet(B.ipv4(B.gre(B.ethernet(inner4), { protocol: 0x88be }), { ...OUT, proto: 47 })), expected: I4, kind: 'gre', ipProto: 47 },
    { name: 'GRE ERSPAN III', bytes: B.ethernet(B.ipv4(B.gre(B.concat(new Uint8Array(12), B.ethernet(inner4)), { protocol: 0x22eb, seq: 1 }), { ...OUT, proto: 47 })), expected: I4, kind: 'gre', ipProto: 47 },
    { name: 'PPTP enhanced GRE', bytes: B.ethernet(B.ipv4(B.gre(B.ppp(inner4), { protocol: 0x880b, version: 1, key: 0x00100001, seq: 1 }), { ...OUT, proto: 47 })), expected: I4, kind: 'gre', ipProto: 47 },
    { name: 'VXLAN', bytes: overUdp(4789, B.vxlan(B.ethernet(inner4))), expected: I4, kind: 'vxlan', ipProto: 17, ports: [40000, 4789] },
    { name: 'VXLAN inner vlan', bytes: overUdp(4789, B.vxlan(B.ethernet(inner6, { etherType: 0x86dd, vlans: [33] }))), expected: I6, kind: 'vxlan', ipProto: 17, vlan: [33] },
    { name: 'Geneve', bytes: overUdp(6081, B.geneve(B.ethernet(inner4), { options: new Uint8Array(8) })), expected: I4, kind: 'geneve', ipProto: 17 },
    { name: 'Geneve ipv6 direct', bytes: overUdp(6081, B.geneve(inner6, { protocol: 0x86dd })), expected: I6, kind: 'geneve', ipProto: 17 },
    { name: 'Teredo', bytes: overUdp(3544, B.teredo(inner6)), expected: I6, kind: 'teredo', ipProto: 17 },
    { name: 'Teredo from server port', bytes: overUdp(50000, B.teredo(inner6), 3544), expected: I6, kind: 'teredo', ipProto: 17 },
    { name: 'Teredo origin', bytes: overUdp(3544, B.teredo(inner6, { origin: { port: 1234, addr: '192.0.2.9' } })), expected: I6, kind: 'teredo', ipProto: 17 },
    { name: 'Teredo auth + origin', bytes: overUdp(3544, B.teredo(inner6, { auth: { clientId: new Uint8Array(3), authValue: new Uint8Array(5) }, origin: { port: 1, addr: '192.0.2.9' } })), expected: I6, kind: 'teredo', ipProto: 17 },
    { name: 'GTP-U', bytes: overUdp(2152, B.gtpu(inner4)), expected: I4, kind: 'gtp-u', ipProto: 17 },
    { name: 'GTP-U seq + ext headers', bytes: overUdp(2152, B.gtpu(inner6, { seq: 5, extensions: [{ type: 0x85, content: B.fromHex('0009') }, { type: 0x40, content: B.fromHex('aabbccddee') }] })), expected: I6, kind: 'gtp-u', ipProto: 17 },
  ])('$name', ({ bytes, linkType, expected, kind, ipProto, vlan, ports }) => {
    const p = packetOf(decodeOne(bytes, { linkType: linkType ?? 1 }));
    expect(summary(p)).toBe(expected);
    expect(p.tunnels).toHaveLength(1);
    const t = p.tunnels[0]!;
    expect(t).toMatchObject({ kind, ipProto });
    expect(t.outerIpLength).toBeGreaterThan(p.ipLength);
    if (ports !== undefined) expect([t.srcPort, t.dstPort]).toEqual(ports);
    expect(p.vlan).toEqual(vlan ?? []);
  });

  it('tunnel in tunnel: GTP-U inside VXLAN inside GRE, outermost first', () => {
    const gtp = B.ipv4(B.udp({ dstPort: 2152, payload: B.gtpu(inner4) }), { proto: 17, src: '172.16.0.1', dst: '172.16.0.2' });
    const vx = B.ipv4(B.udp({ dstPort: 4789, payload: B.vxlan(B.ethernet(gtp)) }), { proto: 17, src: '172.17.0.1', dst: '172.17.0.2' });
    const p = packetOf(decodeOne(B.ethernet(B.ipv4(B.gre(vx), { ...OUT, proto: 47 }))));
    expect(summary(p)).toBe(I4);
    expect(p.tunnels.map((t) => `${t.kind}:${t.src}`)).toEqual(['gre:198.51.100.1', 'vxlan:172.17.0.1', 'gtp-u:172.16.0.1']);
  });

  it('nesting is capped at maxTunnelDepth: the packet stays in the deepest allowed flow', () => {
    const twice = B.ipv4(B.ipv4(inner4, { proto: 4, src: '172.16.0.1', dst: '172.16.0.2' }), { ...OUT, proto: 4 });
    const o = decodeOne(twice, { linkType: 101, limits: { maxTunnelDepth: 1 } });
    expect(summary(packetOf(o))).toBe('172.16.0.1>172.16.0.2 p4');
    expect(codesOf(o)).toEqual(['decoder.tunnel.too_deep']);
  });
});

describe('tunnel payloads that do not decode stay in the outer flow', () => {
  it.each([
    { name: 'UDP 4789 without the VXLAN I flag', bytes: overUdp(4789, B.vxlan(B.ethernet(inner4), { flags: 0 })), codes: ['decoder.vxlan.bad_flags'] },
    { name: 'UDP 4789 with the VXLAN reserved byte set', bytes: overUdp(4789, B.concat(B.vxlan(B.ethernet(inner4)).subarray(0, 7), Uint8Array.of(1), B.ethernet(inner4))), codes: ['decoder.vxlan.bad_flags'] },
    { name: 'inner IPv4 longer than its carrier', bytes: overUdp(4789, B.vxlan(B.ethernet(inner4.subarray(0, 30)))), codes: ['decoder.ipv4.trunc_pkt', 'decoder.tunnel.inner_malformed'] },
    { name: 'UDP 4789 too short for VXLAN', bytes: overUdp(4789, new Uint8Array(5)), codes: ['decoder.vxlan.trunc_hdr'] },
    { name: 'Teredo port, not IPv6', bytes: overUdp(3544, B.fromHex('deadbeef'.repeat(12))), codes: ['decoder.teredo.not_ipv6'] },
    { name: 'Teredo port, IPv6 with wrong length', bytes: overUdp(3544, B.concat(inner6, new Uint8Array(3))), codes: ['decoder.teredo.not_ipv6'] },
    { name: 'PPTP acknowledgment without payload', bytes: B.ethernet(B.ipv4(B.gre(B.be(7, 4), { protocol: 0x880b, version: 1, key: 0x00000001, extraFlags: 0x0080 }), { ...OUT, proto: 47 })), codes: [], proto: 47 },
    { name: 'GTP echo request', bytes: overUdp(2152, B.gtpu(new Uint8Array(0), { msgType: 1, seq: 1 })), codes: [] },
    { name: 'GTP version 2 on 2152', bytes: overUdp(2152, B.gtpu(inner4, { flags: 0x48 })), codes: ['decoder.gtpu.bad_version'] },
    { name: 'VXLAN carrying ARP', bytes: overUdp(4789, B.vxlan(B.ethernet(new Uint8Array(28), { etherType: 0x0806 }))), codes: [] },
    { name: 'VXLAN with a broken inner IPv4', bytes: overUdp(4789, B.vxlan(B.ethernet(inner4.subarray(0, 12)))), codes: ['decoder.ipv4.trunc_hdr', 'decoder.tunnel.inner_malformed'] },
    { name: 'GRE with routing', bytes: B.ethernet(B.ipv4(B.gre(inner4, { extraFlags: 0x4000 }), { ...OUT, proto: 47 })), codes: ['decoder.gre.bad_flags'], proto: 47 },
  ])('$name', ({ bytes, codes, proto }) => {
    const o = decodeOne(bytes);
    const p = packetOf(o);
    expect(p.src).toBe(OUT.src);
    expect(p.ipProto).toBe(proto ?? 17);
    expect(p.tunnels).toEqual([]);
    expect(codesOf(o)).toEqual(codes);
  });
});

describe('tunnel layer decoders', () => {
  it('gre reports the payload EtherType and header length', () => {
    expect(decodeGre(B.gre(inner4, { key: 1 }))).toMatchObject({ ok: true, header: { etherType: 0x0800 }, next: 8 });
  });
  it('gtpu skips optional fields', () => {
    expect(decodeGtpu(B.gtpu(inner4, { seq: 1 }))).toMatchObject({ ok: true, header: { etherType: 0x0800 }, next: 12 });
  });
  it('teredo validates the IPv6 payload', () => {
    expect(decodeTeredo(B.teredo(inner6, { origin: { port: 1, addr: '192.0.2.1' } }))).toMatchObject({ ok: true, next: 8 });
  });
});
