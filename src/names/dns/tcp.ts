/**
 * DNS over TCP framing (RFC 1035 §4.2.2, RFC 7766 §8): each message is preceded by a two-byte
 * big-endian length. Several messages may share one segment and one may span several; the caller
 * passes the reassembled stream bytes and gets the complete messages back as borrowed views.
 * @module names/dns/tcp
 */
import { readU16BE } from '../../core/index.js';
import type { NamesAnomalyCode } from '../anomalies.js';
import { DNS_HEADER_LENGTH } from './message.js';

/**
 * The complete messages found from `off`, as subarrays of the input (BORROWED: valid as long as
 * the input is), how many bytes they used, and why framing stopped: the end of the bytes, a
 * message still arriving (`needBytes` more at least), or a length too short to be a message.
 */
export interface DnsTcpFrames {
  readonly messages: readonly Uint8Array[]; // BORROWED
  readonly consumed: number;
  readonly stop:
    | { readonly status: 'complete' }
    | { readonly status: 'incomplete'; readonly needBytes: number }
    | { readonly status: 'malformed'; readonly code: NamesAnomalyCode; readonly offset: number };
}

/** Splits a DNS-over-TCP byte stream into messages. Never throws; never copies. */
export function frameDnsTcp(stream: Uint8Array, off = 0): DnsTcpFrames {
  const messages: Uint8Array[] = [];
  let p = off;
  for (;;) {
    const left = stream.length - p;
    if (left === 0) return { messages, consumed: p - off, stop: { status: 'complete' } };
    if (left < 2) return { messages, consumed: p - off, stop: { status: 'incomplete', needBytes: 2 - left } };
    const len = readU16BE(stream, p);
    if (len < DNS_HEADER_LENGTH) {
      return { messages, consumed: p - off, stop: { status: 'malformed', code: 'names.dns.tcp_short_length', offset: p } };
    }
    if (left - 2 < len) return { messages, consumed: p - off, stop: { status: 'incomplete', needBytes: len - (left - 2) } };
    messages.push(stream.subarray(p + 2, p + 2 + len));
    p += 2 + len;
  }
}
