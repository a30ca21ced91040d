/**
 * Names: which name each flow was for, and how we know. This first part holds the pure parsers
 * (DNS messages and DNS-over-TCP framing, TLS ClientHello, HTTP/1.x request heads); none keeps
 * state, none throws on input bytes, and every string they return is escaped capture text
 * (presentation format: lower-cased where names are case-insensitive, `\ddd` for other bytes).
 * @module names
 */
export { NAMES_ANOMALY_CODES, type NamesAnomalyCode } from './anomalies.js';
// The stateful attributor and what it reports
export type * from './types.js';
export { NameAttributor } from './attributor.js';
export type { NameAttributorOptions, EncryptedDnsList } from './types.js';
export { withExtraNames } from './finish.js';
// DNS (RFC 1035, RFC 3596, RFC 9460)
export type * from './dns/types.js';
export { parseDnsMessage, DNS_HEADER_LENGTH } from './dns/message.js';
export { decodeName, hostnameText, printableText, DNS_MAX_NAME_WIRE, type NameResult } from './dns/name.js';
export { DNS_TYPE_A, DNS_TYPE_AAAA, DNS_TYPE_CNAME, DNS_TYPE_SVCB, DNS_TYPE_HTTPS } from './dns/rdata.js';
export { frameDnsTcp, type DnsTcpFrames } from './dns/tcp.js';
// TLS ClientHello (RFC 8446, RFC 6066, RFC 7301, draft-ietf-tls-esni)
export type * from './tls/types.js';
export { parseClientHello, parseClientHelloMessage, TLS_DEFAULT_MAX_HANDSHAKE, type ClientHelloBodyResult } from './tls/client-hello.js';
export { TLS_MAX_PLAINTEXT } from './tls/record.js';
export { TLS_EXT_SERVER_NAME, TLS_EXT_ALPN, TLS_EXT_SUPPORTED_VERSIONS, TLS_EXT_ECH, TLS_EXT_LEGACY_ESNI } from './tls/extensions.js';
// HTTP/1.x request heads (RFC 9112, RFC 9110)
export type * from './http/types.js';
export { parseHttpRequests, HTTP_DEFAULT_LIMITS, type HttpLimits } from './http/requests.js';
export { HTTP_MAX_TARGET_TEXT } from './http/request-head.js';
// QUIC Initial decryption and ClientHello collection (RFC 9000, RFC 9001, RFC 9369); gQUIC CHLO
export type * from './quic/types.js';
export { QUIC_VERSIONS, QUIC_V1, QUIC_V2 } from './quic/versions.js';
export { quicInitialSecrets } from './quic/keys.js';
export { QuicPacketProtection } from './quic/protection.js';
export { looksLikeQuicInitial } from './quic/header.js';
export { parseQuicInitialDatagram, type QuicKeyProvider, type QuicKeyCandidate, type QuicParseOptions } from './quic/initial.js';
export { QuicClientHelloCollector, QUIC_DEFAULT_MAX_CRYPTO, type QuicCollectorOptions } from './quic/collector.js';
export { Nat64Prefixes, wkaPrefixLength, embeddedIpv4, IPV4ONLY_ARPA, MAX_NAT64_PREFIXES, type Nat64Prefix } from './nat64.js';
