/**
 * SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104) for the few short inputs of QUIC's Initial key
 * derivation: five HMACs per connection. node:crypto's Hmac objects cost far more to build than
 * these inputs cost to hash (measured: the key derivation took about a third of the QUIC stage's
 * time on the benchmark capture), so the hashing is done here, on numbers, with no allocation
 * beyond the result. tests/names/quic-sha256.test.ts compares it with node:crypto.
 * @module names/quic/sha256
 */

const K = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const H0 = Int32Array.from([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

/** Scratch: the message schedule, and the padded tail of a message. */
const W = new Int32Array(64);
const TAIL = new Uint8Array(128);

/** One compression of the 64 bytes of `b` at `o` into state `h`. */
function compress(h: Int32Array, b: Uint8Array, o: number): void {
  for (let i = 0; i < 16; i++, o += 4) W[i] = (b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!;
  for (let i = 16; i < 64; i++) {
    const x = W[i - 15]!;
    const y = W[i - 2]!;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) | 0;
  }
  let a = h[0]!, bb = h[1]!, c = h[2]!, d = h[3]!, e = h[4]!, f = h[5]!, g = h[6]!, hh = h[7]!;
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (hh + S1 + ch + K[i]! + W[i]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & bb) ^ (a & c) ^ (bb & c);
    const t2 = (S0 + maj) | 0;
    hh = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = bb;
    bb = a;
    a = (t1 + t2) | 0;
  }
  h[0] = (h[0]! + a) | 0;
  h[1] = (h[1]! + bb) | 0;
  h[2] = (h[2]! + c) | 0;
  h[3] = (h[3]! + d) | 0;
  h[4] = (h[4]! + e) | 0;
  h[5] = (h[5]! + f) | 0;
  h[6] = (h[6]! + g) | 0;
  h[7] = (h[7]! + hh) | 0;
}

/**
 * Hashes `parts` (concatenated) into state `h`, after `before` bytes already compressed into it
 * (a multiple of 64), and writes the digest into `out` at `at`.
 */
function finish(h: Int32Array, before: number, parts: readonly Uint8Array[], out: Uint8Array, at: number): void {
  let fill = 0;
  let total = before;
  for (const p of parts) {
    total += p.length;
    let i = 0;
    if (fill > 0) {
      const n = Math.min(64 - fill, p.length);
      TAIL.set(p.subarray(0, n), fill);
      fill += n;
      i = n;
      if (fill === 64) {
        compress(h, TAIL, 0);
        fill = 0;
      }
    }
    for (; i + 64 <= p.length; i += 64) compress(h, p, i);
    if (i < p.length) {
      TAIL.set(p.subarray(i), fill);
      fill += p.length - i;
    }
  }
  TAIL[fill++] = 0x80;
  const end = fill <= 56 ? 64 : 128;
  TAIL.fill(0, fill, end);
  const bits = total * 8;
  // Message length in bits, big-endian in the last 8 bytes (inputs here are far below 2^32 bits).
  TAIL[end - 5] = Math.floor(bits / 0x100000000) & 0xff;
  TAIL[end - 4] = (bits >>> 24) & 0xff;
  TAIL[end - 3] = (bits >>> 16) & 0xff;
  TAIL[end - 2] = (bits >>> 8) & 0xff;
  TAIL[end - 1] = bits & 0xff;
  TAIL.fill(0, end - 8, end - 5);
  compress(h, TAIL, 0);
  if (end === 128) compress(h, TAIL, 64);
  for (let i = 0; i < 8; i++) {
    const v = h[i]!;
    out[at + 4 * i] = v >>> 24;
    out[at + 4 * i + 1] = (v >>> 16) & 0xff;
    out[at + 4 * i + 2] = (v >>> 8) & 0xff;
    out[at + 4 * i + 3] = v & 0xff;
  }
}

/** SHA-256 of the concatenation of `parts`. */
export function sha256(...parts: readonly Uint8Array[]): Uint8Array {
  const h = Int32Array.from(H0);
  const out = new Uint8Array(32);
  finish(h, 0, parts, out, 0);
  return out;
}

/** A key's inner and outer HMAC states (the key's padded block already compressed). */
export interface HmacKey {
  readonly inner: Int32Array;
  readonly outer: Int32Array;
}

const PAD = new Uint8Array(64);

/** Precomputes `key`'s HMAC-SHA256 states (RFC 2104 §2: keys longer than 64 bytes are hashed first). */
export function hmacKey(key: Uint8Array): HmacKey {
  const k = key.length > 64 ? sha256(key) : key;
  const inner = Int32Array.from(H0);
  const outer = Int32Array.from(H0);
  PAD.fill(0x36);
  for (let i = 0; i < k.length; i++) PAD[i] = k[i]! ^ 0x36;
  compress(inner, PAD, 0);
  PAD.fill(0x5c);
  for (let i = 0; i < k.length; i++) PAD[i] = k[i]! ^ 0x5c;
  compress(outer, PAD, 0);
  return { inner, outer };
}

const STATE = new Int32Array(8);
const INNER = new Uint8Array(32);

/** HMAC-SHA256 with a prepared key of the concatenation of `parts`. */
export function hmacWith(key: HmacKey, ...parts: readonly Uint8Array[]): Uint8Array {
  STATE.set(key.inner);
  finish(STATE, 64, parts, INNER, 0);
  STATE.set(key.outer);
  const out = new Uint8Array(32);
  finish(STATE, 64, [INNER], out, 0);
  return out;
}

/** HMAC-SHA256(key, concatenation of `parts`). */
export function hmacSha256(key: Uint8Array, ...parts: readonly Uint8Array[]): Uint8Array {
  return hmacWith(hmacKey(key), ...parts);
}
