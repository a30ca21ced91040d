/**
 * What the decoders hand to the flow table. Pure data; no behaviour.
 * @module decode/types
 */
import type { AnomalyCode, IpAddr } from '../core/index.js';

/** A TCP header's fields (RFC 9293 §3.1); options are not kept. */
export interface TcpHeader {
  readonly proto: 'tcp';
  readonly srcPort: number;
  readonly dstPort: number;
  readonly seq: number;
  readonly ack: number;
  /** Flag bits as on the wire: FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10, URG 0x20, ECE 0x40, CWR 0x80. */
  readonly flags: number;
  readonly window: number;
  readonly headerLength: number;
}

/** A UDP header's fields (RFC 768). */
export interface UdpHeader {
  readonly proto: 'udp';
  readonly srcPort: number;
  readonly dstPort: number;
  readonly length: number;
}

/** The header fields of a packet quoted inside an ICMP error (RFC 792, RFC 4443 §3). */
export interface QuotedPacket {
  readonly ipVersion: 4 | 6;
  readonly src: IpAddr;
  readonly dst: IpAddr;
  readonly ipProto: number;
  /** Ports of the quoted TCP/UDP header, when at least its first 4 bytes were quoted. */
  readonly srcPort?: number;
  readonly dstPort?: number;
}

/** An ICMP or ICMPv6 message header; errors carry the quoted packet's addresses and ports. */
export interface IcmpHeader {
  readonly proto: 'icmp' | 'icmpv6';
  readonly type: number;
  readonly code: number;
  /** Echo identifier for echo request/reply, else undefined. */
  readonly echoId?: number;
  /** For error messages (unreachable, time exceeded, parameter problem, packet too big, …). */
  readonly quoted?: QuotedPacket;
}

/** The transport header of a packet, discriminated on `proto`. */
export type TransportHeader = TcpHeader | UdpHeader | IcmpHeader;

/** An encapsulation the packet was found inside, outermost first. */
export interface TunnelLayer {
  readonly kind: 'ip-in-ip' | 'gre' | 'vxlan' | 'teredo' | 'gtp-u' | 'ayiya' | 'geneve';
  readonly src: IpAddr;
  readonly dst: IpAddr;
  /** IP protocol of the outer carrier: 4/41 for IP-in-IP, 47 GRE, 17 for UDP-based tunnels. */
  readonly ipProto: number;
  readonly srcPort?: number;
  readonly dstPort?: number;
  /** Bytes of the outer IP datagram (outer IP header included). */
  readonly outerIpLength: number;
}

/**
 * One IP datagram (after reassembly), innermost headers after tunnel decapsulation.
 *
 * BORROWED as a whole when it comes from `PacketDecoder.decode`: the decoder reuses one Packet
 * object (and its TCP/UDP header object) for every frame, so a packet and everything reachable
 * from it are valid only until the next `decode()` call (like `Frame.data`). Keep what you need
 * by copying fields, or take a plain-data snapshot with `copyPacket()`. `src`, `dst` and `payload`
 * of a decoded packet are computed on first access; hot paths key on `addrBytes` instead.
 */
export interface Packet {
  /** The frame that completed this datagram (the only frame when not fragmented). */
  readonly frame: number;
  /** Exact epoch ns (a decoded packet makes it on first access). */
  readonly tsNs: bigint;
  /** The same instant as numbers, for the per-packet path (see core Frame.tsSec). */
  readonly tsSec: number;
  readonly tsNsec: number;
  readonly tsExact: bigint | null;
  /** VLAN ids of the innermost L2 (outermost tag first); empty when untagged. */
  readonly vlan: readonly number[];
  /**
   * Source MAC of the frame's innermost link-layer header as a 48-bit number (octets big-endian),
   * -1 when the link has none. A flow inside an IP tunnel without its own link layer keeps the
   * MAC of the frame that carried the tunnel. See `formatMac`.
   */
  readonly srcMac: number;
  /** Source MAC of the frame's outermost link-layer header (a tunnel's own sender), -1 when none. */
  readonly outerSrcMac: number;
  readonly tunnels: readonly TunnelLayer[];
  readonly ipVersion: 4 | 6;
  /** Address text (RFC 5952 for IPv6); the decoder formats it on first access. */
  readonly src: IpAddr;
  readonly dst: IpAddr;
  /**
   * BORROWED: bytes holding the source and destination addresses in network order, 4 (IPv4) or 16
   * (IPv6) bytes at `srcOff` and `dstOff` (the frame, or the reassembled datagram). Lets the flow
   * table key packets by number without formatting address text per packet.
   */
  readonly addrBytes: Uint8Array;
  readonly srcOff: number;
  readonly dstOff: number;
  /** Upper-layer protocol after IPv6 extension headers. */
  readonly ipProto: number;
  /** Bytes of the (reassembled) IP datagram: header + payload, as Zeek's *_ip_bytes count it. */
  readonly ipLength: number;
  /** Frames of the fragments this datagram was reassembled from (ascending), empty when not fragmented. */
  readonly fragmentFrames: readonly number[];
  readonly transport: TransportHeader | null;
  /** BORROWED: L4 payload (after TCP/UDP/ICMP header), may be shorter than claimed when snap-truncated. */
  readonly payload: Uint8Array;
  /** L4 payload length as the headers claim it (IP length minus headers), even if snap-truncated. */
  readonly payloadLength: number;
}

/**
 * What `PacketDecoder.decode` made of a frame. The 'ip' outcome object is reused by its decoder
 * (BORROWED, valid until the next `decode()`, as its packet is); the others are fresh objects.
 */
export type DecodeOutcome =
  /** A datagram to count into a flow. `anomalies` are irregularities that did not stop decoding. */
  | { readonly kind: 'ip'; readonly packet: Packet; readonly anomalies: readonly AnomalyCode[] }
  /** A fragment held for reassembly; it is accounted for when its datagram completes or expires. */
  | { readonly kind: 'fragment-held'; readonly anomalies: readonly AnomalyCode[] }
  /** Valid but not IP (ARP, LLDP, STP, …): counted by what it was, not an error. */
  | { readonly kind: 'not-ip'; readonly what: string }
  /** Could not be decoded; the anomaly says where and why. */
  | { readonly kind: 'malformed'; readonly anomaly: AnomalyCode; readonly anomalies: readonly AnomalyCode[] }
  /** The frame's link type has no decoder. */
  | { readonly kind: 'unsupported-link'; readonly linkType: number };

/**
 * What one layer decoder returns (Suricata's uniform `Decode*` shape): the header and the offset
 * where the next layer starts, or the anomaly code of the first failed check. `anomaly` on success
 * is an irregularity that did not stop decoding (e.g. an ICMP error whose quoted header is cut).
 */
export type LayerResult<H> =
  | { readonly ok: true; readonly header: H; readonly next: number; readonly anomaly?: AnomalyCode }
  | { readonly ok: false; readonly code: AnomalyCode };

/** A fragmented datagram given up on: its fragments' frames, so coverage accounting can count them. */
export interface ExpiredFragments {
  /** `decoder.ipv4.frag_incomplete`, `decoder.ipv6.frag_incomplete`, `decoder.ipv4.frag_too_large`, … */
  readonly code: AnomalyCode;
  /**
   * Why it was given up: timed out, end of capture, dropped at a cap, or reassembled but the
   * datagram did not decode (`code` is then the failing check's code, e.g. `decoder.ipv4.trunc_opts`).
   */
  readonly reason: 'timeout' | 'flush' | 'too-large' | 'cap' | 'malformed';
  readonly ipVersion: 4 | 6;
  readonly src: IpAddr;
  readonly dst: IpAddr;
  /** IPv4 protocol field, or the IPv6 fragment header's next header. */
  readonly ipProto: number;
  /** Frames of the fragments held (ascending, distinct). */
  readonly frames: readonly number[];
  /** Timestamp of the first fragment seen. */
  readonly firstTsNs: bigint;
}

/** Counters of a PacketDecoder (monotonic, for the report and for benchmarks). */
export interface DecodeStats {
  readonly frames: number;
  readonly packets: number;
  readonly notIp: number;
  readonly malformed: number;
  readonly unsupportedLink: number;
  readonly fragmentsHeld: number;
  readonly datagramsReassembled: number;
  readonly datagramsExpired: number;
  /** Datagrams pending reassembly right now, and the bytes they hold. */
  readonly fragmentDatagramsPending: number;
  readonly fragmentBytesPending: number;
  /**
   * Encapsulations decoded through, by name: vlan, qinq, mpls, pppoe, vntag, ip-in-ip, gre, vxlan,
   * teredo, gtp-u, geneve, ipv4-fragments, ipv6-fragments (only those seen).
   */
  readonly layers: Readonly<Record<string, number>>;
}
