/**
 * DNS payloads for the attributor: a parsed message (also the usable part of a malformed one, since
 * a snap-truncated response still names what was asked) with the anomaly code, and the probe that
 * recognises a DNS query on a port that is not DNS's.
 * @module names/dns-probe
 */
import type { NamesAnomalyCode } from './anomalies.js';
import { parseDnsMessage } from './dns/message.js';
import type { DnsMessage } from './dns/types.js';

/** A message (possibly partial) and the code of the check that failed, if any. */
export interface DnsPayload {
  readonly message: DnsMessage | null;
  readonly code: NamesAnomalyCode | null;
}

/** Parses one DNS message; never throws. */
export function dnsPayload(bytes: Uint8Array): DnsPayload {
  const out = parseDnsMessage(bytes);
  if (out.status === 'ok') return { message: out.message, code: null };
  if (out.header === null) return { message: null, code: out.code };
  return { message: { header: out.header, questions: out.questions, answers: out.answers, answersEnd: out.offset }, code: out.code };
}

/** Query types a probed query may ask (common lookups; anything else is not taken as DNS). */
const PROBE_TYPES: ReadonlySet<number> = new Set([1, 2, 5, 6, 12, 15, 16, 28, 33, 64, 65, 255]);

/**
 * A strict test that `bytes` is a standard DNS query (RFC 1035 §4.1.1): QR 0, opcode QUERY,
 * one question of class IN with a common type, no answer or authority records, at most one
 * additional (EDNS OPT), and a name that parsed cleanly. Used on UDP flows off the DNS ports.
 */
export function probeDnsQuery(bytes: Uint8Array): DnsMessage | null {
  if (bytes.length < 17) return null;
  const out = parseDnsMessage(bytes);
  if (out.status !== 'ok') return null;
  const m = out.message;
  const h = m.header;
  if (h.response || h.opcode !== 0 || h.qdcount !== 1 || h.ancount !== 0 || h.nscount !== 0 || h.arcount > 1) return null;
  const q = m.questions[0];
  if (q === undefined || (q.class & 0x7fff) !== 1 || !PROBE_TYPES.has(q.type) || q.name === '' || q.name.includes('\\')) return null;
  // Without an OPT record the question must end the datagram exactly.
  if (h.arcount === 0 && m.answersEnd !== bytes.length) return null;
  return m;
}
