/**
 * Deterministic Zeek-looking connection ids: "C" + 17 base62 characters.
 *
 * Zeek draws uids at random; reports here must be reproducible, so the uid is a hash of the flow's
 * first frame number (unique per flow: one packet starts at most one flow).
 * @module flow/uid
 */
import { sha1Hex } from './sha1.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** Fixed prefix so the hash input is namespaced to this purpose. */
const UID_PREFIX = 'egress-verify/flow-uid/v1:';
const UID_DIGITS = 17;

/** "C" + 17 base62 digits of the first 96 bits of sha1(prefix + firstFrame). */
export function flowUid(firstFrame: number): string {
  const d = sha1Hex(UID_PREFIX + String(firstFrame));
  // The first 96 bits as four 24-bit limbs, big-endian: each long-division step by 62 then stays
  // below 2^31 (62 · 2^24), in integer arithmetic, without BigInt.
  const limbs = [parseInt(d.slice(0, 6), 16), parseInt(d.slice(6, 12), 16), parseInt(d.slice(12, 18), 16), parseInt(d.slice(18, 24), 16)];
  // 'C' is the first code: one flat string (a 'C' + digits concatenation is a cons string, which
  // every Map lookup by uid would first have to flatten).
  const codes = new Array<number>(UID_DIGITS + 1);
  codes[0] = 0x43;
  for (let i = UID_DIGITS - 1; i >= 0; i--) {
    let rem = 0;
    for (let j = 0; j < 4; j++) {
      const cur = rem * 0x100_0000 + limbs[j]!;
      const q = (cur / 62) | 0;
      limbs[j] = q;
      rem = cur - q * 62;
    }
    codes[i + 1] = BASE62.charCodeAt(rem);
  }
  return String.fromCharCode(...codes);
}
