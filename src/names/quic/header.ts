/**
 * QUIC long headers (RFC 9000 §17.2, §17.2.2; RFC 8999 §5.1 invariants): version, connection
 * IDs, Initial token and Length, enough to find the packet number field and the packet's end in
 * a datagram, plus the cheap probe that picks which UDP flows get a collector. Pure and total.
 * @module names/quic/header
 */
import { readU32BE } from '../../core/index.js';
import type { NamesAnomalyCode } from '../anomalies.js';
import { looksLikeGquicClear } from './gquic.js';
import { readVarint, varintSize } from './varint.js';
import { QUIC_VERSIONS } from './versions.js';
import type { QuicNotMineReason, QuicPacketKind, QuicVersionSpec } from './types.js';

/** Header Form bit: 1 for a long header (RFC 9000 §17.2). */
export const QUIC_LONG_HEADER = 0x80;
/** Fixed Bit (RFC 9000 §17.2); RFC 9287 lets peers grease it later in a connection. */
export const QUIC_FIXED_BIT = 0x40;
/** Connection IDs are at most 20 bytes in QUIC version 1 (RFC 9000 §17.2). */
export const QUIC_MAX_CID_LENGTH = 20;
/** First byte, Version, DCID Length. */
const MIN_LONG_HEADER = 6;

/** Where the parts of one long-header packet are in the datagram. */
export interface LongHeader {
  readonly kind: QuicPacketKind;
  readonly version: number;
  readonly spec: QuicVersionSpec;
  readonly dcidStart: number;
  readonly dcidLength: number;
  /** Start of the packet number field (0 for Retry, which has none). */
  readonly pnOffset: number;
  /** Offset just past the packet (Length-bounded; the datagram's end for Retry). */
  readonly end: number;
}

/** A long header, a datagram that is not QUIC we read, or the first failed check. */
export type LongHeaderResult =
  | { readonly status: 'ok'; readonly header: LongHeader }
  | { readonly status: 'not-mine'; readonly reason: QuicNotMineReason }
  | { readonly status: 'malformed'; readonly code: NamesAnomalyCode; readonly offset: number };

const bad = (code: NamesAnomalyCode, offset: number): LongHeaderResult => ({ status: 'malformed', code, offset });

/**
 * Reads the long header of the packet starting at `off` in datagram `d` (the caller checked the
 * Header Form bit). Version Negotiation (version 0) and versions not in `QUIC_VERSIONS` are
 * `not-mine`: their layout past the connection IDs is unknown.
 */
export function readLongHeader(d: Uint8Array, off: number): LongHeaderResult {
  const n = d.length;
  if (n - off < MIN_LONG_HEADER) return bad('names.quic.trunc_header', off);
  const version = readU32BE(d, off + 1);
  if (version === 0) return { status: 'not-mine', reason: 'version-negotiation' };
  const spec = QUIC_VERSIONS.get(version);
  if (spec === undefined) return { status: 'not-mine', reason: 'unknown-version' };
  const dcidLength = d[off + 5]!;
  if (dcidLength > QUIC_MAX_CID_LENGTH) return bad('names.quic.dcid_too_long', off + 5);
  let p = off + MIN_LONG_HEADER + dcidLength;
  if (p >= n) return bad('names.quic.trunc_header', off);
  const scidLength = d[p]!;
  if (scidLength > QUIC_MAX_CID_LENGTH) return bad('names.quic.scid_too_long', p);
  p += 1 + scidLength;
  const kind = spec.packetTypes[(d[off]! >>> 4) & 0x03]!;
  const base = { kind, version, spec, dcidStart: off + MIN_LONG_HEADER, dcidLength };
  if (kind === 'retry') return p > n ? bad('names.quic.trunc_header', off) : { status: 'ok', header: { ...base, pnOffset: 0, end: n } };
  if (kind === 'initial') {
    // RFC 9000 §17.2.2: Token Length (i), Token (..).
    const tokenLength = readVarint(d, p, n);
    if (tokenLength < 0) return bad('names.quic.trunc_header', off);
    p += varintSize(d[p]!);
    if (tokenLength > n - p) return bad('names.quic.bad_token_length', p);
    p += tokenLength;
  }
  const length = readVarint(d, p, n);
  if (length < 0) return bad('names.quic.trunc_header', off);
  const lengthAt = p;
  p += varintSize(d[p]!);
  if (length > n - p) return bad('names.quic.bad_length', lengthAt);
  return { status: 'ok', header: { ...base, pnOffset: p, end: p + length } };
}

/**
 * Cheap first-datagram probe, no allocation: a long header with the Fixed Bit, a version in
 * `QUIC_VERSIONS` whose type bits say Initial (or 0-RTT, which only clients send and which can
 * overtake the Initial) and a Destination Connection ID of at most 20 bytes; or a cleartext
 * Google QUIC client packet (`looksLikeGquicClear`). Decides which UDP flows get a
 * `QuicClientHelloCollector`.
 */
export function looksLikeQuicInitial(d: Uint8Array): boolean {
  if (d.length < MIN_LONG_HEADER + 1) return false;
  const first = d[0]!;
  if ((first & (QUIC_LONG_HEADER | QUIC_FIXED_BIT)) !== (QUIC_LONG_HEADER | QUIC_FIXED_BIT)) return looksLikeGquicClear(d);
  const spec = QUIC_VERSIONS.get(readU32BE(d, 1));
  if (spec === undefined) return looksLikeGquicClear(d);
  const kind = spec.packetTypes[(first >>> 4) & 0x03];
  return (kind === 'initial' || kind === 'zero-rtt') && d[5]! <= QUIC_MAX_CID_LENGTH;
}
