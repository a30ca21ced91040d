/**
 * Geolocation stage: MMDB writing and reading, special-purpose address classification, and
 * per-address evidence from several databases. Imports only core.
 * @module geo
 */
export { MmdbWriter, MMDB_METADATA_MARKER, type MmdbWriterOptions } from './mmdb-writer.js';
export { MmdbScalar, mmdb, type MmdbValue, type MmdbNumericType } from './mmdb-value.js';
export { parseIp, parseCidr, formatNetwork, type IpBytes, type IpNetwork } from './ip-bytes.js';
export { ipv4RangeToCidrs, ipv6RangeToCidrs } from './ip-range.js';
export { geoDatabaseFromBuffer, type GeoDatabase, type GeoLookup } from './database.js';
export { factsOf, type GeoFacts, type GeoSchema } from './record-facts.js';
export { GeoDatabaseError } from './errors.js';
export { normalizeIp, classifySpecial, type NormalizedIp, type SpecialAddress } from './special.js';
export type { SpecialKind } from './special-table.js';
export {
  geolocate,
  consensusOf,
  Geolocator,
  DEFAULT_MAX_MEMO,
  type GeoAnswer,
  type GeoConsensus,
  type GeoEvidence,
  type CountryVote,
  type GeolocatorStats,
} from './geolocate.js';
