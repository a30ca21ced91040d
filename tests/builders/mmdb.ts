/**
 * MMDB fixtures built in code with the project's writer (STYLE rule 10): documentation ranges
 * only (RFC 5737, RFC 3849), in the three schemas the geo stage reads.
 */
import { MmdbWriter, type MmdbValue, type MmdbWriterOptions } from '../../src/geo/index.js';

/** Fixed build time of every fixture: 2026-06-17T00:00:00Z. */
export const FIXTURE_EPOCH = 1_781_654_400;

/** One database from `[network, record]` rows. */
export function buildMmdb(
  rows: ReadonlyArray<readonly [string, MmdbValue]>,
  opts: Partial<MmdbWriterOptions> = {},
): Buffer {
  const w = new MmdbWriter({ ipVersion: 6, databaseType: 'Test-DB', buildEpoch: FIXTURE_EPOCH, ...opts });
  for (const [net, rec] of rows) w.insert(net, rec);
  return w.toBuffer();
}

/** GeoIP2 Country/City shape. */
export const geoip2 = (country: string | undefined, registered: string, anycast = false): MmdbValue => ({
  ...(country === undefined ? {} : { country: { iso_code: country } }),
  registered_country: { iso_code: registered },
  ...(anycast ? { traits: { is_anycast: true } } : {}),
});

/** ip-location-db flat shape. */
export const flat = (cc: string): MmdbValue => ({ country_code: cc });

/** GeoLite2-ASN / project asn.mmdb shape. */
export const asn = (n: number, org: string): MmdbValue => ({ autonomous_system_number: n, autonomous_system_organization: org });

/** Fixture rows per schema (all in TEST-NET-1/2/3 and 2001:db8::/32). */
export const FIXTURES = {
  geoip2: [
    ['192.0.2.0/24', geoip2('RU', 'CH')],
    ['198.51.100.0/25', geoip2('DE', 'US')],
    ['198.51.100.128/25', geoip2(undefined, 'US', true)],
    ['203.0.113.0/24', geoip2('RU', 'RU')],
    ['2001:db8::/32', geoip2('NL', 'VG')],
  ],
  flat: [
    ['192.0.2.0/24', flat('CH')],
    ['198.51.100.0/24', flat('DE')],
    ['203.0.113.0/24', flat('RU')],
    ['2001:db8::/33', flat('NL')],
  ],
  asn: [
    ['192.0.2.0/24', asn(64496, 'Example Lab AO')],
    ['198.51.100.0/24', asn(64497, 'Example GmbH')],
    ['203.0.113.0/24', asn(64496, 'Example Lab AO')],
    ['2001:db8::/32', asn(64498, 'Example v6 Inc.')],
  ],
} as const satisfies Record<string, ReadonlyArray<readonly [string, MmdbValue]>>;
