/**
 * AES-128 encryption of single blocks (FIPS 197), for QUIC header protection: one 16-byte mask
 * per Initial packet under a key that changes with every connection (RFC 9001 §5.4.3). Building a
 * node:crypto ECB cipher per connection costs more than the one block it encrypts, so the block is
 * encrypted here. Not constant-time: it only ever sees keys derived from public connection ids.
 * tests/names/quic-aes128.test.ts compares it with node:crypto.
 * @module names/quic/aes128
 */

/** The S-box (FIPS 197 §5.1.1), computed from the multiplicative inverse in GF(2^8) and the affine map. */
const SBOX = ((): Uint8Array => {
  const s = new Uint8Array(256);
  let p = 1;
  let q = 1;
  // Walk the multiplicative group with generator 3: p runs over its powers, q over their inverses.
  do {
    p = p ^ ((p << 1) & 0xff) ^ (p & 0x80 ? 0x1b : 0);
    q ^= q << 1;
    q ^= q << 2;
    q ^= q << 4;
    q &= 0xff;
    if (q & 0x80) q ^= 0x09;
    const x = q ^ rotl8(q, 1) ^ rotl8(q, 2) ^ rotl8(q, 3) ^ rotl8(q, 4);
    s[p] = (x ^ 0x63) & 0xff;
  } while (p !== 1);
  s[0] = 0x63;
  return s;
})();

function rotl8(x: number, n: number): number {
  return ((x << n) | (x >>> (8 - n))) & 0xff;
}

/** Multiplication by x (i.e. {02}) in GF(2^8). */
function xtime(b: number): number {
  return ((b << 1) ^ (b & 0x80 ? 0x1b : 0)) & 0xff;
}

/** The 11 round keys of a 16-byte key, 176 bytes (FIPS 197 §5.2). */
export function aes128Expand(key: Uint8Array): Uint8Array {
  if (key.length !== 16) throw new RangeError(`AES-128 key must be 16 bytes, got ${key.length}`);
  const w = new Uint8Array(176);
  w.set(key);
  let rcon = 1;
  for (let i = 16; i < 176; i += 4) {
    let t0 = w[i - 4]!;
    let t1 = w[i - 3]!;
    let t2 = w[i - 2]!;
    let t3 = w[i - 1]!;
    if (i % 16 === 0) {
      // RotWord, SubWord, Rcon.
      const u = t0;
      t0 = SBOX[t1]! ^ rcon;
      t1 = SBOX[t2]!;
      t2 = SBOX[t3]!;
      t3 = SBOX[u]!;
      rcon = xtime(rcon);
    }
    w[i] = w[i - 16]! ^ t0;
    w[i + 1] = w[i - 15]! ^ t1;
    w[i + 2] = w[i - 14]! ^ t2;
    w[i + 3] = w[i - 13]! ^ t3;
  }
  return w;
}

const S = new Uint8Array(16);
const T = new Uint8Array(16);

/** AES-128 of the 16 bytes of `input` at `at` under the expanded key `w`: a new 16-byte block. */
export function aes128EncryptBlock(w: Uint8Array, input: Uint8Array, at = 0): Uint8Array {
  for (let i = 0; i < 16; i++) S[i] = input[at + i]! ^ w[i]!;
  for (let round = 1; round <= 10; round++) {
    // SubBytes and ShiftRows (state is column-major: byte r + 4c is row r, column c).
    for (let c = 0; c < 4; c++) {
      for (let r = 0; r < 4; r++) T[r + 4 * c] = SBOX[S[r + 4 * ((c + r) & 3)]!]!;
    }
    if (round < 10) {
      // MixColumns.
      for (let c = 0; c < 16; c += 4) {
        const a0 = T[c]!, a1 = T[c + 1]!, a2 = T[c + 2]!, a3 = T[c + 3]!;
        const all = a0 ^ a1 ^ a2 ^ a3;
        S[c] = a0 ^ all ^ xtime(a0 ^ a1);
        S[c + 1] = a1 ^ all ^ xtime(a1 ^ a2);
        S[c + 2] = a2 ^ all ^ xtime(a2 ^ a3);
        S[c + 3] = a3 ^ all ^ xtime(a3 ^ a0);
      }
    } else {
      S.set(T);
    }
    const k = round * 16;
    for (let i = 0; i < 16; i++) S[i] = S[i]! ^ w[k + i]!;
  }
  return S.slice();
}
