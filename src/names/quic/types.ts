/**
 * The shapes of QUIC Initial parsing: version specs, keys, decrypted packets and the outcomes of
 * one datagram and of a flow's ClientHello collector. Pure data.
 * @module names/quic/types
 */
import type { NamesAnomalyCode } from '../anomalies.js';
import type { ClientHello } from '../tls/types.js';

/** Long-header packet types (RFC 9000 §17.2; RFC 9369 §3.2 renumbers them for v2). */
export type QuicPacketKind = 'initial' | 'zero-rtt' | 'handshake' | 'retry';

/** What one QUIC version changes in Initial protection (RFC 9001 §5.2, RFC 9369 §3). */
export interface QuicVersionSpec {
  readonly name: string;
  /** `initial_salt` for HKDF-Extract with the client's Destination Connection ID. */
  readonly salt: Uint8Array;
  /** HKDF label prefix: "quic" gives "quic key", "quic iv", "quic hp"; v2 uses "quicv2". */
  readonly labelPrefix: string;
  /** Packet kind for each value of the two long-header type bits. */
  readonly packetTypes: readonly QuicPacketKind[];
  /** What the CRYPTO stream carries: a TLS ClientHello, or a Google QUIC CHLO message. */
  readonly handshake: 'tls' | 'chlo';
  /** Frame type numbering inside Initial packets: IETF (RFC 9000 §19) or Google QUIC. */
  readonly frames: 'ietf' | 'gquic';
}

/** One direction's Initial secrets (RFC 9001 §5.1/§5.2): AES-128-GCM key and IV, header protection key. */
export interface QuicDirectionKeys {
  readonly secret: Uint8Array;
  readonly key: Uint8Array;
  readonly iv: Uint8Array;
  readonly hp: Uint8Array;
}

/** Both directions' Initial secrets for one version and client Destination Connection ID. */
export interface QuicInitialSecrets {
  readonly initialSecret: Uint8Array;
  readonly client: QuicDirectionKeys;
  readonly server: QuicDirectionKeys;
}

/** One CRYPTO frame's data from a decrypted Initial (RFC 9000 §19.6). */
export interface QuicCryptoChunk {
  /** Stream offset of `data[0]`. */
  readonly offset: number;
  /** View into the packet's decrypted payload (not into the datagram). */
  readonly data: Uint8Array;
}

/** One client Initial packet of a datagram, header protection removed and payload decrypted. */
export interface QuicInitialPacket {
  readonly version: number;
  /** Offset of the packet's first byte in the datagram. */
  readonly offset: number;
  /** Destination Connection ID. BORROWED: a view into the datagram. */
  readonly dcid: Uint8Array;
  /** Full packet number (RFC 9000 §17.1, Appendix A.3). */
  readonly packetNumber: number;
  /** The Destination Connection ID whose keys opened the packet (RFC 9001 §5.2). BORROWED or cached. */
  readonly keyDcid: Uint8Array;
  /** The decrypted payload: the packet's frames (a fresh buffer the packet owns). */
  readonly payload: Uint8Array;
  /** CRYPTO frames in payload order; their data are views into `payload`. */
  readonly crypto: readonly QuicCryptoChunk[];
}

/** Why a datagram is not for the QUIC Initial parser. */
export type QuicNotMineReason = 'short-header' | 'version-negotiation' | 'unknown-version' | 'not-initial';

/**
 * What `parseQuicInitialDatagram` made of one UDP datagram. `ok` may hold no packet (only 0-RTT,
 * Handshake or short-header packets followed the first). `malformed` keeps the packets opened
 * before the failed check.
 */
export type QuicDatagramOutcome =
  | { readonly status: 'ok'; readonly packets: readonly QuicInitialPacket[] }
  | { readonly status: 'not-mine'; readonly reason: QuicNotMineReason }
  | { readonly status: 'malformed'; readonly code: NamesAnomalyCode; readonly offset: number; readonly packets: readonly QuicInitialPacket[] };

/** A Google QUIC client hello (CHLO tag/value message): what the names stage needs from it. */
export interface GquicChlo {
  /** The SNI tag, lower-cased and escaped like a TLS SNI; null when absent or empty. */
  readonly sni: string | null;
  /** The UAID tag (user agent), escaped; null when absent. */
  readonly userAgent: string | null;
  /** Tags in wire order, as 4-character text (trailing NULs dropped). */
  readonly tags: readonly string[];
}

/**
 * What `QuicClientHelloCollector.push` made of the flow so far. `ok` carries the whole hello and
 * the frame numbers whose CRYPTO data built it; `incomplete` asks for more datagrams; `not-mine`
 * means the flow is not a QUIC client flow this parser reads; `malformed` names the first failed
 * check (`offset` in the datagram, or in the CRYPTO stream for stream-level codes).
 */
export type QuicOutcome =
  | { readonly status: 'ok'; readonly kind: 'tls'; readonly hello: ClientHello; readonly version: number; readonly frames: readonly number[] }
  | { readonly status: 'ok'; readonly kind: 'chlo'; readonly chlo: GquicChlo; readonly version: number; readonly frames: readonly number[] }
  | { readonly status: 'incomplete' }
  | { readonly status: 'not-mine'; readonly reason: QuicNotMineReason }
  | { readonly status: 'malformed'; readonly code: NamesAnomalyCode; readonly offset: number };
