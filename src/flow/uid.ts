/**
 * Deterministic Zeek-looking connection ids: "C" + 17 base62 characters.
 *
 * Zeek draws uids at random; reports here must be reproducible, so the uid is a hash of the flow's
 * first frame number (unique per flow: one packet starts at most one flow).
 * @module flow/uid
 */
import { createHash } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** Fixed prefix so the hash input is namespaced to this purpose. */
const UID_PREFIX = 'egress-verify/flow-uid/v1:';
const UID_DIGITS = 17;

/** "C" + 17 base62 digits of the first 96 bits of sha1(prefix + firstFrame). */
export function flowUid(firstFrame: number): string {
  const d = createHash('sha1').update(UID_PREFIX + String(firstFrame)).digest();
  // Three 32-bit limbs, big-endian; repeated division by 62 on the limbs avoids BigInt.
  const limbs = [d.readUInt32BE(0), d.readUInt32BE(4), d.readUInt32BE(8)];
  let out = '';
  for (let i = 0; i < UID_DIGITS; i++) {
    let rem = 0;
    for (let j = 0; j < limbs.length; j++) {
      const cur = rem * 0x1_0000_0000 + limbs[j]!;
      limbs[j] = Math.floor(cur / 62);
      rem = cur % 62;
    }
    out = BASE62[rem]! + out;
  }
  return 'C' + out;
}
