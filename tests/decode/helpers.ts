/**
 * Shared helpers for the decode tests.
 * @module tests/decode/helpers
 */
import { withLimits, type Limits } from '../../src/core/index.js';
import { PacketDecoder, type DecodeOutcome, type Packet } from '../../src/decode/index.js';
import { frame } from '../builders/packets.js';

/** Decodes one frame with a fresh decoder. */
export function decodeOne(data: Uint8Array, o: { linkType?: number; originalLength?: number; limits?: Partial<Limits> } = {}): DecodeOutcome {
  const d = new PacketDecoder(withLimits(o.limits ?? {}));
  const fo: { linkType?: number; originalLength?: number } = {};
  if (o.linkType !== undefined) fo.linkType = o.linkType;
  if (o.originalLength !== undefined) fo.originalLength = o.originalLength;
  return d.decode(frame(data, fo));
}

/** The packet of an 'ip' outcome, or a thrown assertion error naming what came instead. */
export function packetOf(o: DecodeOutcome): Packet {
  if (o.kind !== 'ip') throw new Error(`expected ip, got ${JSON.stringify(o)}`);
  return o.packet;
}

/** A compact summary: addresses, protocol, ports. */
export function summary(p: Packet): string {
  const t = p.transport;
  const ports = t === null ? '' : 'srcPort' in t ? ` ${t.srcPort}>${t.dstPort}` : ` t${t.type}/${t.code}`;
  return `${p.src}>${p.dst} p${p.ipProto}${ports}`;
}

/** Every anomaly code an outcome mentions. */
export function codesOf(o: DecodeOutcome): string[] {
  if (o.kind === 'malformed') return [o.anomaly, ...o.anomalies];
  if (o.kind === 'ip' || o.kind === 'fragment-held') return [...o.anomalies];
  return [];
}
