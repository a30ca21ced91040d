/** The geo stage's caches and tree walk: bounded, FIFO where promised, never a wrong answer. */
import { Reader } from 'maxmind';
import { describe, expect, it } from 'vitest';
import { factsOf, formatNetwork, geoDatabaseFromBuffer, parseIp, type GeoLookup } from '../../src/geo/index.js';
import { BoundedMap } from '../../src/core/index.js';
import { NetworkCache } from '../../src/geo/network-cache.js';
import { buildMmdb, flat } from '../builders/mmdb.js';

describe('BoundedMap', () => {
  it('stays FIFO after many evictions (the cursor survives V8 table rebuilds)', () => {
    const m = new BoundedMap<number, number>(1000);
    for (let i = 0; i < 200_000; i++) m.set(i, i);
    expect(m.size).toBe(1000);
    expect(m.evicted).toBe(199_000);
    expect(m.get(198_999)).toBeUndefined();
    expect(m.get(199_000)).toBe(199_000);
    m.set(199_000, -1); // update in place: no eviction, no reordering
    expect(m.evicted).toBe(199_000);
    m.set(-5, 5);
    expect(m.get(199_000)).toBeUndefined(); // the oldest went first
    expect(m.get(199_001)).toBe(199_001);
  });

  // Speed (quadratic eviction once took ~19 s for this) is the benchmark's business
  // (tests/geo/bench-geo.ts), not a timed test; here the outcome at the production cap.
  it('1 M inserts at the cap of 65,536 keep exactly the newest 65,536', () => {
    const m = new BoundedMap<number, number>(65_536);
    for (let i = 0; i < 1_000_000; i++) m.set(i, i);
    expect([m.size, m.evicted]).toEqual([65_536, 1_000_000 - 65_536]);
    expect(m.get(1_000_000 - 65_536 - 1)).toBeUndefined();
    expect(m.get(1_000_000 - 65_536)).toBe(1_000_000 - 65_536);
    expect(m.get(999_999)).toBe(999_999);
  });
});

describe('NetworkCache', () => {
  const b = (ip: string): Uint8Array => parseIp(ip)!.bytes;

  it.each([
    { name: 'same network, other host', a: ['192.0.2.1', 24], b: ['192.0.2.200', 24], same: true },
    { name: 'same bits, other prefix', a: ['192.0.2.1', 24], b: ['192.0.2.1', 25], same: false },
    { name: 'other network', a: ['192.0.2.1', 24], b: ['192.0.3.1', 24], same: false },
    { name: 'IPv4 vs IPv6 with the same leading word', a: ['192.0.2.1', 24], b: ['c000:200::', 24], same: false },
    { name: 'IPv6 differing in the last word within the prefix', a: ['2001:db8::1:0:0:1', 128], b: ['2001:db8::1:0:0:2', 128], same: false },
    { name: 'IPv6 differing after the prefix', a: ['2001:db8:0:1::1', 64], b: ['2001:db8:0:1:ffff::', 64], same: true },
    { name: 'prefix 0', a: ['1.2.3.4', 0], b: ['200.1.1.1', 0], same: true },
  ])('$name', ({ a, b: other, same }) => {
    const c = new NetworkCache<string>(4);
    expect(c.get(b(a[0] as string), a[1] as number)).toBeUndefined();
    c.setLast('v');
    expect(c.get(b(a[0] as string), a[1] as number)).toBe('v');
    expect(c.get(b(other[0] as string), other[1] as number)).toBe(same ? 'v' : undefined);
  });

  it('a colliding network overwrites its slot but is never confused with it', () => {
    const c = new NetworkCache<number>(1); // two slots: collisions certain
    for (let i = 0; i < 256; i++) {
      const bytes = Uint8Array.of(10, i, 0, 0);
      if (c.get(bytes, 16) === undefined) c.setLast(i);
      expect(c.get(bytes, 16)).toBe(i);
    }
    for (let i = 0; i < 256; i++) expect([undefined, i]).toContain(c.get(Uint8Array.of(10, i, 0, 0), 16));
  });
});

describe('tree walk on parsed bytes = mmdb-lib, for every record size', () => {
  // Overlapping networks of many lengths (later rows win); formatNetwork masks the host bits.
  const rows: Array<readonly [string, ReturnType<typeof flat>]> = [['0.0.0.0/1', flat('US')]];
  for (let i = 0; i < 300; i++) rows.push([formatNetwork(parseIp(`11.${i % 256}.${(i * 7) % 256}.${(i * 31) % 256}`)!, 16 + (i % 13)), flat(i % 2 ? 'DE' : 'FR')]);
  rows.push(['2a00::/12', flat('NL')], ['2a00:1::/32', flat('GB')]);

  it.each([24, 28, 32] as const)('%i-bit records', (recordSize) => {
    const bytes = buildMmdb(rows, { recordSize });
    const db = geoDatabaseFromBuffer('t', bytes);
    const reader = new Reader<Record<string, unknown>>(bytes);
    const probes = ['1.2.3.4', '11.3.21.9', '11.255.255.255', '200.1.1.1', '2a00::1', '2a00:1:2::3', '2b00::1', '::1'];
    for (let i = 0; i < 2000; i++) probes.push(`11.${i % 256}.${(i * 13) % 256}.${i % 251}`);
    for (const ip of probes) {
      const [rec, prefix] = reader.getWithPrefixLength(ip);
      const network = formatNetwork(parseIp(ip)!, prefix);
      const expected: GeoLookup = rec === null ? { status: 'not_found', network } : { status: 'found', network, facts: factsOf(rec) };
      expect([ip, db.lookup(ip)]).toEqual([ip, expected]);
      expect(db.lookup(ip)).toBe(db.lookup(ip)); // one shared result per network
    }
  });
});
