/**
 * One opened geolocation database (MaxMind DB format, read by `maxmind`/mmdb-lib) with the guards
 * the reader lacks: address validation with `net.isIP`, and no IPv6 lookups in IPv4-only databases
 * (mmdb-lib 3.0.3 silently walks the first 32 bits of the IPv6 address and returns that record).
 * @module geo/database
 */
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { Reader } from 'maxmind';
import { BoundedMap } from '../core/index.js';
import { GeoDatabaseError } from './errors.js';
import type { IpBytes } from './ip-bytes.js';
import { DB_LOOKUPS, DbLookup } from './lookup.js';
import { TreeWalker } from './mmdb-walk.js';
import { schemaOfRecord, schemaOfType, type GeoFacts, type GeoSchema } from './record-facts.js';

/** Outcome of one lookup in one database. */
export type GeoLookup =
  | { readonly status: 'found'; readonly network: string; readonly facts: GeoFacts }
  | { readonly status: 'not_found'; readonly network: string }
  | { readonly status: 'no_ipv6_data' }
  | { readonly status: 'invalid_address' };

/** An opened database: identity for the report plus `lookup`. */
export interface GeoDatabase {
  /** Caller's name for it, e.g. `gwa` or the file name. */
  readonly id: string;
  readonly databaseType: string;
  /** `build_epoch`, seconds since 1970. */
  readonly buildEpoch: number;
  /** Lower-case hex SHA-256 of the bytes as supplied (before any gunzip). */
  readonly sha256: string;
  readonly ipVersion: 4 | 6;
  readonly schema: GeoSchema;
  readonly description: Readonly<Record<string, string>>;
  /** Address families the file has data for (read from its search tree); absent on hand-made fakes. */
  readonly ipVersions?: readonly (4 | 6)[];
  /**
   * Look up an address (text). IPv4-mapped addresses are NOT unmapped here; see `normalizeIp`.
   * `parsed`, when given, must be `parseIp(ip)` (saves parsing it again). Databases opened by
   * `geoDatabaseFromBuffer` return one shared result object per network: treat it as read-only.
   */
  lookup(ip: string, parsed?: IpBytes): GeoLookup;
}

/** Decoded-record cache entries kept per database (mmdb-lib caches by data offset). */
const RECORD_CACHE = 10_000;
/** Largest gunzipped database accepted (GeoIP2 Enterprise is < 1 GiB). */
const MAX_GUNZIPPED = 2 ** 30;
/** Addresses tried to learn the record shape when `database_type` says nothing. */
const SCHEMA_PROBES = [
  '1.1.1.1', '8.8.8.8', '9.9.9.9', '77.88.55.242', '193.0.0.1', '81.2.69.142', '192.0.2.1', '198.51.100.1',
  '203.0.113.1', '2001:4860:4860::8888', '2a02:6b8::2:242', '2001:db8::1',
];

/** Open a database from its bytes (MMDB, or gzip of MMDB detected by magic 1f 8b). */
export function geoDatabaseFromBuffer(id: string, bytes: Uint8Array): GeoDatabase {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  let mmdbBytes = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      mmdbBytes = gunzipSync(bytes, { maxOutputLength: MAX_GUNZIPPED });
    } catch (cause) {
      throw new GeoDatabaseError(id, `${id}: gzip data cannot be unpacked`, { cause });
    }
  }
  let reader: Reader<Record<string, unknown>>;
  try {
    reader = new Reader<Record<string, unknown>>(mmdbBytes, { cache: new BoundedMap<string | number, unknown>(RECORD_CACHE) });
  } catch (cause) {
    throw new GeoDatabaseError(id, `${id}: not a MaxMind DB file`, { cause });
  }
  const meta = reader.metadata;
  if (meta.ipVersion !== 4 && meta.ipVersion !== 6) throw new GeoDatabaseError(id, `${id}: ip_version ${String(meta.ipVersion)}`);
  const ipVersion: 4 | 6 = meta.ipVersion;
  let walker: TreeWalker;
  try {
    walker = new TreeWalker(mmdbBytes, meta);
  } catch (cause) {
    throw new GeoDatabaseError(id, `${id}: record_size ${meta.recordSize} is not 24, 28 or 32`, { cause });
  }
  const lookups = new DbLookup(reader, walker, ipVersion);
  const lookup = (ip: string, parsed?: IpBytes): GeoLookup => lookups.lookup(ip, parsed);
  const db: GeoDatabase = Object.freeze({
    id,
    databaseType: meta.databaseType,
    buildEpoch: Math.round(meta.buildEpoch.getTime() / 1000),
    sha256,
    ipVersion,
    schema: detectSchema(reader, meta.databaseType, ipVersion),
    description: descriptionOf(meta.description as unknown),
    ipVersions: Object.freeze([...walker.ipVersions()]),
    lookup,
  });
  DB_LOOKUPS.set(db, lookups);
  return db;
}

function detectSchema(reader: Reader<Record<string, unknown>>, databaseType: string, ipVersion: 4 | 6): GeoSchema {
  const byType = schemaOfType(databaseType);
  if (byType !== undefined) return byType;
  for (const ip of SCHEMA_PROBES) {
    if (ip.includes(':') && ipVersion === 4) continue;
    const s = schemaOfRecord(reader.get(ip));
    if (s !== undefined) return s;
  }
  return 'unknown';
}

/** mmdb-lib types `description` as a string but returns the language → text map. */
function descriptionOf(d: unknown): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  if (typeof d === 'object' && d !== null) {
    for (const [k, v] of Object.entries(d)) if (typeof v === 'string') out[k] = v;
  }
  return Object.freeze(out);
}
