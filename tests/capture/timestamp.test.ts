/**
 * Timestamps as the per-packet path carries them (seconds and nanoseconds as numbers, the exact
 * BigInt only when asked for): every interface resolution gives the same instant as the exact
 * BigInt computation, at the edges of the fast path too, before the epoch, and for absurd values
 * whose seconds a double cannot hold.
 */
import { describe, expect, it } from 'vitest';
import { tsAfter, tsApprox, tsOfParts, tsParts } from '../../src/core/index.js';
import { scaleTs, scaleTsParts, tsScale, type TsOut } from '../../src/capture/timestamp.js';

const parts = (s: ReturnType<typeof tsScale>, high: number, low: number): TsOut => {
  const out: TsOut = { sec: 0, nsec: 0, exact: null };
  scaleTsParts(s, high, low, out);
  return out;
};

describe('scaleTsParts gives the instant scaleTs gives', () => {
  const MICRO = tsScale(6, 0n);
  const cases: [string, ReturnType<typeof tsScale>, number, number][] = [
    ['µs, now', MICRO, 0x61c, 0x3f0e2a40],
    ['µs, a whole second', MICRO, 0, 1_000_000],
    ['µs, one before a whole second', MICRO, 0, 999_999],
    ['µs, zero', MICRO, 0, 0],
    ['µs, the last safe high word', MICRO, 0x1ffffe, 0xffffffff],
    ['µs, past the fast path', MICRO, 0x1fffff, 0xffffffff],
    ['µs, the largest count', MICRO, 0xffffffff, 0xffffffff],
    ['ns', tsScale(9, 0n), 0x179d3c8f, 0x12345678],
    ['2^-10', tsScale(0x8a, 0n), 0x1234, 0x56789abc],
    ['ms with an offset', tsScale(3, 1_700_000_000n), 0, 123_456],
    ['µs before the epoch (negative offset)', tsScale(6, -5n), 0, 1_500_000],
    ['s, absurd (seconds past 2^53)', tsScale(0, 0n), 0xffffffff, 0xffffffff],
  ];
  it.each(cases)('%s', (_name, scale, high, low) => {
    const want = scaleTs(scale, high, low);
    const got = parts(scale, high, low);
    expect(tsOfParts(got.sec, got.nsec, got.exact)).toBe(want);
    expect(got.nsec).toBeGreaterThanOrEqual(0);
    expect(got.nsec).toBeLessThan(1e9);
    expect(got.exact === null).toBe(Number.isSafeInteger(got.sec));
  });
});

describe('tsParts, tsOfParts and tsAfter', () => {
  it.each([0n, 1n, 999_999_999n, 1_000_000_000n, 1_782_864_000_123_456_789n, -1n, -1_000_000_000n, -1_500_000_001n, 2n ** 90n, -(2n ** 90n)])('%s round-trips', (ns) => {
    const p = tsParts(ns);
    expect(tsOfParts(p.sec, p.nsec, p.exact)).toBe(ns);
    expect(p.nsec >= 0 && p.nsec < 1e9).toBe(true);
  });

  it.each([
    [1_782_864_000_000_000_001n, 1_782_864_000_000_000_000n, true],
    [1_782_864_000_000_000_000n, 1_782_864_000_000_000_000n, false],
    [1_782_864_000_000_000_000n, 1_782_863_999_999_999_999n, true],
    [-1n, 0n, false],
    [2n ** 90n + 1n, 2n ** 90n, true],
    [2n ** 90n, 1n, true],
  ])('%s after %s: %s (exact, where doubles tie)', (a, b, want) => {
    const pa = tsParts(a);
    const pb = tsParts(b);
    expect(tsAfter(pa.sec, pa.nsec, pa.exact, pb.sec, pb.nsec, pb.exact)).toBe(want);
  });

  it('tsApprox orders instants 1 ns apart as equal at most (never backwards)', () => {
    const a = tsParts(1_782_864_000_000_000_000n);
    const b = tsParts(1_782_864_000_000_000_001n);
    expect(tsApprox(b.sec, b.nsec)).toBeGreaterThanOrEqual(tsApprox(a.sec, a.nsec));
  });
});
