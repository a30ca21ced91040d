/**
 * TLS ClientHello builders (RFC 8446 §4.1.2, RFC 6066 §3, RFC 7301 §3.1, draft-ietf-tls-esni §5)
 * and a splitter that cuts a handshake message into records and the records into segments any way.
 * Everything returns fresh Uint8Arrays.
 * @module tests/builders/tls
 */
import { be, concat } from './packets/bytes.js';

/** One extension: type, 2-byte length, data. */
export function tlsExtension(type: number, data: Uint8Array): Uint8Array {
  return concat(be(type, 2), be(data.length, 2), data);
}

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

/** server_name with one host_name entry per name (RFC 6066 §3). */
export function sniExtension(...names: readonly (string | Uint8Array)[]): Uint8Array {
  const list = concat(...names.map((n) => { const b = typeof n === 'string' ? ascii(n) : n; return concat(Uint8Array.of(0), be(b.length, 2), b); }));
  return tlsExtension(0x0000, concat(be(list.length, 2), list));
}

/** application_layer_protocol_negotiation (RFC 7301 §3.1). */
export function alpnExtension(protocols: readonly string[]): Uint8Array {
  const list = concat(...protocols.map((p) => concat(Uint8Array.of(p.length), ascii(p))));
  return tlsExtension(0x0010, concat(be(list.length, 2), list));
}

/** supported_versions, ClientHello form (RFC 8446 §4.2.1). */
export function supportedVersionsExtension(versions: readonly number[]): Uint8Array {
  return tlsExtension(0x002b, concat(Uint8Array.of(versions.length * 2), ...versions.map((v) => be(v, 2))));
}

/** encrypted_client_hello: outer (HKDF-SHA256 0x0001, AES-128-GCM 0x0001, config 0x2a) or inner. */
export function echExtension(kind: 'outer' | 'inner', o: { configId?: number; enc?: Uint8Array; payload?: Uint8Array } = {}): Uint8Array {
  if (kind === 'inner') return tlsExtension(0xfe0d, Uint8Array.of(1));
  const enc = o.enc ?? new Uint8Array(32).fill(0xee);
  const payload = o.payload ?? new Uint8Array(200).fill(0xaa);
  return tlsExtension(0xfe0d, concat(Uint8Array.of(0), be(0x0001, 2), be(0x0001, 2), Uint8Array.of(o.configId ?? 0x2a), be(enc.length, 2), enc, be(payload.length, 2), payload));
}

/** ClientHello fields; defaults make a TLS 1.3 hello for www.example.com offering h2 and http/1.1. */
export interface ClientHelloOpts {
  readonly legacyVersion?: number; // 0x0303
  readonly random?: Uint8Array; // 32 × 0x11
  readonly sessionId?: Uint8Array; // 32 × 0x22
  readonly cipherSuites?: readonly number[]; // 0x1301 0x1302 0x1303
  readonly compression?: Uint8Array; // [0]
  /** null: no server_name; a list: one entry each. */
  readonly sni?: string | readonly (string | Uint8Array)[] | null; // 'www.example.com'
  readonly alpn?: readonly string[] | null; // ['h2', 'http/1.1']
  readonly versions?: readonly number[] | null; // [0x0304, 0x0303]
  readonly ech?: 'outer' | 'inner' | null; // null
  /** Extra raw extensions appended after the others. */
  readonly extra?: readonly Uint8Array[];
  /** Replace the whole extension block (raw, without its length); `null` leaves it out (TLS ≤ 1.2). */
  readonly extensions?: Uint8Array | null;
  /** Bytes appended to the body after the extension block (hostile variants). */
  readonly trailing?: Uint8Array;
}

/** The ClientHello handshake message: msg_type 1, uint24 length, body. */
export function tlsClientHello(o: ClientHelloOpts = {}): Uint8Array {
  const sni = o.sni === undefined ? ['www.example.com'] : o.sni === null ? null : typeof o.sni === 'string' ? [o.sni] : o.sni;
  const alpn = o.alpn === undefined ? ['h2', 'http/1.1'] : o.alpn;
  const versions = o.versions === undefined ? [0x0304, 0x0303] : o.versions;
  const exts = o.extensions !== undefined ? o.extensions : concat(
    ...(sni === null ? [] : [sniExtension(...sni)]),
    ...(alpn === null ? [] : [alpnExtension(alpn)]),
    ...(versions === null ? [] : [supportedVersionsExtension(versions)]),
    ...(o.ech === undefined || o.ech === null ? [] : [echExtension(o.ech)]),
    ...(o.extra ?? []),
  );
  const sid = o.sessionId ?? new Uint8Array(32).fill(0x22);
  const cs = o.cipherSuites ?? [0x1301, 0x1302, 0x1303];
  const cm = o.compression ?? Uint8Array.of(0);
  const body = concat(
    be(o.legacyVersion ?? 0x0303, 2), o.random ?? new Uint8Array(32).fill(0x11),
    Uint8Array.of(sid.length), sid, be(cs.length * 2, 2), ...cs.map((c) => be(c, 2)), Uint8Array.of(cm.length), cm,
    ...(exts === null ? [] : [be(exts.length, 2), exts]), o.trailing ?? new Uint8Array(0),
  );
  return concat(Uint8Array.of(1), be(body.length, 3), body);
}

/** One TLS record (RFC 8446 §5.1): content type (22 handshake), legacy version (0x0301), length. */
export function tlsRecord(fragment: Uint8Array, type = 22, version = 0x0301): Uint8Array {
  return concat(Uint8Array.of(type), be(version, 2), be(fragment.length, 2), fragment);
}

/** Cuts `bytes` at the given sizes (the last piece takes the rest); sizes ≤ 0 are skipped. */
export function splitAt(bytes: Uint8Array, sizes: readonly number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let p = 0;
  for (const s of sizes) {
    if (s <= 0 || p >= bytes.length) continue;
    out.push(bytes.slice(p, p + s));
    p += s;
  }
  if (p < bytes.length) out.push(bytes.slice(p));
  return out;
}

/** A handshake message carried in records of the given fragment sizes, concatenated. */
export function tlsRecords(message: Uint8Array, fragmentSizes: readonly number[] = []): Uint8Array {
  return concat(...splitAt(message, fragmentSizes).map((f) => tlsRecord(f)));
}
