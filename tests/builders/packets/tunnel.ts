/**
 * Tunnel header builders: GRE, VXLAN, Geneve, Teredo, GTP-U.
 * @module tests/builders/packets/tunnel
 */
import { be, concat, ipv4Bytes } from './bytes.js';

export interface GreOptions {
  /** Protocol type (an EtherType): 0x0800. */
  protocol?: number;
  /** Present optional fields (RFC 2890): checksum, key, sequence. */
  checksum?: boolean;
  key?: number;
  seq?: number;
  /** Version (0; 1 = PPTP enhanced GRE) and extra flag bits (e.g. 0x4000 routing). */
  version?: number;
  extraFlags?: number;
}

/** GRE header (RFC 2784/2890) + payload. */
export function gre(payload: Uint8Array, o: GreOptions = {}): Uint8Array {
  const flags =
    (o.checksum === true ? 0x8000 : 0) | (o.key !== undefined ? 0x2000 : 0) | (o.seq !== undefined ? 0x1000 : 0) | (o.extraFlags ?? 0) | (o.version ?? 0);
  const parts: Uint8Array[] = [be(flags, 2), be(o.protocol ?? 0x0800, 2)];
  if (o.checksum === true) parts.push(be(0, 4));
  if (o.key !== undefined) parts.push(be(o.key, 4));
  if (o.seq !== undefined) parts.push(be(o.seq, 4));
  return concat(...parts, payload);
}

/** VXLAN header (RFC 7348): flags 0x08 (I), VNI 0x000001; payload is an Ethernet frame. */
export function vxlan(payload: Uint8Array, o: { vni?: number; flags?: number } = {}): Uint8Array {
  return concat(Uint8Array.of(o.flags ?? 0x08, 0, 0, 0), be((o.vni ?? 1) << 8, 4), payload);
}

/** Geneve header (RFC 8926): version 0, options (none), protocol 0x6558, VNI 0x000001. */
export function geneve(payload: Uint8Array, o: { protocol?: number; vni?: number; options?: Uint8Array; version?: number } = {}): Uint8Array {
  const opts = o.options ?? new Uint8Array(0);
  return concat(Uint8Array.of(((o.version ?? 0) << 6) | (opts.length / 4), 0), be(o.protocol ?? 0x6558, 2), be((o.vni ?? 1) << 8, 4), opts, payload);
}

/** Teredo (RFC 4380 §5.1.1): optional authentication and origin indication, then the IPv6 packet. */
export function teredo(
  ipv6Packet: Uint8Array,
  o: { origin?: { port: number; addr: string }; auth?: { clientId?: Uint8Array; authValue?: Uint8Array } } = {},
): Uint8Array {
  const parts: Uint8Array[] = [];
  if (o.auth !== undefined) {
    const id = o.auth.clientId ?? new Uint8Array(0);
    const au = o.auth.authValue ?? new Uint8Array(0);
    parts.push(Uint8Array.of(0x00, 0x01, id.length, au.length), id, au, new Uint8Array(8), Uint8Array.of(0));
  }
  if (o.origin !== undefined) {
    // Port and address are obfuscated by XOR with all-ones (RFC 4380 §5.1.1).
    const port = be(o.origin.port ^ 0xffff, 2);
    const addr = ipv4Bytes(o.origin.addr).map((b) => b ^ 0xff);
    parts.push(Uint8Array.of(0x00, 0x00), port, addr);
  }
  return concat(...parts, ipv6Packet);
}

export interface GtpuOptions {
  teid?: number; // 0x00000001
  /** Message type: 255 (G-PDU); 1 = echo request. */
  msgType?: number;
  /** Optional fields: sequence number, N-PDU number; extension headers (content without length/next bytes). */
  seq?: number;
  npdu?: number;
  extensions?: readonly { type: number; content: Uint8Array }[];
  /** Flags override (version 1, PT 1: 0x30 | E/S/PN). */
  flags?: number;
}

/** GTP-U v1 header (3GPP TS 29.281 §5) + payload. */
export function gtpu(payload: Uint8Array, o: GtpuOptions = {}): Uint8Array {
  const exts = o.extensions ?? [];
  const e = exts.length > 0;
  const s = o.seq !== undefined;
  const pn = o.npdu !== undefined;
  const opt: Uint8Array[] = [];
  if (e || s || pn) opt.push(be(o.seq ?? 0, 2), Uint8Array.of(o.npdu ?? 0, e ? exts[0]!.type : 0));
  exts.forEach((x, i) => {
    const words = Math.ceil((x.content.length + 2) / 4);
    const body = new Uint8Array(words * 4);
    body[0] = words;
    body.set(x.content, 1);
    body[body.length - 1] = exts[i + 1]?.type ?? 0;
    opt.push(body);
  });
  const rest = concat(...opt, payload);
  const flags = o.flags ?? (0x30 | (e ? 4 : 0) | (s ? 2 : 0) | (pn ? 1 : 0));
  return concat(Uint8Array.of(flags, o.msgType ?? 255), be(rest.length, 2), be(o.teid ?? 1, 4), rest);
}
