/**
 * TLS 1.3 handshake bytes (RFC 8446): a browser-like ClientHello with server_name (RFC 6066 §3)
 * and ALPN (RFC 7301), and a server first flight: ServerHello, ChangeCipherSpec (middlebox
 * compatibility, RFC 8446 §D.4) and application-data records standing in for the encrypted handshake.
 * @module synth/tls
 */
import type { Prng } from './prng.js';

/** Growable big-endian byte builder for handshake messages. */
export class ByteWriter {
  #buf = new Uint8Array(512);
  #len = 0;

  /** Bytes written so far (copy). */
  bytes(): Uint8Array {
    return this.#buf.slice(0, this.#len);
  }

  /** Current length. */
  get length(): number {
    return this.#len;
  }

  #room(n: number): void {
    if (this.#len + n <= this.#buf.length) return;
    const next = new Uint8Array(Math.max(this.#buf.length * 2, this.#len + n));
    next.set(this.#buf.subarray(0, this.#len));
    this.#buf = next;
  }

  /** Appends one byte. */
  u8(v: number): this {
    this.#room(1);
    this.#buf[this.#len++] = v & 0xff;
    return this;
  }

  /** Appends a big-endian uint16. */
  u16(v: number): this {
    return this.u8(v >>> 8).u8(v);
  }

  /** Appends a big-endian uint24. */
  u24(v: number): this {
    return this.u8(v >>> 16).u8(v >>> 8).u8(v);
  }

  /** Appends a big-endian uint32. */
  u32(v: number): this {
    return this.u16(v >>> 16).u16(v & 0xffff);
  }

  /** Appends raw bytes. */
  raw(b: Uint8Array | readonly number[]): this {
    this.#room(b.length);
    this.#buf.set(b, this.#len);
    this.#len += b.length;
    return this;
  }

  /** Appends ASCII text. */
  ascii(s: string): this {
    return this.raw(Buffer.from(s, 'latin1'));
  }

  /** Writes a length placeholder of `size` bytes, runs `body`, then patches the length. */
  vec(size: 1 | 2 | 3, body: (w: this) => void): this {
    this.#room(size);
    const at = this.#len;
    this.#len += size;
    body(this);
    const n = this.#len - at - size;
    for (let i = 0; i < size; i++) this.#buf[at + i] = (n >>> (8 * (size - 1 - i))) & 0xff;
    return this;
  }
}

function randomBytes(rng: Prng, n: number): Uint8Array {
  const b = new Uint8Array(n);
  rng.fill(b, 0, n);
  return b;
}

/** Cipher suites offered: TLS 1.3 suites then ECDHE-GCM/ChaCha (IANA TLS registry). */
const SUITES = [0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8];
const SIG_ALGS = [0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601];

/** ClientHello handshake message body (type 1, RFC 8446 §4.1.2), without record header. */
export function clientHelloHandshake(
  rng: Prng,
  sni: string,
  alpn: readonly string[],
  extraExtensions: Uint8Array = new Uint8Array(0),
): Uint8Array {
  const w = new ByteWriter();
  w.u8(1).vec(3, (h) => {
    h.u16(0x0303).raw(randomBytes(rng, 32));
    h.vec(1, (s) => s.raw(randomBytes(rng, 32)));
    h.vec(2, (s) => SUITES.forEach((c) => s.u16(c)));
    h.u8(1).u8(0);
    h.vec(2, (e) => {
      e.u16(0x0000).vec(2, (x) => x.vec(2, (l) => l.u8(0).vec(2, (n) => n.ascii(sni)))); // server_name
      e.u16(0x0017).u16(0); // extended_master_secret
      e.u16(0xff01).vec(2, (x) => x.u8(0)); // renegotiation_info
      e.u16(0x000a).vec(2, (x) => x.vec(2, (g) => g.u16(0x001d).u16(0x0017).u16(0x0018))); // supported_groups
      e.u16(0x000b).vec(2, (x) => x.vec(1, (f) => f.u8(0))); // ec_point_formats
      e.u16(0x0023).u16(0); // session_ticket
      e.u16(0x0010).vec(2, (x) => x.vec(2, (l) => alpn.forEach((p) => l.vec(1, (n) => n.ascii(p))))); // ALPN
      e.u16(0x0005).vec(2, (x) => x.u8(1).u16(0).u16(0)); // status_request
      e.u16(0x000d).vec(2, (x) => x.vec(2, (s) => SIG_ALGS.forEach((a) => s.u16(a)))); // signature_algorithms
      e.u16(0x0033).vec(2, (x) => x.vec(2, (k) => k.u16(0x001d).vec(2, (kk) => kk.raw(randomBytes(rng, 32))))); // key_share
      e.u16(0x002b).vec(2, (x) => x.vec(1, (v) => v.u16(0x0304).u16(0x0303))); // supported_versions
      e.u16(0x002d).vec(2, (x) => x.vec(1, (m) => m.u8(1))); // psk_key_exchange_modes
      e.raw(extraExtensions);
    });
  });
  return w.bytes();
}

/** ClientHello in a TLSPlaintext handshake record (legacy_record_version 0x0301, RFC 8446 §5.1). */
export function clientHelloRecord(rng: Prng, sni: string, alpn: readonly string[]): Uint8Array {
  const hs = clientHelloHandshake(rng, sni, alpn);
  return new ByteWriter().u8(22).u16(0x0301).vec(2, (r) => r.raw(hs)).bytes();
}

/**
 * Server first flight: ServerHello record, CCS record, then application-data records of
 * `encryptedBytes` total (EncryptedExtensions/Certificate/CertificateVerify/Finished stand-in).
 */
export function serverFlight(rng: Prng, encryptedBytes: number): Uint8Array {
  const w = new ByteWriter();
  const hello = serverHelloHandshake(rng, 32);
  w.u8(22).u16(0x0303).vec(2, (r) => r.raw(hello));
  w.u8(20).u16(0x0303).u16(1).u8(1);
  let left = encryptedBytes;
  while (left > 0) {
    const n = Math.min(left, 16384);
    w.u8(23).u16(0x0303).u16(n).raw(randomBytes(rng, n));
    left -= n;
  }
  return w.bytes();
}

/** ServerHello handshake message (type 2, RFC 8446 §4.1.3) choosing TLS 1.3 and x25519. */
export function serverHelloHandshake(rng: Prng, sessionIdLen: number): Uint8Array {
  const w = new ByteWriter();
  w.u8(2).vec(3, (h) => {
    h.u16(0x0303).raw(randomBytes(rng, 32));
    h.vec(1, (s) => s.raw(randomBytes(rng, sessionIdLen)));
    h.u16(0x1301).u8(0);
    h.vec(2, (e) => {
      e.u16(0x002b).vec(2, (x) => x.u16(0x0304));
      e.u16(0x0033).vec(2, (x) => x.u16(0x001d).vec(2, (k) => k.raw(randomBytes(rng, 32))));
    });
  });
  return w.bytes();
}

/** Client second flight: CCS + one application-data record (Finished stand-in). */
export function clientFinished(rng: Prng): Uint8Array {
  return new ByteWriter().u8(20).u16(0x0303).u16(1).u8(1).u8(23).u16(0x0303).u16(53).raw(randomBytes(rng, 53)).bytes();
}
