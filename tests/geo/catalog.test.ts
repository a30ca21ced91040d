import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { STALE_AFTER_DAYS, describeDatabase, geoDatabaseFromBuffer, staleness } from '../../src/geo/index.js';
import { FIXTURES, FIXTURE_EPOCH, asn, buildMmdb, flat } from '../builders/mmdb.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PKG = resolve(ROOT, 'node_modules/@ip-location-db');
const DAY = 86_400_000;
const at = (days: number): number => FIXTURE_EPOCH * 1000 + days * DAY;

describe('describeDatabase', () => {
  it('unknown user database: its own metadata description, no attribution', () => {
    const db = geoDatabaseFromBuffer('mine', buildMmdb(FIXTURES.flat, { databaseType: 'Acme-Country', languages: ['de', 'en'], description: { de: 'Länder', en: 'Countries' } }));
    expect(describeDatabase(db, { source: '/data/acme.mmdb' })).toEqual({
      id: 'mine', type: 'Acme-Country', build_date: '2026-06-17', sha256: db.sha256, ip_versions: [4, 6],
      description: 'Countries', attribution: null, licence: null, source: '/data/acme.mmdb',
    });
  });

  it.each([
    { type: 'GeoLite2-City', attribution: /^This product includes GeoLite2 data created by MaxMind, available from https:\/\/www\.maxmind\.com\.$/, licence: /GeoLite2 End User License Agreement/ },
    { type: 'GeoIP2-Enterprise', attribution: null, licence: /MaxMind agreement/ },
    { type: 'DBIP-Country-Lite', attribution: /^IP Geolocation by DB-IP \(https:\/\/db-ip\.com\), licensed under CC BY 4\.0/, licence: /CC BY 4\.0/ },
    { type: 'egress-verify-ASN', attribution: /RouteViews.*DB-IP ASN Lite \(IP Geolocation by DB-IP, https:\/\/db-ip\.com\).*NRO.*CC BY 4\.0.*converted to MMDB/, licence: /changed: CSV ranges converted/ },
  ])('known by database_type: $type', ({ type, attribution, licence }) => {
    const r = describeDatabase(geoDatabaseFromBuffer('x', buildMmdb(FIXTURES.asn, { databaseType: type })));
    if (attribution === null) expect(r.attribution).toBeNull();
    else expect(r.attribution).toMatch(attribution);
    expect(r.licence).toMatch(licence);
    expect(r.source).toBeNull();
  });

  it.each([
    { name: 'IPv4 tree', opts: { ipVersion: 4 as const }, rows: FIXTURES.flat.filter(([n]) => !n.includes(':')), expected: [4] },
    { name: 'IPv6 tree, IPv4 data only', opts: {}, rows: FIXTURES.flat.filter(([n]) => !n.includes(':')), expected: [4] },
    { name: 'IPv6 tree, IPv4 data only, with ::ffff and 2002:: aliases', opts: { aliasIpv4: true }, rows: FIXTURES.flat.filter(([n]) => !n.includes(':')), expected: [4] },
    { name: 'IPv6 tree, IPv6 data only', opts: {}, rows: [['2001:db8::/32', flat('NL')]] as const, expected: [6] },
    { name: 'both', opts: {}, rows: FIXTURES.flat, expected: [4, 6] },
    { name: 'both, with aliases', opts: { aliasIpv4: true }, rows: FIXTURES.flat, expected: [4, 6] },
    { name: 'empty IPv6 tree', opts: {}, rows: [] as const, expected: [] },
  ])('ip_versions from the search tree: $name', ({ opts, rows, expected }) => {
    expect(describeDatabase(geoDatabaseFromBuffer('t', buildMmdb(rows, opts))).ip_versions).toEqual(expected);
  });

  it('a hand-made GeoDatabase without ipVersions falls back to its ip_version', () => {
    const real = geoDatabaseFromBuffer('t', buildMmdb([['192.0.2.0/24', asn(1, 'x')]], { ipVersion: 4 }));
    const { ipVersions: _, ...fake } = real;
    expect(describeDatabase(fake).ip_versions).toEqual([4]);
  });
});

describe.skipIf(!existsSync(PKG))('describeDatabase: the embedded databases', () => {
  it.each([
    { file: 'geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb', versions: [4, 6], attribution: /^Contains Number Resource Organization \(NRO\) data, licensed under CC BY 4\.0 \(https:\/\/www\.nro\.net, https:\/\/creativecommons\.org\/licenses\/by\/4\.0\/\)/, source: /geo-whois-asn-country-mmdb@2\.3\.2026061719 geo-whois-asn-country\.mmdb$/ },
    { file: 'geo-whois-asn-country-mmdb/geo-whois-asn-country-ipv6.mmdb', versions: [6], attribution: /^Contains Number Resource Organization/, source: /-ipv6\.mmdb$/ },
    { file: 'dbip-country-mmdb/dbip-country.mmdb', versions: [4, 6], attribution: /^IP Geolocation by DB-IP \(https:\/\/db-ip\.com\), licensed under CC BY 4\.0 \(https:\/\/creativecommons\.org\/licenses\/by\/4\.0\/\)\.$/, source: /dbip-country-mmdb@2\.3\.2026060120 dbip-country\.mmdb$/ },
    { file: 'dbip-country-mmdb/dbip-country-ipv4.mmdb', versions: [4], attribution: /^IP Geolocation by DB-IP/, source: /-ipv4\.mmdb$/ },
  ])('$file: recognised by sha256 (pinned package)', ({ file, versions, attribution, source }) => {
    const bytes = readFileSync(resolve(PKG, file));
    const r = describeDatabase(geoDatabaseFromBuffer('e', bytes), { source: '/ignored' });
    expect(r.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(r.ip_versions).toEqual(versions);
    expect(r.attribution).toMatch(attribution);
    expect(r.source).toMatch(source);
    expect(r.description.length).toBeGreaterThan(20);
  });
});

describe('staleness at the capture date', () => {
  const db = { buildEpoch: FIXTURE_EPOCH };
  it.each([
    { name: 'captured the day it was built', capture: at(0), expected: { age_days: 0, stale: false, built_after_capture: false } },
    { name: '90 days: not yet stale', capture: at(90) + DAY - 1, expected: { age_days: 90, stale: false, built_after_capture: false } },
    { name: '91 days: stale', capture: at(91), expected: { age_days: 91, stale: true, built_after_capture: false } },
    { name: 'a 2026-06-17 build captured on 2026-11-28 (164 days)', capture: Date.UTC(2026, 10, 28), expected: { age_days: 164, stale: true, built_after_capture: false } },
    { name: 'built an hour after the capture', capture: at(0) - 3_600_000, expected: { age_days: 0, stale: false, built_after_capture: true } },
    { name: 'built 400 days after the capture', capture: at(-400), expected: { age_days: -400, stale: false, built_after_capture: true } },
  ])('$name', ({ capture, expected }) => {
    expect(staleness(db, capture)).toEqual({ ...expected, max_age_days: STALE_AFTER_DAYS });
  });

  it('takes another limit (e.g. 30 days for GeoLite2)', () => {
    expect(staleness(db, at(31), 30)).toEqual({ age_days: 31, stale: true, built_after_capture: false, max_age_days: 30 });
  });
});
