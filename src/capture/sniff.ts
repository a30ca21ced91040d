/**
 * Recognise an input by its magic number, never by its name (the extension often lies).
 * Pure: looks at the first bytes only.
 * @module capture/sniff
 */

/** gzip member header: ID1 ID2 CM=deflate (RFC 1952 §2.3.1). */
export const GZIP_MAGIC = [0x1f, 0x8b, 0x08] as const;
/** Classic pcap, microsecond timestamps, as written (big-endian reading). */
export const PCAP_MAGIC_US = 0xa1b2c3d4;
/** Classic pcap, nanosecond timestamps (draft-ietf-opsawg-pcap §4). */
export const PCAP_MAGIC_NS = 0xa1b23c4d;
/** pcapng Section Header Block type; a byte-order palindrome (draft-ietf-opsawg-pcapng §4.1). */
export const PCAPNG_BLOCK_SHB = 0x0a0d0d0a;

/** What the first bytes say an input is. */
export type SniffResult =
  | { readonly kind: 'gzip' }
  | { readonly kind: 'pcap'; readonly littleEndian: boolean; readonly nanoseconds: boolean }
  | { readonly kind: 'pcapng' }
  | { readonly kind: 'need-more' }
  | { readonly kind: 'unknown'; readonly reason: string };

/** Bytes needed to decide in every case. */
export const SNIFF_BYTES = 8;

/**
 * Decide the format from the first bytes. `atEof` says no more bytes will come, so a short
 * head is final rather than `need-more`.
 */
export function sniffMagic(head: Uint8Array, atEof: boolean): SniffResult {
  if (head.length === 0) return atEof ? { kind: 'unknown', reason: 'empty input' } : { kind: 'need-more' };
  if (head.length < 4 && !atEof) return { kind: 'need-more' };
  if (head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1] && head[2] === GZIP_MAGIC[2]) return { kind: 'gzip' };
  if (head.length >= 4) {
    const be = ((head[0]! << 24) | (head[1]! << 16) | (head[2]! << 8) | head[3]!) >>> 0;
    const le = ((head[3]! << 24) | (head[2]! << 16) | (head[1]! << 8) | head[0]!) >>> 0;
    if (be === PCAP_MAGIC_US) return { kind: 'pcap', littleEndian: false, nanoseconds: false };
    if (le === PCAP_MAGIC_US) return { kind: 'pcap', littleEndian: true, nanoseconds: false };
    if (be === PCAP_MAGIC_NS) return { kind: 'pcap', littleEndian: false, nanoseconds: true };
    if (le === PCAP_MAGIC_NS) return { kind: 'pcap', littleEndian: true, nanoseconds: true };
    if (be === PCAPNG_BLOCK_SHB) return { kind: 'pcapng' };
  }
  if (head.length < SNIFF_BYTES && !atEof) return { kind: 'need-more' };
  return { kind: 'unknown', reason: describeUnknown(head) };
}

/** Known non-capture formats, by their leading bytes, with the message we print. */
const LOOKALIKES: readonly (readonly [string, string])[] = [
  ['snoop\0\0\0', 'Solaris snoop format is not supported (convert it with editcap -F pcap)'],
  ['<!DOCTYPE', 'looks like HTML'],
  ['<!doctype', 'looks like HTML'],
  ['<html', 'looks like HTML'],
  ['<HTML', 'looks like HTML'],
  ['<?xml', 'looks like XML'],
  ['{', 'looks like JSON'],
  ['BZh', 'looks like bzip2; decompress it first'],
  ['\xfd7zXZ\0', 'looks like xz; decompress it first'],
  ['\x28\xb5\x2f\xfd', 'looks like zstd; decompress it first'],
  ['PK\x03\x04', 'looks like a zip archive; extract it first'],
  ['\x1f\x9d', 'looks like compress (.Z); decompress it first'],
  ['GMBU', 'Microsoft Network Monitor format is not supported'],
  ['XCP\0', 'NetXray/Sniffer format is not supported'],
];

function describeUnknown(head: Uint8Array): string {
  const hex4 = Array.from(head.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join('');
  const latin = Buffer.from(head.buffer, head.byteOffset, head.length).toString('latin1');
  for (const [prefix, what] of LOOKALIKES) {
    if (latin.startsWith(prefix)) {
      return prefix.startsWith('snoop') || what.includes('not supported') ? what : `unknown magic 0x${hex4} at offset 0 (${what})`;
    }
  }
  if (head.length < 4) return `input too short to be a capture (${head.length} bytes)`;
  const text = Array.from(head.subarray(0, SNIFF_BYTES)).every((b) => b === 9 || b === 10 || b === 13 || (b >= 0x20 && b < 0x7f));
  return `unknown magic 0x${hex4} at offset 0${text ? ' (looks like text)' : ''}; expected pcap, pcapng or gzip`;
}
