/**
 * Session scripts: DNS lookup, TCP (TLS on 443, HTTP/1.1 on 80, opaque other ports) and QUIC on
 * UDP/443. Each is a generator run by the Driver: a step writes packets at the driver clock,
 * then yields the µs to wait. TCP sequence and acknowledgement numbers stay consistent
 * (RFC 9293 §3.4); the receiver ACKs every second full segment (delayed ACK, RFC 9293 §3.8.6.3).
 * @module synth/sessions
 */
import type { Driver, SessionGen } from './driver.js';
import { ACK, FIN, PSH, SYN, type Path } from './packets.js';
import { BytesMessage, HeadBodyMessage, RandomMessage, TlsAppDataMessage, type Message } from './messages.js';
import { clientFinished, clientHelloRecord, serverFlight } from './tls.js';
import { httpRequest, httpResponseHead } from './http.js';
import { dnsQuery, dnsResponse, type DnsAnswer } from './dns.js';
import { quicClientInitial, quicServerInitial, quicShortPacket } from './quic.js';

/** A DNS lookup preceding a connection. */
export interface DnsPlan {
  readonly path: Path;
  readonly id: number;
  readonly answer: DnsAnswer;
  readonly rtt: number;
}

/** Everything a session script needs, decided up front by the traffic model. */
export interface SessionPlan {
  readonly kind: 'tls' | 'http' | 'quic' | 'tcp';
  readonly path: Path;
  /** Name in SNI / Host (the DNS question name). */
  readonly name: string;
  readonly dns: DnsPlan | null;
  readonly rtt: number;
  /** µs between back-to-back segments of one burst. */
  readonly gap: number;
  /** Bytes the client sends, per request/response round. */
  readonly up: readonly number[];
  /** Bytes the server sends, per round. */
  readonly down: readonly number[];
  /** µs of think time between rounds. */
  readonly think: number;
}

interface SeqState {
  c: number;
  s: number;
}

/** Query then answer; ends right after the answer is written. */
export function* dnsExchange(d: Driver, dns: DnsPlan): SessionGen {
  d.udp(dns.path, true, dnsQuery(dns.id, dns.answer.name, dns.answer.qtype));
  yield dns.rtt;
  d.udp(dns.path, false, dnsResponse(dns.id, dns.answer));
}

/** Three-way handshake (RFC 9293 §3.5). */
function* handshake(d: Driver, p: Path, st: SeqState, rtt: number): SessionGen {
  d.tcp(p, true, SYN, st.c, 0);
  st.c = (st.c + 1) >>> 0;
  yield rtt;
  d.tcp(p, false, SYN | ACK, st.s, st.c);
  st.s = (st.s + 1) >>> 0;
  yield 80 + d.rng.int(120);
  d.tcp(p, true, ACK, st.c, st.s);
}

/** Client-initiated close: FIN, FIN, ACK. */
function* close(d: Driver, p: Path, st: SeqState, rtt: number): SessionGen {
  d.tcp(p, true, FIN | ACK, st.c, st.s);
  st.c = (st.c + 1) >>> 0;
  yield rtt;
  d.tcp(p, false, FIN | ACK, st.s, st.c);
  st.s = (st.s + 1) >>> 0;
  yield 60 + d.rng.int(100);
  d.tcp(p, true, ACK, st.c, st.s);
}

/** Sends `msg` in MSS-sized segments, the peer ACKing every second one and the last one. */
function* transfer(d: Driver, p: Path, st: SeqState, fromClient: boolean, msg: Message, gap: number): SessionGen {
  const mss = d.b.mss(p);
  let at = 0;
  let unacked = 0;
  while (at < msg.length) {
    const len = Math.min(mss, msg.length - at);
    const last = at + len >= msg.length;
    if (fromClient) {
      d.tcp(p, true, ACK | (last ? PSH : 0), st.c, st.s, msg, at, len);
      st.c = (st.c + len) >>> 0;
    } else {
      d.tcp(p, false, ACK | (last ? PSH : 0), st.s, st.c, msg, at, len);
      st.s = (st.s + len) >>> 0;
    }
    at += len;
    if (++unacked === 2 || last) {
      yield 20 + d.rng.int(80);
      if (fromClient) d.tcp(p, false, ACK, st.s, st.c);
      else d.tcp(p, true, ACK, st.c, st.s);
      unacked = 0;
    }
    if (!last) yield gap;
  }
}

/** The request and response of round `i` for an established connection. */
function roundMessages(d: Driver, s: SessionPlan, i: number): [Message, Message] {
  const up = s.up[i] ?? 0;
  const down = s.down[i] ?? 0;
  const salt = d.rng.u32();
  if (s.kind === 'tls') return [new TlsAppDataMessage(up, d.pool, salt), new TlsAppDataMessage(down, d.pool, salt ^ 0x5a5a)];
  if (s.kind === 'http') {
    const req = httpRequest(d.rng, s.name);
    return [new BytesMessage(req), new HeadBodyMessage(httpResponseHead(down), down, d.pool, salt)];
  }
  return [new RandomMessage(Math.max(1, up), d.pool, salt), new RandomMessage(Math.max(1, down), d.pool, salt ^ 0x3c3c)];
}

/** A TCP session (tls, http or tcp kinds), optionally preceded by its DNS lookup. */
export function* tcpSession(d: Driver, s: SessionPlan): SessionGen {
  if (s.dns !== null) {
    yield* dnsExchange(d, s.dns);
    yield 500 + d.rng.int(3000);
  }
  const p = s.path;
  const st: SeqState = { c: d.rng.u32(), s: d.rng.u32() };
  yield* handshake(d, p, st, s.rtt);
  yield 100 + d.rng.int(400);
  if (s.kind === 'tls') {
    yield* transfer(d, p, st, true, new BytesMessage(clientHelloRecord(d.rng, s.name, ['h2', 'http/1.1'])), s.gap);
    yield s.rtt;
    yield* transfer(d, p, st, false, new BytesMessage(serverFlight(d.rng, 1500 + d.rng.int(3500))), s.gap);
    yield 300 + d.rng.int(700);
    yield* transfer(d, p, st, true, new BytesMessage(clientFinished(d.rng)), s.gap);
    yield 100 + d.rng.int(200);
  } else if (s.kind === 'tcp' && p.serverPort === 22) {
    yield* transfer(d, p, st, false, new BytesMessage(Buffer.from('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n')), s.gap);
    yield 200;
    yield* transfer(d, p, st, true, new BytesMessage(Buffer.from('SSH-2.0-OpenSSH_9.6\r\n')), s.gap);
    yield s.rtt;
  }
  for (let i = 0; i < s.down.length; i++) {
    if (i > 0) yield s.think;
    const [req, res] = roundMessages(d, s, i);
    yield* transfer(d, p, st, true, req, s.gap);
    yield s.rtt;
    yield* transfer(d, p, st, false, res, s.gap);
  }
  yield s.think;
  yield* close(d, p, st, s.rtt);
}

function cid(d: Driver): Uint8Array {
  const c = new Uint8Array(8);
  d.rng.fill(c, 0, 8);
  return c;
}

/** A QUIC connection: protected Initials, then 1-RTT short-header packets, ACKs every third. */
export function* quicSession(d: Driver, s: SessionPlan): SessionGen {
  if (s.dns !== null) {
    yield* dnsExchange(d, s.dns);
    yield 500 + d.rng.int(3000);
  }
  const p = s.path;
  const odcid = cid(d), ccid = cid(d), scid = cid(d);
  d.udp(p, true, quicClientInitial(d.rng, s.name, odcid, ccid));
  yield s.rtt;
  d.udp(p, false, quicServerInitial(d.rng, odcid, ccid, scid, 1200 + d.rng.int(52)));
  yield 200 + d.rng.int(500);
  const off = d.b.payloadOffset(p, 'udp');
  const salt = d.rng.u32();
  let k = 0;
  for (let i = 0; i < s.down.length; i++) {
    let up = Math.max(60, s.up[i] ?? 0);
    while (up > 0) {
      const n = Math.min(1350, Math.max(up, 40));
      quicShortPacket(d.b.buf, off, scid, n, d.pool, salt + k++ * 1499);
      d.udpInPlace(p, true, n);
      up -= n;
      yield s.gap;
    }
    yield s.rtt;
    let down = s.down[i] ?? 0;
    let sent = 0;
    while (down > 0) {
      const n = Math.min(1350, Math.max(down, 40));
      quicShortPacket(d.b.buf, off, ccid, n, d.pool, salt + k++ * 1499);
      d.udpInPlace(p, false, n);
      down -= n;
      if (++sent % 3 === 0 || down <= 0) {
        yield 20 + d.rng.int(80);
        quicShortPacket(d.b.buf, off, scid, 40, d.pool, salt + k++ * 1499);
        d.udpInPlace(p, true, 40);
      }
      yield s.gap;
    }
    if (i + 1 < s.down.length) yield s.think;
  }
}
