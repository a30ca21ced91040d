/**
 * Packet protection of Initial packets (RFC 9001 §5.3, §5.4): header protection removed with an
 * AES-128-ECB mask over a 16-byte sample, the packet number recovered (RFC 9000 Appendix A.3),
 * and the payload opened with AEAD_AES_128_GCM. An authentication failure is a result, never a
 * throw that leaves this module.
 * @module names/quic/protection
 */
import { Buffer } from 'node:buffer';
import { createDecipheriv } from 'node:crypto';
import { aes128EncryptBlock, aes128Expand } from './aes128.js';
import type { QuicDirectionKeys } from './types.js';

/** Header-protection sample length (RFC 9001 §5.4.2). */
export const QUIC_HP_SAMPLE_LENGTH = 16;
/** AEAD_AES_128_GCM tag length (RFC 5116 §5.1). */
export const QUIC_AEAD_TAG_LENGTH = 16;
/** The sample starts 4 bytes after the packet number field starts (RFC 9001 §5.4.2). */
const SAMPLE_AFTER_PN = 4;
const TWO_32 = 2 ** 32;

/**
 * One direction's Initial protection, ready to use: the header-protection key expanded once (the
 * mask is one AES block, encrypted by aes128.ts); a GCM decipher is made per packet (its nonce
 * changes with the packet number).
 */
export class QuicPacketProtection {
  readonly #key: Uint8Array;
  readonly #iv: Uint8Array;
  readonly #hp: Uint8Array;

  constructor(keys: QuicDirectionKeys) {
    this.#key = keys.key;
    this.#iv = keys.iv;
    this.#hp = aes128Expand(keys.hp);
  }

  /** mask = AES-ECB(hp_key, sample) (RFC 9001 §5.4.3); the first 5 bytes are used. */
  mask(sample: Uint8Array): Uint8Array {
    return aes128EncryptBlock(this.#hp, sample);
  }

  /**
   * Opens `ciphertext` with the nonce iv XOR packet number (RFC 9001 §5.3) and the unprotected
   * header as associated data; null when the tag does not authenticate.
   */
  open(packetNumber: number, aad: Uint8Array, ciphertext: Uint8Array, tag: Uint8Array): Uint8Array | null {
    const nonce = Buffer.from(this.#iv);
    const lo = packetNumber % TWO_32;
    const hi = Math.floor(packetNumber / TWO_32);
    nonce.writeUInt32BE((nonce.readUInt32BE(8) ^ lo) >>> 0, 8);
    nonce.writeUInt32BE((nonce.readUInt32BE(4) ^ hi) >>> 0, 4);
    const d = createDecipheriv('aes-128-gcm', this.#key, nonce);
    d.setAAD(aad);
    d.setAuthTag(tag);
    try {
      const out = d.update(ciphertext);
      d.final();
      return out;
    } catch {
      return null;
    }
  }
}

/**
 * RFC 9000 Appendix A.3: the full packet number closest to `largest + 1` whose low `bits` bits
 * are `truncated`.
 */
export function decodePacketNumber(largest: number, truncated: number, bits: number): number {
  const expected = largest + 1;
  const win = 2 ** bits;
  const hwin = win / 2;
  const candidate = expected - (expected % win) + truncated;
  if (candidate <= expected - hwin && candidate < 2 ** 62 - win) return candidate + win;
  if (candidate > expected + hwin && candidate >= win) return candidate - win;
  return candidate;
}

/** An opened packet, or the reason it could not be opened. */
export type OpenResult =
  | { readonly ok: true; readonly packetNumber: number; readonly payload: Uint8Array }
  | { readonly ok: false; readonly code: 'names.quic.short_packet' | 'names.quic.decrypt_failed' };

/**
 * Removes header protection from the long-header packet `d[start, end)` whose packet number
 * field starts at `pnOffset` and decrypts its payload. The datagram is never written: the
 * unprotected header is a copy (it is the AEAD's associated data).
 */
export function openLongHeaderPacket(d: Uint8Array, start: number, pnOffset: number, end: number, prot: QuicPacketProtection, largestPn: number): OpenResult {
  const sample = pnOffset + SAMPLE_AFTER_PN;
  if (sample + QUIC_HP_SAMPLE_LENGTH > end) return { ok: false, code: 'names.quic.short_packet' };
  const mask = prot.mask(d.subarray(sample, sample + QUIC_HP_SAMPLE_LENGTH));
  const first = d[start]! ^ (mask[0]! & 0x0f); // long header: low 4 bits protected
  const pnLength = (first & 0x03) + 1;
  const payloadStart = pnOffset + pnLength;
  const header = new Uint8Array(payloadStart - start);
  header.set(d.subarray(start, payloadStart));
  header[0] = first;
  let truncated = 0;
  for (let i = 0; i < pnLength; i++) {
    const p = pnOffset - start + i;
    header[p] = header[p]! ^ mask[1 + i]!;
    truncated = truncated * 256 + header[p]!;
  }
  const packetNumber = decodePacketNumber(largestPn, truncated, pnLength * 8);
  const tagStart = end - QUIC_AEAD_TAG_LENGTH;
  const payload = prot.open(packetNumber, header, d.subarray(payloadStart, tagStart), d.subarray(tagStart, end));
  if (payload === null) return { ok: false, code: 'names.quic.decrypt_failed' };
  return { ok: true, packetNumber, payload };
}
