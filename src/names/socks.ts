/**
 * The client side of a SOCKS handshake: which host a SOCKS proxy was asked to connect to.
 * SOCKS4 and its 4a extension (host name after the user id), and SOCKS5 (RFC 1928) with the
 * no-authentication or username/password (RFC 1929) methods; only what the client sends is read,
 * so the method the server chose is inferred from what follows the greeting. Pure; never throws.
 * @module names/socks
 */
import { formatIpv4, formatIpv6 } from '../core/index.js';
import { hostnameText } from './dns/name.js';

/** What a SOCKS client asked for. `consumed`: bytes up to the end of the request (the tunnel follows). */
export type SocksResult =
  | { readonly status: 'ok'; readonly version: 4 | 5; readonly command: number; readonly host: string; readonly port: number; readonly consumed: number }
  | { readonly status: 'incomplete' }
  | { readonly status: 'not-mine' };

const NOT_MINE: SocksResult = Object.freeze({ status: 'not-mine' });
const INCOMPLETE: SocksResult = Object.freeze({ status: 'incomplete' });
/** Longest SOCKS4 user id or 4a host name accepted (real ones are short). */
const MAX_SOCKS4_FIELD = 255;

/** SOCKS commands (RFC 1928 §4; SOCKS4 has 1 and 2). */
export const SOCKS_CONNECT = 1;
export const SOCKS_BIND = 2;
export const SOCKS_UDP_ASSOCIATE = 3;

/** Reads a SOCKS4/4a or SOCKS5 client handshake at the start of `b`. */
export function parseSocksClient(b: Uint8Array): SocksResult {
  if (b.length === 0) return INCOMPLETE;
  if (b[0] === 4) return socks4(b);
  if (b[0] === 5) return socks5(b);
  return NOT_MINE;
}

const printable = (c: number): boolean => c >= 0x20 && c < 0x7f;

/** Index of the NUL ending a printable field starting at `s`, -1 incomplete, -2 not SOCKS. */
function nulEnd(b: Uint8Array, s: number): number {
  for (let i = s; i < b.length; i++) {
    if (b[i] === 0) return i;
    if (!printable(b[i]!) || i - s >= MAX_SOCKS4_FIELD) return -2;
  }
  return -1;
}

/** VN=4, CD, DSTPORT, DSTIP, USERID, NUL [, HOST, NUL when DSTIP is 0.0.0.x, x ≠ 0 (4a)]. */
function socks4(b: Uint8Array): SocksResult {
  if (b.length < 9) return b.length >= 2 && b[1] !== 1 && b[1] !== 2 ? NOT_MINE : INCOMPLETE;
  const command = b[1]!;
  if (command !== 1 && command !== 2) return NOT_MINE;
  const port = (b[2]! << 8) | b[3]!;
  const a4a = b[4] === 0 && b[5] === 0 && b[6] === 0 && b[7] !== 0;
  const userEnd = nulEnd(b, 8);
  if (userEnd === -2) return NOT_MINE;
  if (userEnd === -1) return INCOMPLETE;
  if (!a4a) return { status: 'ok', version: 4, command, host: formatIpv4(b, 4), port, consumed: userEnd + 1 };
  const hostEnd = nulEnd(b, userEnd + 1);
  if (hostEnd === -2 || hostEnd === userEnd + 1) return NOT_MINE;
  if (hostEnd === -1) return INCOMPLETE;
  return { status: 'ok', version: 4, command, host: hostnameText(b, userEnd + 1, hostEnd), port, consumed: hostEnd + 1 };
}

/** Greeting (VER=5, NMETHODS, METHODS), then optional RFC 1929 auth, then the request. */
function socks5(b: Uint8Array): SocksResult {
  if (b.length < 2) return INCOMPLETE;
  const n = b[1]!;
  if (n === 0) return NOT_MINE;
  let p = 2 + n;
  if (b.length < p) return INCOMPLETE;
  const offered = b.subarray(2, p);
  if (b.length === p) return INCOMPLETE;
  // Username/password sub-negotiation (RFC 1929): VER=1, ULEN, UNAME, PLEN, PASSWD.
  if (b[p] === 1) {
    if (!offered.includes(2)) return NOT_MINE;
    if (b.length < p + 2) return INCOMPLETE;
    const ulen = b[p + 1]!;
    if (b.length < p + 3 + ulen) return INCOMPLETE;
    const plen = b[p + 2 + ulen]!;
    p += 3 + ulen + plen;
    if (b.length <= p) return INCOMPLETE;
  }
  // Request: VER=5, CMD, RSV=0, ATYP, DST.ADDR, DST.PORT.
  if (b.length < p + 5) return b[p] !== 5 ? NOT_MINE : INCOMPLETE;
  const command = b[p + 1]!;
  if (b[p] !== 5 || command < 1 || command > 3 || b[p + 2] !== 0) return NOT_MINE;
  const addr = readAddress(b, p + 3, false);
  if (addr === ADDR_INCOMPLETE) return INCOMPLETE;
  if (addr === ADDR_BAD) return NOT_MINE;
  const { host, port, end } = addr;
  return { status: 'ok', version: 5, command, host, port, consumed: end };
}

/** A SOCKS5 UDP request header (RFC 1928 §7): where the relay is to send the datagram. */
export interface SocksUdpHeader {
  readonly host: string;
  readonly port: number;
  /** FRAG: 0 for a whole datagram, else its fragment position (high bit: the last). */
  readonly frag: number;
  /** Header length: the datagram's data follows. */
  readonly length: number;
}

/**
 * The header of a datagram a SOCKS5 client sends to its UDP relay: RSV (2 zero octets), FRAG,
 * ATYP, DST.ADDR, DST.PORT (RFC 1928 §7). Null when the bytes are not one.
 */
export function parseSocksUdpHeader(b: Uint8Array): SocksUdpHeader | null {
  if (b.length < 10 || b[0] !== 0 || b[1] !== 0) return null;
  // A datagram is whole: cut short is not a header either. Names must be printable here (a
  // datagram is not known to be SOCKS until its header reads as one).
  const addr = readAddress(b, 3, true);
  if (addr === ADDR_INCOMPLETE || addr === ADDR_BAD || addr.port === 0) return null;
  return { host: addr.host, port: addr.port, frag: b[2]!, length: addr.end };
}

/** What a SOCKS5 server answered to the client's request, read from the server's bytes. */
export type Socks5ReplyResult =
  | { readonly status: 'ok'; readonly rep: number; readonly host: string; readonly port: number }
  | { readonly status: 'incomplete' }
  | { readonly status: 'not-mine' };

const REPLY_NOT_MINE: Socks5ReplyResult = Object.freeze({ status: 'not-mine' });
const REPLY_INCOMPLETE: Socks5ReplyResult = Object.freeze({ status: 'incomplete' });

/**
 * The server side of a SOCKS5 handshake (RFC 1928 §3, §6; RFC 1929 §2): the method selection
 * (VER=5, METHOD), the username/password status when that method was chosen (VER=1, STATUS), then
 * the reply VER=5, REP, RSV=0, ATYP, BND.ADDR, BND.PORT. For UDP ASSOCIATE, BND is the relay the
 * client is to send its datagrams to.
 */
export function parseSocks5Reply(b: Uint8Array): Socks5ReplyResult {
  if (b.length < 2) return b.length === 1 && b[0] !== 5 ? REPLY_NOT_MINE : REPLY_INCOMPLETE;
  if (b[0] !== 5) return REPLY_NOT_MINE;
  const method = b[1]!;
  if (method === 0xff) return REPLY_NOT_MINE; // no acceptable method: no request follows
  let p = 2;
  if (method === 2) {
    if (b.length < p + 2) return REPLY_INCOMPLETE;
    if (b[p] !== 1 || b[p + 1] !== 0) return REPLY_NOT_MINE; // authentication failed
    p += 2;
  }
  if (b.length < p + 5) return REPLY_INCOMPLETE;
  if (b[p] !== 5 || b[p + 2] !== 0) return REPLY_NOT_MINE;
  const rep = b[p + 1]!;
  const addr = readAddress(b, p + 3, false, true);
  if (addr === ADDR_INCOMPLETE) return REPLY_INCOMPLETE;
  if (addr === ADDR_BAD) return REPLY_NOT_MINE;
  return { status: 'ok', rep, host: addr.host, port: addr.port };
}

const ADDR_INCOMPLETE = Symbol('incomplete');
const ADDR_BAD = Symbol('bad');

/**
 * ATYP at `at`, then the address (IPv4, a length-prefixed name, or IPv6) and a 16-bit port (RFC
 * 1928 §4, §6, §7): the host as text (a name escaped by hostnameText), the port, and the offset
 * after it. ADDR_INCOMPLETE when the bytes end first, ADDR_BAD for an unknown ATYP or a name that
 * is empty (unless `emptyName`) or not printable ASCII (when `printableName`).
 */
function readAddress(b: Uint8Array, at: number, printableName: boolean, emptyName = false): { host: string; port: number; end: number } | typeof ADDR_INCOMPLETE | typeof ADDR_BAD {
  let a = at + 1;
  let host: string;
  switch (b[at]) {
    case 1:
      if (b.length < a + 6) return ADDR_INCOMPLETE;
      host = formatIpv4(b, a);
      a += 4;
      break;
    case 3: {
      if (b.length <= a) return ADDR_INCOMPLETE;
      const len = b[a]!;
      if (len === 0 && !emptyName) return ADDR_BAD;
      if (b.length < a + 1 + len + 2) return ADDR_INCOMPLETE;
      if (printableName) for (let i = a + 1; i < a + 1 + len; i++) if (!printable(b[i]!)) return ADDR_BAD;
      host = hostnameText(b, a + 1, a + 1 + len);
      a += 1 + len;
      break;
    }
    case 4:
      if (b.length < a + 18) return ADDR_INCOMPLETE;
      host = formatIpv6(b, a);
      a += 16;
      break;
    default:
      return ADDR_BAD;
  }
  return { host, port: (b[a]! << 8) | b[a + 1]!, end: a + 2 };
}
