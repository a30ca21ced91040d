import { describe, expect, it } from 'vitest';
import { formatEpochNs, formatRfc3339Ns, formatZeekTime } from '../../src/report/index.js';

describe('report time formatting', () => {
  it.each([
    { ns: 0n, epoch: '0.000000000', zeek: '0.000000', iso: '1970-01-01T00:00:00.000000000Z' },
    { ns: 1_700_000_000_123_456_789n, epoch: '1700000000.123456789', zeek: '1700000000.123457', iso: '2023-11-14T22:13:20.123456789Z' },
    { ns: 999n, epoch: '0.000000999', zeek: '0.000001', iso: '1970-01-01T00:00:00.000000999Z' },
    { ns: -1_500_000_000n, epoch: '-1.500000000', zeek: '-1.500000', iso: '1969-12-31T23:59:58.500000000Z' },
  ])('$ns', ({ ns, epoch, zeek, iso }) => {
    expect(formatEpochNs(ns)).toBe(epoch);
    expect(formatZeekTime(ns)).toBe(zeek);
    expect(formatRfc3339Ns(ns)).toBe(iso);
  });
});
