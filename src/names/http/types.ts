/**
 * The shapes parsed HTTP/1.x request heads take. Pure data; strings are escaped capture text.
 * @module names/http/types
 */
import type { NamesAnomalyCode } from '../anomalies.js';

/** One request head (RFC 9112 §3) and the names it carries. */
export interface HttpRequestHead {
  /** Offset of the request line in the stream. */
  readonly offset: number;
  readonly method: string;
  /** request-target, escaped, cut to `HTTP_MAX_TARGET_TEXT` characters. */
  readonly target: string;
  /** "1.0", "1.1", … */
  readonly version: string;
  /** The first Host field value (RFC 9110 §7.2), trimmed and escaped, case kept; null when absent. */
  readonly host: string | null;
  /** Host without its port, lower-cased, brackets of an IPv6 literal removed; null when absent. */
  readonly hostname: string | null;
  /** Authority of an absolute-form target (RFC 9112 §3.2.2), lower-cased, port removed: a proxy request's real destination. */
  readonly targetHostname: string | null;
  /**
   * The host and port a proxy is asked to reach: the authority of a CONNECT (RFC 9110 §9.3.6) or
   * of an absolute-form target (port from the scheme when not given: http 80, https 443, ws 80,
   * wss 443, else null); null for an origin-form request.
   */
  readonly proxyTarget: { readonly host: string; readonly port: number | null } | null;
  readonly anomalies: readonly NamesAnomalyCode[];
}

/** Why `parseHttpRequests` stopped reading the stream. */
export type HttpStop =
  /** The bytes ended exactly at a request boundary. */
  | { readonly status: 'complete' }
  /** A head or body is still arriving: at least `needBytes` more (1 when the head's end is unknown). */
  | { readonly status: 'incomplete'; readonly needBytes: number }
  /** The stream does not start with an HTTP/1.x request line. */
  | { readonly status: 'not-mine' }
  /** `maxRequests` heads were read; the rest is not looked at. */
  | { readonly status: 'cap' }
  /** A CONNECT request: the bytes after its head are the tunnel, not HTTP (RFC 9110 §9.3.6). */
  | { readonly status: 'tunnel' }
  | { readonly status: 'malformed'; readonly code: NamesAnomalyCode; readonly offset: number };

/**
 * Every request head found, in order, the bytes they (and their bodies) used, and the stop. A head
 * is reported as soon as it is whole, even while its body is still arriving; `consumed` ends after
 * the last request whose body is whole too, so a caller resuming from `consumed` sees that head
 * again at the same stream offset (`HttpRequestHead.offset`) and can skip it.
 */
export interface HttpRequests {
  readonly requests: readonly HttpRequestHead[];
  readonly consumed: number;
  readonly stop: HttpStop;
}
