/**
 * Initial secrets (RFC 9001 §5.1, §5.2; RFC 9369 §3.3): HKDF-Extract of the client's first
 * Destination Connection ID with the version's salt, then TLS 1.3 HKDF-Expand-Label (RFC 8446
 * §7.1) for "client in"/"server in" and the key, IV and header-protection key. SHA-256 throughout.
 * @module names/quic/keys
 */
import { hmacKey, hmacWith, type HmacKey } from './sha256.js';
import { QUIC_VERSIONS } from './versions.js';
import type { QuicDirectionKeys, QuicInitialSecrets, QuicVersionSpec } from './types.js';

/** AEAD_AES_128_GCM key length (RFC 5116 §5.1). */
const KEY_LENGTH = 16;
/** AEAD nonce length N_MIN = 12 (RFC 5116 §5.1; RFC 9001 §5.3). */
const IV_LENGTH = 12;
/** SHA-256 output length (Hash.length in RFC 9001 §5.2). */
const HASH_LENGTH = 32;

/** Each version's salt as a prepared HMAC key (the salts are fixed: RFC 9001 §5.2, RFC 9369 §3.3.1). */
const SALT_KEYS = new WeakMap<Uint8Array, HmacKey>();

/** HKDF-Extract(salt, IKM) = HMAC-Hash(salt, IKM) (RFC 5869 §2.2). */
export function hkdfExtract(salt: Uint8Array, ikm: Uint8Array): Uint8Array {
  let k = SALT_KEYS.get(salt);
  if (k === undefined) SALT_KEYS.set(salt, (k = hmacKey(salt)));
  return hmacWith(k, ikm);
}

const COUNTER = [Uint8Array.of(1), Uint8Array.of(2), Uint8Array.of(3), Uint8Array.of(4), Uint8Array.of(5), Uint8Array.of(6), Uint8Array.of(7), Uint8Array.of(8)];

/** HKDF-Expand(PRK, info, L) (RFC 5869 §2.3): T(i) = HMAC(PRK, T(i-1) | info | i), L ≤ 255 bytes. */
function hkdfExpand(prk: HmacKey, info: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let t: Uint8Array = new Uint8Array(0);
  for (let i = 1, o = 0; o < length; i++) {
    t = hmacWith(prk, t, info, COUNTER[i - 1] ?? Uint8Array.of(i));
    out.set(t.subarray(0, Math.min(t.length, length - o)), o);
    o += t.length;
  }
  return out;
}

/** The HkdfLabel of RFC 8446 §7.1: uint16 length, opaque label<7..255> = "tls13 " + Label, empty context. */
const LABELS = new Map<string, Uint8Array>();
function hkdfLabel(label: string, length: number): Uint8Array {
  const key = `${length} ${label}`;
  let info = LABELS.get(key);
  if (info === undefined) {
    const full = new TextEncoder().encode(`tls13 ${label}`);
    info = new Uint8Array(4 + full.length);
    info[0] = length >> 8;
    info[1] = length & 0xff;
    info[2] = full.length;
    info.set(full, 3);
    info[3 + full.length] = 0;
    LABELS.set(key, info);
  }
  return info;
}

/** HKDF-Expand-Label(Secret, Label, "", Length) (RFC 8446 §7.1). */
export function hkdfExpandLabel(secret: Uint8Array | HmacKey, label: string, length: number): Uint8Array {
  return hkdfExpand(secret instanceof Uint8Array ? hmacKey(secret) : secret, hkdfLabel(label, length), length);
}

/** Key, IV and header-protection key from one direction's secret (RFC 9001 §5.1, §5.4). */
function directionKeys(secret: Uint8Array, prefix: string): QuicDirectionKeys {
  const k = hmacKey(secret);
  return {
    secret,
    key: hkdfExpandLabel(k, `${prefix} key`, KEY_LENGTH),
    iv: hkdfExpandLabel(k, `${prefix} iv`, IV_LENGTH),
    hp: hkdfExpandLabel(k, `${prefix} hp`, KEY_LENGTH),
  };
}

/** The client's Initial keys only (what a passive reader of client Initials needs). */
export function clientInitialKeys(spec: QuicVersionSpec, dcid: Uint8Array): QuicDirectionKeys {
  const initial = hkdfExtract(spec.salt, dcid);
  return directionKeys(hkdfExpandLabel(initial, 'client in', HASH_LENGTH), spec.labelPrefix);
}

/**
 * Both directions' Initial secrets for `version` and the client-chosen Destination Connection ID
 * `dcid` (RFC 9001 §5.2, Appendix A.1; RFC 9369 §3.3, Appendix A.1), or null for a version not
 * in `QUIC_VERSIONS`.
 */
export function quicInitialSecrets(version: number, dcid: Uint8Array): QuicInitialSecrets | null {
  const spec = QUIC_VERSIONS.get(version);
  if (spec === undefined) return null;
  const initialSecret = hkdfExtract(spec.salt, dcid);
  return {
    initialSecret,
    client: directionKeys(hkdfExpandLabel(initialSecret, 'client in', HASH_LENGTH), spec.labelPrefix),
    server: directionKeys(hkdfExpandLabel(initialSecret, 'server in', HASH_LENGTH), spec.labelPrefix),
  };
}
