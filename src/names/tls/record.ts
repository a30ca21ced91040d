/**
 * TLS record layer, client side, up to the first handshake message (RFC 8446 §5.1, RFC 5246 §6.2).
 * The message may span several records and a record may be cut anywhere by TCP; the fragments are
 * borrowed when the message sits in one record and copied once, capped, when it does not.
 * @module names/tls/record
 */
import { readU16BE } from '../../core/index.js';
import type { TlsOutcome } from './types.js';

/** ContentType handshake (RFC 8446 §5.1). */
export const TLS_CONTENT_HANDSHAKE = 22;
/** HandshakeType client_hello (RFC 8446 §4). */
export const TLS_HANDSHAKE_CLIENT_HELLO = 1;
/** "The length MUST NOT exceed 2^14 bytes" (RFC 8446 §5.1). */
export const TLS_MAX_PLAINTEXT = 1 << 14;
const RECORD_HEADER = 5;
const HS_HEADER = 4;

/** The first handshake message's bytes (header included) and the record bytes it used. */
export type HandshakeResult =
  | { readonly status: 'ok'; readonly message: Uint8Array; readonly consumed: number }
  | Exclude<TlsOutcome, { readonly status: 'ok' }>;

/** Byte `i` of the concatenated fragments `[s0, e0, s1, e1, …]` of `buf`. */
function byteAt(buf: Uint8Array, frags: readonly number[], i: number): number {
  for (let k = 0; k < frags.length; k += 2) {
    const len = frags[k + 1]! - frags[k]!;
    if (i < len) return buf[frags[k]! + i]!;
    i -= len;
  }
  return 0;
}

/** Copies the first `n` bytes of the fragments: the one named copy point of the TLS parser. */
function copyFragments(buf: Uint8Array, frags: readonly number[], n: number): Uint8Array {
  const out = new Uint8Array(n);
  let o = 0;
  for (let k = 0; k < frags.length && o < n; k += 2) {
    const take = Math.min(frags[k + 1]! - frags[k]!, n - o);
    out.set(buf.subarray(frags[k]!, frags[k]! + take), o);
    o += take;
  }
  return out;
}

/**
 * Reads records from the start of `stream` until the first handshake message is whole. The first
 * record decides whether the bytes are TLS at all (`not-mine` otherwise); later records that are
 * not handshake records are malformed, since nothing may interleave a handshake message.
 */
export function readFirstHandshake(stream: Uint8Array, maxHandshakeBytes: number): HandshakeResult {
  const frags: number[] = [];
  let have = 0;
  let need = -1; // total handshake bytes once its header is known
  let p = 0;
  for (;;) {
    const left = stream.length - p;
    const first = p === 0;
    // Decide "is this TLS" on as few bytes as are present, so a 1-byte segment is not misjudged.
    if (left >= 1 && stream[p] !== TLS_CONTENT_HANDSHAKE) {
      return first ? { status: 'not-mine', reason: 'not-handshake-record' } : { status: 'malformed', code: 'names.tls.record_not_handshake', offset: p };
    }
    if (left >= 3 && (stream[p + 1] !== 3 || stream[p + 2]! > 4)) {
      return first ? { status: 'not-mine', reason: 'not-tls-version' } : { status: 'malformed', code: 'names.tls.record_bad_version', offset: p };
    }
    if (left < RECORD_HEADER) return { status: 'incomplete', needBytes: RECORD_HEADER - left };
    const len = readU16BE(stream, p + 3);
    if (len === 0) return { status: 'malformed', code: 'names.tls.record_empty', offset: p };
    if (len > TLS_MAX_PLAINTEXT) return { status: 'malformed', code: 'names.tls.record_too_long', offset: p };
    const body = p + RECORD_HEADER;
    const end = Math.min(stream.length, body + len);
    frags.push(body, end);
    have += end - body;
    if (need < 0 && have >= 1 && byteAt(stream, frags, 0) !== TLS_HANDSHAKE_CLIENT_HELLO) return { status: 'not-mine', reason: 'not-client-hello' };
    if (need < 0 && have >= HS_HEADER) {
      need = HS_HEADER + ((byteAt(stream, frags, 1) << 16) | (byteAt(stream, frags, 2) << 8) | byteAt(stream, frags, 3));
      if (need > maxHandshakeBytes) return { status: 'malformed', code: 'names.tls.handshake_too_long', offset: body };
    }
    if (need >= 0 && have >= need) {
      const message = frags.length === 2 ? stream.subarray(body, body + need) : copyFragments(stream, frags, need);
      return { status: 'ok', message, consumed: end - (have - need) };
    }
    if (end < body + len) return { status: 'incomplete', needBytes: Math.min(body + len - end, need < 0 ? HS_HEADER - have : need - have) };
    p = body + len;
  }
}
