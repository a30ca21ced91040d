/**
 * Reading the facts the tool needs out of a decoded MMDB record, whatever its schema:
 * GeoIP2/GeoLite2 (country.iso_code, registered_country, represented_country, traits),
 * ip-location-db and IPinfo flat records (country_code, asn "AS123", as_name), and ASN records
 * (autonomous_system_number/_organization).
 * @module geo/record-facts
 */

/** Record schemas the geo stage recognises. */
export type GeoSchema = 'geoip2' | 'flat-country' | 'asn' | 'ipinfo' | 'unknown';

/** Normalised facts from one record; absent fields were not in the record. */
export interface GeoFacts {
  readonly country?: string;
  readonly registeredCountry?: string;
  readonly representedCountry?: string;
  readonly isAnycast?: boolean;
  readonly asn?: number;
  readonly asOrg?: string;
}

type Rec = Readonly<Record<string, unknown>>;

const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const iso = (v: unknown): string | undefined => (isRec(v) ? str(v['iso_code']) : undefined);

function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  if (typeof v === 'string') {
    const m = /^(?:AS)?(\d{1,10})$/i.exec(v);
    if (m !== null) return Number(m[1]);
  }
  return undefined;
}

/** Facts of one decoded record. */
export function factsOf(record: unknown): GeoFacts {
  if (!isRec(record)) return {};
  const traits = isRec(record['traits']) ? record['traits'] : {};
  const out: {
    country?: string; registeredCountry?: string; representedCountry?: string;
    isAnycast?: boolean; asn?: number; asOrg?: string;
  } = {};
  const country = iso(record['country']) ?? str(record['country_code']);
  if (country !== undefined) out.country = country.toUpperCase();
  const reg = iso(record['registered_country']);
  if (reg !== undefined) out.registeredCountry = reg.toUpperCase();
  const rep = iso(record['represented_country']);
  if (rep !== undefined) out.representedCountry = rep.toUpperCase();
  const anycast = traits['is_anycast'] ?? record['is_anycast'];
  if (typeof anycast === 'boolean') out.isAnycast = anycast;
  const asn = asNumber(record['autonomous_system_number'] ?? traits['autonomous_system_number'] ?? record['asn']);
  if (asn !== undefined) out.asn = asn;
  const org = str(record['autonomous_system_organization'] ?? traits['autonomous_system_organization'] ?? record['as_name']);
  if (org !== undefined) out.asOrg = org;
  return out;
}

/** Schema from the record's shape; `undefined` when the shape says nothing. */
export function schemaOfRecord(record: unknown): GeoSchema | undefined {
  if (!isRec(record)) return undefined;
  if ('as_name' in record || ('asn' in record && 'country_code' in record)) return 'ipinfo';
  if ('autonomous_system_number' in record) return 'asn';
  if (isRec(record['country']) || isRec(record['registered_country'])) return 'geoip2';
  if (typeof record['country_code'] === 'string') return 'flat-country';
  return undefined;
}

/** Schema from `database_type` alone; `undefined` when the name says nothing. */
export function schemaOfType(databaseType: string): GeoSchema | undefined {
  if (/ipinfo/i.test(databaseType)) return 'ipinfo';
  if (/\bASN\b|-ASN|ASN-|\bISP\b/i.test(databaseType)) return 'asn';
  if (/^(GeoIP2|GeoLite2|DBIP|GeoIP)-(Country|City|Enterprise)/i.test(databaseType)) return 'geoip2';
  return undefined;
}
