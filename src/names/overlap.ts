/**
 * Bytes sent again over bytes already seen: whether a copy agrees with what was kept, and the
 * other version it makes when it does not (a retransmission with other bytes: the IDS-evasion
 * trick of a first copy the receiver never accepts). Offsets are relative to the kept bytes'
 * first byte; a negative one starts before it.
 * @module names/overlap
 */

/** True when `bytes`, placed at offset `rel` of `kept`, equal `kept` wherever both have a byte. */
export function agreesWith(kept: Uint8Array, rel: number, bytes: Uint8Array): boolean {
  const to = Math.min(bytes.length, kept.length - rel);
  for (let i = Math.max(0, -rel); i < to; i++) if (bytes[i] !== kept[rel + i]) return false;
  return true;
}

/**
 * `target` with `bytes` written at offset `rel` (what falls before offset 0 or from `cap` on is
 * dropped), grown when they reach past its end; written in place when it need not grow. Null when
 * nothing lands: the bytes end before offset 0, start past `target`'s end (a hole) or at `cap`.
 */
export function laidOver(target: Uint8Array, rel: number, bytes: Uint8Array, cap: number): Uint8Array | null {
  const from = Math.max(0, -rel);
  const at = rel + from;
  const end = Math.min(cap, rel + bytes.length);
  if (from >= bytes.length || at > target.length || at >= end) return null;
  let out = target;
  if (end > target.length) {
    out = new Uint8Array(end);
    out.set(target);
  }
  out.set(bytes.subarray(from, from + (end - at)), at);
  return out;
}
