/**
 * Community ID v1 flow hash (https://github.com/corelight/community-id-spec, README "Pseudo code").
 *
 * sha1(seed u16 BE · saddr · daddr · proto u8 · 0 u8 · sport u16 BE · dport u16 BE), base64, prefixed
 * "1:". Endpoints are ordered so the numerically smaller (address, port) comes first. ICMP/ICMPv6
 * map (type, code) to port equivalents with Zeek's counterpart table; one-way types keep their
 * direction. Protocols other than TCP, UDP, SCTP, ICMP and ICMPv6 hash without ports.
 * @module flow/community-id
 */
import { icmpCounterpart } from './icmp.js';
import { ipBytes } from './ip-bytes.js';
import { sha1Base64 } from './sha1.js';
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

/** -1, 0, 1 comparing (a, pa) with (b, pb): `width` bytes as unsigned big-endian, then ports. */
function compareEndpoints(a: Uint8Array, ao: number, pa: number, b: Uint8Array, bo: number, pb: number, width: number): number {
  for (let i = 0; i < width; i++) {
    const d = a[ao + i]! - b[bo + i]!;
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return pa < pb ? -1 : pa > pb ? 1 : 0;
}

/**
 * Hash inputs, one per (address width, ports or not), refilled per call: a flow's id costs no
 * allocation but the digest text.
 */
const INPUTS = [2 + 8 + 2, 2 + 8 + 2 + 4, 2 + 32 + 2, 2 + 32 + 2 + 4].map((n) => new Uint8Array(n));

/**
 * Community ID v1 of a flow tuple, seed 0 unless given. For ICMP/ICMPv6 pass the message type as
 * `srcPort` and the code as `dstPort`; the spec's type→counterpart mapping is applied here.
 * TCP/UDP/SCTP without ports hash without ports (the spec leaves this open; documented choice).
 */
export function communityId(t: CommunityIdTuple, seed = 0): string {
  const src = ipBytes(t.ipVersion, t.src);
  return communityIdOfBytes(src, 0, ipBytes(t.ipVersion, t.dst), 0, src.length, t.ipProto, t.srcPort, t.dstPort, seed);
}

/**
 * Community ID v1 of a tuple whose addresses are network-order bytes (`width` 4 or 16, at `so` in
 * `src` and `dOff` in `dst`), as the flow table holds them: no address text is parsed.
 * Same rules as `communityId`.
 */
export function communityIdOfBytes(
  src: Uint8Array, so: number, dst: Uint8Array, dOff: number, width: number,
  ipProto: number, srcPort: number | undefined, dstPort: number | undefined, seed = 0,
): string {
  let pa = srcPort;
  let pb = dstPort;
  const ports = hasPorts(ipProto) && pa !== undefined && pb !== undefined;
  let oneWay = false;
  if (ports && (ipProto === IPPROTO_ICMP || ipProto === IPPROTO_ICMPV6)) {
    const counter = icmpCounterpart(ipProto === IPPROTO_ICMP ? 4 : 6, pa!);
    if (counter < 0) oneWay = true;
    else pb = counter;
  }
  const swap = !oneWay && compareEndpoints(src, so, ports ? pa! : 0, dst, dOff, ports ? pb! : 0, width) > 0;
  if (swap) {
    const p = pa;
    pa = pb;
    pb = p;
  }
  const buf = INPUTS[(width === 16 ? 2 : 0) + (ports ? 1 : 0)]!;
  buf[0] = (seed >> 8) & 0xff;
  buf[1] = seed & 0xff;
  for (let i = 0; i < width; i++) {
    buf[2 + i] = swap ? dst[dOff + i]! : src[so + i]!;
    buf[2 + width + i] = swap ? src[so + i]! : dst[dOff + i]!;
  }
  let off = 2 + width * 2;
  buf[off++] = ipProto & 0xff;
  buf[off++] = 0;
  if (ports) {
    buf[off] = (pa! >> 8) & 0xff;
    buf[off + 1] = pa! & 0xff;
    buf[off + 2] = (pb! >> 8) & 0xff;
    buf[off + 3] = pb! & 0xff;
  }
  return '1:' + sha1Base64(buf);
}
