import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha1Base64, sha1Hex } from '../../src/flow/sha1.js';
import { flowUid } from '../../src/flow/index.js';

/** Deterministic bytes: seed, seed + 7, … mod 256. */
function bytes(len: number, seed: number): Uint8Array {
  return Uint8Array.from({ length: len }, (_, i) => (seed + i * 7) & 0xff);
}

describe('SHA-1 text digests match createHash', () => {
  it.each([0, 1, 12, 36, 40, 55, 56, 64, 100].map((len) => ({ name: `${len} bytes`, input: bytes(len, len * 31) })))('$name', ({ input }) => {
    expect(sha1Base64(input)).toBe(createHash('sha1').update(input).digest('base64'));
    expect(sha1Hex(input)).toBe(createHash('sha1').update(input).digest('hex'));
  });

  it('hashes strings as UTF-8', () => {
    expect(sha1Hex('egress-verify/flow-uid/v1:1')).toBe(createHash('sha1').update('egress-verify/flow-uid/v1:1').digest('hex'));
  });
});

describe('flow uids are unchanged by the faster digest and arithmetic', () => {
  // Values of the createHash + 32-bit-limb implementation this one replaced.
  it.each([
    { frame: 1, uid: 'C123veHdLOmZNFh5H1' },
    { frame: 2, uid: 'C1eme7JQnqkpSCWG9M' },
    { frame: 12345, uid: 'C0xAMjrSjeJEsKibQk' },
    { frame: 1241705, uid: 'C0WYRq9P5dsEm6Zk1L' },
    { frame: 4294967295, uid: 'C12AJoT9aC5RfRq9Ir' },
    { frame: 9007199254740991, uid: 'C0T970Gxs19mE021Ij' },
  ])('frame $frame', ({ frame, uid }) => {
    expect(flowUid(frame)).toBe(uid);
  });
});
