import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  GeoOverridesError,
  Geolocator,
  OVERRIDES_FORMAT,
  classifySpecial,
  geoDatabaseFromBuffer,
  geolocate,
  mergeOverrides,
  parseCidr,
  parseIp,
  parseOverrides,
} from '../../src/geo/index.js';
import { asn, buildMmdb, flat, geoip2 } from '../builders/mmdb.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const file = (overrides: unknown[], extra: Record<string, unknown> = {}): string => JSON.stringify({ format: OVERRIDES_FORMAT, overrides, ...extra });

// Public look-alike ranges (special-purpose space is never looked up).
const gwa = geoDatabaseFromBuffer('gwa', buildMmdb([['11.0.0.0/16', flat('RU')], ['2a00::/16', flat('NL')]], { databaseType: 'country ipvAll' }));
const glite = geoDatabaseFromBuffer('glite', buildMmdb([['11.0.0.0/16', geoip2('CH', 'RU')]], { databaseType: 'GeoLite2-Country' }));
const asnDb = geoDatabaseFromBuffer('asn', buildMmdb([['11.0.0.0/16', asn(64496, 'Example AO')]], { databaseType: 'egress-verify-ASN' }));
const DBS = [gwa, glite, asnDb];

const SET = parseOverrides(file([
  { cidr: '11.0.0.0/16', country: 'DE', note: 'whole /16 contracted in DE' },
  { cidr: '11.0.7.0/24', country: 'GB', note: 'our lab in GB' },
  { cidr: '11.0.7.128/25', asn: 64500, as_org: 'Lab Transit', note: 'operator only' },
  { cidr: '10.20.0.0/16', country: 'GB', note: 'lab behind NAT, in GB' },
  { cidr: '0.0.0.0/0', country: 'US', note: 'catch-all (must not reach private space)' },
  { cidr: '2a00:1::/32', country: 'FR', note: 'v6 site' },
]), 'lab.json');

describe('parseOverrides', () => {
  it('reads the shipped example (documentation ranges only)', () => {
    const text = readFileSync(resolve(ROOT, 'geodata/jurisdictions/overrides.example.json'), 'utf8');
    const set = parseOverrides(text, 'overrides.example.json');
    expect(set.size).toBe(4);
    for (const o of set.entries) expect(classifySpecial(parseCidr(o.cidr)!)?.kind).toBe('documentation');
    expect(set.entries[3]).toEqual({ cidr: '2001:db8:1000::/36', country: 'NL', note: "IPv6 of the lab's Amsterdam site", source: 'overrides.example.json' });
  });

  it('canonicalises the CIDR and keeps the source', () => {
    const set = parseOverrides(file([{ cidr: '2001:DB8:0:0::/48', asn: 0, note: 'n' }]), 'x');
    expect(set.entries).toEqual([{ cidr: '2001:db8::/48', asn: 0, note: 'n', source: 'x' }]);
  });

  it.each([
    { name: 'not JSON', text: '{', index: undefined, message: /^f\.json: not JSON/ },
    { name: 'an array', text: '[]', index: undefined, message: /must be a JSON object/ },
    { name: 'wrong format', text: JSON.stringify({ format: 'x', overrides: [] }), index: undefined, message: /"format" must be "egress-verify-geo-overrides\/1"/ },
    { name: 'unknown top-level member', text: file([], { overides: [] }), index: undefined, message: /unknown member "overides"/ },
    { name: 'overrides not an array', text: JSON.stringify({ format: OVERRIDES_FORMAT, overrides: {} }), index: undefined, message: /"overrides" must be an array/ },
    { name: 'entry not an object', text: file(['192.0.2.0/24']), index: 0, message: /^f\.json: overrides\[0\]: must be an object/ },
    { name: 'typo in a field', text: file([{ cidr: '192.0.2.0/24', contry: 'GB', note: 'n' }]), index: 0, message: /unknown field "contry"/ },
    { name: 'missing cidr', text: file([{ country: 'GB', note: 'n' }]), index: 0, message: /cidr undefined is not an IPv4 or IPv6 network/ },
    { name: 'address without prefix', text: file([{ cidr: '192.0.2.1', country: 'GB', note: 'n' }]), index: 0, message: /cidr "192.0.2.1" is not/ },
    { name: 'prefix too long', text: file([{ cidr: '192.0.2.0/33', country: 'GB', note: 'n' }]), index: 0, message: /is not an IPv4 or IPv6 network/ },
    { name: 'leading zero', text: file([{ cidr: '192.0.02.0/24', country: 'GB', note: 'n' }]), index: 0, message: /is not an IPv4 or IPv6 network/ },
    { name: 'host bits set', text: file([{ cidr: '192.0.2.5/24', country: 'GB', note: 'n' }]), index: 0, message: /host bits set \(the network is 192\.0\.2\.0\/24\)/ },
    { name: 'IPv6 host bits set', text: file([{ cidr: '2001:db8::1/32', country: 'GB', note: 'n' }]), index: 0, message: /the network is 2001:db8::\/32/ },
    { name: 'zone id', text: file([{ cidr: 'fe80::1%eth0/64', country: 'GB', note: 'n' }]), index: 0, message: /no zone id/ },
    { name: 'IPv4-mapped', text: file([{ cidr: '::ffff:192.0.2.0/120', country: 'GB', note: 'n' }]), index: 0, message: /IPv4-mapped: write the IPv4 network/ },
    { name: 'lower-case country', text: file([{ cidr: '192.0.2.0/24', country: 'gb', note: 'n' }]), index: 0, message: /country "gb" must be an ISO 3166-1 alpha-2 code in upper case \("GB"\)/ },
    { name: 'alpha-3 country', text: file([{ cidr: '192.0.2.0/24', country: 'GBR', note: 'n' }]), index: 0, message: /country "GBR"/ },
    { name: 'asn as text', text: file([{ cidr: '192.0.2.0/24', asn: 'AS64500', note: 'n' }]), index: 0, message: /asn "AS64500" must be an integer/ },
    { name: 'asn too large', text: file([{ cidr: '192.0.2.0/24', asn: 2 ** 32, note: 'n' }]), index: 0, message: /asn 4294967296/ },
    { name: 'empty as_org', text: file([{ cidr: '192.0.2.0/24', as_org: ' ', note: 'n' }]), index: 0, message: /as_org must be a non-empty line/ },
    { name: 'missing note', text: file([{ cidr: '192.0.2.0/24', country: 'GB' }]), index: 0, message: /note must be a non-empty line/ },
    { name: 'note with a control character', text: file([{ cidr: '192.0.2.0/24', country: 'GB', note: 'a\u001b[31m' }]), index: 0, message: /note must be/ },
    { name: 'neither country nor operator', text: file([{ cidr: '192.0.2.0/24', note: 'n' }]), index: 0, message: /names neither a country nor an operator/ },
    { name: 'duplicate network (after canonicalisation)', text: file([{ cidr: '2001:db8::/32', country: 'NL', note: 'a' }, { cidr: '2001:DB8::/32', country: 'DE', note: 'b' }]), index: 1, message: /overrides\[1\]: cidr 2001:db8::\/32 is already overridden by overrides\[0\]/ },
  ])('rejects $name (E_GEO_OVERRIDES, entry $index)', ({ text, index, message }) => {
    let err: unknown;
    try {
      parseOverrides(text, 'f.json');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GeoOverridesError);
    const e = err as GeoOverridesError;
    expect({ code: e.code, source: e.source, index: e.index }).toEqual({ code: 'E_GEO_OVERRIDES', source: 'f.json', index });
    expect(e.message).toMatch(message);
  });

  it('merges files, refusing a network overridden in two of them', () => {
    const a = parseOverrides(file([{ cidr: '192.0.2.0/24', country: 'GB', note: 'a' }]), 'a.json');
    const b = parseOverrides(file([{ cidr: '198.51.100.0/24', country: 'DE', note: 'b' }]), 'b.json');
    expect(mergeOverrides([a, b]).entries.map((o) => o.source)).toEqual(['a.json', 'b.json']);
    expect(() => mergeOverrides([a, b, a])).toThrow(/a\.json: overrides\[0\]: cidr 192\.0\.2\.0\/24 is also overridden in a\.json/);
  });
});

describe('overrides in the evidence', () => {
  it.each([
    { name: 'most specific wins (/24 inside /16)', ip: '11.0.7.1', cidr: '11.0.7.0/24', country: 'GB' },
    { name: 'the /16 elsewhere', ip: '11.0.200.1', cidr: '11.0.0.0/16', country: 'DE' },
    { name: 'operator-only /25 is the most specific: no country', ip: '11.0.7.200', cidr: '11.0.7.128/25', country: undefined },
    { name: 'catch-all for public space', ip: '12.0.0.1', cidr: '0.0.0.0/0', country: 'US' },
    { name: 'IPv6', ip: '2a00:1:2::3', cidr: '2a00:1::/32', country: 'FR' },
    { name: 'private address, override inside special space', ip: '10.20.1.1', cidr: '10.20.0.0/16', country: 'GB' },
    { name: 'mapped address: unmapped first', ip: '::ffff:11.0.7.9', cidr: '11.0.7.0/24', country: 'GB' },
  ])('$name', ({ ip, cidr, country }) => {
    const ev = geolocate(ip, DBS, SET);
    expect(ev.consensus).toEqual({ status: 'override', ...(country === undefined ? {} : { country }), cidr, note: expect.any(String), source: 'lab.json' });
    expect(ev.override).toMatchObject({ cidr, source: 'lab.json' });
  });

  it('keeps every database answer unchanged and moves their consensus to database_consensus', () => {
    const plain = geolocate('11.0.7.1', DBS);
    const ev = geolocate('11.0.7.1', DBS, SET);
    expect(ev.answers).toEqual(plain.answers);
    expect(plain.consensus).toEqual({ status: 'disputed', votes: [{ country: 'CH', dbs: ['glite'] }, { country: 'RU', dbs: ['gwa'] }], dissent: [{ country: 'RU', dbs: ['gwa'] }] });
    expect(ev.database_consensus).toEqual(plain.consensus);
    expect(ev.override).toEqual({ cidr: '11.0.7.0/24', country: 'GB', note: 'our lab in GB', source: 'lab.json' });
    expect(ev.consensus).toEqual({ status: 'override', country: 'GB', cidr: '11.0.7.0/24', note: 'our lab in GB', source: 'lab.json' });
    expect(plain.override).toBeUndefined();
    expect(plain.database_consensus).toBeUndefined();
  });

  it('the operator-only override carries asn and as_org', () => {
    expect(geolocate('11.0.7.200', DBS, SET).override).toEqual({ cidr: '11.0.7.128/25', asn: 64500, as_org: 'Lab Transit', note: 'operator only', source: 'lab.json' });
  });

  it.each([
    { name: 'a broad override does not turn private traffic public', ip: '10.9.9.9' },
    { name: 'nor documentation space', ip: '192.0.2.1' },
    { name: 'nor loopback', ip: '127.0.0.1' },
  ])('special stays special: $name', ({ ip }) => {
    const ev = geolocate(ip, DBS, SET);
    expect(ev.consensus).toEqual({ status: 'unknown', reason: 'special' });
    expect(ev.override).toBeUndefined();
  });

  it('special space is overridden only from inside: 192.0.0.0/24 reaches 192.0.0.8 (/32 row inside the /24)', () => {
    const set = parseOverrides(file([{ cidr: '192.0.0.0/24', country: 'GB', note: 'dslite lab' }]), 's');
    const ev = geolocate('192.0.0.8', DBS, set);
    expect(ev).toMatchObject({ special: { block: '192.0.0.8/32' }, consensus: { status: 'override', country: 'GB' }, database_consensus: { status: 'unknown', reason: 'special' } });
  });

  it('invalid text gets no override', () => {
    expect(geolocate('08.8.8.8', DBS, SET)).toEqual({ ip: '08.8.8.8', anycast: false, answers: [], consensus: { status: 'unknown', reason: 'invalid_address' } });
  });

  it('a NAT64 address takes the override of the IPv4 address inside', () => {
    const ev = geolocate('64:ff9b::b00:701', DBS, SET); // 11.0.7.1
    expect(ev).toMatchObject({ looked_up_as: '11.0.7.1', consensus: { status: 'override', cidr: '11.0.7.0/24' } });
  });

  it('a Geolocator applies its overrides', () => {
    const g = new Geolocator(DBS, { overrides: SET });
    expect(g.geolocate('11.0.7.1').consensus).toMatchObject({ status: 'override', country: 'GB' });
    expect(g.overrides).toBe(SET);
    expect(new Geolocator(DBS).geolocate('11.0.7.1').consensus.status).toBe('disputed');
  });

  it('matches on parsed bytes across prefix lengths', () => {
    expect(SET.match(parseIp('11.0.7.129')!)?.override.cidr).toBe('11.0.7.128/25');
    expect(SET.match(parseIp('2a01::1')!)).toBeUndefined();
  });
});
