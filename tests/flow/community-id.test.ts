import { describe, expect, it } from 'vitest';
import { communityId, flowUid } from '../../src/flow/index.js';
import { icmpPacket, otherPacket, udpPacket } from '../builders/flow-packets.js';
import { conversation } from '../builders/flow-packets.js';
import { oneFlow } from './helpers.js';

/**
 * Vectors from corelight/community-id-spec baseline/baseline_deflt.json and Zeek's
 * testing/btest community_id_v1 test (seed 0 and seed 1).
 */
describe('Community ID v1 vectors', () => {
  it.each([
    { name: 'tcp', v: 4, src: '1.2.3.4', dst: '5.6.7.8', p: 6, sp: 1122, dp: 3344, seed: 0, id: '1:wCb3OG7yAFWelaUydu0D+125CLM=' },
    { name: 'tcp reversed', v: 4, src: '5.6.7.8', dst: '1.2.3.4', p: 6, sp: 3344, dp: 1122, seed: 0, id: '1:wCb3OG7yAFWelaUydu0D+125CLM=' },
    { name: 'udp', v: 4, src: '1.2.3.4', dst: '5.6.7.8', p: 17, sp: 1122, dp: 3344, seed: 0, id: '1:0Mu9InQx6z4ZiCZM/7HXi2WMhOg=' },
    { name: 'icmp echo', v: 4, src: '1.2.3.4', dst: '5.6.7.8', p: 1, sp: 8, dp: 0, seed: 0, id: '1:crodRHL2FEsHjbv3UkRrfbs4bZ0=' },
    { name: 'icmp echo reply', v: 4, src: '5.6.7.8', dst: '1.2.3.4', p: 1, sp: 0, dp: 0, seed: 0, id: '1:crodRHL2FEsHjbv3UkRrfbs4bZ0=' },
    { name: 'icmpv6 echo', v: 6, src: 'fe80:1:203:405:607:809:a0b:c0d', dst: 'fe80:1011:1213:1415:1617:1819:1a1b:1c1d', p: 58, sp: 128, dp: 0, seed: 0, id: '1:0bf7hyMJUwt3fMED7z8LIfRpBeo=' },
    { name: 'tcp seed 1', v: 4, src: '1.2.3.4', dst: '5.6.7.8', p: 6, sp: 1122, dp: 3344, seed: 1, id: '1:HhA1B+6CoLbiKPEs5nhNYN4XWfk=' },
    { name: 'udp seed 1', v: 4, src: '1.2.3.4', dst: '5.6.7.8', p: 17, sp: 1122, dp: 3344, seed: 1, id: '1:OShq+iKDAMVouh/4bMxB9Sz4amw=' },
    { name: 'icmp seed 1', v: 4, src: '1.2.3.4', dst: '5.6.7.8', p: 1, sp: 8, dp: 0, seed: 1, id: '1:9pr4ZGTICiuZoIh90RRYE2RyXpU=' },
    { name: 'baseline icmpv6 NS', v: 6, src: 'fe80::200:86ff:fe05:80da', dst: 'fe80::260:97ff:fe07:69ea', p: 58, sp: 135, dp: 0, seed: 0, id: '1:dGHyGvjMfljg6Bppwm3bg0LO8TY=' },
    { name: 'baseline icmpv6 NA', v: 6, src: 'fe80::260:97ff:fe07:69ea', dst: 'fe80::200:86ff:fe05:80da', p: 58, sp: 136, dp: 0, seed: 0, id: '1:dGHyGvjMfljg6Bppwm3bg0LO8TY=' },
    { name: 'baseline icmpv6 one-way (time exceeded)', v: 6, src: '3ffe:501:1800:2345::2', dst: '3ffe:507:0:1:200:86ff:fe05:80da', p: 58, sp: 3, dp: 0, seed: 0, id: '1:2ObVBgIn28oZvibYZhZMBgh7WdQ=' },
    { name: 'baseline icmpv6 one-way (unreachable 1/4)', v: 6, src: '3ffe:501:410:0:2c0:dfff:fe47:33e', dst: '3ffe:507:0:1:200:86ff:fe05:80da', p: 58, sp: 1, dp: 4, seed: 0, id: '1:hLZd0XGWojozrvxqE0dWB1iM6R0=' },
    { name: 'baseline icmpv6 echo', v: 6, src: '3ffe:507:0:1:200:86ff:fe05:80da', dst: '3ffe:501:0:1001::2', p: 58, sp: 128, dp: 0, seed: 0, id: '1:+TW+HtLHvV1xnGhV1lv7XoJrqQg=' },
    { name: 'baseline icmpv6 RS to multicast', v: 6, src: 'fe80::200:86ff:fe05:80da', dst: 'ff02::2', p: 58, sp: 133, dp: 0, seed: 0, id: '1:hO+sN4H+MG5MY/8hIrXPqc4ZQz0=' },
    { name: 'baseline icmp echo', v: 4, src: '192.168.0.89', dst: '192.168.0.1', p: 1, sp: 8, dp: 0, seed: 0, id: '1:X0snYXpgwiv9TZtqg64sgzUn6Dk=' },
    { name: 'baseline icmp time exceeded (one-way)', v: 4, src: '10.0.0.1', dst: '10.0.0.2', p: 1, sp: 11, dp: 0, seed: 0, id: '1:YHxtAirCG//0OzkcVAukqKQN9xM=' },
    { name: 'baseline tcp over IPv6', v: 6, src: '2001:470:e5bf:dead:4957:2174:e82c:4887', dst: '2607:f8b0:400c:c03::1a', p: 6, sp: 63943, dp: 25, seed: 0, id: '1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=' },
    { name: 'baseline sctp', v: 4, src: '192.168.170.8', dst: '192.168.170.56', p: 132, sp: 7, dp: 7, seed: 0, id: '1:MP2EtRCAUIZvTw6MxJHLV7N7JDs=' },
    { name: 'baseline tcp', v: 4, src: '66.35.250.204', dst: '128.232.110.120', p: 6, sp: 80, dp: 34855, seed: 0, id: '1:LQU9qZlK+B5F3KDmev6m5PMibrg=' },
    { name: 'baseline udp dns', v: 4, src: '192.168.1.52', dst: '8.8.8.8', p: 17, sp: 54585, dp: 53, seed: 0, id: '1:d/FP5EW3wiY1vCndhwleRRKHowQ=' },
  ] as const)('$name', ({ v, src, dst, p, sp, dp, seed, id }) => {
    expect(communityId({ ipVersion: v, src, dst, ipProto: p, srcPort: sp, dstPort: dp }, seed)).toBe(id);
  });

  it.each([
    { name: 'rsvp (no ports)', src: '10.1.12.1', dst: '10.1.12.2', id: '1:KHlLkgoJW7ifUTyTSgyVfkFHzKw=' },
    { name: 'rsvp reversed', src: '10.1.12.2', dst: '10.1.12.1', id: '1:KHlLkgoJW7ifUTyTSgyVfkFHzKw=' },
    { name: 'rsvp (vector)', src: '1.2.3.4', dst: '5.6.7.8', id: '1:ikv3kmf89luf73WPz1jOs49S768=' },
  ])('other protocol: $name', ({ src, dst, id }) => {
    expect(communityId({ ipVersion: 4, src, dst, ipProto: 46 })).toBe(id);
  });
});

describe('Community ID of finished flows', () => {
  it.each([
    { name: 'TCP', pkts: () => conversation('S h A', { src: '1.2.3.4', dst: '5.6.7.8', sport: 1122, dport: 3344 }), id: '1:wCb3OG7yAFWelaUydu0D+125CLM=' },
    { name: 'TCP flipped by a first SYN-ACK', pkts: () => conversation('h A', { src: '1.2.3.4', dst: '5.6.7.8', sport: 1122, dport: 3344 }), id: '1:wCb3OG7yAFWelaUydu0D+125CLM=' },
    { name: 'UDP', pkts: () => [udpPacket({ src: '5.6.7.8', dst: '1.2.3.4', sport: 3344, dport: 1122 })], id: '1:0Mu9InQx6z4ZiCZM/7HXi2WMhOg=' },
    { name: 'ICMP reply first', pkts: () => [icmpPacket({ src: '5.6.7.8', dst: '1.2.3.4', type: 0 })], id: '1:crodRHL2FEsHjbv3UkRrfbs4bZ0=' },
    { name: 'ICMPv6 echo', pkts: () => [icmpPacket({ ipVersion: 6, src: 'fe80:1:203:405:607:809:a0b:c0d', dst: 'fe80:1011:1213:1415:1617:1819:1a1b:1c1d', type: 128 })], id: '1:0bf7hyMJUwt3fMED7z8LIfRpBeo=' },
    { name: 'RSVP', pkts: () => [otherPacket(46, { src: '10.1.12.2', dst: '10.1.12.1' })], id: '1:KHlLkgoJW7ifUTyTSgyVfkFHzKw=' },
    { name: 'SCTP', pkts: () => [otherPacket(132, { src: '192.168.170.56', dst: '192.168.170.8', payload: Uint8Array.of(0, 7, 0, 7, 0, 0, 0, 0, 0, 0, 0, 0) })], id: '1:MP2EtRCAUIZvTw6MxJHLV7N7JDs=' },
    { name: 'TCP over IPv6', pkts: () => conversation('S', { src: '2607:f8b0:400c:c03::1a', dst: '2001:470:e5bf:dead:4957:2174:e82c:4887', sport: 25, dport: 63943 }).map((p) => ({ ...p, ipVersion: 6 as const })), id: '1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=' },
  ])('$name', ({ pkts, id }) => {
    expect(oneFlow(pkts()).communityId).toBe(id);
  });
});

describe('uid', () => {
  it('looks like a Zeek uid and is a pure function of the first frame', () => {
    expect(flowUid(1)).toMatch(/^C[0-9A-Za-z]{17}$/);
    expect(flowUid(12345)).toBe(flowUid(12345));
    expect(flowUid(1)).not.toBe(flowUid(2));
  });

  it('is unique over 200k first frames', () => {
    const seen = new Set<string>();
    for (let f = 1; f <= 200_000; f++) seen.add(flowUid(f));
    expect(seen.size).toBe(200_000);
  });

  it('records carry the uid of their first frame', () => {
    expect(oneFlow(conversation('S h A', { firstFrame: 77 })).uid).toBe(flowUid(77));
  });
});
