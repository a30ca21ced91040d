/**
 * Pure DNS message parser (RFC 1035 §4.1): header, question section and answer section.
 * Total: never throws on input bytes; the first failed check returns its own anomaly code.
 * @module names/dns/message
 */
import { readU16BE, readU32BE } from '../../core/index.js';
import type { NamesAnomalyCode } from '../anomalies.js';
import { decodeName } from './name.js';
import { parseRdata } from './rdata.js';
import type { DnsAnswer, DnsHeader, DnsOutcome, DnsQuestion } from './types.js';

/** RFC 1035 §4.1.1: the header is 12 octets. */
export const DNS_HEADER_LENGTH = 12;

/** Reads the 12-byte header at offset 0 (RFC 1035 §4.1.1); the caller checked the length. */
function readHeader(m: Uint8Array): DnsHeader {
  const flags = readU16BE(m, 2);
  return {
    id: readU16BE(m, 0),
    response: (flags & 0x8000) !== 0,
    opcode: (flags >> 11) & 0xf,
    authoritative: (flags & 0x0400) !== 0,
    truncated: (flags & 0x0200) !== 0,
    recursionDesired: (flags & 0x0100) !== 0,
    recursionAvailable: (flags & 0x0080) !== 0,
    rcode: flags & 0xf,
    qdcount: readU16BE(m, 4),
    ancount: readU16BE(m, 6),
    nscount: readU16BE(m, 8),
    arcount: readU16BE(m, 10),
  };
}

/**
 * Parses one DNS message. `msg` must be exactly the message (a UDP payload, or one message cut out
 * of a TCP stream by `frameDnsTcp`); compression pointers are offsets from its first byte.
 * Names in the result are copies (strings), so nothing borrowed escapes.
 */
export function parseDnsMessage(msg: Uint8Array): DnsOutcome {
  const questions: DnsQuestion[] = [];
  const answers: DnsAnswer[] = [];
  if (msg.length < DNS_HEADER_LENGTH) {
    return { status: 'malformed', code: 'names.dns.trunc_header', offset: 0, header: null, questions, answers };
  }
  const header = readHeader(msg);
  const bad = (code: NamesAnomalyCode, offset: number): DnsOutcome => ({ status: 'malformed', code, offset, header, questions, answers });
  let p = DNS_HEADER_LENGTH;
  // RFC 1035 §4.1.2: QNAME, QTYPE (2), QCLASS (2).
  for (let i = 0; i < header.qdcount; i++) {
    const n = decodeName(msg, p);
    if (!n.ok) return bad(n.code, n.offset);
    if (n.next + 4 > msg.length) return bad('names.dns.trunc_question', n.next);
    questions.push({ name: n.name, type: readU16BE(msg, n.next), class: readU16BE(msg, n.next + 2) });
    p = n.next + 4;
  }
  // RFC 1035 §4.1.3: NAME, TYPE (2), CLASS (2), TTL (4), RDLENGTH (2), RDATA.
  for (let i = 0; i < header.ancount; i++) {
    const n = decodeName(msg, p);
    if (!n.ok) return bad(n.code, n.offset);
    const f = n.next;
    if (f + 10 > msg.length) return bad('names.dns.trunc_rr', f);
    const rdEnd = f + 10 + readU16BE(msg, f + 8);
    if (rdEnd > msg.length) return bad('names.dns.trunc_rdata', f + 8);
    const rr = { name: n.name, type: readU16BE(msg, f), class: readU16BE(msg, f + 2), ttl: readU32BE(msg, f + 4) };
    const r = parseRdata(msg, f + 10, rdEnd, rr);
    if (!r.ok) return bad(r.code, r.offset);
    answers.push(r.answer);
    p = rdEnd;
  }
  return { status: 'ok', message: { header, questions, answers, answersEnd: p } };
}
