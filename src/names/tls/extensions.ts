/**
 * The ClientHello extensions that name a destination or say how it is hidden: server_name
 * (RFC 6066 §3), ALPN (RFC 7301 §3.1), supported_versions (RFC 8446 §4.2.1) and
 * encrypted_client_hello (draft-ietf-tls-esni §5). A bad body only loses that extension: it is
 * noted in `anomalies` and the rest of the hello is still read.
 * @module names/tls/extensions
 */
import { readU16BE } from '../../core/index.js';
import type { NamesAnomalyCode } from '../anomalies.js';
import { hostnameText, printableText } from '../dns/name.js';
import type { EchInfo } from './types.js';

/** ExtensionType server_name (RFC 6066 §3). */
export const TLS_EXT_SERVER_NAME = 0x0000;
/** ExtensionType application_layer_protocol_negotiation (RFC 7301 §3.1). */
export const TLS_EXT_ALPN = 0x0010;
/** ExtensionType supported_versions (RFC 8446 §4.2.1). */
export const TLS_EXT_SUPPORTED_VERSIONS = 0x002b;
/** ExtensionType encrypted_client_hello (draft-ietf-tls-esni §11.1). */
export const TLS_EXT_ECH = 0xfe0d;
/** The pre-standard encrypted_server_name extension (draft-ietf-tls-esni-01..06). */
export const TLS_EXT_LEGACY_ESNI = 0xffce;
/** NameType host_name (RFC 6066 §3). */
const SNI_HOST_NAME = 0;

/** Mutable accumulator the extension readers fill in. */
export interface ExtensionState {
  sni: string | null;
  alpn: string[];
  supportedVersions: number[];
  ech: EchInfo | null;
  legacyEsni: boolean;
  anomalies: NamesAnomalyCode[];
}

/** RFC 6066 §3: ServerNameList <1..2^16-1> of { NameType, HostName <1..2^16-1> }. */
export function readServerName(b: Uint8Array, off: number, end: number, st: ExtensionState): void {
  if (end - off < 2 || off + 2 + readU16BE(b, off) !== end || end - off === 2) return void st.anomalies.push('names.tls.sni_bad_list');
  for (let p = off + 2; p < end; ) {
    if (end - p < 3) return void st.anomalies.push('names.tls.sni_bad_list');
    const type = b[p]!;
    const len = readU16BE(b, p + 1);
    if (p + 3 + len > end) return void st.anomalies.push('names.tls.sni_bad_list');
    if (type === SNI_HOST_NAME) {
      if (len === 0) st.anomalies.push('names.tls.sni_empty_name');
      else if (st.sni !== null) st.anomalies.push('names.tls.sni_multiple');
      else st.sni = hostnameText(b, p + 3, p + 3 + len);
    }
    p += 3 + len;
  }
}

/** RFC 7301 §3.1: ProtocolNameList <2..2^16-1> of ProtocolName <1..2^8-1>. */
export function readAlpn(b: Uint8Array, off: number, end: number, st: ExtensionState): void {
  if (end - off < 3 || off + 2 + readU16BE(b, off) !== end) return void st.anomalies.push('names.tls.alpn_bad_list');
  const names: string[] = [];
  for (let p = off + 2; p < end; ) {
    const len = b[p]!;
    if (len === 0 || p + 1 + len > end) return void st.anomalies.push('names.tls.alpn_bad_list');
    names.push(printableText(b, p + 1, p + 1 + len));
    p += 1 + len;
  }
  st.alpn = names;
}

/** RFC 8446 §4.2.1: in a ClientHello, ProtocolVersion versions <2..254>. */
export function readSupportedVersions(b: Uint8Array, off: number, end: number, st: ExtensionState): void {
  const len = end - off - 1;
  if (len < 2 || b[off] !== len || len % 2 !== 0) return void st.anomalies.push('names.tls.versions_bad_list');
  for (let p = off + 1; p < end; p += 2) st.supportedVersions.push(readU16BE(b, p));
}

/**
 * draft-ietf-tls-esni §5: ECHClientHello { ECHClientHelloType type; select(type) { outer:
 * HpkeSymmetricCipherSuite cipher_suite; uint8 config_id; opaque enc<0..2^16-1>; opaque
 * payload<1..2^16-1>; inner: Empty; } }.
 */
export function readEch(b: Uint8Array, off: number, end: number, st: ExtensionState): void {
  const bad = (): void => {
    st.ech = { kind: 'unparsed' };
    st.anomalies.push('names.tls.ech_bad');
  };
  if (end - off < 1) return bad();
  if (b[off] === 1) return void (end - off === 1 ? (st.ech = { kind: 'inner' }) : bad());
  if (b[off] !== 0 || end - off < 8) return bad();
  const encLength = readU16BE(b, off + 6);
  const pl = off + 8 + encLength;
  if (pl + 2 > end) return bad();
  const payloadLength = readU16BE(b, pl);
  if (payloadLength === 0 || pl + 2 + payloadLength !== end) return bad();
  st.ech = { kind: 'outer', kdfId: readU16BE(b, off + 1), aeadId: readU16BE(b, off + 3), configId: b[off + 5]!, encLength, payloadLength };
}

/** Extension readers by type (STYLE rule 7: adding one is one line here). */
export const EXTENSION_READERS: ReadonlyMap<number, (b: Uint8Array, off: number, end: number, st: ExtensionState) => void> = new Map([
  [TLS_EXT_SERVER_NAME, readServerName],
  [TLS_EXT_ALPN, readAlpn],
  [TLS_EXT_SUPPORTED_VERSIONS, readSupportedVersions],
  [TLS_EXT_ECH, readEch],
  [TLS_EXT_LEGACY_ESNI, (_b, _o, _e, st) => void (st.legacyEsni = true)],
]);
