import { describe, expect, it } from 'vitest';
import * as B from '../builders/packets.js';
import { withLimits, type Limits } from '../../src/core/index.js';
import { DECODE_ANOMALY_CODES, PacketDecoder } from '../../src/decode/index.js';
import { codesOf } from './helpers.js';

interface Case {
  readonly code: (typeof DECODE_ANOMALY_CODES)[number];
  readonly frames: readonly Uint8Array[];
  readonly linkType?: number;
  readonly limits?: Partial<Limits>;
}

/** All codes from decoding `frames` in order, then flushing the reassembler. */
function codesFrom(c: Case): string[] {
  const d = new PacketDecoder(withLimits(c.limits ?? {}));
  const out = c.frames.flatMap((f, i) => codesOf(d.decode(B.frame(f, { frame: i + 1, linkType: c.linkType ?? 1 }))));
  return [...out, ...d.flush().map((x) => x.code)];
}

const eth = (p: Uint8Array, etherType = 0x0800): Uint8Array => B.ethernet(p, { etherType });
const v4 = (p: Uint8Array, proto = 6, o: B.Ipv4Options = {}): Uint8Array => eth(B.ipv4(p, { proto, ...o }));
const v6 = (p: Uint8Array, nextHeader = 6, o: B.Ipv6Options = {}): Uint8Array => eth(B.ipv6(p, { nextHeader, ...o }), 0x86dd);
const overUdp = (port: number, payload: Uint8Array): Uint8Array => v4(B.udp({ dstPort: port, payload }), 17);
const inner4 = B.ipv4(B.tcp());
const big = (n: number): Uint8Array => B.udp({ payload: new Uint8Array(n) });
const f4 = B.fragmentIpv4(B.ipv4(big(1200), { proto: 17 }), 500);
const f6 = B.fragmentIpv6(B.ipv6(big(1200), { nextHeader: 17 }), 500);
const tags = Array.from({ length: 17 }, (_, i) => i + 1);

const CASES: readonly Case[] = [
  { code: 'decoder.ethernet.trunc_hdr', frames: [new Uint8Array(10)] },
  { code: 'decoder.vlan.trunc_hdr', frames: [eth(Uint8Array.of(0, 1), 0x8100)] },
  { code: 'decoder.vlan.too_many_layers', frames: [B.ethernet(inner4, { vlans: tags })] },
  { code: 'decoder.vntag.trunc_hdr', frames: [eth(Uint8Array.of(0, 1, 2), 0x8926)] },
  { code: 'decoder.mpls.trunc_hdr', frames: [eth(Uint8Array.of(0, 1), 0x8847)] },
  { code: 'decoder.mpls.unknown_payload', frames: [eth(B.mpls(Uint8Array.of(0x50, 0, 0, 0)), 0x8847)] },
  { code: 'decoder.pppoe.trunc_hdr', frames: [eth(Uint8Array.of(0x11, 0, 0, 1), 0x8864)] },
  { code: 'decoder.pppoe.bad_version', frames: [eth(B.pppoe(inner4, { verType: 0x21 }), 0x8864)] },
  { code: 'decoder.ppp.trunc_hdr', frames: [Uint8Array.of(0xff, 0x03)], linkType: 9 },
  { code: 'decoder.sll.trunc_hdr', frames: [new Uint8Array(10)], linkType: 113 },
  { code: 'decoder.sll2.trunc_hdr', frames: [new Uint8Array(10)], linkType: 276 },
  { code: 'decoder.null.trunc_hdr', frames: [Uint8Array.of(2, 0)], linkType: 0 },
  { code: 'decoder.null.unknown_family', frames: [B.nullLoopback(inner4, { family: 99 })], linkType: 0 },
  { code: 'decoder.chdlc.trunc_hdr', frames: [Uint8Array.of(0x0f, 0)], linkType: 104 },
  { code: 'decoder.raw.trunc_hdr', frames: [new Uint8Array(0)], linkType: 101 },
  { code: 'decoder.raw.bad_version', frames: [Uint8Array.of(0x50, 0, 0, 0)], linkType: 101 },
  { code: 'decoder.llc.trunc_hdr', frames: [B.fddi(new Uint8Array(0)).subarray(0, 15)], linkType: 10 },
  { code: 'decoder.fddi.trunc_hdr', frames: [new Uint8Array(12)], linkType: 10 },
  { code: 'decoder.ieee80211.trunc_hdr', frames: [B.ieee80211(inner4).subarray(0, 20)], linkType: 105 },
  { code: 'decoder.radiotap.trunc_hdr', frames: [B.radiotap(new Uint8Array(0), { extra: 8 }).subarray(0, 12)], linkType: 127 },
  { code: 'decoder.pktap.trunc_hdr', frames: [B.pktap(inner4).subarray(0, 50)], linkType: 258 },
  { code: 'decoder.ppi.trunc_hdr', frames: [B.ppi(inner4, { length: 4 })], linkType: 192 },
  { code: 'decoder.nflog.trunc_hdr', frames: [B.nflog(inner4).subarray(0, 30)], linkType: 239 },
  { code: 'decoder.nflog.unknown_family', frames: [B.nflog(inner4, { family: 7 })], linkType: 239 },
  { code: 'decoder.ipnet.trunc_hdr', frames: [new Uint8Array(20)], linkType: 226 },
  { code: 'decoder.ipnet.unknown_family', frames: [B.ipnet(inner4, { family: 9 })], linkType: 226 },
  { code: 'decoder.ipoib.trunc_hdr', frames: [new Uint8Array(43)], linkType: 242 },
  { code: 'decoder.mpacket.trunc_hdr', frames: [new Uint8Array(7).fill(0x55)], linkType: 274 },
  { code: 'decoder.ipv4.trunc_hdr', frames: [eth(inner4.subarray(0, 12))] },
  { code: 'decoder.ipv4.bad_version', frames: [eth(B.ipv6(B.tcp()))] },
  { code: 'decoder.ipv4.hlen_too_small', frames: [v4(B.tcp(), 6, { ihl: 4 })] },
  { code: 'decoder.ipv4.trunc_opts', frames: [eth(B.ipv4(new Uint8Array(0), { options: new Uint8Array(20) }).subarray(0, 30))] },
  { code: 'decoder.ipv4.iplen_smaller_than_hlen', frames: [v4(B.tcp(), 6, { totalLength: 12 })] },
  { code: 'decoder.ipv4.iplen_zero', frames: [v4(B.tcp(), 6, { totalLength: 0 })] },
  { code: 'decoder.ipv4.trunc_pkt', frames: [v4(B.tcp(), 6, { totalLength: 100 })] },
  { code: 'decoder.ipv4.frag_overlap', frames: [eth(f4[0]!), eth(f4[0]!)] },
  { code: 'decoder.ipv4.frag_incomplete', frames: [eth(f4[0]!)] },
  { code: 'decoder.ipv4.frag_too_large', frames: [eth(f4[0]!)], limits: { maxFragmentBytes: 400 } },
  { code: 'decoder.ipv4.frag_cap', frames: [eth(f4[0]!)], limits: { maxFragmentDatagrams: 0 } },
  { code: 'decoder.ipv6.trunc_hdr', frames: [eth(B.ipv6(B.tcp()).subarray(0, 30), 0x86dd)] },
  { code: 'decoder.ipv6.bad_version', frames: [eth(inner4, 0x86dd)] },
  { code: 'decoder.ipv6.trunc_exthdr', frames: [eth(B.ipv6(B.tcp(), { ext: [{ type: 'routing' }] }).subarray(0, 50), 0x86dd)] },
  { code: 'decoder.ipv6.plen_zero', frames: [v6(B.tcp(), 6, { ext: [{ type: 'hop-by-hop' }], payloadLength: 0 })] },
  { code: 'decoder.ipv6.trunc_pkt', frames: [v6(B.tcp(), 6, { payloadLength: 100 })] },
  { code: 'decoder.ipv6.frag_overlap', frames: [eth(f6[1]!, 0x86dd), eth(f6[1]!, 0x86dd)] },
  { code: 'decoder.ipv6.frag_incomplete', frames: [eth(f6[1]!, 0x86dd)] },
  { code: 'decoder.ipv6.frag_too_large', frames: [eth(f6[0]!, 0x86dd)], limits: { maxFragmentBytes: 400 } },
  { code: 'decoder.ipv6.frag_cap', frames: [eth(f6[0]!, 0x86dd)], limits: { maxFragmentTotalBytes: 100 } },
  { code: 'decoder.tcp.trunc_hdr', frames: [v4(B.tcp().subarray(0, 10))] },
  { code: 'decoder.tcp.hlen_too_small', frames: [v4(B.tcp({ dataOffset: 4 }))] },
  { code: 'decoder.tcp.trunc_opts', frames: [v4(B.tcp({ dataOffset: 15 }))] },
  { code: 'decoder.udp.trunc_hdr', frames: [v4(B.udp().subarray(0, 4), 17)] },
  { code: 'decoder.udp.hlen_too_small', frames: [v4(B.udp({ length: 4 }), 17)] },
  { code: 'decoder.udp.len_invalid', frames: [v4(B.udp({ length: 100 }), 17)] },
  { code: 'decoder.icmpv4.trunc_hdr', frames: [v4(B.icmp().subarray(0, 4), 1)] },
  { code: 'decoder.icmpv4.bad_quoted', frames: [v4(B.icmp({ type: 3, payload: new Uint8Array(20) }), 1)] },
  { code: 'decoder.icmpv6.trunc_hdr', frames: [v6(B.icmpv6().subarray(0, 4), 58)] },
  { code: 'decoder.icmpv6.bad_quoted', frames: [v6(B.icmpv6({ type: 1, payload: inner4.subarray(0, 10) }), 58)] },
  { code: 'decoder.gre.trunc_hdr', frames: [v4(Uint8Array.of(0, 0), 47)] },
  { code: 'decoder.gre.bad_version', frames: [v4(B.gre(inner4, { version: 2 }), 47)] },
  { code: 'decoder.gre.bad_flags', frames: [v4(B.gre(inner4, { version: 1 }), 47)] },
  { code: 'decoder.vxlan.trunc_hdr', frames: [overUdp(4789, new Uint8Array(4))] },
  { code: 'decoder.vxlan.bad_flags', frames: [overUdp(4789, B.vxlan(B.ethernet(inner4), { flags: 0 }))] },
  { code: 'decoder.geneve.trunc_hdr', frames: [overUdp(6081, new Uint8Array(4))] },
  { code: 'decoder.geneve.bad_version', frames: [overUdp(6081, B.geneve(inner4, { version: 1 }))] },
  { code: 'decoder.teredo.trunc_hdr', frames: [overUdp(3544, Uint8Array.of(0, 1, 4, 4, 0, 0))] },
  { code: 'decoder.teredo.not_ipv6', frames: [overUdp(3544, inner4)] },
  { code: 'decoder.gtpu.trunc_hdr', frames: [overUdp(2152, Uint8Array.of(0x30, 0xff, 0, 0))] },
  { code: 'decoder.gtpu.bad_version', frames: [overUdp(2152, B.gtpu(inner4, { flags: 0x20 }))] },
  { code: 'decoder.gtpu.not_ip', frames: [overUdp(2152, B.gtpu(new Uint8Array(4)))] },
  { code: 'decoder.tunnel.too_deep', frames: [v4(inner4, 4)], limits: { maxTunnelDepth: 0 } },
  { code: 'decoder.tunnel.inner_malformed', frames: [v4(inner4.subarray(0, 10), 4)] },
];

describe('every anomaly code is triggered', () => {
  it.each(CASES)('$code', (c) => {
    expect(codesFrom(c)).toContain(c.code);
  });

  it('the table covers the whole closed list', () => {
    expect(CASES.map((c) => c.code).sort()).toEqual([...DECODE_ANOMALY_CODES].sort());
  });
});
