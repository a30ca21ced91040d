/**
 * Geolocation stage: MMDB writing and reading, special-purpose address classification,
 * per-address evidence from several databases, CIDR overrides, and the databases' report entries
 * (attribution, staleness). Imports only core (and maxmind, ip-cidr).
 * @module geo
 */
export { MmdbWriter, MMDB_METADATA_MARKER, type MmdbWriterOptions } from './mmdb-writer.js';
export { MmdbScalar, mmdb, type MmdbValue, type MmdbNumericType } from './mmdb-value.js';
export { parseIp, parseCidr, formatNetwork, type IpBytes, type IpNetwork } from './ip-bytes.js';
export { ipv4RangeToCidrs, ipv6RangeToCidrs } from './ip-range.js';
export { geoDatabaseFromBuffer, type GeoDatabase, type GeoLookup } from './database.js';
export { factsOf, type GeoFacts, type GeoSchema } from './record-facts.js';
export { GeoDatabaseError, GeoOverridesError } from './errors.js';
export { normalizeIp, classifySpecial, widestSpecialPrefix, type NormalizedIp, type SpecialAddress } from './special.js';
export type { SpecialKind } from './special-table.js';
export {
  geolocate,
  consensusOf,
  unresolvedNameEvidence,
  Geolocator,
  DEFAULT_MAX_MEMO,
  type GeoAnswer,
  type GeoConsensus,
  type GeoDatabaseConsensus,
  type GeoEvidence,
  type CountryVote,
  type GeolocatorStats,
  type GeolocatorOptions,
} from './geolocate.js';
export {
  parseOverrides,
  mergeOverrides,
  GeoOverrides,
  OVERRIDES_FORMAT,
  MAX_OVERRIDES,
  type GeoOverride,
  type GeoOverrideConsensus,
  type OverrideMatch,
} from './overrides.js';
export {
  describeDatabase,
  staleness,
  STALE_AFTER_DAYS,
  type GeoDatabaseReport,
  type GeoStaleness,
} from './catalog.js';
