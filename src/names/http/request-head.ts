/**
 * One HTTP/1.x request head (RFC 9112 §2.2, §3, §5): request line, header fields up to the empty
 * line, and what the names stage needs from them: Host (RFC 9110 §7.2), the authority of an
 * absolute-form target, and the body framing (RFC 9112 §6.3) so pipelined requests can be found.
 * @module names/http/request-head
 */
import type { NamesAnomalyCode } from '../anomalies.js';
import { hostnameText, printableText } from '../dns/name.js';
import type { HttpRequestHead } from './types.js';

/** Longest request-target text kept (the rest is cut, the request still parsed). */
export const HTTP_MAX_TARGET_TEXT = 256;
const MAX_METHOD = 20;
const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const HTAB = 0x09;

/** RFC 9110 §5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA. */
const TCHAR = (() => {
  const t = new Uint8Array(128);
  for (const c of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") t[c.charCodeAt(0)] = 1;
  return t;
})();

/** Is byte `c` a token character (RFC 9110 §5.6.2)? */
export function isTchar(c: number): boolean {
  return TCHAR[c] === 1;
}

/** Body framing of one request (RFC 9112 §6.3): none, a length, chunked, or unknowable. */
export type BodyFraming = { readonly kind: 'length'; readonly length: number } | { readonly kind: 'chunked' } | { readonly kind: 'unframed' };

/** One head, or why not. `next` is the offset just after the head's empty line. */
export type HeadResult =
  | { readonly ok: true; readonly head: HttpRequestHead; readonly next: number; readonly body: BodyFraming }
  | { readonly ok: false; readonly status: 'incomplete' | 'not-mine' }
  | { readonly ok: false; readonly status: 'malformed'; readonly code: NamesAnomalyCode; readonly offset: number };

/** Line `[start, end)` without its CR, and where the next line starts; -1 when no LF before `limit`. */
function lineEnd(b: Uint8Array, start: number, limit: number): number {
  for (let i = start; i < limit; i++) if (b[i] === LF) return i;
  return -1;
}

const trimEnd = (b: Uint8Array, s: number, e: number): number => {
  while (e > s && (b[e - 1] === SP || b[e - 1] === HTAB || b[e - 1] === CR)) e--;
  return e;
};

/** Case-insensitive compare of `b[s, e)` with a lower-case ASCII name. */
function nameIs(b: Uint8Array, s: number, e: number, name: string): boolean {
  if (e - s !== name.length) return false;
  for (let i = 0; i < name.length; i++) if ((b[s + i]! | 0x20) !== name.charCodeAt(i)) return false;
  return true;
}

/** Host text → hostname: port dropped, IPv6 brackets removed, lower-cased (RFC 3986 §3.2.2-3). */
export function hostnameOf(b: Uint8Array, s: number, e: number): string {
  if (b[s] === 0x5b) {
    const close = b.subarray(s, e).indexOf(0x5d);
    if (close > 0) return hostnameText(b, s + 1, s + close);
  }
  const colon = b.subarray(s, e).indexOf(0x3a);
  return hostnameText(b, s, colon < 0 ? e : s + colon);
}

/**
 * Where the host of an absolute-form target `scheme://[userinfo@]authority/…` (RFC 9112 §3.2.2)
 * lies in `b[s, e)`: the scheme's length, and the authority without its userinfo; null when the
 * target is not absolute-form.
 */
function absoluteAuthority(b: Uint8Array, s: number, e: number): { readonly schemeLength: number; readonly start: number; readonly end: number } | null {
  const sep = b.subarray(s, e).indexOf(0x3a);
  if (sep <= 0 || b[s + sep + 1] !== 0x2f || b[s + sep + 2] !== 0x2f) return null;
  const a = s + sep + 3;
  let z = a;
  while (z < e && b[z] !== 0x2f && b[z] !== 0x3f && b[z] !== 0x23) z++;
  const at = b.subarray(a, z).lastIndexOf(0x40); // drop userinfo@
  return { schemeLength: sep, start: at < 0 ? a : a + at + 1, end: z };
}

/** Default ports of the schemes a forward proxy is asked for (RFC 9110 §4.2, RFC 6455 §3). */
const SCHEME_PORTS: ReadonlyMap<string, number> = new Map([['http', 80], ['https', 443], ['ws', 80], ['wss', 443]]);

/** The port after the host of an authority `b[s, e)` (`host:port`, `[v6]:port`), or null. */
function authorityPort(b: Uint8Array, s: number, e: number): number | null {
  let i = s;
  if (b[s] === 0x5b) {
    const close = b.subarray(s, e).indexOf(0x5d);
    if (close < 0) return null;
    i = s + close + 1;
  } else {
    const colon = b.subarray(s, e).indexOf(0x3a);
    if (colon < 0) return null;
    i = s + colon;
  }
  if (b[i] !== 0x3a || i + 1 >= e || e - i - 1 > 5) return null;
  let port = 0;
  for (let k = i + 1; k < e; k++) {
    if (!isDigit(b[k]!)) return null;
    port = port * 10 + (b[k]! - 0x30);
  }
  return port <= 65535 ? port : null;
}

/**
 * What a proxy is asked to reach (RFC 9110 §9.3.6, RFC 9112 §3.2.2-3.2.3): the authority-form
 * target `b[s, e)` of a CONNECT, or the authority of an absolute-form target (`auth`, its host
 * `host`, as readFields found them); null for origin-form.
 */
function proxyTargetOf(
  b: Uint8Array, method: string, s: number, e: number,
  auth: ReturnType<typeof absoluteAuthority>, host: string | null,
): { host: string; port: number | null } | null {
  if (auth === null || host === null) {
    if (method !== 'CONNECT') return null;
    const h = hostnameOf(b, s, e);
    return h === '' ? null : { host: h, port: authorityPort(b, s, e) };
  }
  if (host === '') return null;
  const scheme = String.fromCharCode(...b.subarray(s, s + Math.min(auth.schemeLength, 10))).toLowerCase();
  return { host, port: authorityPort(b, auth.start, auth.end) ?? SCHEME_PORTS.get(scheme) ?? null };
}

/**
 * Parses the request line at `off` (RFC 9112 §3: method SP request-target SP HTTP-version).
 * Returns the offset after the version and the parts, or null when it is not a request line.
 */
function requestLine(b: Uint8Array, off: number, end: number): { m: number; t0: number; t1: number; v: string } | null {
  let p = off;
  while (p < end && p - off <= MAX_METHOD && isTchar(b[p]!)) p++;
  if (p === off || p - off > MAX_METHOD || b[p] !== SP) return null;
  const t0 = p + 1;
  let t1 = t0;
  while (t1 < end && b[t1] !== SP) t1++;
  // HTTP-version = "HTTP/" DIGIT "." DIGIT (RFC 9112 §2.3), right after the target's one SP.
  if (t1 === t0 || end - t1 !== 9 || !isDigit(b[end - 3]!) || b[end - 2] !== 0x2e || !isDigit(b[end - 1]!)) return null;
  for (let i = 0; i < 5; i++) if (b[t1 + 1 + i] !== HTTP_SLASH[i]) return null;
  return { m: p, t0, t1, v: String.fromCharCode(b[end - 3]!, 0x2e, b[end - 1]!) };
}

const HTTP_SLASH = [0x48, 0x54, 0x54, 0x50, 0x2f]; // "HTTP/"
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** Could `b[off, end)` still grow into a request line? Used before its LF has arrived. */
function couldBeRequest(b: Uint8Array, off: number, end: number): boolean {
  let p = off;
  while (p < end && isTchar(b[p]!)) p++;
  return p - off <= MAX_METHOD && (p === end || (p > off && b[p] === SP));
}

/** Parses the head starting at `off`; `first` says whether a non-request means not-mine. */
export function parseRequestHead(b: Uint8Array, off: number, maxHead: number, first: boolean): HeadResult {
  const limit = Math.min(b.length, off + maxHead);
  const le = lineEnd(b, off, limit);
  if (le < 0) {
    if (first && !couldBeRequest(b, off, limit)) return { ok: false, status: 'not-mine' };
    return limit < b.length ? { ok: false, status: 'malformed', code: 'names.http.head_too_long', offset: off } : { ok: false, status: 'incomplete' };
  }
  const rl = requestLine(b, off, le > off && b[le - 1] === CR ? le - 1 : le);
  if (rl === null) return first ? { ok: false, status: 'not-mine' } : { ok: false, status: 'malformed', code: 'names.http.bad_request_line', offset: off };
  return readFields(b, off, le + 1, limit, rl);
}

/** Reads header fields from `p` up to the empty line (RFC 9112 §5). */
function readFields(b: Uint8Array, off: number, p: number, limit: number, rl: { m: number; t0: number; t1: number; v: string }): HeadResult {
  const anomalies: NamesAnomalyCode[] = [];
  let host: [number, number] | null = null;
  let length = -1;
  let te: [number, number] | null = null;
  for (;;) {
    const le = lineEnd(b, p, limit);
    if (le < 0) return limit < b.length ? { ok: false, status: 'malformed', code: 'names.http.head_too_long', offset: off } : { ok: false, status: 'incomplete' };
    const e = le > p && b[le - 1] === CR ? le - 1 : le;
    if (e === p) break;
    const colon = b.subarray(p, e).indexOf(0x3a) + p;
    // No colon, an empty or non-token name, or obs-fold (a line starting with whitespace): RFC 9112 §5.1-5.2.
    let ok = colon > p;
    for (let i = p; ok && i < colon; i++) ok = isTchar(b[i]!);
    if (!ok) return { ok: false, status: 'malformed', code: 'names.http.bad_header_line', offset: p };
    let vs = colon + 1;
    while (vs < e && (b[vs] === SP || b[vs] === HTAB)) vs++;
    const ve = trimEnd(b, vs, e);
    if (nameIs(b, p, colon, 'host')) {
      if (host === null) host = [vs, ve];
      else anomalies.push('names.http.multiple_host');
    } else if (nameIs(b, p, colon, 'content-length')) {
      const n = contentLength(b, vs, ve);
      if (n < 0 || (length >= 0 && n !== length)) return { ok: false, status: 'malformed', code: 'names.http.bad_content_length', offset: p };
      length = n;
    } else if (nameIs(b, p, colon, 'transfer-encoding')) te = [vs, ve];
    p = le + 1;
  }
  const method = String.fromCharCode(...b.subarray(off, rl.m));
  // An absolute-form target's authority, found once for both its hostname and the proxy target.
  const auth = absoluteAuthority(b, rl.t0, rl.t1);
  const targetHost = auth === null ? null : hostnameOf(b, auth.start, auth.end);
  const head: HttpRequestHead = {
    offset: off,
    method,
    target: printableText(b, rl.t0, Math.min(rl.t1, rl.t0 + HTTP_MAX_TARGET_TEXT)),
    version: rl.v,
    host: host === null ? null : printableText(b, host[0], host[1]),
    hostname: host === null ? null : hostnameOf(b, host[0], host[1]),
    targetHostname: targetHost,
    proxyTarget: proxyTargetOf(b, method, rl.t0, rl.t1, auth, targetHost),
    anomalies,
  };
  // RFC 9112 §6.3: Transfer-Encoding overrides Content-Length; chunked must be the final coding.
  const body: BodyFraming = te !== null ? (endsWithChunked(b, te[0], te[1]) ? { kind: 'chunked' } : { kind: 'unframed' }) : { kind: 'length', length: Math.max(0, length) };
  return { ok: true, head, next: p + (b[p] === CR ? 2 : 1), body };
}

/** Content-Length (RFC 9110 §8.6): digits, or a list of equal values; -1 when invalid. */
function contentLength(b: Uint8Array, s: number, e: number): number {
  let value = -1;
  for (const part of String.fromCharCode(...b.subarray(s, Math.min(e, s + 200))).split(',')) {
    const t = part.trim();
    if (!/^\d{1,15}$/.test(t) || (value >= 0 && Number(t) !== value)) return -1;
    value = Number(t);
  }
  return e - s > 200 ? -1 : value;
}

/** Is "chunked" the last transfer coding listed (RFC 9112 §7)? */
function endsWithChunked(b: Uint8Array, s: number, e: number): boolean {
  const v = String.fromCharCode(...b.subarray(s, Math.min(e, s + 200))).toLowerCase().split(',');
  return e - s <= 200 && v[v.length - 1]!.trim() === 'chunked';
}
