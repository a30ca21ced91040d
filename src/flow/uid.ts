/**
 * Deterministic Zeek-looking connection ids: "C" + 17 base62 characters ("T" for tunnels).
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
  return uidOf(0x43, UID_PREFIX + String(firstFrame));
}

const TUNNEL_UID_PREFIX = 'egress-verify/tunnel-uid/v1:';

/**
 * "T" + 17 base62 digits for the tunnel first seen in `firstFrame` at encapsulation depth `layer`
 * (0 = outermost): nested tunnels start in the same frame, at different depths.
 */
export function tunnelUid(firstFrame: number, layer: number): string {
  return uidOf(0x54, `${TUNNEL_UID_PREFIX}${firstFrame}:${layer}`);
}

const PROXIED_UID_PREFIX = 'egress-verify/proxied-uid/v1:';

/**
 * "P" + 17 base62 digits for the `index`-th request (in stream order) an HTTP proxy was asked to
 * carry on over the flow that started in `firstFrame`.
 */
export function proxiedUid(firstFrame: number, index: number): string {
  return uidOf(0x50, `${PROXIED_UID_PREFIX}${firstFrame}:${index}`);
}

/** `letter` + 17 base62 digits of the first 96 bits of sha1(`input`). */
function uidOf(letter: number, input: string): string {
  const d = sha1Hex(input);
  // The first 96 bits as four 24-bit limbs, big-endian: each long-division step by 62 then stays
  // below 2^31 (62 · 2^24), in integer arithmetic, without BigInt.
  const limbs = [parseInt(d.slice(0, 6), 16), parseInt(d.slice(6, 12), 16), parseInt(d.slice(12, 18), 16), parseInt(d.slice(18, 24), 16)];
  // The letter is the first code: one flat string (a letter + digits concatenation is a cons
  // string, which every Map lookup by uid would first have to flatten).
  const codes = new Array<number>(UID_DIGITS + 1);
  codes[0] = letter;
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
