/**
 * Packet objects (src/decode/types.ts) built directly, with defaults, for flow-table tests.
 * No bytes: the flow table only reads decoded fields. `conversation()` plays a TCP exchange from a
 * compact script, keeping sequence and acknowledgement numbers consistent.
 */
import { tsParts, type IpAddr } from '../../src/core/index.js';
import type { IcmpHeader, Packet, QuotedPacket, TcpHeader, TunnelLayer, UdpHeader } from '../../src/decode/index.js';
import { concat, ipv4Bytes, ipv6Bytes } from './packets/bytes.js';

export const FIN = 0x01;
export const SYN = 0x02;
export const RST = 0x04;
export const PSH = 0x08;
export const ACK = 0x10;

/** Common packet fields; every one has a default. */
export interface PacketOpts {
  frame?: number;
  /** Epoch ns; default 1_700_000_000 s + frame ms. */
  tsNs?: bigint;
  vlan?: number[];
  tunnels?: TunnelLayer[];
  /** Default: 6 when `src` is IPv6 text, else 4. */
  ipVersion?: 4 | 6;
  src?: string;
  dst?: string;
  ipProto?: number;
  /** Default: IP header (20/40) + L4 header + payloadLength. */
  ipLength?: number;
  payloadLength?: number;
  payload?: Uint8Array;
  /** Source MAC of the frame as a 48-bit number; default -1 (no link-layer address). */
  srcMac?: number;
}

const BASE_NS = 1_700_000_000_000_000_000n;
const MS = 1_000_000n;

function base(o: PacketOpts, l4Header: number, ipProto: number, transport: Packet['transport']): Packet {
  const frame = o.frame ?? 1;
  // Default: the version the address text says (the flow table keys on the address bytes).
  const ipVersion = o.ipVersion ?? (o.src?.includes(':') === true ? 6 : 4);
  const payloadLength = o.payloadLength ?? o.payload?.length ?? 0;
  const src = o.src ?? (ipVersion === 4 ? '10.0.0.1' : '2001:db8::1');
  const dst = o.dst ?? (ipVersion === 4 ? '192.0.2.10' : '2001:db8::2');
  const width = ipVersion === 4 ? 4 : 16;
  // The flow table keys on the address bytes: src at 0, dst right after, as in an IP header.
  const addrBytes = concat(ipVersion === 4 ? ipv4Bytes(src) : ipv6Bytes(src), ipVersion === 4 ? ipv4Bytes(dst) : ipv6Bytes(dst));
  const tsNs = o.tsNs ?? BASE_NS + BigInt(frame) * MS;
  const t = tsParts(tsNs);
  return {
    frame,
    tsNs,
    tsSec: t.sec,
    tsNsec: t.nsec,
    tsExact: t.exact,
    vlan: o.vlan ?? [],
    srcMac: o.srcMac ?? -1,
    outerSrcMac: o.srcMac ?? -1,
    tunnels: o.tunnels ?? [],
    ipVersion,
    src: src as IpAddr,
    dst: dst as IpAddr,
    addrBytes,
    srcOff: 0,
    dstOff: width,
    ipProto: o.ipProto ?? ipProto,
    ipLength: o.ipLength ?? (ipVersion === 4 ? 20 : 40) + l4Header + payloadLength,
    fragmentFrames: [],
    transport,
    payload: o.payload ?? new Uint8Array(0),
    payloadLength,
  };
}

export interface TcpOpts extends PacketOpts {
  sport?: number;
  dport?: number;
  seq?: number;
  ack?: number;
  flags?: number;
  window?: number;
}

/** A TCP segment; default 10.0.0.1:40000 → 192.0.2.10:443, flags ACK, window 65535. */
export function tcpPacket(o: TcpOpts = {}): Packet {
  const tcp: TcpHeader = {
    proto: 'tcp',
    srcPort: o.sport ?? 40000,
    dstPort: o.dport ?? 443,
    seq: (o.seq ?? 1000) >>> 0,
    ack: (o.ack ?? 0) >>> 0,
    flags: o.flags ?? ACK,
    window: o.window ?? 65535,
    headerLength: 20,
  };
  return base(o, 20, 6, tcp);
}

export interface UdpOpts extends PacketOpts {
  sport?: number;
  dport?: number;
}

/** A UDP datagram; default 10.0.0.1:50000 → 192.0.2.10:53. */
export function udpPacket(o: UdpOpts = {}): Packet {
  const udp: UdpHeader = { proto: 'udp', srcPort: o.sport ?? 50000, dstPort: o.dport ?? 53, length: 8 + (o.payloadLength ?? 0) };
  return base(o, 8, 17, udp);
}

export interface IcmpOpts extends PacketOpts {
  type?: number;
  code?: number;
  echoId?: number;
  quoted?: QuotedPacket;
}

/** An ICMP (v4) or ICMPv6 (when ipVersion 6) message; default echo request. */
export function icmpPacket(o: IcmpOpts = {}): Packet {
  const v6 = (o.ipVersion ?? 4) === 6;
  const icmp: IcmpHeader = {
    proto: v6 ? 'icmpv6' : 'icmp',
    type: o.type ?? (v6 ? 128 : 8),
    code: o.code ?? 0,
    ...(o.echoId !== undefined ? { echoId: o.echoId } : {}),
    ...(o.quoted !== undefined ? { quoted: o.quoted } : {}),
  };
  return base(o, 8, v6 ? 58 : 1, icmp);
}

/** A packet of a protocol without a decoded transport header (ESP, GRE, SCTP, …). */
export function otherPacket(ipProto: number, o: PacketOpts = {}): Packet {
  return base({ ...o, ipProto }, 0, ipProto, null);
}

/** Options of a scripted TCP conversation. */
export interface ConversationOpts {
  origIsn?: number;
  respIsn?: number;
  firstFrame?: number;
  src?: string;
  dst?: string;
  sport?: number;
  dport?: number;
  vlan?: number[];
  /** Gap between packets (ns); default 1 ms. */
  stepNs?: bigint;
  startNs?: bigint;
}

/**
 * A TCP exchange from a script of space-separated tokens. Upper case: originator → responder;
 * lower case: responder → originator. `S` SYN, `H` SYN-ACK, `A` ACK, `D<n>` data (PSH-ACK, n bytes,
 * default 10), `F` FIN-ACK, `R` RST-ACK, `X` bare RST, `T` retransmit this side's last data,
 * `Z` ACK with zero window. SYNs always carry the side's ISN (a repeated `S` is a retransmission);
 * other sequence/ack numbers follow the bytes each side has sent.
 */
export function conversation(script: string, o: ConversationOpts = {}): Packet[] {
  const side = {
    o: { isn: (o.origIsn ?? 1000) >>> 0, next: (o.origIsn ?? 1000) >>> 0, started: false, lastData: null as null | { seq: number; len: number } },
    r: { isn: (o.respIsn ?? 5000) >>> 0, next: (o.respIsn ?? 5000) >>> 0, started: false, lastData: null as null | { seq: number; len: number } },
  };
  const step = o.stepNs ?? MS;
  const start = o.startNs ?? BASE_NS;
  let frame = o.firstFrame ?? 1;
  const out: Packet[] = [];
  for (const tok of script.trim().split(/\s+/)) {
    const orig = tok[0] === tok[0]!.toUpperCase();
    const me = orig ? side.o : side.r;
    const peer = orig ? side.r : side.o;
    const letter = tok[0]!.toUpperCase();
    const n = tok.length > 1 ? Number(tok.slice(1)) : 10;
    let flags = ACK;
    let len = 0;
    let seq = me.next;
    switch (letter) {
      case 'S': flags = SYN; seq = me.isn; break;
      case 'H': flags = SYN | ACK; seq = me.isn; break;
      case 'A': break;
      case 'Z': break;
      case 'D': flags = PSH | ACK; len = n; break;
      case 'F': flags = FIN | ACK; break;
      case 'R': flags = RST | ACK; break;
      case 'X': flags = RST; break;
      case 'T': flags = PSH | ACK; seq = me.lastData?.seq ?? seq; len = me.lastData?.len ?? n; break;
      default: throw new Error(`bad token ${tok}`);
    }
    const ack = flags & ACK ? peer.next : 0;
    out.push(tcpPacket({
      frame,
      tsNs: start + BigInt(frame - (o.firstFrame ?? 1)) * step,
      src: orig ? o.src ?? '10.0.0.1' : o.dst ?? '192.0.2.10',
      dst: orig ? o.dst ?? '192.0.2.10' : o.src ?? '10.0.0.1',
      sport: orig ? o.sport ?? 40000 : o.dport ?? 443,
      dport: orig ? o.dport ?? 443 : o.sport ?? 40000,
      seq, ack, flags, payloadLength: len,
      window: letter === 'Z' ? 0 : 65535,
      ...(o.vlan !== undefined ? { vlan: o.vlan } : {}),
    }));
    frame++;
    if (letter === 'D') me.lastData = { seq, len };
    if (flags & SYN) me.next = (me.isn + 1) >>> 0;
    else if (letter !== 'T' && !(flags & RST)) me.next = (me.next + len + (flags & FIN ? 1 : 0)) >>> 0;
    me.started = true;
  }
  return out;
}
