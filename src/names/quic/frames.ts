/**
 * Frames of a decrypted client Initial packet: CRYPTO data is kept, PADDING, PING, ACK and
 * CONNECTION_CLOSE are stepped over, and any other frame type is an anomaly, since an Initial
 * may carry no other (RFC 9000 §12.4, §17.2.2). Google QUIC Q050 numbers its frames differently.
 * Pure and total; the CRYPTO data is borrowed from the payload.
 * @module names/quic/frames
 */
import type { NamesAnomalyCode } from '../anomalies.js';
import { readVarint, varintOverlong, varintSize } from './varint.js';
import type { QuicCryptoChunk, QuicVersionSpec } from './types.js';

/** PADDING (RFC 9000 §19.1). The frame types below are those an Initial may carry (§12.4, Table 3). */
export const QUIC_FRAME_PADDING = 0x00;
/** PING (RFC 9000 §19.2). */
export const QUIC_FRAME_PING = 0x01;
/** ACK (RFC 9000 §19.3). */
export const QUIC_FRAME_ACK = 0x02;
/** ACK with ECN counts (RFC 9000 §19.3.2). */
export const QUIC_FRAME_ACK_ECN = 0x03;
/** CRYPTO (RFC 9000 §19.6). */
export const QUIC_FRAME_CRYPTO = 0x06;
/** CONNECTION_CLOSE signalling a QUIC-layer error (RFC 9000 §19.19); 0x1d is not allowed in Initials. */
export const QUIC_FRAME_CONNECTION_CLOSE = 0x1c;
/** Google QUIC frame types seen in Q050 Initials: PADDING 0x00 runs to the end, PING 0x07, CRYPTO 0x08. */
const GQUIC_FRAME_PING = 0x07;
const GQUIC_FRAME_CRYPTO = 0x08;

/** The first failed check of a payload's frames, or null when every frame was read. */
export type FramesResult = { readonly code: NamesAnomalyCode; readonly offset: number } | null;

const fail = (code: NamesAnomalyCode, offset: number): FramesResult => ({ code, offset });

/** Steps over `count` varints from `p`; -1 when one does not fit before `end`. */
function skipVarints(b: Uint8Array, p: number, end: number, count: number): number {
  for (let i = 0; i < count; i++) {
    if (p >= end || end - p < varintSize(b[p]!)) return -1;
    p += varintSize(b[p]!);
  }
  return p;
}

/** ACK (RFC 9000 §19.3): Largest, Delay, Range Count, First Range, ranges, ECN counts for 0x03. */
function skipAck(b: Uint8Array, p: number, end: number, ecn: boolean): number {
  const q = skipVarints(b, p, end, 2);
  if (q < 0) return -1;
  const ranges = readVarint(b, q, end);
  // Each further range is at least two bytes: a count the payload cannot hold is truncation.
  if (ranges < 0 || ranges > (end - q) / 2) return -1;
  return skipVarints(b, q + varintSize(b[q]!), end, 1 + 2 * ranges + (ecn ? 3 : 0));
}

/** CONNECTION_CLOSE 0x1c (RFC 9000 §19.19): Error Code, Frame Type, Reason Phrase Length and bytes. */
function skipConnectionClose(b: Uint8Array, p: number, end: number): number {
  const q = skipVarints(b, p, end, 2);
  const len = q < 0 ? -1 : readVarint(b, q, end);
  if (len < 0) return -1;
  const r = q + varintSize(b[q]!);
  return len > end - r ? -1 : r + len;
}

/** CRYPTO (RFC 9000 §19.6): Offset, Length, data; pushes the chunk and returns the next offset. */
function readCrypto(b: Uint8Array, p: number, end: number, out: QuicCryptoChunk[]): number {
  const offset = readVarint(b, p, end);
  if (offset < 0) return -1;
  const q = p + varintSize(b[p]!);
  const len = readVarint(b, q, end);
  if (len < 0) return -1;
  const r = q + varintSize(b[q]!);
  if (len > end - r) return -1;
  out.push({ offset, data: b.subarray(r, r + len) });
  return r + len;
}

/** Reads the frames of an IETF QUIC Initial payload (RFC 9000 §12.4), CRYPTO chunks into `out`. */
function readIetfFrames(b: Uint8Array, out: QuicCryptoChunk[]): FramesResult {
  const end = b.length;
  for (let p = 0; p < end; ) {
    const type = readVarint(b, p, end);
    if (type < 0) return fail('names.quic.trunc_frame', p);
    const size = varintSize(b[p]!);
    // RFC 9000 §12.4: the frame type MUST use the shortest encoding.
    if (varintOverlong(type, size)) return fail('names.quic.bad_varint', p);
    const at = p;
    p += size;
    if (type === QUIC_FRAME_PADDING || type === QUIC_FRAME_PING) continue;
    if (type === QUIC_FRAME_CRYPTO) p = readCrypto(b, p, end, out);
    else if (type === QUIC_FRAME_ACK || type === QUIC_FRAME_ACK_ECN) p = skipAck(b, p, end, type === QUIC_FRAME_ACK_ECN);
    else if (type === QUIC_FRAME_CONNECTION_CLOSE) p = skipConnectionClose(b, p, end);
    else return fail('names.quic.bad_frame', at);
    if (p < 0) return fail('names.quic.trunc_frame', at);
  }
  return null;
}

/** Reads a Google QUIC Q050 Initial payload: CRYPTO 0x08 (varint offset and length), PING, PADDING. */
function readGquicFrames(b: Uint8Array, out: QuicCryptoChunk[]): FramesResult {
  const end = b.length;
  for (let p = 0; p < end; ) {
    const type = b[p]!;
    if (type === QUIC_FRAME_PADDING) return null; // gQUIC PADDING fills the rest of the packet
    if (type === GQUIC_FRAME_PING) {
      p++;
      continue;
    }
    if (type !== GQUIC_FRAME_CRYPTO) return fail('names.quic.bad_frame', p);
    const next = readCrypto(b, p + 1, end, out);
    if (next < 0) return fail('names.quic.trunc_frame', p);
    p = next;
  }
  return null;
}

/**
 * Reads the frames of one decrypted Initial payload with the version's frame numbering and
 * appends each CRYPTO frame's data (BORROWED from `payload`) to `out`.
 */
export function readInitialFrames(payload: Uint8Array, spec: QuicVersionSpec, out: QuicCryptoChunk[]): FramesResult {
  return spec.frames === 'ietf' ? readIetfFrames(payload, out) : readGquicFrames(payload, out);
}
