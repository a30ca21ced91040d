/**
 * TLS ClientHello (RFC 8446 §4.1.2; RFC 5246 §7.4.1.2 for TLS ≤ 1.2): from the first bytes a
 * client sent on a stream to its SNI, ALPN, supported versions and ECH flag. Pure and total.
 * @module names/tls/client-hello
 */
import { readU16BE } from '../../core/index.js';
import type { NamesAnomalyCode } from '../anomalies.js';
import { EXTENSION_READERS, type ExtensionState } from './extensions.js';
import { readFirstHandshake } from './record.js';
import type { ClientHello, TlsOutcome } from './types.js';

/** Default cap on one ClientHello message: generous for post-quantum key shares, still bounded. */
export const TLS_DEFAULT_MAX_HANDSHAKE = 64 * 1024;

/** ClientHello body or the code and offset (in the handshake message) of the first failed check. */
export type ClientHelloBodyResult =
  | { readonly ok: true; readonly hello: ClientHello }
  | { readonly ok: false; readonly code: NamesAnomalyCode; readonly offset: number };

const fail = (code: NamesAnomalyCode, offset: number): ClientHelloBodyResult => ({ ok: false, code, offset });

/**
 * Parses a whole ClientHello handshake message `m` (its 4-byte header included, as
 * `readFirstHandshake` returns it, or as a QUIC CRYPTO stream starts). The message type is not
 * checked here; its uint24 length bounds the body. Extensions are optional for TLS ≤ 1.2
 * (RFC 5246 §7.4.1.2).
 */
export function parseClientHelloMessage(m: Uint8Array): ClientHelloBodyResult {
  if (m.length < 4) return fail('names.tls.ch_trunc', 0);
  // Bytes after the declared length belong to the next message (a QUIC CRYPTO stream may carry several).
  const end = 4 + ((m[1]! << 16) | (m[2]! << 8) | m[3]!);
  if (end > m.length) return fail('names.tls.ch_trunc', 0);
  let p = 4;
  if (end - p < 35) return fail('names.tls.ch_trunc', p);
  const legacyVersion = readU16BE(m, p);
  p += 34; // legacy_version, random[32]
  const sid = m[p]!;
  if (sid > 32) return fail('names.tls.ch_session_id_too_long', p);
  p += 1 + sid;
  if (end - p < 2) return fail('names.tls.ch_trunc', p);
  const csLen = readU16BE(m, p);
  if (csLen < 2 || csLen % 2 !== 0) return fail('names.tls.ch_bad_cipher_suites', p);
  if (end - p - 2 < csLen) return fail('names.tls.ch_trunc', p);
  const cipherSuites: number[] = [];
  for (let c = p + 2; c < p + 2 + csLen; c += 2) cipherSuites.push(readU16BE(m, c));
  p += 2 + csLen;
  if (end - p < 1) return fail('names.tls.ch_trunc', p);
  const cmLen = m[p]!;
  if (cmLen < 1) return fail('names.tls.ch_bad_compression', p);
  if (end - p - 1 < cmLen) return fail('names.tls.ch_trunc', p);
  p += 1 + cmLen;
  const st: ExtensionState = { sni: null, alpn: [], supportedVersions: [], ech: null, legacyEsni: false, anomalies: [] };
  const extensionTypes: number[] = [];
  if (p < end) {
    if (end - p < 2) return fail('names.tls.ch_trunc', p);
    const extEnd = p + 2 + readU16BE(m, p);
    if (extEnd > end) return fail('names.tls.ext_trunc', p);
    if (extEnd < end) return fail('names.tls.ch_trailing_bytes', extEnd);
    const r = readExtensions(m, p + 2, extEnd, st, extensionTypes);
    if (r >= 0) return fail('names.tls.ext_trunc', r);
  }
  return { ok: true, hello: { legacyVersion, cipherSuites, ...st, extensionTypes } };
}

/** Walks the extension block; returns -1, or the offset of an extension that overruns it. */
function readExtensions(m: Uint8Array, off: number, end: number, st: ExtensionState, types: number[]): number {
  const seen = new Set<number>();
  for (let p = off; p < end; ) {
    if (end - p < 4) return p;
    const type = readU16BE(m, p);
    const len = readU16BE(m, p + 2);
    if (p + 4 + len > end) return p;
    types.push(type);
    // RFC 8446 §4.2: at most one extension of each type; the first one is kept.
    if (seen.has(type)) st.anomalies.push('names.tls.ext_duplicate');
    else {
      seen.add(type);
      EXTENSION_READERS.get(type)?.(m, p + 4, p + 4 + len, st);
    }
    p += 4 + len;
  }
  return -1;
}

/**
 * Parses the ClientHello at the start of `stream`, the first bytes a client sent on a TCP
 * connection (reassembled by the caller, in order). Returns `incomplete` with how many more bytes
 * are needed at least, `not-mine` when the bytes are not a TLS handshake starting with a
 * ClientHello, `malformed` with the first failed check. Never throws; borrows `stream` only while
 * running (the result holds strings and numbers only).
 */
export function parseClientHello(stream: Uint8Array, maxHandshakeBytes = TLS_DEFAULT_MAX_HANDSHAKE): TlsOutcome {
  const h = readFirstHandshake(stream, maxHandshakeBytes);
  if (h.status !== 'ok') return h;
  const r = parseClientHelloMessage(h.message);
  // Offsets in a copied message do not map to the stream: report them relative to the message.
  if (!r.ok) return { status: 'malformed', code: r.code, offset: r.offset };
  return { status: 'ok', hello: r.hello, consumed: h.consumed };
}
