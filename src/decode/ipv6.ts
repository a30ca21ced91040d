/**
 * IPv6 fixed header (RFC 8200 §3) and its extension-header chain (RFC 8200 §4): hop-by-hop 0,
 * routing 43, destination options 60, fragment 44, AH 51 (RFC 4302 §2.2, length in 4-byte units).
 * ESP (50) and anything else end the chain as the upper-layer protocol. A non-atomic fragment
 * header also ends it: what follows is only decodable after reassembly.
 * @module decode/ipv6
 */
import { formatIpv6, readU16BE, readU32BE, type IpAddr } from '../core/index.js';
import type { LayerResult } from './types.js';
import { IpFields } from './ip-fields.js';

/** The fixed header (RFC 8200 §3). */
export const IPV6_HEADER_LENGTH = 40;
/** Extension header numbers (RFC 8200 §4, RFC 4302). */
export const IPV6_HOPOPTS = 0;
export const IPV6_ROUTING = 43;
export const IPV6_FRAGMENT = 44;
export const IPV6_AH = 51;
export const IPV6_DSTOPTS = 60;
const FRAGMENT_HEADER_LENGTH = 8;

/** Walks the extension headers from `off`; returns the upper-layer offset or -1. */
function readExtensions(buf: Uint8Array, ip: number, off: number, end: number, h: IpFields): number {
  let nh = h.proto;
  let nhRel = 6; // the fixed header's next-header byte
  for (;;) {
    if (nh === IPV6_HOPOPTS || nh === IPV6_ROUTING || nh === IPV6_DSTOPTS || nh === IPV6_AH) {
      if (end - off < 2) break;
      const len = nh === IPV6_AH ? (buf[off + 1]! + 2) << 2 : (buf[off + 1]! + 1) << 3;
      if (end - off < len) break;
      nhRel = off - ip;
      nh = buf[off]!;
      off += len;
    } else if (nh === IPV6_FRAGMENT) {
      if (end - off < FRAGMENT_HEADER_LENGTH) break;
      const ofm = readU16BE(buf, off + 2);
      h.fragOffset = ofm & 0xfff8;
      h.fragMore = (ofm & 1) !== 0;
      h.fragId = readU32BE(buf, off + 4);
      h.prevNhRel = nhRel;
      h.fragHdrRel = off - ip;
      nhRel = off - ip;
      nh = buf[off]!;
      off += FRAGMENT_HEADER_LENGTH;
      // RFC 6946: an atomic fragment (offset 0, M 0) is processed as a whole packet.
      if (h.fragOffset !== 0 || h.fragMore) {
        h.fragment = true;
        break;
      }
    } else {
      h.proto = nh;
      h.headerLength = off - ip;
      return off;
    }
  }
  if (h.fragment) {
    h.proto = nh;
    h.headerLength = off - ip;
    return off;
  }
  h.code = 'decoder.ipv6.trunc_exthdr';
  return -1;
}

/** Reads an IPv6 header and its extension headers into `h`; returns the upper-layer offset or -1. */
export function readIpv6(buf: Uint8Array, off: number, end: number, h: IpFields): number {
  if (end - off < IPV6_HEADER_LENGTH) {
    h.code = 'decoder.ipv6.trunc_hdr';
    return -1;
  }
  if (buf[off]! >> 4 !== 6) {
    h.code = 'decoder.ipv6.bad_version';
    return -1;
  }
  h.version = 6;
  h.totalLength = IPV6_HEADER_LENGTH + readU16BE(buf, off + 4);
  h.proto = buf[off + 6]!;
  h.ttl = buf[off + 7]!;
  h.srcOff = off + 8;
  h.dstOff = off + 24;
  h.fragment = false;
  h.fragMore = false;
  h.fragOffset = 0;
  h.fragId = 0;
  h.dontFragment = false;
  return readExtensions(buf, off, off + IPV6_HEADER_LENGTH, end, h);
}

/** The IPv6 header (with its extension chain resolved) as the exported decoder returns it. */
export interface Ipv6Header {
  readonly payloadLength: number;
  readonly hopLimit: number;
  /** Upper-layer protocol after extension headers (or the fragment header's next header). */
  readonly proto: number;
  /** Fixed header plus extension headers walked. */
  readonly headerLength: number;
  readonly fragment: { readonly id: number; readonly offset: number; readonly more: boolean } | null;
  readonly src: IpAddr;
  readonly dst: IpAddr;
}

/** Decodes an IPv6 header and its extension headers at `off`. */
export function decodeIpv6(buf: Uint8Array, off = 0, end = buf.length): LayerResult<Ipv6Header> {
  const h = new IpFields();
  const next = readIpv6(buf, off, end, h);
  if (next < 0) return { ok: false, code: h.code };
  const header: Ipv6Header = {
    payloadLength: h.totalLength - IPV6_HEADER_LENGTH,
    hopLimit: h.ttl,
    proto: h.proto,
    headerLength: h.headerLength,
    fragment: h.fragment ? { id: h.fragId, offset: h.fragOffset, more: h.fragMore } : null,
    src: formatIpv6(buf, h.srcOff),
    dst: formatIpv6(buf, h.dstOff),
  };
  return { ok: true, header, next };
}
