/**
 * The QUIC stage's single-block AES-128 (src/names/quic/aes128.ts) against node:crypto's
 * aes-128-ecb for many keys and blocks, FIPS 197 Appendix C.1, and RFC 9001 Appendix A.2's
 * header-protection mask.
 */
import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hex, seededBytes as bytes } from '../support/random.js';
import { aes128EncryptBlock, aes128Expand } from '../../src/names/quic/aes128.js';

const unhex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, 'hex'));

describe('aes128EncryptBlock', () => {
  it('gives FIPS 197 Appendix C.1', () => {
    const w = aes128Expand(unhex('000102030405060708090a0b0c0d0e0f'));
    expect(hex(aes128EncryptBlock(w, unhex('00112233445566778899aabbccddeeff')))).toBe('69c4e0d86a7b0430d8cdb78070b4c55a');
  });

  it('gives the RFC 9001 Appendix A.2 header-protection mask of the client Initial', () => {
    // hp = 9f50449e04a0e810283a1e9933adedd2, sample = d1b1c98dd7689fb8ec11d242b123dc9b, mask starts 437b9aec36.
    const w = aes128Expand(unhex('9f50449e04a0e810283a1e9933adedd2'));
    expect(hex(aes128EncryptBlock(w, unhex('d1b1c98dd7689fb8ec11d242b123dc9b'))).slice(0, 10)).toBe('437b9aec36');
  });

  it('equals node:crypto aes-128-ecb for 500 keys and blocks, at any offset', () => {
    for (let i = 0; i < 500; i++) {
      const key = bytes(16, 3 * i + 1);
      const block = bytes(16 + (i % 7), 5 * i + 2);
      const at = i % 7;
      const c = createCipheriv('aes-128-ecb', key, null).setAutoPadding(false);
      const want = hex(c.update(block.subarray(at, at + 16)));
      expect(hex(aes128EncryptBlock(aes128Expand(key), block, at)), `case ${i}`).toBe(want);
    }
  });

  it('refuses a key that is not 16 bytes', () => {
    expect(() => aes128Expand(new Uint8Array(15))).toThrow(RangeError);
  });
});
