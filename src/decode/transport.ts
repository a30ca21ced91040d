/**
 * Shared shape of the transport decoders: each allocates its public header (it is part of the
 * Packet anyway) into `TransportState.header` and returns the payload offset, or -1 with `code`.
 * @module decode/transport
 */
import type { AnomalyCode } from '../core/index.js';
import type { LayerResult, TcpHeader, TransportHeader, UdpHeader } from './types.js';

/** A header object the decoders refill in place (one per TransportState). */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Mutable scratch for transport decoders; one per tunnel depth of a PacketDecoder. The TCP and
 * UDP decoders refill `tcp` / `udp` in place and point `header` at it, so a decoded packet's
 * header is reused by the next frame (the Packet is BORROWED anyway); ICMP headers are fresh.
 */
export class TransportState {
  header: TransportHeader | null = null;
  readonly tcp: Mutable<TcpHeader> = { proto: 'tcp', srcPort: 0, dstPort: 0, seq: 0, ack: 0, flags: 0, window: 0, headerLength: 0 };
  readonly udp: Mutable<UdpHeader> = { proto: 'udp', srcPort: 0, dstPort: 0, length: 0 };
  code: AnomalyCode = 'decoder.tcp.trunc_hdr';
  /** A non-fatal irregularity (e.g. an ICMP error whose quoted packet is cut), or null. */
  anomaly: AnomalyCode | null = null;
  /** Version of the enclosing IP header (ICMP quoting needs nothing else). */
  ipVersion: 4 | 6 = 4;
}

/** `(buf, off, end, state) → payload offset | -1`. */
export type TransportDecoder = (buf: Uint8Array, off: number, end: number, t: TransportState) => number;

/** Runs a TransportDecoder on a fresh state and wraps the outcome (tests, tools). */
export function runTransport<H extends TransportHeader>(
  fn: TransportDecoder,
  buf: Uint8Array,
  off: number,
  end: number,
): LayerResult<H> {
  const t = new TransportState();
  const next = fn(buf, off, end, t);
  if (next < 0 || t.header === null) return { ok: false, code: t.code };
  const header = t.header as H;
  return t.anomaly === null ? { ok: true, header, next } : { ok: true, header, next, anomaly: t.anomaly };
}
