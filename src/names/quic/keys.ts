/**
 * Initial secrets (RFC 9001 §5.1, §5.2; RFC 9369 §3.3): HKDF-Extract of the client's first
 * Destination Connection ID with the version's salt, then TLS 1.3 HKDF-Expand-Label (RFC 8446
 * §7.1) for "client in"/"server in" and the key, IV and header-protection key. SHA-256 throughout.
 * @module names/quic/keys
 */
import { Buffer } from 'node:buffer';
import { createHmac } from 'node:crypto';
import { QUIC_VERSIONS } from './versions.js';
import type { QuicDirectionKeys, QuicInitialSecrets, QuicVersionSpec } from './types.js';

/** AEAD_AES_128_GCM key length (RFC 5116 §5.1). */
const KEY_LENGTH = 16;
/** AEAD nonce length N_MIN = 12 (RFC 5116 §5.1; RFC 9001 §5.3). */
const IV_LENGTH = 12;
/** SHA-256 output length (Hash.length in RFC 9001 §5.2). */
const HASH_LENGTH = 32;

/** HKDF-Extract(salt, IKM) = HMAC-Hash(salt, IKM) (RFC 5869 §2.2). */
export function hkdfExtract(salt: Uint8Array, ikm: Uint8Array): Uint8Array {
  return createHmac('sha256', salt).update(ikm).digest();
}

/** HKDF-Expand(PRK, info, L) (RFC 5869 §2.3): T(i) = HMAC(PRK, T(i-1) | info | i). */
function hkdfExpand(prk: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  const out = Buffer.alloc(length);
  let t: Uint8Array = new Uint8Array(0);
  for (let i = 1, o = 0; o < length; i++) {
    t = createHmac('sha256', prk).update(t).update(info).update(Uint8Array.of(i)).digest();
    out.set(t.subarray(0, Math.min(t.length, length - o)), o);
    o += t.length;
  }
  return out;
}

/**
 * HKDF-Expand-Label(Secret, Label, "", Length) (RFC 8446 §7.1): the HkdfLabel is uint16 length,
 * opaque label<7..255> = "tls13 " + Label, opaque context<0..255> (empty here).
 */
export function hkdfExpandLabel(secret: Uint8Array, label: string, length: number): Uint8Array {
  const full = Buffer.from(`tls13 ${label}`, 'latin1');
  const info = Buffer.alloc(4 + full.length);
  info.writeUInt16BE(length, 0);
  info[2] = full.length;
  full.copy(info, 3);
  info[3 + full.length] = 0;
  return hkdfExpand(secret, info, length);
}

/** Key, IV and header-protection key from one direction's secret (RFC 9001 §5.1, §5.4). */
function directionKeys(secret: Uint8Array, prefix: string): QuicDirectionKeys {
  return {
    secret,
    key: hkdfExpandLabel(secret, `${prefix} key`, KEY_LENGTH),
    iv: hkdfExpandLabel(secret, `${prefix} iv`, IV_LENGTH),
    hp: hkdfExpandLabel(secret, `${prefix} hp`, KEY_LENGTH),
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
