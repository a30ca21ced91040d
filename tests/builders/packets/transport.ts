/**
 * TCP, UDP, ICMP and ICMPv6 builders (checksums left 0).
 * @module tests/builders/packets/transport
 */
import { be, concat } from './bytes.js';

export interface TcpOptions {
  srcPort?: number; // 49152 (0xc000)
  dstPort?: number; // 443 (0x01bb)
  seq?: number; // 0x00000001
  ack?: number; // 0x00000000
  /** FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10: 0x02. */
  flags?: number;
  window?: number; // 0xffff
  /** Options bytes (padded to 4 by the caller). */
  options?: Uint8Array;
  /** Override of the data offset in words (computed). */
  dataOffset?: number;
  payload?: Uint8Array;
}

/** TCP header (RFC 9293) + payload; checksum 0. */
export function tcp(o: TcpOptions = {}): Uint8Array {
  const opts = o.options ?? new Uint8Array(0);
  const doff = o.dataOffset ?? (20 + opts.length) / 4;
  return concat(
    be(o.srcPort ?? 49152, 2),
    be(o.dstPort ?? 443, 2),
    be(o.seq ?? 1, 4),
    be(o.ack ?? 0, 4),
    Uint8Array.of(doff << 4, o.flags ?? 0x02),
    be(o.window ?? 0xffff, 2),
    be(0, 4),
    opts,
    o.payload ?? new Uint8Array(0),
  );
}

export interface UdpOptions {
  srcPort?: number; // 49152 (0xc000)
  dstPort?: number; // 53 (0x0035)
  /** Override of the length field (8 + payload). */
  length?: number;
  payload?: Uint8Array;
}

/** UDP header (RFC 768) + payload; checksum 0. */
export function udp(o: UdpOptions = {}): Uint8Array {
  const payload = o.payload ?? new Uint8Array(0);
  return concat(be(o.srcPort ?? 49152, 2), be(o.dstPort ?? 53, 2), be(o.length ?? 8 + payload.length, 2), be(0, 2), payload);
}

export interface IcmpOptions {
  /** ICMP: 8 echo request; ICMPv6: 128 echo request. */
  type?: number;
  code?: number; // 0
  /** Echo identifier (0x0042) and sequence (0x0001), i.e. the 4 "rest of header" bytes. */
  id?: number;
  seq?: number;
  /** For errors: the quoted packet (IP header + first bytes). */
  payload?: Uint8Array;
}

/** ICMPv4 message (RFC 792); checksum 0. */
export function icmp(o: IcmpOptions = {}): Uint8Array {
  return concat(Uint8Array.of(o.type ?? 8, o.code ?? 0), be(0, 2), be(o.id ?? 0x42, 2), be(o.seq ?? 1, 2), o.payload ?? new Uint8Array(0));
}

/** ICMPv6 message (RFC 4443); checksum 0. */
export function icmpv6(o: IcmpOptions = {}): Uint8Array {
  return icmp({ ...o, type: o.type ?? 128 });
}
