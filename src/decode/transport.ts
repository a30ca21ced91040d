/**
 * Shared shape of the transport decoders: each allocates its public header (it is part of the
 * Packet anyway) into `TransportState.header` and returns the payload offset, or -1 with `code`.
 * @module decode/transport
 */
import type { AnomalyCode } from '../core/index.js';
import type { LayerResult, TransportHeader } from './types.js';

/** Mutable scratch for transport decoders; one per PacketDecoder. */
export class TransportState {
  header: TransportHeader | null = null;
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
