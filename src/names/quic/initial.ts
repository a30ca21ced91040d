/**
 * One UDP datagram from a QUIC client to the CRYPTO data of its Initial packets: coalesced
 * long-header packets are walked by their Length (RFC 9000 §12.2), each client Initial of a known
 * version has its header protection removed and its payload decrypted (RFC 9001 §5), and its
 * frames read. 0-RTT and Handshake packets are stepped over; Retry and short-header packets end
 * the walk (they run to the datagram's end). Pure and total: never throws on the bytes.
 * @module names/quic/initial
 */
import type { NamesAnomalyCode } from '../anomalies.js';
import { readInitialFrames } from './frames.js';
import { QUIC_LONG_HEADER, readLongHeader, type LongHeader } from './header.js';
import { clientInitialKeys } from './keys.js';
import { openLongHeaderPacket, QuicPacketProtection } from './protection.js';
import type { QuicCryptoChunk, QuicDatagramOutcome, QuicInitialPacket, QuicVersionSpec } from './types.js';

/** Keys to try on one Initial, in order, each with the Destination Connection ID it came from. */
export interface QuicKeyCandidate {
  readonly dcid: Uint8Array;
  readonly protection: QuicPacketProtection;
}

/**
 * Which client Initial keys to try, in order, on a packet of `version` whose Destination
 * Connection ID is `dcid` (BORROWED); the walk stops at the first that authenticates, so a lazy
 * iterable derives no more than needed. A flow's collector answers with the keys of its first
 * Initial's DCID (RFC 9001 §5.2) and then the packet's own; the default derives the packet's own.
 */
export type QuicKeyProvider = (spec: QuicVersionSpec, version: number, dcid: Uint8Array) => Iterable<QuicKeyCandidate>;

/** Options of `parseQuicInitialDatagram`. */
export interface QuicParseOptions {
  /** Default: derive from the packet's own Destination Connection ID (no cache). */
  readonly keys?: QuicKeyProvider;
  /** Largest Initial packet number seen so far in the flow (RFC 9000 Appendix A.3); default -1. */
  readonly largestPacketNumber?: number;
}

const ownKeys: QuicKeyProvider = (spec, _version, dcid) => [{ dcid, protection: new QuicPacketProtection(clientInitialKeys(spec, dcid)) }];

function sameBytes(d: Uint8Array, a: number, b: number, len: number): boolean {
  for (let i = 0; i < len; i++) if (d[a + i] !== d[b + i]) return false;
  return true;
}

type PacketResult = { readonly ok: true; readonly packet: QuicInitialPacket } | { readonly ok: false; readonly code: NamesAnomalyCode; readonly offset: number };

/** Opens one client Initial with the first candidate key that authenticates, then reads its frames. */
function openInitial(d: Uint8Array, off: number, h: LongHeader, keys: QuicKeyProvider, largest: number): PacketResult {
  const dcid = d.subarray(h.dcidStart, h.dcidStart + h.dcidLength);
  let code: NamesAnomalyCode = 'names.quic.decrypt_failed';
  for (const k of keys(h.spec, h.version, dcid)) {
    const r = openLongHeaderPacket(d, off, h.pnOffset, h.end, k.protection, largest);
    if (!r.ok) {
      code = r.code;
      if (code === 'names.quic.short_packet') break;
      continue;
    }
    const crypto: QuicCryptoChunk[] = [];
    const bad = readInitialFrames(r.payload, h.spec, crypto);
    // Frame offsets are in the decrypted payload, which the caller never sees: report the packet.
    if (bad !== null) return { ok: false, code: bad.code, offset: off };
    return { ok: true, packet: { version: h.version, offset: off, dcid, packetNumber: r.packetNumber, keyDcid: k.dcid, payload: r.payload, crypto } };
  }
  return { ok: false, code, offset: off };
}

/**
 * Walks the coalesced packets of one client datagram and opens its Initials. `not-mine` when the
 * first packet has a short header, is Version Negotiation or has an unknown version; `ok` with
 * no packets when it held only 0-RTT or Handshake packets. Packets after the first with another
 * Destination Connection ID are ignored (RFC 9000 §12.2). `malformed` offsets are in the
 * datagram: the field for header checks, the packet's first byte for decryption and frame checks.
 */
export function parseQuicInitialDatagram(d: Uint8Array, o: QuicParseOptions = {}): QuicDatagramOutcome {
  const keys = o.keys ?? ownKeys;
  let largest = o.largestPacketNumber ?? -1;
  const packets: QuicInitialPacket[] = [];
  let firstDcid = -1;
  let firstDcidLength = 0;
  for (let off = 0; off < d.length; ) {
    if ((d[off]! & QUIC_LONG_HEADER) === 0) {
      if (off === 0) return { status: 'not-mine', reason: 'short-header' };
      break; // a short-header packet runs to the end (RFC 9000 §12.2); so does trailing padding
    }
    const r = readLongHeader(d, off);
    if (r.status === 'not-mine') {
      if (off === 0) return r;
      break; // an unknown version's Length cannot be trusted
    }
    if (r.status === 'malformed') return { ...r, packets };
    const h = r.header;
    if (firstDcid < 0) {
      firstDcid = h.dcidStart;
      firstDcidLength = h.dcidLength;
    } else if (h.dcidLength !== firstDcidLength || !sameBytes(d, firstDcid, h.dcidStart, h.dcidLength)) break;
    if (h.kind === 'initial') {
      const p = openInitial(d, off, h, keys, largest);
      if (!p.ok) return { status: 'malformed', code: p.code, offset: p.offset, packets };
      packets.push(p.packet);
      largest = Math.max(largest, p.packet.packetNumber);
    }
    off = h.end;
  }
  return { status: 'ok', packets };
}
