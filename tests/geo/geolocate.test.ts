import { describe, expect, it } from 'vitest';
import { Geolocator, geoDatabaseFromBuffer, geolocate, type GeoConsensus } from '../../src/geo/index.js';
import { FIXTURES, asn, buildMmdb, flat, geoip2 } from '../builders/mmdb.js';

// Three location databases that disagree on purpose, plus an ASN database.
const glite = geoDatabaseFromBuffer('glite', buildMmdb(FIXTURES.geoip2, { databaseType: 'GeoLite2-City' }));
const gwa = geoDatabaseFromBuffer('gwa', buildMmdb(FIXTURES.flat, { databaseType: 'country ipvAll' }));
const dbip4 = geoDatabaseFromBuffer('dbip4', buildMmdb([['192.0.2.0/24', flat('RU')], ['198.51.100.0/24', flat('DE')], ['203.0.113.0/24', flat('RU')]], { ipVersion: 4 }));
const asnDb = geoDatabaseFromBuffer('asn', buildMmdb(FIXTURES.asn, { databaseType: 'egress-verify-ASN' }));
const ALL = [glite, gwa, dbip4, asnDb];

// Fixture addresses are documentation space, which `geolocate` refuses to look up; these tests
// therefore use databases built for public look-alike ranges.
const PUB = {
  glite: geoDatabaseFromBuffer('glite', buildMmdb([
    ['11.0.0.0/24', geoip2('RU', 'CH')], ['11.0.1.0/24', geoip2('DE', 'US')], ['11.0.2.0/24', geoip2(undefined, 'AU', true)],
    ['11.0.3.0/24', geoip2('RU', 'RU')], ['2a00::/16', geoip2('NL', 'VG')],
  ], { databaseType: 'GeoLite2-City' })),
  gwa: geoDatabaseFromBuffer('gwa', buildMmdb([['11.0.0.0/24', flat('CH')], ['11.0.1.0/24', flat('DE')], ['11.0.3.0/24', flat('RU')], ['2a00::/16', flat('NL')]], { databaseType: 'country ipvAll' })),
  dbip4: geoDatabaseFromBuffer('dbip4', buildMmdb([['11.0.0.0/24', flat('RU')], ['11.0.1.0/24', flat('DE')], ['11.0.3.0/24', flat('RU')]], { ipVersion: 4 })),
  asn: geoDatabaseFromBuffer('asn', buildMmdb([['11.0.0.0/16', asn(64496, 'Example Lab AO')], ['2a00::/16', asn(64498, 'Example v6')]], { databaseType: 'egress-verify-ASN' })),
};
const DBS = [PUB.glite, PUB.gwa, PUB.dbip4, PUB.asn];

describe('geolocate', () => {
  it.each<{ name: string; ip: string; consensus: GeoConsensus }>([
    { name: 'disputed: RU vs CH, with the dissent', ip: '11.0.0.1', consensus: { status: 'disputed', votes: [{ country: 'RU', dbs: ['glite', 'dbip4'] }, { country: 'CH', dbs: ['gwa'] }], dissent: [{ country: 'CH', dbs: ['gwa'] }] } },
    { name: 'agree', ip: '11.0.1.1', consensus: { status: 'agree', country: 'DE', dbs: ['glite', 'gwa', 'dbip4'] } },
    { name: 'anycast with no country anywhere: unknown', ip: '11.0.2.1', consensus: { status: 'unknown', reason: 'anycast' } },
    { name: 'no data anywhere: unknown, never allowed', ip: '12.0.0.1', consensus: { status: 'unknown', reason: 'no_data' } },
    { name: 'IPv6: the IPv4-only database abstains', ip: '2a00:1::1', consensus: { status: 'agree', country: 'NL', dbs: ['glite', 'gwa'] } },
    { name: 'mapped address unmapped first', ip: '::ffff:11.0.1.9', consensus: { status: 'agree', country: 'DE', dbs: ['glite', 'gwa', 'dbip4'] } },
    { name: 'private: special, not looked up', ip: '10.0.0.1', consensus: { status: 'unknown', reason: 'special' } },
    { name: 'documentation: special even where a database has data', ip: '192.0.2.1', consensus: { status: 'unknown', reason: 'special' } },
    { name: 'invalid text', ip: '08.8.8.8', consensus: { status: 'unknown', reason: 'invalid_address' } },
  ])('$name', ({ ip, consensus }) => {
    expect(geolocate(ip, DBS).consensus).toEqual(consensus);
  });

  it('lists every database answer side by side', () => {
    const ev = geolocate('11.0.0.77', DBS);
    expect(ev.ip).toBe('11.0.0.77');
    expect(ev.answers.map(({ sha256, ...a }) => ({ ...a, sha: sha256.length }))).toEqual([
      { db: 'glite', type: 'GeoLite2-City', build_date: '2026-06-17', status: 'found', network: '11.0.0.0/24', country: 'RU', registered_country: 'CH', sha: 64 },
      { db: 'gwa', type: 'country ipvAll', build_date: '2026-06-17', status: 'found', network: '11.0.0.0/24', country: 'CH', sha: 64 },
      { db: 'dbip4', type: 'Test-DB', build_date: '2026-06-17', status: 'found', network: '11.0.0.0/24', country: 'RU', sha: 64 },
      { db: 'asn', type: 'egress-verify-ASN', build_date: '2026-06-17', status: 'found', network: '11.0.0.0/16', asn: 64496, as_org: 'Example Lab AO', sha: 64 },
    ]);
  });

  it('records the IPv4-only database as "no IPv6 data" and the anycast flag', () => {
    expect(geolocate('2a00::1', DBS).answers.find((a) => a.db === 'dbip4')?.status).toBe('no_ipv6_data');
    const any = geolocate('11.0.2.5', DBS);
    expect(any.anycast).toBe(true);
    expect(any.answers[0]).toMatchObject({ registered_country: 'AU', is_anycast: true });
  });

  it('keeps the special entry and the unmapped input', () => {
    expect(geolocate('::ffff:192.168.0.1', ALL)).toMatchObject({
      ip: '192.168.0.1', unmapped_from: '::ffff:192.168.0.1', answers: [], special: { name: 'Private-Use', rfc: 'RFC 1918' },
    });
  });
});

describe('Geolocator memo', () => {
  it('returns the same evidence object for a repeated address and counts hits', () => {
    const g = new Geolocator(DBS, { maxMemo: 2 });
    const a = g.geolocate('11.0.0.1');
    expect(g.geolocate('11.0.0.1')).toBe(a);
    g.geolocate('11.0.1.1');
    g.geolocate('11.0.3.1'); // evicts 11.0.0.1 (oldest)
    expect(g.geolocate('11.0.0.1')).not.toBe(a);
    expect(g.geolocate('11.0.0.1')).toEqual(a);
    expect(g.stats()).toEqual({ lookups: 6, memoHits: 2, memoSize: 2, memoEvicted: 2 });
  });
});
