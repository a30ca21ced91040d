/**
 * The closed list of names-stage anomaly codes (STYLE rule 6; Zeek weirds such as
 * `DNS_label_forward_compress_offset`). Each code names the first failed check of one structure;
 * every code is triggered by a test in tests/names/.
 * @module names/anomalies
 */

/** Every anomaly code the names parsers can produce. */
export const NAMES_ANOMALY_CODES = [
  // DNS header and sections (RFC 1035 §4.1)
  'names.dns.trunc_header',
  'names.dns.trunc_question',
  'names.dns.trunc_rr',
  'names.dns.trunc_rdata',
  // DNS names (RFC 1035 §3.1, §4.1.4)
  'names.dns.name_trunc',
  'names.dns.name_bad_label_type',
  'names.dns.name_too_long',
  'names.dns.name_ptr_forward',
  'names.dns.name_ptr_loop',
  // DNS RDATA (RFC 1035 §3.3/§3.4.1, RFC 3596 §2.2, RFC 9460 §2.2/§7.3)
  'names.dns.rdata_bad_length',
  'names.dns.svcb_trunc',
  'names.dns.svcb_key_order',
  'names.dns.svcb_bad_hint',
  'names.dns.svcb_bad_alpn',
  // DNS over TCP framing (RFC 1035 §4.2.2, RFC 7766 §8)
  'names.dns.tcp_short_length',
  // TLS record layer (RFC 8446 §5.1)
  'names.tls.record_not_handshake',
  'names.tls.record_bad_version',
  'names.tls.record_empty',
  'names.tls.record_too_long',
  'names.tls.handshake_too_long',
  // ClientHello body (RFC 8446 §4.1.2)
  'names.tls.ch_trunc',
  'names.tls.ch_session_id_too_long',
  'names.tls.ch_bad_cipher_suites',
  'names.tls.ch_bad_compression',
  'names.tls.ch_trailing_bytes',
  'names.tls.ext_trunc',
  'names.tls.ext_duplicate',
  // Extensions (RFC 6066 §3, RFC 7301 §3.1, RFC 8446 §4.2.1, draft-ietf-tls-esni §5)
  'names.tls.sni_bad_list',
  'names.tls.sni_empty_name',
  'names.tls.sni_multiple',
  'names.tls.alpn_bad_list',
  'names.tls.versions_bad_list',
  'names.tls.ech_bad',
  // HTTP/1.x request heads and body framing (RFC 9112 §2-§7, RFC 9110 §7.2)
  'names.http.head_too_long',
  'names.http.bad_request_line',
  'names.http.bad_header_line',
  'names.http.multiple_host',
  'names.http.bad_content_length',
  'names.http.body_unframed',
  'names.http.bad_chunk',
  // Names stage state: bounded maps and reassembly (STYLE rule 8; each hit may hide a name)
  'names.dns.map_cap',
  'names.dns.transactions_cap',
  'names.tcp.reassembly_cap',
  'names.tcp.reassembly_gap',
  'names.tcp.inconsistent_retransmission',
  'names.flow.names_cap',
  // QUIC (RFC 9000, 9001, 9369): Initial headers, packet protection, frames, CRYPTO stream; gQUIC CHLO
  'names.quic.trunc_header',
  'names.quic.dcid_too_long',
  'names.quic.scid_too_long',
  'names.quic.bad_token_length',
  'names.quic.bad_length',
  'names.quic.short_packet',
  'names.quic.decrypt_failed',
  'names.quic.bad_varint',
  'names.quic.trunc_frame',
  'names.quic.bad_frame',
  'names.quic.crypto_cap',
  'names.quic.not_client_hello',
  'names.quic.chlo_malformed',
  'names.quic.inconsistent_retransmission',
] as const;

/** One names-stage anomaly code. */
export type NamesAnomalyCode = (typeof NAMES_ANOMALY_CODES)[number];
