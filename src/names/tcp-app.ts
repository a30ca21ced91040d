/**
 * The client's first bytes on a TCP flow: a TLS ClientHello (SNI, ALPN, ECH) or HTTP/1.x request
 * heads (every request's Host, bodies skipped by their framing), or neither. Called with the
 * in-order bytes held by the flow's client stream each time new bytes arrive.
 * @module names/tcp-app
 */
import type { Limits } from '../core/index.js';
import type { NamesAnomalyCode } from './anomalies.js';
import { SENT_HEAD_BYTES, SENT_HEADS, type FlowNameState } from './flow-state.js';
import { parseHttpRequests, HTTP_DEFAULT_LIMITS } from './http/requests.js';
import type { HttpRequestHead } from './http/types.js';
import type { TcpStream } from './tcp-stream.js';
import { parseClientHello } from './tls/client-hello.js';
import { parseSocksClient, SOCKS_BIND, SOCKS_CONNECT, SOCKS_UDP_ASSOCIATE } from './socks.js';
import type { ClientHello } from './tls/types.js';

/** What one look at the stream found. */
export interface TcpAppResult {
  readonly anomalies: readonly NamesAnomalyCode[];
  readonly tls: number;
  readonly http: number;
  /** The bytes needed exceed the reassembly cap: give up on this flow. */
  readonly cap: boolean;
  /** The client sent a SOCKS5 UDP ASSOCIATE: its datagrams to the proxy go through a relay. */
  readonly udpAssociate?: true;
}

/** Longest client SOCKS handshake: SOCKS5 greeting (257) + RFC 1929 auth (513) + request (262). */
const MAX_SOCKS_HANDSHAKE = 1032;

const NOTHING: TcpAppResult = Object.freeze({ anomalies: [], tls: 0, http: 0, cap: false });
const UDP_ASSOCIATE: TcpAppResult = Object.freeze({ ...NOTHING, udpAssociate: true });

/** Looks at the client bytes held in `stream` (state in `st`), at `frame`/`tsNs`. */
export function onTcpAppBytes(st: FlowNameState, stream: TcpStream, frame: number, tsNs: bigint, limits: Limits): TcpAppResult {
  if (st.mode === 'tcp-app') {
    const tls = parseClientHello(stream.data);
    switch (tls.status) {
      case 'ok': {
        takeHello(st, tls.hello, frame, tsNs, limits);
        const seq = stream.baseSeq;
        if (seq === null) st.stop();
        else st.watchHello(seq, stream.data.slice());
        return { anomalies: tls.hello.anomalies, tls: 1, http: 0, cap: false };
      }
      case 'incomplete':
        return stream.data.length + tls.needBytes > limits.maxReassemblyBytes ? { ...NOTHING, cap: true } : NOTHING;
      case 'malformed':
        st.stop();
        return { ...NOTHING, anomalies: [tls.code] };
      case 'not-mine':
        break;
      default: {
        const never: never = tls;
        return never;
      }
    }
    const socks = socksBytes(st, stream, frame, tsNs, limits);
    if (socks !== null) return socks;
  }
  return httpBytes(st, stream, frame, tsNs, limits);
}

/**
 * A SOCKS4/4a/5 client handshake (see socks.ts): the host asked for is a proxied request, and
 * the tunnel's first bytes after it are looked at afresh (TLS, HTTP). Null when it is not SOCKS.
 */
function socksBytes(st: FlowNameState, stream: TcpStream, frame: number, tsNs: bigint, limits: Limits): TcpAppResult | null {
  const r = parseSocksClient(stream.data);
  switch (r.status) {
    case 'not-mine':
      return null;
    case 'incomplete':
      // A SOCKS handshake is a few hundred bytes at most: longer is some other protocol.
      return stream.data.length > MAX_SOCKS_HANDSHAKE ? null : NOTHING;
    case 'ok': {
      st.flag('via_proxy');
      st.service ??= 'socks';
      const method = r.version === 4 ? `SOCKS4 ${r.command === SOCKS_BIND ? 'BIND' : 'CONNECT'}` : `SOCKS5 ${r.command === SOCKS_BIND ? 'BIND' : r.command === SOCKS_UDP_ASSOCIATE ? 'UDP ASSOCIATE' : 'CONNECT'}`;
      // UDP ASSOCIATE names where the client will send from (often 0.0.0.0:0), not a destination.
      const target = r.command === SOCKS_UDP_ASSOCIATE ? null : { host: r.host, port: r.port, method, frame, tsNs };
      st.noteRequest(stream.offset, target, true, limits.maxNamesPerFlow);
      stream.consume(r.consumed);
      if (r.version === 5 && r.command === SOCKS_UDP_ASSOCIATE) {
        // The server's reply names the relay: read the other direction from now on.
        st.orig?.release();
        st.orig = null;
        st.mode = 'socks-reply';
        return UDP_ASSOCIATE;
      }
      if (r.command !== SOCKS_CONNECT) {
        st.stop();
        return NOTHING;
      }
      return stream.data.length > 0 ? onTcpAppBytes(st, stream, frame, tsNs, limits) : NOTHING;
    }
    default: {
      const never: never = r;
      return never;
    }
  }
}

export function takeHello(st: FlowNameState, h: ClientHello, frame: number, tsNs: bigint, limits: Limits): void {
  st.service = 'tls';
  st.alpn = h.alpn;
  const outer = h.ech !== null && h.ech.kind === 'outer';
  if (outer) st.flag('ech');
  if (h.sni !== null) {
    st.addName({ value: h.sni, source: 'tls_sni', frame, tsNs, ...(outer ? { outer: true } : {}) }, limits.maxNamesPerFlow);
  }
}

function httpBytes(st: FlowNameState, stream: TcpStream, frame: number, tsNs: bigint, limits: Limits): TcpAppResult {
  const data = stream.data;
  const r = parseHttpRequests(data, { maxHeadBytes: Math.min(HTTP_DEFAULT_LIMITS.maxHeadBytes, limits.maxReassemblyBytes), maxRequests: HTTP_DEFAULT_LIMITS.maxRequests });
  let taken = 0;
  const anomalies: NamesAnomalyCode[] = [];
  let tunnel = false;
  const base = stream.baseSeq;
  r.requests.forEach((head, i) => {
    const at = stream.offset + head.offset;
    if (at < st.httpNext) return; // seen on an earlier look, while its body was arriving
    st.httpNext = at + 1;
    takeRequest(st, head, frame, tsNs, limits, at);
    anomalies.push(...head.anomalies);
    taken++;
    if (base !== null) {
      // The head's bytes (to the next request, or what is held), to compare retransmissions with.
      const end = Math.min(r.requests[i + 1]?.offset ?? data.length, head.offset + SENT_HEAD_BYTES);
      if (st.sentHeads.length >= SENT_HEADS) st.sentHeads.shift();
      st.sentHeads.push({ seq: (base + head.offset) >>> 0, bytes: data.slice(head.offset, end) });
    }
  });
  const stop = r.stop;
  switch (stop.status) {
    case 'complete':
    case 'cap':
      stream.consume(r.consumed);
      break;
    case 'incomplete':
      if (stop.needBytes > 1 && r.requests.length > 0 && r.consumed < data.length) {
        // A Content-Length body is arriving: skip it without holding it (heads before it are taken).
        stream.consume(data.length + stop.needBytes);
      } else {
        stream.consume(r.consumed);
        if (stream.data.length + stop.needBytes > limits.maxReassemblyBytes) return { anomalies, tls: 0, http: taken, cap: st.mode === 'tcp-app' };
      }
      break;
    case 'tunnel':
      // The CONNECT's tunnel follows: look at its first bytes afresh (a TLS ClientHello names
      // the real destination; plain HTTP requests are read again).
      stream.consume(r.consumed);
      tunnel = true;
      break;
    case 'not-mine':
      st.stop();
      break;
    case 'malformed':
      anomalies.push(stop.code);
      st.stop();
      break;
    default: {
      const never: never = stop;
      return never;
    }
  }
  if (taken > 0 || r.requests.length > 0) {
    if (st.mode === 'tcp-app') st.mode = 'http';
    st.service ??= 'http';
  }
  if (tunnel && st.mode !== 'done') {
    st.mode = 'tcp-app';
    // The tunnel's first bytes may have come in the same segment as the CONNECT.
    if (stream.data.length > 0) {
      const more = onTcpAppBytes(st, stream, frame, tsNs, limits);
      return { anomalies: [...anomalies, ...more.anomalies], tls: more.tls, http: taken + more.http, cap: more.cap };
    }
  }
  return taken === 0 && anomalies.length === 0 ? NOTHING : { anomalies, tls: 0, http: taken, cap: false };
}

function takeRequest(st: FlowNameState, h: HttpRequestHead, frame: number, tsNs: bigint, limits: Limits, at: number): void {
  const t = h.proxyTarget;
  st.noteRequest(at, t === null ? null : { host: t.host, port: t.port, method: h.method, frame, tsNs }, h.method === 'CONNECT', limits.maxNamesPerFlow);
  if (h.hostname !== null && h.hostname !== '') st.addName({ value: h.hostname, source: 'http_host', frame, tsNs }, limits.maxNamesPerFlow);
  if (h.targetHostname !== null && h.targetHostname !== '' && h.targetHostname !== h.hostname) {
    st.addName({ value: h.targetHostname, source: 'http_host', frame, tsNs }, limits.maxNamesPerFlow);
  }
}
