/**
 * Every HTTP/1.x request head in a client byte stream (pipelined requests, RFC 9112 §9.3), with
 * bodies skipped by their framing (RFC 9112 §6.3, §7.1 chunked). Pure, total and bounded: each
 * head by `maxHeadBytes`, the walk by `maxRequests`.
 * @module names/http/requests
 */
import type { NamesAnomalyCode } from '../anomalies.js';
import { parseRequestHead } from './request-head.js';
import type { HttpRequestHead, HttpRequests, HttpStop } from './types.js';

/** Bounds of one walk; defaults keep a request head to 16 KiB and a stream to 100 requests. */
export interface HttpLimits {
  readonly maxHeadBytes: number;
  readonly maxRequests: number;
}

/** Defaults for `parseHttpRequests`. */
export const HTTP_DEFAULT_LIMITS: HttpLimits = { maxHeadBytes: 16 * 1024, maxRequests: 100 };

type Skip = { readonly next: number } | { readonly stop: HttpStop };

/** RFC 9112 §7.1: chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF; last-chunk; trailers; CRLF. */
function skipChunked(b: Uint8Array, off: number, maxLine: number): Skip {
  const bad = (offset: number): Skip => ({ stop: { status: 'malformed', code: 'names.http.bad_chunk', offset } });
  let p = off;
  for (;;) {
    const le = b.subarray(p, Math.min(b.length, p + maxLine)).indexOf(0x0a);
    if (le < 0) return b.length - p >= maxLine ? bad(p) : { stop: { status: 'incomplete', needBytes: 1 } };
    let size = 0;
    let digits = 0;
    for (let i = p; i < p + le; i++) {
      const c = b[i]!;
      const v = c >= 0x30 && c <= 0x39 ? c - 0x30 : (c | 0x20) >= 0x61 && (c | 0x20) <= 0x66 ? (c | 0x20) - 0x57 : -1;
      if (v < 0) break;
      if (++digits > 12) return bad(p);
      size = size * 16 + v;
    }
    if (digits === 0) return bad(p);
    p += le + 1;
    if (size === 0) return skipTrailers(b, p, maxLine);
    const after = p + size;
    if (after >= b.length) return { stop: { status: 'incomplete', needBytes: after + 1 - b.length } };
    if (b[after] === 0x0a) {
      p = after + 1;
      continue;
    }
    if (b[after] !== 0x0d) return bad(after);
    if (after + 1 >= b.length) return { stop: { status: 'incomplete', needBytes: 1 } };
    if (b[after + 1] !== 0x0a) return bad(after);
    p = after + 2;
  }
}

/** Trailer fields after the last chunk, up to the empty line (RFC 9112 §7.1.2). */
function skipTrailers(b: Uint8Array, off: number, maxLine: number): Skip {
  for (let p = off; ; ) {
    const le = b.subarray(p, Math.min(b.length, p + maxLine)).indexOf(0x0a);
    if (le < 0) return b.length - p >= maxLine ? { stop: { status: 'malformed', code: 'names.http.bad_chunk', offset: p } } : { stop: { status: 'incomplete', needBytes: 1 } };
    if (le === 0 || (le === 1 && b[p] === 0x0d)) return { next: p + le + 1 };
    p += le + 1;
  }
}

/**
 * Parses the request heads in `stream`, the client-to-server bytes of one connection from its
 * start (reassembled by the caller, in order). A request's body is skipped by Content-Length or
 * chunked framing; a body with no knowable end (a transfer coding other than chunked last) stops
 * the walk. Never throws; the result holds strings and numbers only.
 */
export function parseHttpRequests(stream: Uint8Array, limits: HttpLimits = HTTP_DEFAULT_LIMITS): HttpRequests {
  const requests: HttpRequestHead[] = [];
  let p = 0;
  const done = (stop: HttpStop): HttpRequests => ({ requests, consumed: p, stop });
  for (;;) {
    // RFC 9112 §2.2: empty lines before a request line are ignored.
    let q = p;
    while (q < stream.length && (stream[q] === 0x0d || stream[q] === 0x0a) && q - p < 4) q++;
    if (q >= stream.length) {
      p = q;
      return done({ status: 'complete' });
    }
    if (requests.length >= limits.maxRequests) return done({ status: 'cap' });
    const h = parseRequestHead(stream, q, limits.maxHeadBytes, requests.length === 0);
    if (!h.ok) {
      if (h.status === 'malformed') return done({ status: 'malformed', code: h.code, offset: h.offset });
      return done(h.status === 'incomplete' ? { status: 'incomplete', needBytes: 1 } : { status: 'not-mine' });
    }
    requests.push(h.head);
    if (h.head.method === 'CONNECT') {
      // RFC 9110 §9.3.6: after a CONNECT the connection is a tunnel; its bytes are not HTTP.
      p = h.next;
      return done({ status: 'tunnel' });
    }
    const body = h.body;
    let next: number;
    switch (body.kind) {
      case 'length':
        next = h.next + body.length;
        if (next > stream.length) return done({ status: 'incomplete', needBytes: next - stream.length });
        break;
      case 'chunked': {
        const s = skipChunked(stream, h.next, limits.maxHeadBytes);
        if ('stop' in s) return done(s.stop);
        next = s.next;
        break;
      }
      case 'unframed':
        return done({ status: 'malformed', code: 'names.http.body_unframed' satisfies NamesAnomalyCode, offset: h.next });
      default: {
        const never: never = body;
        return never;
      }
    }
    p = next;
  }
}
