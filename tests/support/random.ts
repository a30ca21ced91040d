/**
 * A small seeded generator (mulberry32) for tests and benchmarks that need the same "random"
 * addresses on every run.
 */

/** Uniform numbers in [0, 1) from `seed`, the same sequence every time. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` bytes from `seed` (mulberry32), the same every time: a failing case is reproducible. */
export function seededBytes(n: number, seed: number): Uint8Array {
  const next = mulberry32(seed);
  return Uint8Array.from({ length: n }, () => Math.floor(next() * 256));
}

/** Lower-case hex of `b`. */
export const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
