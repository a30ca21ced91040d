/**
 * Ethernet/IPv4/IPv6/TCP/UDP frame assembly into one scratch buffer, with valid IPv4 header,
 * TCP and UDP checksums (RFC 791 §3.1, RFC 793 §3.1, RFC 768, RFC 8200 §8.1 pseudo-header).
 * The caller writes the L4 payload at `payloadOffset()` first, then calls `tcp()`/`udp()`.
 * @module synth/packets
 */

/** EtherTypes (IEEE 802 numbers). */
const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
/** IP protocol numbers (IANA). */
const IPPROTO_TCP = 6;
const IPPROTO_UDP = 17;
/** Minimum Ethernet frame without FCS (IEEE 802.3 §3.2.8): shorter frames are zero-padded. */
const MIN_FRAME = 60;

/** TCP flag bits (RFC 9293 §3.1). */
export const FIN = 0x01;
export const SYN = 0x02;
export const RST = 0x04;
export const PSH = 0x08;
export const ACK = 0x10;

/** One side of a conversation. `ip` is 4 or 16 bytes. */
export interface Endpoint {
  readonly mac: Uint8Array;
  readonly ip: Uint8Array;
}

/** A transport conversation between a LAN client and a server (5-tuple plus link details). */
export interface Path {
  readonly client: Endpoint;
  /** The server's IP; its `mac` is the LAN gateway's MAC. */
  readonly server: Endpoint;
  readonly v6: boolean;
  readonly clientPort: number;
  readonly serverPort: number;
  /** TTL / hop limit seen on server-to-client packets. */
  readonly serverTtl: number;
  /** IPv4 identification counters, per direction. */
  ipIdC: number;
  ipIdS: number;
}

/** TCP options on SYN and SYN/ACK: MSS, SACK permitted, NOP, window scale 7 (RFC 9293 §3.2, RFC 2018, RFC 7323). */
function synOptions(buf: Uint8Array, off: number, mss: number): number {
  buf[off] = 2; buf[off + 1] = 4; buf[off + 2] = mss >>> 8; buf[off + 3] = mss & 0xff;
  buf[off + 4] = 4; buf[off + 5] = 2;
  buf[off + 6] = 1;
  buf[off + 7] = 3; buf[off + 8] = 3; buf[off + 9] = 7;
  buf[off + 10] = 1; buf[off + 11] = 1;
  return 12;
}

/** One's-complement sum of 16-bit big-endian words of `buf[start, end)` added to `acc` (RFC 1071). */
export function sum16(buf: Uint8Array, start: number, end: number, acc: number): number {
  let s = acc;
  let i = start;
  const even = end - ((end - start) & 1);
  for (; i < even; i += 2) s += (buf[i]! << 8) | buf[i + 1]!;
  if (i < end) s += buf[i]! << 8;
  return s;
}

/** Folds a 32-bit sum into a 16-bit one's-complement checksum. */
export function fold(sum: number): number {
  let s = sum;
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 65536);
  return ~s & 0xffff;
}

/** Builds frames in a reusable scratch buffer. */
export class FrameBuilder {
  /** Scratch frame; valid until the next build. */
  readonly buf: Buffer = Buffer.alloc(2048);

  /** Offset of the L4 payload for a path (TCP without options, or UDP). */
  payloadOffset(path: Path, proto: 'tcp' | 'udp'): number {
    return 14 + (path.v6 ? 40 : 20) + (proto === 'tcp' ? 20 : 8);
  }

  /** Largest TCP payload in a 1514-byte frame. */
  mss(path: Path): number {
    return path.v6 ? 1440 : 1460;
  }

  /** Ethernet + IP header; returns the L4 offset. */
  #ip(path: Path, fromClient: boolean, proto: number, l4Len: number): number {
    const b = this.buf;
    const src = fromClient ? path.client : path.server;
    const dst = fromClient ? path.server : path.client;
    b.set(dst.mac, 0);
    b.set(src.mac, 6);
    if (!path.v6) {
      b.writeUInt16BE(ETHERTYPE_IPV4, 12);
      b[14] = 0x45; b[15] = 0;
      b.writeUInt16BE(20 + l4Len, 16);
      const id = fromClient ? path.ipIdC++ : path.ipIdS++;
      b.writeUInt16BE(id & 0xffff, 18);
      b.writeUInt16BE(0x4000, 20); // DF
      b[22] = fromClient ? 64 : path.serverTtl;
      b[23] = proto;
      b[24] = 0; b[25] = 0;
      b.set(src.ip, 26);
      b.set(dst.ip, 30);
      b.writeUInt16BE(fold(sum16(b, 14, 34, 0)), 24);
      return 34;
    }
    b.writeUInt16BE(ETHERTYPE_IPV6, 12);
    b.writeUInt32BE((0x6 << 28) | (fromClient ? 0x2a5c1 : 0x0b3d7) , 14);
    b.writeUInt16BE(l4Len, 18);
    b[20] = proto;
    b[21] = fromClient ? 64 : path.serverTtl;
    b.set(src.ip, 22);
    b.set(dst.ip, 38);
    return 54;
  }

  /** Pseudo-header sum for the L4 checksum (RFC 9293 §3.1, RFC 8200 §8.1). */
  #pseudo(path: Path, proto: number, l4Len: number): number {
    const b = this.buf;
    const s = path.v6 ? sum16(b, 22, 54, 0) : sum16(b, 26, 34, 0);
    return s + proto + l4Len;
  }

  /** Pads to 60 bytes if needed and returns the frame length. */
  #pad(len: number): number {
    if (len >= MIN_FRAME) return len;
    this.buf.fill(0, len, MIN_FRAME);
    return MIN_FRAME;
  }

  /**
   * Completes a TCP segment whose payload (`payloadLen` bytes) is already at
   * `payloadOffset(path,'tcp')`. SYN segments carry options and no payload.
   */
  tcp(path: Path, fromClient: boolean, flags: number, seq: number, ack: number, payloadLen: number): number {
    const b = this.buf;
    const syn = (flags & SYN) !== 0;
    const hdr = syn ? 32 : 20;
    const l4Len = hdr + (syn ? 0 : payloadLen);
    const t = this.#ip(path, fromClient, IPPROTO_TCP, l4Len);
    b.writeUInt16BE(fromClient ? path.clientPort : path.serverPort, t);
    b.writeUInt16BE(fromClient ? path.serverPort : path.clientPort, t + 2);
    b.writeUInt32BE(seq >>> 0, t + 4);
    b.writeUInt32BE((flags & ACK) !== 0 ? ack >>> 0 : 0, t + 8);
    b[t + 12] = (hdr / 4) << 4;
    b[t + 13] = flags;
    b.writeUInt16BE(syn ? 64240 : fromClient ? 502 : 501, t + 14);
    b[t + 16] = 0; b[t + 17] = 0;
    b[t + 18] = 0; b[t + 19] = 0;
    if (syn) synOptions(b, t + 20, this.mss(path));
    b.writeUInt16BE(fold(sum16(b, t, t + l4Len, this.#pseudo(path, IPPROTO_TCP, l4Len))), t + 16);
    return this.#pad(t + l4Len);
  }

  /** Completes a UDP datagram whose payload is already at `payloadOffset(path,'udp')`. */
  udp(path: Path, fromClient: boolean, payloadLen: number): number {
    const b = this.buf;
    const l4Len = 8 + payloadLen;
    const u = this.#ip(path, fromClient, IPPROTO_UDP, l4Len);
    b.writeUInt16BE(fromClient ? path.clientPort : path.serverPort, u);
    b.writeUInt16BE(fromClient ? path.serverPort : path.clientPort, u + 2);
    b.writeUInt16BE(l4Len, u + 4);
    b[u + 6] = 0; b[u + 7] = 0;
    const c = fold(sum16(b, u, u + l4Len, this.#pseudo(path, IPPROTO_UDP, l4Len)));
    b.writeUInt16BE(c === 0 ? 0xffff : c, u + 6); // RFC 768: zero is sent as all ones
    return this.#pad(u + l4Len);
  }
}
