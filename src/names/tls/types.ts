/**
 * The shapes a parsed TLS ClientHello takes. Pure data; strings are escaped capture text.
 * @module names/tls/types
 */
import type { NamesAnomalyCode } from '../anomalies.js';

/**
 * Encrypted Client Hello (draft-ietf-tls-esni §5, extension 0xfe0d). An outer ECH extension is
 * also what GREASE ECH looks like, so `outer` means "ECH offered, possibly GREASE": the SNI of the
 * same hello is then the public (outer) name, not necessarily the real destination.
 */
export type EchInfo =
  | { readonly kind: 'outer'; readonly kdfId: number; readonly aeadId: number; readonly configId: number; readonly encLength: number; readonly payloadLength: number }
  | { readonly kind: 'inner' }
  /** The extension was present but its body did not parse (`names.tls.ech_bad` in anomalies). */
  | { readonly kind: 'unparsed' };

/** What the names stage needs from a ClientHello (RFC 8446 §4.1.2). */
export interface ClientHello {
  readonly legacyVersion: number;
  readonly cipherSuites: readonly number[];
  /** server_name host_name (RFC 6066 §3), lower-cased and escaped; null when absent or unusable. */
  readonly sni: string | null;
  /** ALPN protocol names in order (RFC 7301 §3.1), case kept, escaped. */
  readonly alpn: readonly string[];
  /** supported_versions (RFC 8446 §4.2.1) in order, GREASE values included. */
  readonly supportedVersions: readonly number[];
  readonly ech: EchInfo | null;
  /** The pre-standard encrypted_server_name extension (0xffce) was present. */
  readonly legacyEsni: boolean;
  /** Extension types in wire order (GREASE included), e.g. for fingerprints later. */
  readonly extensionTypes: readonly number[];
  /** Irregularities that did not stop parsing (a bad SNI list, a duplicate extension, …). */
  readonly anomalies: readonly NamesAnomalyCode[];
}

/** Why bytes were judged not to start with a TLS ClientHello. */
export type TlsNotMineReason = 'not-handshake-record' | 'not-tls-version' | 'not-client-hello';

/**
 * What `parseClientHello` made of the first bytes a client sent. `incomplete` is not an error:
 * give it at least `needBytes` more bytes of the same stream and call again.
 */
export type TlsOutcome =
  | { readonly status: 'ok'; readonly hello: ClientHello; /** Stream bytes up to the end of the ClientHello message. */ readonly consumed: number }
  | { readonly status: 'incomplete'; readonly needBytes: number }
  | { readonly status: 'not-mine'; readonly reason: TlsNotMineReason }
  /** `offset` is in the stream for `names.tls.record_*` and `handshake_too_long`, in the handshake message otherwise. */
  | { readonly status: 'malformed'; readonly code: NamesAnomalyCode; readonly offset: number };
