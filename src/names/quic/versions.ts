/**
 * The QUIC versions whose client Initial packets can be opened: each version's Initial salt, HKDF
 * label prefix, long-header type bits and what its CRYPTO stream carries. One table (STYLE rule 7):
 * adding a version is one line here.
 * @module names/quic/versions
 */
import { Buffer } from 'node:buffer';
import type { QuicPacketKind, QuicVersionSpec } from './types.js';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'hex'));

/** QUIC version 1 (RFC 9000 §15). */
export const QUIC_V1 = 0x00000001;
/** QUIC version 2 (RFC 9369 §3.1). */
export const QUIC_V2 = 0x6b3343cf;

/** RFC 9001 §5.2: `initial_salt = 0x38762cf7f55934b34d179ae6a4c80cadccbb7f0a`. */
const SALT_V1 = hex('38762cf7f55934b34d179ae6a4c80cadccbb7f0a');
/** RFC 9369 §3.3.1: the first 20 bytes of sha256("QUICv2 salt"). */
const SALT_V2 = hex('0dede3def700a6db819381be6e269dcbf9bd2ed9');
/** draft-ietf-quic-tls-29 §5.2 (drafts 29 to 32). */
const SALT_DRAFT_29 = hex('afbfec289993d24c9e9786f19c6111e04390a899');
/** draft-ietf-quic-tls-23 §5.2 (drafts 23 to 28). */
const SALT_DRAFT_23 = hex('c3eef712c72ebb5a11a7d2432bb46365bef9f502');
/** Google QUIC Q050: IETF-style Initial protection with its own salt (Chromium, Wireshark). */
const SALT_Q050 = hex('504574efd066fe2f9d945cfcdbd3a7f0d3b56b45');

/** RFC 9000 §17.2: Initial 0b00, 0-RTT 0b01, Handshake 0b10, Retry 0b11. */
const TYPES_V1: readonly QuicPacketKind[] = ['initial', 'zero-rtt', 'handshake', 'retry'];
/** RFC 9369 §3.2: Retry 0b00, Initial 0b01, 0-RTT 0b10, Handshake 0b11. */
const TYPES_V2: readonly QuicPacketKind[] = ['retry', 'initial', 'zero-rtt', 'handshake'];

const ietf = (name: string, salt: Uint8Array, labelPrefix = 'quic', packetTypes = TYPES_V1): QuicVersionSpec =>
  ({ name, salt, labelPrefix, packetTypes, handshake: 'tls', frames: 'ietf' });
const google = (name: string, salt: Uint8Array): QuicVersionSpec =>
  ({ name, salt, labelPrefix: 'quic', packetTypes: TYPES_V1, handshake: 'chlo', frames: 'gquic' });

function drafts(from: number, to: number, salt: Uint8Array): [number, QuicVersionSpec][] {
  const out: [number, QuicVersionSpec][] = [];
  for (let d = from; d <= to; d++) out.push([0xff000000 + d, ietf(`draft-${d}`, salt)]);
  return out;
}

/** Every version whose client Initials are opened, by the 32-bit Version field. */
export const QUIC_VERSIONS: ReadonlyMap<number, QuicVersionSpec> = new Map<number, QuicVersionSpec>([
  [QUIC_V1, ietf('v1', SALT_V1)],
  [QUIC_V2, ietf('v2', SALT_V2, 'quicv2', TYPES_V2)],
  ...drafts(29, 32, SALT_DRAFT_29),
  ...drafts(23, 28, SALT_DRAFT_23),
  /** mvfst's alias of draft-27. */
  [0xfaceb002, ietf('mvfst-draft-27', SALT_DRAFT_23)],
  [0x51303530, google('Q050', SALT_Q050)],
]);
