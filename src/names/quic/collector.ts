/**
 * One UDP flow's client datagrams to its QUIC ClientHello: Initials opened with keys cached per
 * Destination Connection ID, CRYPTO data reassembled by offset across packets and datagrams, and
 * the hello parsed once whole (RFC 9000 §7, §12.2, §19.6; RFC 9001 §4.1.3, §5.2). Google QUIC:
 * Q050 goes the same way with a CHLO in the CRYPTO stream; cleartext gQUIC (≤ Q049) is read from
 * the one datagram that carries the CHLO (a CHLO spread over several is not reassembled).
 * @module names/quic/collector
 */
import { hex, readU32BE } from '../../core/index.js';
import type { NamesAnomalyCode } from '../anomalies.js';
import { parseClientHelloMessage } from '../tls/client-hello.js';
import { CryptoStream } from './crypto-stream.js';
import { agreesWith, laidOver } from '../overlap.js';
import { chloLength, findChlo, looksLikeGquicClear, parseChlo, startsLikeChlo } from './gquic.js';
import { parseQuicInitialDatagram, type QuicKeyCandidate, type QuicKeyProvider } from './initial.js';
import { clientInitialKeys } from './keys.js';
import { QuicPacketProtection } from './protection.js';
import { QUIC_VERSIONS } from './versions.js';
import type { QuicDatagramOutcome, QuicOutcome, QuicVersionSpec } from './types.js';

/** Default cap on CRYPTO stream bytes per flow: a post-quantum ClientHello is ~1.5 KiB. */
export const QUIC_DEFAULT_MAX_CRYPTO = 16 * 1024;
/** Key sets cached per flow (first DCID, a Retry's DCID, a version switch): a few at most. */
const MAX_CACHED_KEYS = 4;
/** HandshakeType client_hello (RFC 8446 §4). */
const CLIENT_HELLO = 1;
/** Datagrams without an Initial (0-RTT that overtook it) accepted before a flow is not-mine. */
const MAX_DATAGRAMS_BEFORE_INITIAL = 8;
const INCOMPLETE: QuicOutcome = { status: 'incomplete' };
/** Client datagrams looked at after the ClientHello for an Initial whose CRYPTO data differs. */
const RECHECK_DATAGRAMS = 16;

/** What a later client datagram said about the ClientHello already read (see `recheck`). */
export type QuicRecheck =
  /** Nothing different (yet): keep looking. */
  | { readonly status: 'same' }
  /** The window ended, or there is nothing to compare with: stop looking. */
  | { readonly status: 'over' }
  /** An Initial carried other CRYPTO bytes over the hello's: its SNI when the other hello could be read. */
  | { readonly status: 'differs'; readonly sni: string | null };

const SAME: QuicRecheck = { status: 'same' };
const OVER: QuicRecheck = { status: 'over' };

/** Options of a collector. */
export interface QuicCollectorOptions {
  /** Cap on CRYPTO stream offsets (default `QUIC_DEFAULT_MAX_CRYPTO`); beyond it: `names.quic.crypto_cap`. */
  readonly maxCryptoBytes?: number;
}

const malformed = (code: NamesAnomalyCode, offset: number): QuicOutcome => ({ status: 'malformed', code, offset });

/** Length of the TLS handshake message at the start of `b` (RFC 8446 §4: type, uint24 length), -1 while fewer than 4 of `have` bytes. */
function handshakeLength(b: Uint8Array, have: number): number {
  return have < 4 ? -1 : 4 + ((b[1]! << 16) | (b[2]! << 8) | b[3]!);
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Collects a QUIC client's ClientHello from its datagrams (client → server only), one collector
 * per UDP flow. `push` returns `ok` once, then the same outcome again; `not-mine` for a flow whose
 * first datagram is no client Initial; `malformed` for a datagram that failed a check (the flow
 * stays open: a later datagram may still complete the hello) or, finally, for a CRYPTO stream over
 * the cap or a hello that does not parse. Never throws on input bytes.
 */
export class QuicClientHelloCollector {
  readonly #maxCrypto: number;
  #mode: 'new' | 'ietf' | 'gquic-clear' = 'new';
  #final: QuicOutcome | null = null;
  readonly #stream: CryptoStream;
  #largestPn = -1;
  #waited = 0;
  #spec: QuicVersionSpec | null = null;
  #version = 0;
  #firstDcid: Uint8Array | null = null;
  #activeDcid: Uint8Array | null = null;
  readonly #keys = new Map<string, QuicKeyCandidate>();
  /** After an IETF ClientHello: its bytes, the other version once one differed, datagrams left to look at. */
  #check: { readonly hello: Uint8Array; alt: Uint8Array | null; left: number } | null = null;

  constructor(o: QuicCollectorOptions = {}) {
    this.#maxCrypto = o.maxCryptoBytes ?? QUIC_DEFAULT_MAX_CRYPTO;
    this.#stream = new CryptoStream(this.#maxCrypto);
  }

  /** True once `push` has a final outcome (the caller may stop pushing). */
  get done(): boolean {
    return this.#final !== null;
  }

  /** Takes the next client datagram (BORROWED for the call only) and its frame number. */
  push(datagram: Uint8Array, frame: number): QuicOutcome {
    if (this.#final !== null) return this.#final;
    if (this.#mode === 'new') {
      if (looksLikeGquicClear(datagram)) this.#mode = 'gquic-clear';
      else return this.#first(datagram, frame);
    }
    if (this.#mode === 'gquic-clear') return this.#pushClear(datagram, frame);
    // 1-RTT datagrams (short header) make up the rest of the flow: pass them over without work.
    if (datagram.length === 0 || (datagram[0]! & 0x80) === 0) return INCOMPLETE;
    return this.#take(parseQuicInitialDatagram(datagram, { keys: this.#provider, largestPacketNumber: this.#largestPn }), frame);
  }

  /**
   * Until the first client Initial: a datagram of another QUIC version or header form ends the
   * flow's reading; long-header 0-RTT packets that overtook the Initial are waited past, a few times.
   */
  #first(d: Uint8Array, frame: number): QuicOutcome {
    const r = parseQuicInitialDatagram(d, { keys: this.#provider, largestPacketNumber: this.#largestPn });
    if (r.status === 'not-mine') return this.#conclude(r);
    if (r.status === 'ok' && r.packets.length === 0) {
      if (++this.#waited < MAX_DATAGRAMS_BEFORE_INITIAL) return INCOMPLETE;
      return this.#conclude({ status: 'not-mine', reason: 'not-initial' });
    }
    this.#mode = 'ietf';
    return this.#take(r, frame);
  }

  #take(r: QuicDatagramOutcome, frame: number): QuicOutcome {
    if (r.status === 'not-mine') return INCOMPLETE; // a short-header or other-version datagram later in the flow
    for (const p of r.packets) {
      if (this.#spec === null) {
        this.#spec = QUIC_VERSIONS.get(p.version) ?? null;
        this.#version = p.version;
      }
      if (this.#firstDcid !== null && !equalBytes(p.keyDcid, this.#firstDcid)) this.#activeDcid = Uint8Array.from(p.keyDcid);
      this.#largestPn = Math.max(this.#largestPn, p.packetNumber);
      for (const c of p.crypto) {
        if (!this.#stream.add(c.offset, c.data, frame)) return this.#conclude(malformed('names.quic.crypto_cap', c.offset));
      }
    }
    const done = this.#spec === null ? null : this.#finish(this.#spec);
    if (done !== null) return this.#conclude(done);
    return r.status === 'malformed' ? malformed(r.code, r.offset) : INCOMPLETE;
  }

  /** Keeps the final outcome and lets go of the stream buffer (and the keys, unless a recheck needs them). */
  #conclude(o: QuicOutcome): QuicOutcome {
    this.#final = o;
    if (o.status === 'ok' && o.kind === 'tls' && this.#spec !== null) {
      const b = this.#stream.bytes;
      this.#check = { hello: b.slice(0, handshakeLength(b, this.#stream.contiguous)), alt: null, left: RECHECK_DATAGRAMS };
    } else this.#keys.clear();
    this.#stream.release();
    return o;
  }

  /**
   * After `ok`: a later client datagram (BORROWED for the call). Its Initial packets' CRYPTO data
   * over the ClientHello's offsets must be the same bytes (a retransmission); other bytes are the
   * IDS-evasion trick of a first copy the server never accepted. The other version is collected
   * until its SNI can be read. `over` after RECHECK_DATAGRAMS datagrams (keys are then freed).
   */
  recheck(datagram: Uint8Array): QuicRecheck {
    const c = this.#check;
    if (c === null) return OVER;
    if (--c.left < 0) return this.#endCheck(OVER);
    // Handshake and 1-RTT packets (most of a connection) carry no Initial CRYPTO data.
    if (datagram.length === 0 || (datagram[0]! & 0x80) === 0) return SAME;
    const r = parseQuicInitialDatagram(datagram, { keys: this.#provider, largestPacketNumber: this.#largestPn });
    if (r.status !== 'ok') return SAME;
    for (const p of r.packets) {
      this.#largestPn = Math.max(this.#largestPn, p.packetNumber);
      for (const f of p.crypto) {
        if (c.alt === null) {
          if (agreesWith(c.hello, f.offset, f.data)) continue;
          c.alt = c.hello.slice();
        }
        // The other version: the hello with every later frame laid over it (extended, up to the cap).
        c.alt = laidOver(c.alt, f.offset, f.data, this.#maxCrypto) ?? c.alt;
      }
    }
    const b = c.alt;
    if (b === null) return SAME;
    const len = handshakeLength(b, b.length);
    if (len < 0 || b.length < len) return c.left === 0 ? this.#endCheck({ status: 'differs', sni: null }) : { status: 'differs', sni: null };
    const h = b[0] === CLIENT_HELLO ? parseClientHelloMessage(b.subarray(0, len)) : null;
    return this.#endCheck({ status: 'differs', sni: h !== null && h.ok ? h.hello.sni : null });
  }

  /** True while `recheck` still looks at datagrams. */
  get checking(): boolean {
    return this.#check !== null;
  }

  #endCheck(r: QuicRecheck): QuicRecheck {
    this.#check = null;
    this.#keys.clear();
    return r;
  }

  /** The whole hello once the stream holds it; null while bytes are missing. */
  #finish(spec: QuicVersionSpec): QuicOutcome | null {
    const s = this.#stream;
    const have = s.contiguous;
    if (have === 0) return null;
    const b = s.bytes;
    const chlo = spec.handshake === 'chlo';
    if (chlo ? !startsLikeChlo(b, 0, have) : b[0] !== CLIENT_HELLO) return malformed('names.quic.not_client_hello', 0);
    const len = chlo ? chloLength(b, 0, have) : handshakeLength(b, have);
    if (len < 0) return null;
    if (len > this.#maxCrypto) return malformed('names.quic.crypto_cap', 0);
    if (have < len) return null;
    const frames = s.framesBelow(len);
    if (chlo) {
      const c = parseChlo(b, 0, len);
      if (c.status === 'ok') return { status: 'ok', kind: 'chlo', chlo: c.chlo, version: this.#version, frames };
      return c.status === 'malformed' ? malformed(c.code, c.offset) : null;
    }
    const h = parseClientHelloMessage(b.subarray(0, len));
    if (!h.ok) return malformed(h.code, h.offset);
    return { status: 'ok', kind: 'tls', hello: h.hello, version: this.#version, frames };
  }

  /** Cleartext gQUIC: the CHLO is read from one datagram that still carries the version. */
  #pushClear(d: Uint8Array, frame: number): QuicOutcome {
    if (!looksLikeGquicClear(d)) return INCOMPLETE;
    const at = findChlo(d);
    if (at < 0) return INCOMPLETE;
    const r = parseChlo(d, at, d.length);
    if (r.status === 'incomplete') return INCOMPLETE;
    if (r.status === 'malformed') return this.#conclude(r);
    const version = (d[0]! & 0x80) !== 0 ? readU32BE(d, 1) : readU32BE(d, 9);
    return this.#conclude({ status: 'ok', kind: 'chlo', chlo: r.chlo, version, frames: [frame] });
  }

  /** RFC 9001 §5.2: the first Initial's DCID keys; after a Retry, the packet's own DCID keys. */
  readonly #provider: QuicKeyProvider = (spec, version, dcid) => {
    this.#firstDcid ??= Uint8Array.from(dcid);
    return this.#candidates(spec, version, dcid);
  };

  /** Keys of each distinct DCID in turn, derived (and cached) only when the one before failed. */
  *#candidates(spec: QuicVersionSpec, version: number, own: Uint8Array): Generator<QuicKeyCandidate> {
    const tried: Uint8Array[] = [];
    for (const c of [this.#activeDcid, this.#firstDcid, own]) {
      if (c === null || tried.some((t) => equalBytes(t, c))) continue;
      tried.push(c);
      yield this.#cached(spec, version, c);
    }
  }

  #cached(spec: QuicVersionSpec, version: number, dcid: Uint8Array): QuicKeyCandidate {
    const id = `${version}/${hex(dcid)}`;
    let k = this.#keys.get(id);
    if (k === undefined) {
      if (this.#keys.size >= MAX_CACHED_KEYS) this.#keys.delete(this.#keys.keys().next().value!);
      const own = Uint8Array.from(dcid);
      k = { dcid: own, protection: new QuicPacketProtection(clientInitialKeys(spec, own)) };
      this.#keys.set(id, k);
    }
    return k;
  }
}
