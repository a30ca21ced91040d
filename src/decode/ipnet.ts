/**
 * Solaris ipnet (LINKTYPE_IPNET = 226): version, family (2 IPv4, 26 IPv6), htype, packet length,
 * ifindex, grifindex, zone src, zone dst: 24 bytes, then the IP packet.
 * InfiniBand IPoIB (LINKTYPE_IPOIB = 242): a 40-byte address pseudo-header (as Wireshark's
 * packet-ipoib.c reads it: 20 bytes, then destination QPN and GID), then the RFC 4391 §6
 * encapsulation header: EtherType + 2 reserved bytes.
 * Linux netlink (LINKTYPE_NETLINK = 253): never IP.
 * @module decode/ipnet
 */
import { readU16BE } from '../core/index.js';
import type { LayerResult } from './types.js';
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6, FAIL, PSEUDO_NETLINK, runL2, type L2Header, type L2State } from './l2.js';

const IPNET_HEADER_LENGTH = 24;
const IPH_AF_INET = 2;
const IPH_AF_INET6 = 26;
const IPOIB_ADDRESS_LENGTH = 40;
const IPOIB_HEADER_LENGTH = IPOIB_ADDRESS_LENGTH + 4;

/** Reads an ipnet header. */
export function readIpnet(buf: Uint8Array, off: number, end: number, s: L2State): number {
  if (end - off < IPNET_HEADER_LENGTH) {
    s.code = 'decoder.ipnet.trunc_hdr';
    return FAIL;
  }
  const family = buf[off + 1]!;
  if (family === IPH_AF_INET) s.etherType = ETHERTYPE_IPV4;
  else if (family === IPH_AF_INET6) s.etherType = ETHERTYPE_IPV6;
  else {
    s.code = 'decoder.ipnet.unknown_family';
    return FAIL;
  }
  return off + IPNET_HEADER_LENGTH;
}

/** Reads an IPoIB encapsulation header. */
export function readIpoib(buf: Uint8Array, off: number, end: number, s: L2State): number {
  if (end - off < IPOIB_HEADER_LENGTH) {
    s.code = 'decoder.ipoib.trunc_hdr';
    return FAIL;
  }
  s.etherType = readU16BE(buf, off + IPOIB_ADDRESS_LENGTH);
  return off + IPOIB_HEADER_LENGTH;
}

/** Netlink captures carry no IP: the whole frame is a netlink message. */
export function readNetlink(_buf: Uint8Array, _off: number, end: number, s: L2State): number {
  s.etherType = PSEUDO_NETLINK;
  return end;
}

/** Decodes an ipnet header at `off`. */
export function decodeIpnet(buf: Uint8Array, off = 0, end = buf.length): LayerResult<L2Header> {
  return runL2(readIpnet, buf, off, end);
}

/** Decodes an IPoIB header at `off`. */
export function decodeIpoib(buf: Uint8Array, off = 0, end = buf.length): LayerResult<L2Header> {
  return runL2(readIpoib, buf, off, end);
}
