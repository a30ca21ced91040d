/**
 * TCP header (RFC 9293 §3.1); options are skipped, not parsed.
 * @module decode/tcp
 */
import { readU16BE, readU32BE } from '../core/index.js';
import type { LayerResult, TcpHeader } from './types.js';
import { runTransport, type Mutable, type TransportState } from './transport.js';

/** Data offset 5: the header without options (RFC 9293 §3.1). */
export const TCP_MIN_HEADER_LENGTH = 20;

/** Source and destination ports: the least a cut header must keep to be attributed. */
const TCP_PORTS_LENGTH = 4;

/** A header cut before its 20 bytes: fields past `end` read as zero. */
function partialTcp(buf: Uint8Array, off: number, end: number, h: Mutable<TcpHeader>): void {
  const have = end - off;
  h.srcPort = readU16BE(buf, off);
  h.dstPort = readU16BE(buf, off + 2);
  h.seq = have >= 8 ? readU32BE(buf, off + 4) : 0;
  h.ack = have >= 12 ? readU32BE(buf, off + 8) : 0;
  h.flags = have >= 14 ? buf[off + 13]! : 0;
  h.window = have >= 16 ? readU16BE(buf, off + 14) : 0;
  h.headerLength = have;
}

/** Reads a TCP header; returns the payload offset or -1. */
export function readTcp(buf: Uint8Array, off: number, end: number, t: TransportState): number {
  if (end - off < TCP_MIN_HEADER_LENGTH) {
    t.code = 'decoder.tcp.trunc_hdr';
    if (end - off < TCP_PORTS_LENGTH) return -1;
    // The ports (and perhaps sequence numbers and flags) are there: the packet still belongs to
    // its connection, as tshark counts it. Missing fields read as zero; no payload.
    t.anomaly = 'decoder.tcp.trunc_hdr';
    partialTcp(buf, off, end, t.tcp);
    t.header = t.tcp;
    return end;
  }
  // A bogus data offset or options cut by the snap length still leave the ports, sequence
  // numbers and flags readable: keep them (the packet belongs to its connection, as tshark
  // counts it) and note the irregularity; the payload is what follows the fixed header or nothing.
  let hlen = (buf[off + 12]! >> 4) << 2;
  let next: number;
  if (hlen < TCP_MIN_HEADER_LENGTH) {
    t.anomaly = 'decoder.tcp.hlen_too_small';
    hlen = TCP_MIN_HEADER_LENGTH;
    next = off + hlen;
  } else if (end - off < hlen) {
    t.anomaly = 'decoder.tcp.trunc_opts';
    next = end;
  } else {
    next = off + hlen;
  }
  const h = t.tcp;
  h.srcPort = readU16BE(buf, off);
  h.dstPort = readU16BE(buf, off + 2);
  h.seq = readU32BE(buf, off + 4);
  h.ack = readU32BE(buf, off + 8);
  h.flags = buf[off + 13]!;
  h.window = readU16BE(buf, off + 14);
  h.headerLength = hlen;
  t.header = h;
  return next;
}

/** Decodes a TCP header at `off`. */
export function decodeTcp(buf: Uint8Array, off = 0, end = buf.length): LayerResult<TcpHeader> {
  return runTransport<TcpHeader>(readTcp, buf, off, end);
}
