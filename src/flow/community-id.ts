/**
 * Community ID v1 flow hash (https://github.com/corelight/community-id-spec, README "Pseudo code").
 *
 * sha1(seed u16 BE · saddr · daddr · proto u8 · 0 u8 · sport u16 BE · dport u16 BE), base64, prefixed
 * "1:". Endpoints are ordered so the numerically smaller (address, port) comes first. ICMP/ICMPv6
 * map (type, code) to port equivalents with Zeek's counterpart table; one-way types keep their
 * direction. Protocols other than TCP, UDP, SCTP, ICMP and ICMPv6 hash without ports.
 * @module flow/community-id
 */
import { createHash } from 'node:crypto';
import { icmpCounterpart } from './icmp.js';
import { ipBytes } from './ip-bytes.js';
import { IPPROTO_ICMP, IPPROTO_ICMPV6, IPPROTO_SCTP, IPPROTO_TCP, IPPROTO_UDP } from './registry.js';

/** One direction of a flow as the Community ID spec takes it. For ICMP, ports are type and code. */
export interface CommunityIdTuple {
  readonly ipVersion: 4 | 6;
  readonly src: string;
  readonly dst: string;
  readonly ipProto: number;
  /** Source port; for ICMP/ICMPv6 the message type. Omit for portless protocols. */
  readonly srcPort?: number;
  /** Destination port; for ICMP/ICMPv6 the message code. Omit for portless protocols. */
  readonly dstPort?: number;
}

function hasPorts(proto: number): boolean {
  return proto === IPPROTO_TCP || proto === IPPROTO_UDP || proto === IPPROTO_SCTP
    || proto === IPPROTO_ICMP || proto === IPPROTO_ICMPV6;
}

/** -1, 0, 1 comparing (a, pa) with (b, pb): bytes as unsigned big-endian, then ports. */
function compareEndpoints(a: Uint8Array, pa: number, b: Uint8Array, pb: number): number {
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return pa < pb ? -1 : pa > pb ? 1 : 0;
}

/**
 * Community ID v1 of a flow tuple, seed 0 unless given. For ICMP/ICMPv6 pass the message type as
 * `srcPort` and the code as `dstPort`; the spec's type→counterpart mapping is applied here.
 * TCP/UDP/SCTP without ports hash without ports (the spec leaves this open; documented choice).
 */
export function communityId(t: CommunityIdTuple, seed = 0): string {
  let a = ipBytes(t.ipVersion, t.src);
  let b = ipBytes(t.ipVersion, t.dst);
  let pa = t.srcPort;
  let pb = t.dstPort;
  const ports = hasPorts(t.ipProto) && pa !== undefined && pb !== undefined;
  let oneWay = false;
  if (ports && (t.ipProto === IPPROTO_ICMP || t.ipProto === IPPROTO_ICMPV6)) {
    const counter = icmpCounterpart(t.ipProto === IPPROTO_ICMP ? 4 : 6, pa!);
    if (counter < 0) oneWay = true;
    else pb = counter;
  }
  if (!oneWay && compareEndpoints(a, ports ? pa! : 0, b, ports ? pb! : 0) > 0) {
    [a, b] = [b, a];
    [pa, pb] = [pb, pa];
  }
  const buf = new Uint8Array(2 + a.length * 2 + 2 + (ports ? 4 : 0));
  const dv = new DataView(buf.buffer);
  dv.setUint16(0, seed & 0xffff);
  buf.set(a, 2);
  buf.set(b, 2 + a.length);
  let off = 2 + a.length * 2;
  buf[off++] = t.ipProto & 0xff;
  buf[off++] = 0;
  if (ports) {
    dv.setUint16(off, pa! & 0xffff);
    dv.setUint16(off + 2, pb! & 0xffff);
  }
  return '1:' + createHash('sha1').update(buf).digest('base64');
}
