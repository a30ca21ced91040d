/**
 * Google QUIC client hellos: the CHLO handshake message (a little-endian tag/value map: tag,
 * entry count, padding, then `tag, end offset` pairs and the values) and the cheap probe for
 * cleartext gQUIC client packets (Q043 and earlier with the public header, Q044–Q049 with the
 * long header). Q050 puts the same CHLO in encrypted CRYPTO frames (see versions.ts). Pure.
 * Sources: Chromium's QUIC crypto handshake message format, as Wireshark's gQUIC dissector reads it.
 * @module names/quic/gquic
 */
import { readU16LE, readU32LE } from '../../core/index.js';
import type { NamesAnomalyCode } from '../anomalies.js';
import { hostnameText, printableText } from '../dns/name.js';
import type { GquicChlo } from './types.js';

/** Message tag "CHLO" as bytes. */
const CHLO = [0x43, 0x48, 0x4c, 0x4f] as const;
/** Tag "SNI\0" and "UAID" read as little-endian u32, as they sit on the wire. */
const TAG_SNI = 0x00494e53;
const TAG_UAID = 0x44494155;
/** Chromium's kMaxEntries: a CHLO with more tags is rejected. */
export const GQUIC_MAX_TAGS = 128;
/** Message tag, entry count, padding. */
const CHLO_HEADER = 8;
/** Public flags (≤ Q043): version present, reset, 8-byte connection ID, the unused high bit. */
const PF_VERSION = 0x01;
const PF_RESET = 0x02;
const PF_CID = 0x08;
const PF_UNUSED = 0x80;

/** True when the four bytes at `off` are an ASCII version `Q0dd` up to Q049. */
function gquicVersionAt(d: Uint8Array, off: number): boolean {
  if (d.length < off + 4 || d[off] !== 0x51 || d[off + 1] !== 0x30) return false;
  const t = d[off + 2]! - 0x30;
  const u = d[off + 3]! - 0x30;
  return t >= 0 && t <= 4 && u >= 0 && u <= 9;
}

/**
 * Cheap probe, no allocation: a cleartext gQUIC client packet. Q043 and earlier: public flags
 * with the version bit and an 8-byte connection ID, no reset, version at offset 9; Q044–Q049:
 * a long header (both high bits) with the version at offset 1.
 */
export function looksLikeGquicClear(d: Uint8Array): boolean {
  if (d.length < 13) return false;
  const f = d[0]!;
  if ((f & 0xc0) === 0xc0) return gquicVersionAt(d, 1) && d[3]! >= 0x34;
  return (f & (PF_UNUSED | PF_VERSION | PF_RESET | PF_CID)) === (PF_VERSION | PF_CID) && gquicVersionAt(d, 9);
}

/** Offset of the first "CHLO" in `d`, or -1. */
export function findChlo(d: Uint8Array): number {
  for (let i = 0; i + 4 <= d.length; i++) {
    if (d[i] === CHLO[0] && d[i + 1] === CHLO[1] && d[i + 2] === CHLO[2] && d[i + 3] === CHLO[3]) return i;
  }
  return -1;
}

/** True when `b` starts (at `off`) with the CHLO tag, or with a prefix of it. */
export function startsLikeChlo(b: Uint8Array, off: number, end: number): boolean {
  for (let i = 0; i < 4 && off + i < end; i++) if (b[off + i] !== CHLO[i]) return false;
  return true;
}

/** Total length of the CHLO message at `off`; -1 while `end` cuts its header or tag table. */
export function chloLength(b: Uint8Array, off: number, end: number): number {
  if (end - off < CHLO_HEADER) return -1;
  const n = readU16LE(b, off + 4);
  const table = CHLO_HEADER + 8 * n;
  if (n === 0) return CHLO_HEADER;
  if (n > GQUIC_MAX_TAGS) return table; // parseChlo rejects it; no need to wait for values
  if (end - off < table) return -1;
  return table + readU32LE(b, off + table - 4);
}

/** A parsed CHLO, more bytes needed, or the first failed check. */
export type ChloResult =
  | { readonly status: 'ok'; readonly chlo: GquicChlo; readonly length: number }
  | { readonly status: 'incomplete' }
  | { readonly status: 'malformed'; readonly code: NamesAnomalyCode; readonly offset: number };

/** Text of a tag: four bytes, trailing NULs dropped, escaped. */
function tagText(b: Uint8Array, p: number): string {
  let e = p + 4;
  while (e > p && b[e - 1] === 0) e--;
  return printableText(b, p, e);
}

/** Parses the CHLO message at `b[off, end)`. Offsets of failures are in `b`. */
export function parseChlo(b: Uint8Array, off: number, end: number): ChloResult {
  if (!startsLikeChlo(b, off, end)) return { status: 'malformed', code: 'names.quic.not_client_hello', offset: off };
  const len = chloLength(b, off, end);
  if (len < 0) return { status: 'incomplete' };
  const n = readU16LE(b, off + 4);
  if (n > GQUIC_MAX_TAGS) return { status: 'malformed', code: 'names.quic.chlo_malformed', offset: off + 4 };
  if (end - off < len) return { status: 'incomplete' };
  const values = off + CHLO_HEADER + 8 * n;
  const tags: string[] = [];
  let sni: string | null = null;
  let userAgent: string | null = null;
  for (let i = 0, prev = 0; i < n; i++) {
    const e = off + CHLO_HEADER + 8 * i;
    const stop = readU32LE(b, e + 4);
    // End offsets never go backwards (Chromium CryptoFramer).
    if (stop < prev) return { status: 'malformed', code: 'names.quic.chlo_malformed', offset: e + 4 };
    const tag = readU32LE(b, e);
    tags.push(tagText(b, e));
    if (tag === TAG_SNI && stop > prev) sni = hostnameText(b, values + prev, values + stop);
    else if (tag === TAG_UAID) userAgent = printableText(b, values + prev, values + stop);
    prev = stop;
  }
  return { status: 'ok', chlo: { sni, userAgent, tags }, length: len };
}
