/**
 * UDP header (RFC 768). The length field must be at least 8; a length larger than the bytes the IP
 * header gives is noted (`len_invalid`) and the IP length wins, as in Suricata.
 * @module decode/udp
 */
import { readU16BE } from '../core/index.js';
import type { LayerResult, UdpHeader } from './types.js';
import { runTransport, type TransportState } from './transport.js';

/** Ports, length, checksum (RFC 768). */
export const UDP_HEADER_LENGTH = 8;

/** Reads a UDP header; returns the payload offset or -1. `end` is the IP payload end. */
export function readUdp(buf: Uint8Array, off: number, end: number, t: TransportState): number {
  if (end - off < UDP_HEADER_LENGTH) {
    t.code = 'decoder.udp.trunc_hdr';
    return -1;
  }
  const len = readU16BE(buf, off + 4);
  if (len < UDP_HEADER_LENGTH) {
    t.code = 'decoder.udp.hlen_too_small';
    return -1;
  }
  const h = t.udp;
  h.srcPort = readU16BE(buf, off);
  h.dstPort = readU16BE(buf, off + 2);
  h.length = len;
  t.header = h;
  return off + UDP_HEADER_LENGTH;
}

/** Decodes a UDP header at `off`. */
export function decodeUdp(buf: Uint8Array, off = 0, end = buf.length): LayerResult<UdpHeader> {
  return runTransport<UdpHeader>(readUdp, buf, off, end);
}
