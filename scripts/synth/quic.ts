/**
 * QUIC version 1 packets (RFC 9000 §17): client and server Initial packets protected exactly as
 * RFC 9001 §5 prescribes (keys from the client's Destination Connection ID, AES-128-GCM payload
 * protection, AES-ECB header protection), so decoders can recover the ClientHello and its SNI.
 * Handshake and 1-RTT packets carry random bytes (their keys would need a real TLS exchange).
 * @module synth/quic
 */
import { createCipheriv, createHmac } from 'node:crypto';
import type { Prng } from './prng.js';
import type { RandomPool } from './messages.js';
import { ByteWriter, clientHelloHandshake, serverHelloHandshake } from './tls.js';

/** initial_salt for QUIC v1 (RFC 9001 §5.2). */
const INITIAL_SALT = Buffer.from('38762cf7f55934b34d179ae6a4c80cadccbb7f0a', 'hex');
const QUIC_V1 = 0x00000001;
/** Minimum size of a datagram carrying a client Initial (RFC 9000 §14.1). */
const MIN_INITIAL_DATAGRAM = 1200;

/** HKDF-Expand-Label with SHA-256 for outputs ≤ 32 bytes (RFC 8446 §7.1, RFC 5869 §2.3). */
function expandLabel(secret: Buffer, label: string, length: number): Buffer {
  const full = Buffer.from(`tls13 ${label}`, 'latin1');
  const info = Buffer.concat([Buffer.from([length >>> 8, length & 0xff, full.length]), full, Buffer.from([0, 1])]);
  return createHmac('sha256', secret).update(info).digest().subarray(0, length);
}

/** Keys for one direction of Initial protection. */
interface InitialKeys {
  readonly key: Buffer;
  readonly iv: Buffer;
  readonly hp: Buffer;
}

/** Derives client or server Initial keys from the client's original DCID (RFC 9001 §5.2). */
export function initialKeys(dcid: Uint8Array, side: 'client' | 'server'): InitialKeys {
  const initial = createHmac('sha256', INITIAL_SALT).update(dcid).digest();
  const secret = expandLabel(initial, side === 'client' ? 'client in' : 'server in', 32);
  return { key: expandLabel(secret, 'quic key', 16), iv: expandLabel(secret, 'quic iv', 12), hp: expandLabel(secret, 'quic hp', 16) };
}

/** quic_transport_parameters extension (0x39, RFC 9001 §8.2) with a few typical parameters. */
function transportParams(scid: Uint8Array): Uint8Array {
  return new ByteWriter().u16(0x0039).vec(2, (x) => {
    x.u8(0x04).u8(4).u32(0x80f00000 | 0x0); // initial_max_data (4-byte varint)
    x.u8(0x08).u8(2).u16(0x4064); // initial_max_streams_bidi = 100
    x.u8(0x0f).u8(scid.length).raw(scid); // initial_source_connection_id
  }).bytes();
}

/**
 * One protected Initial packet (long header, 4-byte packet number) whose payload is a CRYPTO
 * frame holding `crypto`, padded with PADDING frames so the packet is `size` bytes.
 */
function protectedInitial(keys: InitialKeys, dcid: Uint8Array, scid: Uint8Array, pn: number, crypto: Uint8Array, size: number): Buffer {
  const head = new ByteWriter().u8(0xc3).u32(QUIC_V1).u8(dcid.length).raw(dcid).u8(scid.length).raw(scid).u8(0);
  const headLen = head.length + 2 + 4; // + Length varint (2 bytes) + packet number
  const plainLen = Math.max(size - headLen - 16, crypto.length + 4 + 20);
  const plain = Buffer.alloc(plainLen); // zero = PADDING frames (RFC 9000 §19.1)
  plain[0] = 0x06; // CRYPTO frame, offset 0, 2-byte length (RFC 9000 §19.6)
  plain[1] = 0;
  plain.writeUInt16BE(0x4000 | crypto.length, 2);
  plain.set(crypto, 4);
  head.u16(0x4000 | (4 + plainLen + 16)).u32(pn);
  const header = Buffer.from(head.bytes());
  const nonce = Buffer.from(keys.iv);
  nonce.writeUInt32BE((nonce.readUInt32BE(8) ^ pn) >>> 0, 8);
  const gcm = createCipheriv('aes-128-gcm', keys.key, nonce);
  gcm.setAAD(header);
  const body = Buffer.concat([gcm.update(plain), gcm.final(), gcm.getAuthTag()]);
  // Header protection (RFC 9001 §5.4): sample starts 4 bytes after the packet number's start.
  const pnOffset = header.length - 4;
  const sample = body.subarray(4 - 4, 4 - 4 + 16);
  const ecb = createCipheriv('aes-128-ecb', keys.hp, null);
  const mask = ecb.update(sample);
  header[0] = header[0]! ^ (mask[0]! & 0x0f);
  for (let i = 0; i < 4; i++) header[pnOffset + i] = header[pnOffset + i]! ^ mask[1 + i]!;
  return Buffer.concat([header, body]);
}

/** A client's first datagram: one protected Initial carrying a ClientHello for `sni`, ≥ 1200 bytes. */
export function quicClientInitial(rng: Prng, sni: string, dcid: Uint8Array, scid: Uint8Array): Uint8Array {
  const hello = clientHelloHandshake(rng, sni, ['h3'], transportParams(scid));
  return protectedInitial(initialKeys(dcid, 'client'), dcid, scid, 0, hello, MIN_INITIAL_DATAGRAM);
}

/**
 * A server's first datagram: a protected Initial with a ServerHello, coalesced with a Handshake
 * packet of random bytes (RFC 9000 §12.2), `size` bytes in all.
 */
export function quicServerInitial(rng: Prng, odcid: Uint8Array, clientCid: Uint8Array, serverCid: Uint8Array, size: number): Uint8Array {
  const initial = protectedInitial(initialKeys(odcid, 'server'), clientCid, serverCid, 0, serverHelloHandshake(rng, 0), 0);
  const hsHead = new ByteWriter().u8(0xe3).u32(QUIC_V1).u8(clientCid.length).raw(clientCid).u8(serverCid.length).raw(serverCid);
  const hsLen = Math.max(40, size - initial.length - hsHead.length - 2);
  hsHead.u16(0x4000 | hsLen);
  const rest = new Uint8Array(hsLen);
  rng.fill(rest, 0, hsLen);
  return Buffer.concat([initial, hsHead.bytes(), rest]);
}

/** Writes a 1-RTT short-header packet (RFC 9000 §17.3.1) of `len` bytes at buf[off]. */
export function quicShortPacket(buf: Uint8Array, off: number, dcid: Uint8Array, len: number, pool: RandomPool, key: number): void {
  pool.copy(buf, off, key, len);
  buf[off] = 0x40 | (buf[off]! & 0x3f); // header form 0, fixed bit 1
  buf.set(dcid, off + 1);
}
