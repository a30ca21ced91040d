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

describe('globally reachable special-purpose addresses are public (looked up)', () => {
  const dbs = [
    geoDatabaseFromBuffer('gwa', buildMmdb([['192.31.196.0/24', flat('US')], ['192.175.48.0/24', flat('US')], ['11.0.0.0/16', flat('DE')]], { databaseType: 'country ipvAll' })),
    geoDatabaseFromBuffer('asn', buildMmdb([['192.31.196.0/24', asn(112, 'AS112')], ['11.0.0.0/16', asn(64496, 'Example')]], { databaseType: 'egress-verify-ASN' })),
  ];

  it.each([
    { ip: '192.31.196.1', block: '192.31.196.0/24', consensus: { status: 'agree', country: 'US', dbs: ['gwa'] } },
    { ip: '192.175.48.6', block: '192.175.48.0/24', consensus: { status: 'agree', country: 'US', dbs: ['gwa'] } },
    { ip: '192.0.0.9', block: '192.0.0.9/32', consensus: { status: 'unknown', reason: 'no_data' } },
    { ip: '2001:4:112::1', block: '2001:4:112::/48', consensus: { status: 'unknown', reason: 'no_data' } },
  ])('$ip ($block): looked up, entry kept as information', ({ ip, block, consensus }) => {
    const ev = geolocate(ip, dbs);
    expect(ev.special).toMatchObject({ block, globallyReachable: true, nonPublic: false });
    expect(ev.answers.map((a) => a.db)).toEqual(['gwa', 'asn']);
    expect(ev.consensus).toEqual(consensus);
  });

  it('a NAT64 address (64:ff9b::/96) is looked up as the IPv4 address inside', () => {
    const ev = geolocate('64:ff9b::b00:1', dbs);
    expect(ev).toMatchObject({ ip: '64:ff9b::b00:1', looked_up_as: '11.0.0.1', special: { embeddedIpv4: '11.0.0.1', nonPublic: false }, consensus: { status: 'agree', country: 'DE' } });
    expect(ev.answers.map((a) => a.network)).toEqual(['11.0.0.0/16', '11.0.0.0/16']);
  });

  it.each([
    { ip: '2002:b00:1::1', inner: '11.0.0.1', name: '6to4: the site\'s router (RFC 3056 §2)' },
    { ip: '2001:0:4136:e378:8000:63bf:f4ff:fffe', inner: '11.0.0.1', name: 'Teredo: the client\'s NAT (RFC 4380 §4, bits inverted)' },
  ])('$name is looked up as the IPv4 address traffic is delivered to', ({ ip, inner }) => {
    const ev = geolocate(ip, dbs);
    expect(ev).toMatchObject({ ip, looked_up_as: inner, special: { kind: 'tunnel', deliveredToIpv4: inner, nonPublic: false }, consensus: { status: 'agree', country: 'DE' } });
    expect(ev.answers.map((a) => a.network)).toEqual(['11.0.0.0/16', '11.0.0.0/16']);
  });

  it.each([
    { ip: '64:ff9b::a00:1', name: 'NAT64 of a private address' },
    { ip: '64:ff9b:1::b00:1', name: 'local-use NAT64 prefix (RFC 8215)' },
    { ip: '2002:a00:1::1', name: '6to4 of a private router' },
    { ip: '2001:0:4136:e378:8000:63bf:3fff:fdd2', name: 'Teredo client behind a documentation address' },
    { ip: '192.88.99.2', name: '6a44 relay anycast (not globally reachable)' },
  ])('$name stays non-public: $ip', ({ ip }) => {
    const ev = geolocate(ip, dbs);
    expect(ev.consensus).toEqual({ status: 'unknown', reason: 'special' });
    expect(ev.answers).toEqual([]);
    expect(ev.looked_up_as).toBeUndefined();
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

  it('shares one answer object per database network, and the agree consensus', () => {
    const g = new Geolocator(DBS);
    const a = g.geolocate('11.0.1.1');
    const b = g.geolocate('11.0.1.2');
    expect(b).not.toBe(a);
    expect(b.answers).toEqual(a.answers);
    b.answers.forEach((x, i) => expect(x).toBe(a.answers[i]));
    expect(b.consensus).toBe(a.consensus);
    expect(geolocate('11.0.1.3', DBS).answers[0]).toBe(a.answers[0]); // the free function shares them too
  });
});
