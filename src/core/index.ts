/**
 * Shared vocabulary. Imports nothing from other src/ folders.
 * @module core
 */
export type { Frame, LinkType, TsParts } from './frame.js';
export { NS_PER_SEC, tsAfter, tsApprox, tsOfParts, tsParts } from './frame.js';
export { EgressVerifyError, CaptureFormatError, InputOpenError, SpoolError, UsageError } from './errors.js';
export { DEFAULT_LIMITS, withLimits, type Limits } from './limits.js';
export { AnomalyLog, type Anomaly, type AnomalyCode, type AnomalyRow } from './anomaly.js';
export { readU16BE, readU16LE, readU32BE, readU32LE, hex } from './bytes.js';
export { formatIpv4, formatIpv6, compareIp, ipSortKey, type IpAddr } from './ip.js';
export { formatMac } from './mac.js';
export { ipv6Bytes, parseNat64Prefix, NAT64_PREFIX_LENGTHS } from './nat64-prefix.js';
export { BoundedMap } from './bounded-map.js';
