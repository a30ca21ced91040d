/**
 * ICMP (RFC 792) and ICMPv6 (RFC 4443). Error messages quote the offending packet's IP header and
 * at least its first 8 bytes (RFC 792; RFC 4443 §2.4(c)): those are parsed into `quoted`, so the
 * flow table can attribute the error to the flow it concerns instead of making a new flow.
 * @module decode/icmp
 */
import { formatIpv4, formatIpv6, readU16BE } from '../core/index.js';
import type { IcmpHeader, LayerResult, QuotedPacket } from './types.js';
import { IpFields } from './ip-fields.js';
import { readIpv4 } from './ipv4.js';
import { readIpv6 } from './ipv6.js';
import { runTransport, type TransportState } from './transport.js';

/** Type, code, checksum and 4 bytes of rest-of-header (RFC 792, RFC 4443 §2.1). */
export const ICMP_HEADER_LENGTH = 8;
/** ICMPv4 error types with a quoted datagram: unreachable, source quench, redirect, time exceeded, parameter problem. */
const ICMPV4_ERRORS: ReadonlySet<number> = new Set([3, 4, 5, 11, 12]);
/** ICMPv4 echo-style messages with an identifier: echo reply/request, timestamp, info, address mask. */
const ICMPV4_ECHO: ReadonlySet<number> = new Set([0, 8, 13, 14, 15, 16, 17, 18]);
/** ICMPv6 errors: unreachable, packet too big, time exceeded, parameter problem (RFC 4443 §3). */
const ICMPV6_ERROR_MAX = 4;
const ICMPV6_ECHO_REQUEST = 128;
const ICMPV6_ECHO_REPLY = 129;

/** Parses the quoted IP header + first transport bytes; null when they cannot be read. */
export function parseQuoted(buf: Uint8Array, off: number, end: number): QuotedPacket | null {
  if (end - off < 1) return null;
  const v = buf[off]! >> 4;
  // ICMP errors are rare: a fresh scratch keeps this pure without touching the hot path.
  const h = new IpFields();
  let upper: number;
  let noPorts = false;
  if (v === 4) upper = readIpv4(buf, off, end, h);
  else if (v === 6) {
    upper = readIpv6(buf, off, end, h);
    if (upper < 0 && end - off >= 40) {
      // Extension headers cut by the quote: keep the fixed header's next header.
      h.proto = buf[off + 6]!;
      h.srcOff = off + 8;
      h.dstOff = off + 24;
      noPorts = true; // where the transport header starts is unknown
      upper = off + 40;
    }
  } else return null;
  if (upper < 0) return null;
  const src = v === 4 ? formatIpv4(buf, h.srcOff) : formatIpv6(buf, h.srcOff);
  const dst = v === 4 ? formatIpv4(buf, h.dstOff) : formatIpv6(buf, h.dstOff);
  const ipVersion = v === 4 ? 4 : 6;
  const proto = h.proto;
  // Ports for TCP 6, UDP 17, SCTP 132, UDP-Lite 136: the first 4 bytes of each, unless a later fragment.
  const hasPorts = proto === 6 || proto === 17 || proto === 132 || proto === 136;
  if (hasPorts && !noPorts && h.fragOffset === 0 && end - upper >= 4) {
    return { ipVersion, src, dst, ipProto: proto, srcPort: readU16BE(buf, upper), dstPort: readU16BE(buf, upper + 2) };
  }
  return { ipVersion, src, dst, ipProto: proto };
}

function readIcmpCommon(buf: Uint8Array, off: number, end: number, t: TransportState, v6: boolean): number {
  if (end - off < ICMP_HEADER_LENGTH) {
    t.code = v6 ? 'decoder.icmpv6.trunc_hdr' : 'decoder.icmpv4.trunc_hdr';
    return -1;
  }
  const type = buf[off]!;
  const code = buf[off + 1]!;
  const isError = v6 ? type >= 1 && type <= ICMPV6_ERROR_MAX : ICMPV4_ERRORS.has(type);
  const isEcho = v6 ? type === ICMPV6_ECHO_REQUEST || type === ICMPV6_ECHO_REPLY : ICMPV4_ECHO.has(type);
  const proto = v6 ? 'icmpv6' : 'icmp';
  let h: IcmpHeader;
  if (isError) {
    const q = parseQuoted(buf, off + ICMP_HEADER_LENGTH, end);
    if (q === null) {
      t.anomaly = v6 ? 'decoder.icmpv6.bad_quoted' : 'decoder.icmpv4.bad_quoted';
      h = { proto, type, code };
    } else h = { proto, type, code, quoted: q };
  } else if (isEcho) h = { proto, type, code, echoId: readU16BE(buf, off + 4) };
  else h = { proto, type, code };
  t.header = h;
  return off + ICMP_HEADER_LENGTH;
}

/** Reads an ICMPv4 header; returns the payload offset or -1. */
export function readIcmpv4(buf: Uint8Array, off: number, end: number, t: TransportState): number {
  return readIcmpCommon(buf, off, end, t, false);
}

/** Reads an ICMPv6 header; returns the payload offset or -1. */
export function readIcmpv6(buf: Uint8Array, off: number, end: number, t: TransportState): number {
  return readIcmpCommon(buf, off, end, t, true);
}

/** Decodes an ICMPv4 message header at `off`. */
export function decodeIcmpv4(buf: Uint8Array, off = 0, end = buf.length): LayerResult<IcmpHeader> {
  return runTransport<IcmpHeader>(readIcmpv4, buf, off, end);
}

/** Decodes an ICMPv6 message header at `off`. */
export function decodeIcmpv6(buf: Uint8Array, off = 0, end = buf.length): LayerResult<IcmpHeader> {
  return runTransport<IcmpHeader>(readIcmpv6, buf, off, end);
}
