/**
 * Link-layer and L2 shim builders (Ethernet, VLAN, MPLS, PPP, SLL, 802.11, capture meta-headers).
 * @module tests/builders/packets/link
 */
import { be, concat, fromHex, macBytes } from './bytes.js';

export interface EthernetOptions {
  dst?: string; // 02:00:00:00:00:02
  src?: string; // 02:00:00:00:00:01
  /** EtherType of the payload (after any tags): 0x0800. */
  etherType?: number;
  /** VLAN tags to insert, outermost first; each uses `tpid` (0x8100) unless given. */
  vlans?: readonly (number | { vid: number; tpid: number })[];
}

/** Ethernet II frame: dst, src, [tags], EtherType, payload. */
export function ethernet(payload: Uint8Array = new Uint8Array(0), o: EthernetOptions = {}): Uint8Array {
  const tags = (o.vlans ?? []).map((v) => (typeof v === 'number' ? { vid: v, tpid: 0x8100 } : v));
  const parts: Uint8Array[] = [macBytes(o.dst ?? '02:00:00:00:00:02'), macBytes(o.src ?? '02:00:00:00:00:01')];
  for (const t of tags) parts.push(be(t.tpid, 2), be(t.vid & 0x0fff, 2));
  parts.push(be(o.etherType ?? 0x0800, 2), payload);
  return concat(...parts);
}

/** One 802.1Q tag as it follows its TPID: TCI (pcp 0, vid 100) and the inner EtherType (0x0800). */
export function vlan(payload: Uint8Array, o: { vid?: number; pcp?: number; etherType?: number } = {}): Uint8Array {
  return concat(be(((o.pcp ?? 0) << 13) | ((o.vid ?? 100) & 0x0fff), 2), be(o.etherType ?? 0x0800, 2), payload);
}

/** 802.1ad stack as it follows the outer TPID 0x88a8: outer tag (vid 100), 0x8100, inner tag (vid 200). */
export function qinq(payload: Uint8Array, o: { outer?: number; inner?: number; etherType?: number } = {}): Uint8Array {
  return vlan(vlan(payload, { vid: o.inner ?? 200, etherType: o.etherType ?? 0x0800 }), { vid: o.outer ?? 100, etherType: 0x8100 });
}

/** MPLS label stack (RFC 3032): labels (default [16]), tc 0, ttl 64; S bit set on the last. */
export function mpls(payload: Uint8Array, o: { labels?: readonly number[]; ttl?: number } = {}): Uint8Array {
  const labels = o.labels ?? [16];
  const parts = labels.map((l, i) => be(((l & 0xfffff) << 12) | (i === labels.length - 1 ? 0x100 : 0) | (o.ttl ?? 64), 4));
  return concat(...parts, payload);
}

/** PPPoE session header (RFC 2516): ver/type 0x11, code 0x00, session 0x0001, length, PPP protocol 0x0021. */
export function pppoe(payload: Uint8Array, o: { sessionId?: number; pppProto?: number; verType?: number } = {}): Uint8Array {
  return concat(Uint8Array.of(o.verType ?? 0x11, 0x00), be(o.sessionId ?? 1, 2), be(payload.length + 2, 2), be(o.pppProto ?? 0x0021, 2), payload);
}

/** PPP framing: HDLC ff 03 (default on), protocol 0x0021 (2 bytes unless `compressed`). */
export function ppp(payload: Uint8Array, o: { proto?: number; hdlc?: boolean; compressed?: boolean } = {}): Uint8Array {
  const proto = o.proto ?? 0x0021;
  return concat(o.hdlc === false ? new Uint8Array(0) : Uint8Array.of(0xff, 0x03), o.compressed === true ? Uint8Array.of(proto) : be(proto, 2), payload);
}

/** Cisco HDLC: address 0x0f, control 0x00, EtherType 0x0800. */
export function chdlc(payload: Uint8Array, o: { etherType?: number } = {}): Uint8Array {
  return concat(Uint8Array.of(0x0f, 0x00), be(o.etherType ?? 0x0800, 2), payload);
}

/** Linux SLL (16 bytes): packet type 0x0000, ARPHRD 0x0001, addr len 6, addr (02:00:00:00:00:01), protocol 0x0800. */
export function sll(payload: Uint8Array, o: { protocol?: number; arphrd?: number; pktType?: number; addr?: string; halen?: number } = {}): Uint8Array {
  return concat(be(o.pktType ?? 0, 2), be(o.arphrd ?? 1, 2), be(o.halen ?? 6, 2), macBytes(o.addr ?? '02:00:00:00:00:01'), be(0, 2), be(o.protocol ?? 0x0800, 2), payload);
}

/** Linux SLL2 (20 bytes): protocol 0x0800, reserved, ifindex 1, ARPHRD 0x0001, pkttype 0, addr len 6, addr. */
export function sll2(payload: Uint8Array, o: { protocol?: number; arphrd?: number; ifindex?: number; addr?: string; halen?: number } = {}): Uint8Array {
  return concat(be(o.protocol ?? 0x0800, 2), be(0, 2), be(o.ifindex ?? 1, 4), be(o.arphrd ?? 1, 2), Uint8Array.of(0, o.halen ?? 6), macBytes(o.addr ?? '02:00:00:00:00:01'), be(0, 2), payload);
}

/** BSD null/loopback: 4-byte address family (2 = AF_INET), little-endian unless `bigEndian` (LINKTYPE_LOOP). */
export function nullLoopback(payload: Uint8Array, o: { family?: number; bigEndian?: boolean } = {}): Uint8Array {
  const fam = be(o.family ?? 2, 4);
  return concat(o.bigEndian === true ? fam : fam.reverse(), payload);
}

/** 802.2 LLC + SNAP (RFC 1042): AA AA 03, OUI 000000, EtherType 0x0800. */
export function llcSnap(payload: Uint8Array, o: { etherType?: number } = {}): Uint8Array {
  return concat(Uint8Array.of(0xaa, 0xaa, 0x03, 0, 0, 0), be(o.etherType ?? 0x0800, 2), payload);
}

/** FDDI: frame control 0x50, dst, src (13 bytes), then LLC/SNAP with EtherType 0x0800. */
export function fddi(payload: Uint8Array, o: { etherType?: number } = {}): Uint8Array {
  return concat(Uint8Array.of(0x50), new Uint8Array(12), llcSnap(payload, { etherType: o.etherType ?? 0x0800 }));
}

export interface Ieee80211Options {
  /** Frame type: 2 data (default), 0 management, 1 control. */
  type?: number;
  /** Subtype: 0 data (default), 8 QoS data, 4 null. */
  subtype?: number;
  toDs?: boolean; // false
  fromDs?: boolean; // false
  protected?: boolean; // false
  /** EtherType in the LLC/SNAP header: 0x0800. */
  etherType?: number;
  /** Address fields 1 to 4 (the 4th only with toDs and fromDs); default all zero. */
  addrs?: readonly string[];
}

/** IEEE 802.11 MAC header (24 bytes, +6 for 4 addresses, +2 QoS), then LLC/SNAP for data frames. */
export function ieee80211(payload: Uint8Array, o: Ieee80211Options = {}): Uint8Array {
  const type = o.type ?? 2;
  const subtype = o.subtype ?? 0;
  const flags = (o.toDs === true ? 1 : 0) | (o.fromDs === true ? 2 : 0) | (o.protected === true ? 0x40 : 0);
  let len = 24;
  if (o.toDs === true && o.fromDs === true) len += 6;
  if (type === 2 && (subtype & 8) !== 0) len += 2;
  const hdr = new Uint8Array(len);
  hdr[0] = (subtype << 4) | (type << 2);
  hdr[1] = flags;
  (o.addrs ?? []).forEach((a, i) => {
    if (i < 3 || len >= 30) hdr.set(macBytes(a), i < 3 ? 4 + 6 * i : 24);
  });
  const body = type === 2 && (subtype & 4) === 0 && o.protected !== true ? llcSnap(payload, { etherType: o.etherType ?? 0x0800 }) : payload;
  return concat(hdr, body);
}

/** Radiotap header: version 0, length 8 (no fields present), then the 802.11 frame. */
export function radiotap(wlanFrame: Uint8Array, o: { extra?: number } = {}): Uint8Array {
  const len = 8 + (o.extra ?? 0);
  const h = new Uint8Array(len);
  h[2] = len & 0xff;
  h[3] = len >> 8;
  return concat(h, wlanFrame);
}

/** Apple PKTAP header: length (LE, 108 by default), DLT of the frame after it (LE, 1). */
export function pktap(inner: Uint8Array, o: { dlt?: number; length?: number } = {}): Uint8Array {
  const len = o.length ?? 108;
  const h = new Uint8Array(len);
  new DataView(h.buffer).setUint32(0, len, true);
  new DataView(h.buffer).setUint32(4, o.dlt ?? 1, true);
  return concat(h, inner);
}

/** PPI header: version 0, flags 0, length 8 (LE), DLT (LE, 1). */
export function ppi(inner: Uint8Array, o: { dlt?: number; length?: number } = {}): Uint8Array {
  const len = o.length ?? 8;
  const h = new Uint8Array(Math.max(8, len));
  new DataView(h.buffer).setUint16(2, len, true);
  new DataView(h.buffer).setUint32(4, o.dlt ?? 1, true);
  return concat(h, inner);
}

/** NFLOG: family (2 AF_INET; 10 AF_INET6), version 0, resource id; a prefix TLV then the payload TLV (LE). */
export function nflog(packet: Uint8Array, o: { family?: number; payloadTlv?: boolean } = {}): Uint8Array {
  const tlv = (type: number, value: Uint8Array): Uint8Array => {
    const len = 4 + value.length;
    const t = new Uint8Array((len + 3) & ~3);
    new DataView(t.buffer).setUint16(0, len, true);
    new DataView(t.buffer).setUint16(2, type, true);
    t.set(value, 4);
    return t;
  };
  const parts = [Uint8Array.of(o.family ?? 2, 0, 0, 1), tlv(10, Uint8Array.from([0x61, 0x62, 0])) /* NFULA_PREFIX */];
  if (o.payloadTlv !== false) parts.push(tlv(9, packet));
  return concat(...parts);
}

/** Solaris ipnet header (24 bytes): version 1, family (2 IPv4; 26 IPv6). */
export function ipnet(packet: Uint8Array, o: { family?: number } = {}): Uint8Array {
  const h = new Uint8Array(24);
  h[0] = 1;
  h[1] = o.family ?? 2;
  return concat(h, packet);
}

/** IPoIB: 40-byte address pseudo-header, EtherType 0x0800, 2 reserved bytes. */
export function ipoib(packet: Uint8Array, o: { etherType?: number } = {}): Uint8Array {
  return concat(new Uint8Array(40), be(o.etherType ?? 0x0800, 2), be(0, 2), packet);
}

/** 802.3br mPacket: preamble 55×7, SMD (0xd5 express), then the Ethernet frame. */
export function mpacket(ethernetFrame: Uint8Array, o: { smd?: number } = {}): Uint8Array {
  return concat(new Uint8Array(7).fill(0x55), Uint8Array.of(o.smd ?? 0xd5), ethernetFrame);
}
