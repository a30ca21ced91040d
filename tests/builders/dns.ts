/**
 * DNS message builders (RFC 1035 §4.1, RFC 3596, RFC 9460): queries, responses with answers of
 * each type, name compression on or off, plus raw pieces (labels, pointers, headers) for hostile
 * variants. Everything returns a fresh Uint8Array.
 * @module tests/builders/dns
 */
import { be, concat, ipv4Bytes, ipv6Bytes } from './packets/bytes.js';

/** Header fields; defaults make a standard recursive query. */
export interface DnsHeaderOpts {
  readonly id?: number; // 0x1234
  readonly response?: boolean; // false
  readonly opcode?: number; // 0 QUERY
  readonly aa?: boolean;
  readonly tc?: boolean;
  readonly rd?: boolean; // true
  readonly ra?: boolean;
  readonly rcode?: number; // 0 NOERROR
  readonly qdcount?: number;
  readonly ancount?: number;
  readonly nscount?: number;
  readonly arcount?: number;
}

/** The 12-byte header (RFC 1035 §4.1.1). */
export function dnsHeader(o: DnsHeaderOpts = {}): Uint8Array {
  const flags =
    (o.response === true ? 0x8000 : 0) | ((o.opcode ?? 0) << 11) | (o.aa === true ? 0x0400 : 0) | (o.tc === true ? 0x0200 : 0) |
    (o.rd === false ? 0 : 0x0100) | (o.ra === true ? 0x0080 : 0) | (o.rcode ?? 0);
  return concat(be(o.id ?? 0x1234, 2), be(flags, 2), be(o.qdcount ?? 0, 2), be(o.ancount ?? 0, 2), be(o.nscount ?? 0, 2), be(o.arcount ?? 0, 2));
}

/** One label: its length byte then its bytes (a string is taken as latin1 bytes). */
export function label(l: string | Uint8Array): Uint8Array {
  const b = typeof l === 'string' ? Uint8Array.from(l, (c) => c.charCodeAt(0)) : l;
  return concat(Uint8Array.of(b.length), b);
}

/** An uncompressed name: its labels then the root zero. `''` is the root. */
export function rawName(name: string): Uint8Array {
  const labels = name === '' ? [] : name.split('.');
  return concat(...labels.map((l) => label(l)), Uint8Array.of(0));
}

/** A compression pointer to `offset` (RFC 1035 §4.1.4). */
export function pointer(offset: number): Uint8Array {
  return be(0xc000 | offset, 2);
}

/** An answer to put in a response. */
export type AnswerSpec =
  | { readonly name: string; readonly type: 'A'; readonly address: string; readonly ttl?: number }
  | { readonly name: string; readonly type: 'AAAA'; readonly address: string; readonly ttl?: number }
  | { readonly name: string; readonly type: 'CNAME'; readonly target: string; readonly ttl?: number }
  | {
      readonly name: string; readonly type: 'HTTPS' | 'SVCB'; readonly ttl?: number;
      readonly priority?: number; readonly target?: string;
      readonly alpn?: readonly string[]; readonly ipv4hint?: readonly string[]; readonly ipv6hint?: readonly string[];
    }
  | { readonly name: string; readonly type: number; readonly rdata: Uint8Array; readonly ttl?: number };

/** Writes names, compressing against earlier ones when asked (suffix → offset table). */
class NameWriter {
  readonly #seen = new Map<string, number>();
  constructor(readonly compress: boolean) {}
  /** Encodes `name` as if it started at message offset `at`. */
  write(name: string, at: number): Uint8Array {
    const labels = name === '' ? [] : name.split('.');
    const parts: Uint8Array[] = [];
    let off = at;
    for (let i = 0; i < labels.length; i++) {
      const suffix = labels.slice(i).join('.').toLowerCase();
      const ptr = this.#seen.get(suffix);
      if (this.compress && ptr !== undefined) return concat(...parts, pointer(ptr));
      if (off < 0x4000) this.#seen.set(suffix, off);
      const l = label(labels[i]!);
      parts.push(l);
      off += l.length;
    }
    return concat(...parts, Uint8Array.of(0));
  }
}

function rdata(a: AnswerSpec, w: NameWriter, at: number): Uint8Array {
  switch (a.type) {
    case 'A': return ipv4Bytes(a.address);
    case 'AAAA': return ipv6Bytes(a.address);
    case 'CNAME': return w.write(a.target, at);
    case 'HTTPS':
    case 'SVCB': {
      const params: Uint8Array[] = [];
      const param = (key: number, v: Uint8Array): void => void params.push(concat(be(key, 2), be(v.length, 2), v));
      if (a.alpn !== undefined) param(1, concat(...a.alpn.map((x) => label(x))));
      if (a.ipv4hint !== undefined) param(4, concat(...a.ipv4hint.map(ipv4Bytes)));
      if (a.ipv6hint !== undefined) param(6, concat(...a.ipv6hint.map(ipv6Bytes)));
      return concat(be(a.priority ?? 1, 2), rawName(a.target ?? ''), ...params);
    }
    default: return a.rdata;
  }
}

const TYPE_CODES: Readonly<Record<string, number>> = { A: 1, CNAME: 5, AAAA: 28, SVCB: 64, HTTPS: 65 };

/** Options of a whole message. */
export interface DnsMessageOpts extends DnsHeaderOpts {
  readonly questions?: readonly { readonly name: string; readonly type?: number; readonly class?: number }[];
  readonly answers?: readonly AnswerSpec[];
  readonly compress?: boolean; // true
}

/** A message with the given questions and answers; counts default to the lists' lengths. */
export function dnsMessage(o: DnsMessageOpts): Uint8Array {
  const qs = o.questions ?? [];
  const as = o.answers ?? [];
  const w = new NameWriter(o.compress ?? true);
  const parts: Uint8Array[] = [dnsHeader({ ...o, qdcount: o.qdcount ?? qs.length, ancount: o.ancount ?? as.length })];
  let off = 12;
  const push = (b: Uint8Array): void => { parts.push(b); off += b.length; };
  for (const q of qs) {
    push(w.write(q.name, off));
    push(concat(be(q.type ?? 1, 2), be(q.class ?? 1, 2)));
  }
  for (const a of as) {
    push(w.write(a.name, off));
    const type = typeof a.type === 'number' ? a.type : TYPE_CODES[a.type]!;
    const rd = rdata(a, w, off + 10);
    push(concat(be(type, 2), be(1, 2), be(a.ttl ?? 300, 4), be(rd.length, 2), rd));
  }
  return concat(...parts);
}

/** A query for `name` (type 1 A by default). */
export function dnsQuery(name = 'www.example.com', type = 1, o: DnsHeaderOpts = {}): Uint8Array {
  return dnsMessage({ ...o, questions: [{ name, type }] });
}

/** A response to a query for `name` carrying `answers`. */
export function dnsResponse(name: string, answers: readonly AnswerSpec[], o: Omit<DnsMessageOpts, 'questions' | 'answers'> = {}): Uint8Array {
  return dnsMessage({ response: true, ra: true, ...o, questions: [{ name, type: 1 }], answers });
}

/** DNS-over-TCP framing: each message prefixed with its two-byte length (RFC 1035 §4.2.2). */
export function dnsTcp(...messages: readonly Uint8Array[]): Uint8Array {
  return concat(...messages.flatMap((m) => [be(m.length, 2), m]));
}
