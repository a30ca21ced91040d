/** Bytes sent again over kept bytes: agreement, and the other version they make (names/overlap). */
import { describe, expect, it } from 'vitest';
import { agreesWith, laidOver } from '../../src/names/overlap.js';

const b = (...x: number[]): Uint8Array => Uint8Array.from(x);
const KEPT = b(1, 2, 3, 4);

describe('agreesWith', () => {
  it.each([
    ['the same bytes', 0, b(1, 2, 3, 4), true],
    ['a tail of them, and new bytes past the end', 2, b(3, 4, 9, 9), true],
    ['starting before, agreeing where they meet', -2, b(7, 7, 1, 2), true],
    ['no overlap at all', 4, b(9), true],
    ['one byte differs', 1, b(2, 9), false],
    ['starting before, differing where they meet', -1, b(7, 9), false],
  ])('%s: %s', (_, rel, bytes, want) => {
    expect(agreesWith(KEPT, rel as number, bytes as Uint8Array)).toBe(want);
  });
});

describe('laidOver', () => {
  it.each([
    ['inside: written in place', 1, b(8, 8), 16, [1, 8, 8, 4]],
    ['past the end: grown', 3, b(8, 8, 8), 16, [1, 2, 3, 8, 8, 8]],
    ['right at the end: grown', 4, b(8), 16, [1, 2, 3, 4, 8]],
    ['starting before: the part before offset 0 dropped', -2, b(7, 7, 8), 16, [8, 2, 3, 4]],
    ['grown no further than the cap', 3, b(8, 8, 8), 5, [1, 2, 3, 8, 8]],
  ])('%s', (_, rel, bytes, cap, want) => {
    expect([...laidOver(KEPT.slice(), rel as number, bytes as Uint8Array, cap as number)!]).toEqual(want);
  });

  it.each([
    ['beyond a hole', 5, b(8)],
    ['ending before offset 0', -3, b(7, 7)],
    ['at the cap', 4, b(8)],
  ])('nothing lands %s: null', (_, rel, bytes) => {
    expect(laidOver(KEPT.slice(), rel as number, bytes as Uint8Array, rel === 4 ? 4 : 16)).toBeNull();
  });

  it('in place when it need not grow, a new array when it must', () => {
    const t = KEPT.slice();
    expect(laidOver(t, 0, b(9), 16)).toBe(t);
    expect(laidOver(t, 4, b(9), 16)).not.toBe(t);
  });
});
