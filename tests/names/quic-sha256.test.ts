/**
 * The QUIC stage's own SHA-256 and HMAC-SHA256 (src/names/quic/sha256.ts) against node:crypto:
 * every message length across the padding boundaries (0–300 bytes, split into parts at every
 * offset for a few), keys shorter than, equal to and longer than the 64-byte block, and the
 * RFC 4231 test case 2 vector.
 */
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hex, seededBytes as bytes } from '../support/random.js';
import { hmacKey, hmacSha256, hmacWith, sha256 } from '../../src/names/quic/sha256.js';

describe('sha256', () => {
  it('equals node:crypto for every length 0–300', () => {
    for (let n = 0; n <= 300; n++) {
      const m = bytes(n, n + 1);
      expect(hex(sha256(m)), `length ${n}`).toBe(createHash('sha256').update(m).digest('hex'));
    }
  });

  it('hashes the concatenation of its parts, wherever the message is split', () => {
    for (const n of [55, 56, 63, 64, 65, 119, 120, 128, 200]) {
      const m = bytes(n, 7 * n);
      const want = createHash('sha256').update(m).digest('hex');
      for (let cut = 0; cut <= n; cut++) expect(hex(sha256(m.subarray(0, cut), m.subarray(cut))), `${n} cut at ${cut}`).toBe(want);
    }
  });

  it('gives the FIPS 180-4 digest of "abc"', () => {
    expect(hex(sha256(new TextEncoder().encode('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('hmacSha256', () => {
  it.each([0, 1, 20, 32, 63, 64, 65, 100, 150])('equals node:crypto with a %i-byte key, messages 0–200 bytes', (klen) => {
    const key = bytes(klen, 1000 + klen);
    const prepared = hmacKey(key);
    for (let n = 0; n <= 200; n += 7) {
      const m = bytes(n, 2000 + n);
      const want = createHmac('sha256', key).update(m).digest('hex');
      expect(hex(hmacSha256(key, m)), `key ${klen}, message ${n}`).toBe(want);
      expect(hex(hmacWith(prepared, m.subarray(0, n >> 1), m.subarray(n >> 1))), `prepared key ${klen}, message ${n} in two parts`).toBe(want);
    }
  });

  it('gives RFC 4231 test case 2', () => {
    const enc = new TextEncoder();
    expect(hex(hmacSha256(enc.encode('Jefe'), enc.encode('what do ya want for nothing?')))).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });
});
