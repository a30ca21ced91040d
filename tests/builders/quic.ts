/**
 * QUIC client packet builders (RFC 9000 §17.2, RFC 9001 §5, RFC 9369 §3): varints, frames, and
 * protected Initial packets (AES-128-GCM payload, AES-ECB header protection) with keys derived
 * from a Destination Connection ID; plain 0-RTT/Handshake packets to coalesce; a ClientHello cut
 * into CRYPTO frames, packets and datagrams any way; Google QUIC CHLO messages and packets.
 * The protection side is written here, independently of the parser's opening side; only the key
 * schedule is shared (checked byte for byte against RFC 9001 / RFC 9369 Appendix A).
 * Everything returns fresh Uint8Arrays.
 * @module tests/builders/quic
 */
import { createCipheriv } from 'node:crypto';
import { quicInitialSecrets } from '../../src/names/index.js';
import { be, concat } from './packets/bytes.js';

/** QUIC version 1 and 2 and a draft, for tables. */
export const V1 = 0x00000001;
export const V2 = 0x6b3343cf;
export const DRAFT_29 = 0xff00001d;
export const Q050 = 0x51303530;
/** RFC 9001 Appendix A's Destination Connection ID. */
export const RFC_DCID = Uint8Array.of(0x83, 0x94, 0xc8, 0xf0, 0x3e, 0x51, 0x57, 0x08);

/** A varint (RFC 9000 §16) in `size` bytes (default: the shortest). */
export function varint(v: number, size?: 1 | 2 | 4 | 8): Uint8Array {
  const n = size ?? (v < 64 ? 1 : v < 16384 ? 2 : v < 2 ** 30 ? 4 : 8);
  const out = be(v, n);
  out[0] = out[0]! | ([1, 2, 4, 8].indexOf(n) << 6);
  return out;
}

/** CRYPTO frame (RFC 9000 §19.6), or Google QUIC's 0x08 form. */
export function cryptoFrame(offset: number, data: Uint8Array, type = 0x06): Uint8Array {
  return concat(varint(type), varint(offset), varint(data.length), data);
}

/** `n` PADDING frames. */
export const padding = (n: number): Uint8Array => new Uint8Array(n);
/** PING frame. */
export const ping = (): Uint8Array => Uint8Array.of(0x01);

/** ACK frame (RFC 9000 §19.3) with one extra range, ECN counts when `ecn`. */
export function ackFrame(ecn = false): Uint8Array {
  return concat(varint(ecn ? 3 : 2), varint(10), varint(25), varint(1), varint(2), varint(1), varint(3), ...(ecn ? [varint(1), varint(0), varint(2)] : []));
}

/** CONNECTION_CLOSE 0x1c (RFC 9000 §19.19) with a reason phrase. */
export function connectionClose(reason = 'bye'): Uint8Array {
  const r = Uint8Array.from(reason, (c) => c.charCodeAt(0));
  return concat(varint(0x1c), varint(0x0a), varint(0x06), varint(r.length), r);
}

/** Long-header type bits for a packet kind (RFC 9000 §17.2; RFC 9369 §3.2 for v2). */
export function typeBits(version: number, kind: 'initial' | 'zero-rtt' | 'handshake' | 'retry'): number {
  const order = version === V2 ? ['retry', 'initial', 'zero-rtt', 'handshake'] : ['initial', 'zero-rtt', 'handshake', 'retry'];
  return order.indexOf(kind);
}

/** Fields of one protected client Initial; defaults in comments. */
export interface InitialOpts {
  readonly version?: number; // 1
  readonly dcid?: Uint8Array; // RFC_DCID
  readonly scid?: Uint8Array; // empty
  readonly token?: Uint8Array; // empty
  readonly packetNumber?: number; // 0
  readonly pnLength?: 1 | 2 | 3 | 4; // 2
  /** Keys come from this DCID (default: `dcid`), e.g. the first Initial's after a re-route. */
  readonly keyDcid?: Uint8Array;
  /** Pad the payload with PADDING until the packet is this long (default 1200; 0: no padding). */
  readonly padTo?: number;
  /** Overrides the Length field's value (hostile variants). */
  readonly length?: number;
  /** Flips this byte of the protected packet (hostile variants). */
  readonly corrupt?: number;
}

/** The protected Initial packet (RFC 9001 §5.3, §5.4) carrying the frames `payload`. */
export function quicInitial(payload: Uint8Array, o: InitialOpts = {}): Uint8Array {
  const version = o.version ?? V1;
  const dcid = o.dcid ?? RFC_DCID;
  const scid = o.scid ?? new Uint8Array(0);
  const token = o.token ?? new Uint8Array(0);
  const pnLength = o.pnLength ?? 2;
  const pn = o.packetNumber ?? 0;
  const keys = quicInitialSecrets(version, o.keyDcid ?? dcid)!.client;
  const head = (len: number): Uint8Array => concat(
    Uint8Array.of(0xc0 | (typeBits(version, 'initial') << 4) | (pnLength - 1)), be(version, 4),
    Uint8Array.of(dcid.length), dcid, Uint8Array.of(scid.length), scid, varint(token.length), token, varint(len, 2),
  );
  let body = payload;
  const overhead = head(0).length + pnLength + 16;
  const padTo = o.padTo ?? 1200;
  if (overhead + body.length < padTo) body = concat(body, padding(padTo - overhead - body.length));
  // RFC 9001 §5.4.2: the sample needs 4 bytes of packet number + payload before it.
  if (pnLength + body.length < 4) body = concat(body, padding(4 - pnLength - body.length));
  const header = concat(head(o.length ?? pnLength + body.length + 16), be(pn % 2 ** (8 * pnLength), pnLength));
  const nonce = Uint8Array.from(keys.iv);
  const pnBytes = be(pn, 8);
  for (let i = 0; i < 8; i++) nonce[4 + i] = nonce[4 + i]! ^ pnBytes[i]!;
  const gcm = createCipheriv('aes-128-gcm', keys.key, nonce).setAAD(header);
  const packet = concat(header, gcm.update(body), gcm.final(), gcm.getAuthTag());
  const pnOffset = header.length - pnLength;
  const mask = createCipheriv('aes-128-ecb', keys.hp, null).setAutoPadding(false).update(packet.subarray(pnOffset + 4, pnOffset + 20));
  packet[0] = packet[0]! ^ (mask[0]! & 0x0f);
  for (let i = 0; i < pnLength; i++) packet[pnOffset + i] = packet[pnOffset + i]! ^ mask[1 + i]!;
  if (o.corrupt !== undefined) packet[o.corrupt] = packet[o.corrupt]! ^ 0x01;
  return packet;
}

/** A 0-RTT or Handshake packet with an opaque body of `bodyLength` bytes (not opened by the parser). */
export function quicOpaquePacket(kind: 'zero-rtt' | 'handshake', o: { version?: number; dcid?: Uint8Array; bodyLength?: number } = {}): Uint8Array {
  const version = o.version ?? V1;
  const dcid = o.dcid ?? RFC_DCID;
  const body = new Uint8Array(o.bodyLength ?? 60).fill(0x5a);
  return concat(Uint8Array.of(0xc1 | (typeBits(version, kind) << 4)), be(version, 4), Uint8Array.of(dcid.length), dcid, Uint8Array.of(0), varint(body.length, 2), body);
}

/** A short-header (1-RTT) packet: first byte 0x40 and opaque bytes. */
export function quicShortPacket(length = 40): Uint8Array {
  return concat(Uint8Array.of(0x41), new Uint8Array(length - 1).fill(0x33));
}

/** `msg` cut into CRYPTO chunks at the given sizes (the last takes the rest). */
export function chunks(msg: Uint8Array, sizes: readonly number[]): { offset: number; data: Uint8Array }[] {
  const out: { offset: number; data: Uint8Array }[] = [];
  let p = 0;
  for (const s of sizes) {
    if (p >= msg.length) break;
    out.push({ offset: p, data: msg.slice(p, p + s) });
    p += s;
  }
  if (p < msg.length) out.push({ offset: p, data: msg.slice(p) });
  return out;
}

/**
 * A client flight: `msg` cut at `sizes`, the chunks grouped into packets (`perPacket` chunks
 * each, in `order` of chunk indexes if given), one datagram per packet, packet numbers 0, 1, ….
 */
export function clientFlight(msg: Uint8Array, o: { sizes?: readonly number[]; perPacket?: number; order?: readonly number[] } & InitialOpts = {}): Uint8Array[] {
  const cs = chunks(msg, o.sizes ?? []);
  const ordered = (o.order ?? cs.map((_c, i) => i)).map((i) => cs[i]!);
  const per = o.perPacket ?? 1;
  const out: Uint8Array[] = [];
  for (let i = 0; i < ordered.length; i += per) {
    const frames = concat(...ordered.slice(i, i + per).map((c) => cryptoFrame(c.offset, c.data, o.version === Q050 ? 0x08 : 0x06)));
    out.push(quicInitial(frames, { ...o, packetNumber: (o.packetNumber ?? 0) + out.length }));
  }
  return out;
}

/** A Google QUIC CHLO message: tag, entry count, padding, `tag, end offset` pairs, values. */
export function gquicChlo(tags: readonly (readonly [string, Uint8Array | string])[]): Uint8Array {
  const vals = tags.map(([, v]) => (typeof v === 'string' ? Uint8Array.from(v, (c) => c.charCodeAt(0)) : v));
  const tag = (t: string): Uint8Array => Uint8Array.from(t.padEnd(4, '\0'), (c) => c.charCodeAt(0));
  const le32 = (v: number): Uint8Array => be(v, 4).reverse();
  let end = 0;
  const table = tags.map(([t], i) => concat(tag(t), le32((end += vals[i]!.length))));
  return concat(tag('CHLO'), be(tags.length, 2).reverse(), new Uint8Array(2), ...table, ...vals);
}

/** A cleartext gQUIC client packet: public header (version, 8-byte CID), 12-byte hash, STREAM frame on stream 1. */
export function gquicClearPacket(chlo: Uint8Array, version = 'Q043'): Uint8Array {
  const v = Uint8Array.from(version, (c) => c.charCodeAt(0));
  return concat(Uint8Array.of(0x09), new Uint8Array(8).fill(0x42), v, Uint8Array.of(1), new Uint8Array(12).fill(0x77), Uint8Array.of(0xa0, 0x01), be(chlo.length, 2), chlo);
}
