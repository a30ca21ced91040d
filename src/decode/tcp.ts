/**
 * TCP header (RFC 9293 §3.1); options are skipped, not parsed.
 * @module decode/tcp
 */
import { readU16BE, readU32BE } from '../core/index.js';
import type { LayerResult, TcpHeader } from './types.js';
import { runTransport, type TransportState } from './transport.js';

/** Data offset 5: the header without options (RFC 9293 §3.1). */
export const TCP_MIN_HEADER_LENGTH = 20;

/** Reads a TCP header; returns the payload offset or -1. */
export function readTcp(buf: Uint8Array, off: number, end: number, t: TransportState): number {
  if (end - off < TCP_MIN_HEADER_LENGTH) {
    t.code = 'decoder.tcp.trunc_hdr';
    return -1;
  }
  const hlen = (buf[off + 12]! >> 4) << 2;
  if (hlen < TCP_MIN_HEADER_LENGTH) {
    t.code = 'decoder.tcp.hlen_too_small';
    return -1;
  }
  if (end - off < hlen) {
    t.code = 'decoder.tcp.trunc_opts';
    return -1;
  }
  const h: TcpHeader = {
    proto: 'tcp',
    srcPort: readU16BE(buf, off),
    dstPort: readU16BE(buf, off + 2),
    seq: readU32BE(buf, off + 4),
    ack: readU32BE(buf, off + 8),
    flags: buf[off + 13]!,
    window: readU16BE(buf, off + 14),
    headerLength: hlen,
  };
  t.header = h;
  return off + hlen;
}

/** Decodes a TCP header at `off`. */
export function decodeTcp(buf: Uint8Array, off = 0, end = buf.length): LayerResult<TcpHeader> {
  return runTransport<TcpHeader>(readTcp, buf, off, end);
}
