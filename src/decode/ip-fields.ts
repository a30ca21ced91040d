/**
 * Mutable scratch that the IPv4 and IPv6 readers fill (one per tunnel depth, reused per packet),
 * so the hot path allocates nothing for headers it does not hand out.
 * @module decode/ip-fields
 */
import { formatIpv4, formatIpv6, type AnomalyCode, type IpAddr } from '../core/index.js';

const NO_BYTES = new Uint8Array(0);

/** Fields common to IPv4 and IPv6 after one header (and, for IPv6, its extension headers). */
export class IpFields {
  code: AnomalyCode = 'decoder.ipv4.trunc_hdr';
  version: 4 | 6 = 4;
  /** Offsets of the source and destination addresses in the buffer. */
  srcOff = 0;
  dstOff = 0;
  /** Upper-layer protocol (IPv6: after extension headers). */
  proto = 0;
  /** Bytes of headers from the IP start to the upper-layer header. */
  headerLength = 0;
  /** IPv4 total length / 40 + IPv6 payload length, as the header claims (0 = IPv4 length field zero). */
  totalLength = 0;
  ttl = 0;
  /** Fragment: true when this is a (non-atomic) fragment. */
  fragment = false;
  fragId = 0;
  /** Fragment offset in bytes. */
  fragOffset = 0;
  fragMore = false;
  /** IPv6: offset of the fragment header from the IP start; IPv4: the header length. */
  fragHdrRel = 0;
  /** IPv6: offset from the IP start of the next-header byte that named the fragment header. */
  prevNhRel = 0;
  /** IPv4 DF bit. */
  dontFragment = false;
  // Filled by the walker, not the readers:
  /** Offset of the IP header, upper-layer header, end of captured data and end the header claims. */
  ipOff = 0;
  upperOff = 0;
  dataEnd = 0;
  claimedEnd = 0;
  /** BORROWED: the buffer the header was read from (the frame or a reassembled datagram). */
  buf: Uint8Array = NO_BYTES;
  /** VLAN ids of the L2 this datagram came in (snapshot; shared empty array when untagged). */
  vlan: readonly number[] = [];
}

/** Source address text of the header last read into `ip` (formatted on demand: off the hot path). */
export function ipSrcText(ip: IpFields): IpAddr {
  return ip.version === 4 ? formatIpv4(ip.buf, ip.srcOff) : formatIpv6(ip.buf, ip.srcOff);
}

/** Destination address text of the header last read into `ip`. */
export function ipDstText(ip: IpFields): IpAddr {
  return ip.version === 4 ? formatIpv4(ip.buf, ip.dstOff) : formatIpv6(ip.buf, ip.dstOff);
}
