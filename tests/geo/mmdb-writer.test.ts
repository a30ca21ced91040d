import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Reader } from 'maxmind';
import { describe, expect, it } from 'vitest';
import { mmdb, type MmdbValue } from '../../src/geo/index.js';
import { FIXTURES, FIXTURE_EPOCH, buildMmdb } from '../builders/mmdb.js';
import { HAVE_MMDBLOOKUP, leavesOf, mmdblookupLeaves } from './mmdb-lookup-cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'geo-mmdb-'));
const SCHEMAS = Object.entries(FIXTURES) as Array<[string, ReadonlyArray<readonly [string, MmdbValue]>]>;
/** Probe addresses: inside, at the edges of and outside every fixture network. */
const PROBES = [
  '192.0.2.0', '192.0.2.255', '192.0.2.77', '198.51.100.0', '198.51.100.127', '198.51.100.128',
  '198.51.100.255', '203.0.113.9', '203.0.114.1', '192.0.3.0', '8.8.8.8', '0.0.0.0', '255.255.255.255',
  '2001:db8::1', '2001:db8:8000::1', '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', '2001:db9::', '::1', '::',
];

function expectedFor(rows: ReadonlyArray<readonly [string, MmdbValue]>, ip: string): MmdbValue | null {
  // Later rows win; fixture rows never overlap, so the first containing row is the answer.
  for (const [net, rec] of rows) if (contains(net, ip)) return rec;
  return null;
}

function contains(net: string, ip: string): boolean {
  const [addr = '', pfx = '0'] = net.split('/');
  const toBig = (s: string): { v: bigint; bits: number } => {
    if (s.includes('.')) return { v: s.split('.').reduce((a, p) => (a << 8n) | BigInt(p), 0n), bits: 32 };
    const [h = '', t = ''] = s.split('::');
    const hs = h === '' ? [] : h.split(':');
    const ts = t === '' ? [] : t.split(':');
    const all = [...hs, ...new Array(8 - hs.length - ts.length).fill('0'), ...ts];
    return { v: all.reduce((a, p) => (a << 16n) | BigInt(parseInt(p, 16)), 0n), bits: 128 };
  };
  const a = toBig(addr);
  const b = toBig(ip);
  if (a.bits !== b.bits) return false;
  const shift = BigInt(a.bits - Number(pfx));
  return a.v >> shift === b.v >> shift;
}

describe('mmdb writer: fixtures read back by maxmind', () => {
  it.each(SCHEMAS.flatMap(([name, rows]) => ([4, 6] as const).map((v) => ({ name, rows, v }))))(
    '$name schema, ip_version $v',
    ({ rows, v }) => {
      const usable = v === 4 ? rows.filter(([n]) => !n.includes(':')) : rows;
      const reader = new Reader(buildMmdb(usable, { ipVersion: v }));
      expect(reader.metadata.ipVersion).toBe(v);
      expect(reader.metadata.buildEpoch.getTime()).toBe(FIXTURE_EPOCH * 1000);
      for (const ip of PROBES.filter((p) => v === 6 || !p.includes(':'))) {
        expect([ip, reader.get(ip)]).toEqual([ip, expectedFor(usable, ip)]);
      }
    },
  );

  it('is byte-identical for the same input, and independent of map key order', () => {
    const a = buildMmdb(FIXTURES.geoip2);
    const b = buildMmdb(FIXTURES.geoip2);
    const c = buildMmdb(FIXTURES.geoip2.map(([n, r]) => [n, Object.fromEntries(Object.entries(r as object).reverse())] as const));
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(true);
  });

  it('shares identical records: 1000 networks with one record cost one record', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => [`10.${i >> 8}.${i & 255}.0/24`, { country_code: 'RU' }] as const);
    const one = buildMmdb(rows.slice(0, 1), { ipVersion: 4 });
    const many = buildMmdb(rows, { ipVersion: 4 });
    const dataOf = (b: Buffer): number => {
      const r = new Reader(b);
      return b.indexOf(Buffer.from([0xab, 0xcd, 0xef])) - r.metadata.searchTreeSize - 16;
    };
    expect(dataOf(many)).toBe(dataOf(one));
  });

  it('later inserts win over earlier, more or less specific', () => {
    const r = new Reader(buildMmdb([['192.0.2.0/24', { c: 'A' }], ['192.0.2.128/25', { c: 'B' }], ['192.0.2.192/26', { c: 'C' }], ['192.0.2.0/25', { c: 'D' }]], { ipVersion: 4 }));
    expect([r.get('192.0.2.1'), r.get('192.0.2.130'), r.get('192.0.2.200')]).toEqual([{ c: 'D' }, { c: 'B' }, { c: 'C' }]);
    expect(r.getWithPrefixLength('192.0.2.200')[1]).toBe(26);
  });

  it.each([
    { name: 'uint16', v: mmdb.uint16(65535), out: 65535 },
    { name: 'uint32 zero', v: 0, out: 0 },
    { name: 'uint32', v: 4294967295, out: 4294967295 },
    { name: 'int32 negative', v: -2147483648, out: -2147483648 },
    { name: 'int32 typed positive', v: mmdb.int32(7), out: 7 },
    { name: 'uint64', v: mmdb.uint64(2n ** 64n - 1n), out: 2n ** 64n - 1n },
    { name: 'uint128', v: 2n ** 127n + 5n, out: 2n ** 127n + 5n },
    { name: 'double', v: -1.25, out: -1.25 },
    { name: 'float', v: mmdb.float(0.5), out: 0.5 },
    { name: 'booleans', v: [true, false], out: [true, false] },
    { name: 'bytes', v: Uint8Array.of(1, 2, 255), out: Buffer.from([1, 2, 255]) },
    { name: 'long string (size 30 form)', v: 'x'.repeat(70_000), out: 'x'.repeat(70_000) },
    { name: 'string of 29..284 bytes', v: 'ü'.repeat(100), out: 'ü'.repeat(100) },
    { name: 'nested map with shared sub-values', v: { a: { k: 'same' }, b: { k: 'same' }, c: ['same', 'same'] }, out: { a: { k: 'same' }, b: { k: 'same' }, c: ['same', 'same'] } },
  ])('data type $name round-trips', ({ v, out }) => {
    const r = new Reader(buildMmdb([['192.0.2.0/24', { v }]], { ipVersion: 4 }));
    expect(r.get('192.0.2.1')).toEqual({ v: out });
  });

  it.each([
    { name: '24-bit', rows: 10, size: 24 },
    { name: '28-bit (forced)', rows: 10, size: 28 as const },
    { name: '32-bit (forced)', rows: 10, size: 32 as const },
  ])('record size $name reads back', ({ rows, size }) => {
    const data = Array.from({ length: rows }, (_, i) => [`192.0.2.${i * 16}/28`, { n: i }] as const);
    const r = new Reader(buildMmdb(data, { ipVersion: 4, recordSize: size as 24 | 28 | 32 }));
    expect(r.metadata.recordSize).toBe(size);
    for (let i = 0; i < rows; i++) expect(r.get(`192.0.2.${i * 16 + 3}`)).toEqual({ n: i });
  });

  it('chooses 28-bit records when 24 bits cannot address the data (pointers past 2^24)', () => {
    const big = 'y'.repeat(60_000);
    const data = Array.from({ length: 300 }, (_, i) => [`10.0.${i >> 2}.${(i & 3) * 64}/26`, { s: big + i }] as const);
    const buf = buildMmdb(data, { ipVersion: 4 });
    const r = new Reader(buf);
    expect(r.metadata.recordSize).toBe(28);
    expect(r.get('10.0.74.200')).toEqual({ s: big + 299 });
    expect(r.get('10.0.0.1')).toEqual({ s: big + 0 });
  });

  it('aliases ::ffff:0:0/96 and 2002::/16 to the IPv4 subtree when asked', () => {
    const r = new Reader(buildMmdb(FIXTURES.flat, { aliasIpv4: true }));
    expect(r.get('::ffff:192.0.2.1')).toEqual({ country_code: 'CH' });
    expect(r.get('2002:cb00:7101::1')).toEqual({ country_code: 'RU' });
    const plain = new Reader(buildMmdb(FIXTURES.flat));
    expect(plain.get('::ffff:192.0.2.1')).toBeNull();
  });

  it.each([
    { name: 'malformed network', net: '192.0.2.1/24' },
    { name: 'not a network', net: 'nope' },
  ])('rejects $name', ({ net }) => {
    expect(() => buildMmdb([[net, {}]])).toThrow(RangeError);
  });
});

describe.skipIf(!HAVE_MMDBLOOKUP)('mmdb writer: fixtures read back by mmdblookup (libmaxminddb)', () => {
  it.each(SCHEMAS.flatMap(([name, rows]) => ([4, 6] as const).map((v) => ({ name, rows, v }))))(
    '$name schema, ip_version $v: same leaves as maxmind',
    ({ name, rows, v }) => {
      const usable = v === 4 ? rows.filter(([n]) => !n.includes(':')) : rows;
      const file = join(tmp, `${name}-${v}.mmdb`);
      const buf = buildMmdb(usable, { ipVersion: v });
      writeFileSync(file, buf);
      const reader = new Reader(buf);
      for (const ip of PROBES.filter((p) => v === 6 || !p.includes(':'))) {
        const rec = reader.get(ip);
        expect([ip, mmdblookupLeaves(file, ip)]).toEqual([ip, rec === null ? null : leavesOf(rec)]);
      }
    },
  );

  it('typed leaves match (every data type)', () => {
    const file = join(tmp, 'types.mmdb');
    writeFileSync(file, buildMmdb([['192.0.2.0/24', { a: [1, -5, 1.5, true, false, 2n ** 70n, mmdb.uint16(300), mmdb.float(1.5), mmdb.uint64(9n), 'é'] }]]));
    expect(mmdblookupLeaves(file, '192.0.2.9')).toEqual([
      '1 <uint32>', '-5 <int32>', '1.500000 <double>', 'true <boolean>', 'false <boolean>',
      '0x00000000000000400000000000000000 <uint128>', '300 <uint16>', '1.500000 <float>', '9 <uint64>', '"é" <utf8_string>',
    ]);
  });
});
