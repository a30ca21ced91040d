/**
 * IPv4 header (RFC 791 §3.1). Checks in header order: length, version, IHL, options, total length.
 * @module decode/ipv4
 */
import { formatIpv4, readU16BE, type IpAddr } from '../core/index.js';
import type { LayerResult } from './types.js';
import { IpFields } from './ip-fields.js';

/** IHL 5: the header without options (RFC 791 §3.1). */
export const IPV4_MIN_HEADER_LENGTH = 20;
/** Flags/fragment-offset word: DF 0x4000, MF 0x2000, offset in 8-byte units (RFC 791 §3.1). */
const IPV4_DF = 0x4000;
const IPV4_MF = 0x2000;
const IPV4_OFFSET_MASK = 0x1fff;

/** Reads an IPv4 header into `h`; returns the upper-layer offset or -1 with `h.code` set. */
export function readIpv4(buf: Uint8Array, off: number, end: number, h: IpFields): number {
  if (end - off < IPV4_MIN_HEADER_LENGTH) {
    h.code = 'decoder.ipv4.trunc_hdr';
    return -1;
  }
  const b0 = buf[off]!;
  if (b0 >> 4 !== 4) {
    h.code = 'decoder.ipv4.bad_version';
    return -1;
  }
  const hlen = (b0 & 0x0f) << 2;
  if (hlen < IPV4_MIN_HEADER_LENGTH) {
    h.code = 'decoder.ipv4.hlen_too_small';
    return -1;
  }
  if (end - off < hlen) {
    h.code = 'decoder.ipv4.trunc_opts';
    return -1;
  }
  const total = readU16BE(buf, off + 2);
  if (total !== 0 && total < hlen) {
    h.code = 'decoder.ipv4.iplen_smaller_than_hlen';
    return -1;
  }
  const ff = readU16BE(buf, off + 6);
  h.version = 4;
  h.headerLength = hlen;
  h.totalLength = total;
  h.fragId = readU16BE(buf, off + 4);
  h.dontFragment = (ff & IPV4_DF) !== 0;
  h.fragMore = (ff & IPV4_MF) !== 0;
  h.fragOffset = (ff & IPV4_OFFSET_MASK) << 3;
  h.fragment = h.fragMore || h.fragOffset !== 0;
  h.fragHdrRel = hlen;
  h.ttl = buf[off + 8]!;
  h.proto = buf[off + 9]!;
  h.srcOff = off + 12;
  h.dstOff = off + 16;
  return off + hlen;
}

/** The IPv4 header as the exported decoder returns it. */
export interface Ipv4Header {
  readonly headerLength: number;
  readonly totalLength: number;
  readonly id: number;
  readonly dontFragment: boolean;
  readonly moreFragments: boolean;
  readonly fragmentOffset: number;
  readonly ttl: number;
  readonly proto: number;
  readonly src: IpAddr;
  readonly dst: IpAddr;
}

/** Decodes an IPv4 header at `off`. */
export function decodeIpv4(buf: Uint8Array, off = 0, end = buf.length): LayerResult<Ipv4Header> {
  const h = new IpFields();
  const next = readIpv4(buf, off, end, h);
  if (next < 0) return { ok: false, code: h.code };
  const header: Ipv4Header = {
    headerLength: h.headerLength,
    totalLength: h.totalLength,
    id: h.fragId,
    dontFragment: h.dontFragment,
    moreFragments: h.fragMore,
    fragmentOffset: h.fragOffset,
    ttl: h.ttl,
    proto: h.proto,
    src: formatIpv4(buf, h.srcOff),
    dst: formatIpv4(buf, h.dstOff),
  };
  return { ok: true, header, next };
}
