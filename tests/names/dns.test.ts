/**
 * DNS message parser: table tests for each record type and each anomaly code, every prefix and
 * byte-flipped variants never throw, and DNS-over-TCP framing.
 */
import { describe, expect, it } from 'vitest';
import { parseDnsMessage, frameDnsTcp, decodeName, type DnsOutcome, type NamesAnomalyCode } from '../../src/names/index.js';
import { dnsHeader, dnsMessage, dnsQuery, dnsResponse, dnsTcp, label, pointer, rawName } from '../builders/dns.js';
import { be, concat } from '../builders/packets/bytes.js';

function ok(o: DnsOutcome) {
  if (o.status !== 'ok') throw new Error(`expected ok, got ${o.code} at ${o.offset}`);
  return o.message;
}

/** One answer of `type` with raw `rd` RDATA, under a question for a.example. */
function withRdata(type: number, rd: Uint8Array): Uint8Array {
  return dnsMessage({ response: true, questions: [{ name: 'a.example' }], answers: [{ name: 'a.example', type, rdata: rd }] });
}
const svcbRd = (...params: Uint8Array[]): Uint8Array => concat(be(1, 2), Uint8Array.of(0), ...params);
const param = (key: number, v: Uint8Array): Uint8Array => concat(be(key, 2), be(v.length, 2), v);

describe('parseDnsMessage: well-formed messages', () => {
  it.each([
    { name: 'query A', input: dnsQuery('www.Example.COM', 1, { id: 0xbeef }),
      expected: { id: 0xbeef, response: false, rd: true, questions: [{ name: 'www.example.com', type: 1, class: 1 }], answers: [] } },
    { name: 'response A, compressed', input: dnsResponse('a.example', [{ name: 'a.example', type: 'A', address: '192.0.2.1', ttl: 60 }]),
      expected: { response: true, questions: [{ name: 'a.example', type: 1, class: 1 }],
        answers: [{ kind: 'a', name: 'a.example', type: 1, class: 1, ttl: 60, address: '192.0.2.1' }] } },
    { name: 'response AAAA, uncompressed', input: dnsResponse('a.example', [{ name: 'a.example', type: 'AAAA', address: '2001:db8::1' }], { compress: false }),
      expected: { answers: [{ kind: 'aaaa', name: 'a.example', type: 28, class: 1, ttl: 300, address: '2001:db8::1' }] } },
    { name: 'CNAME chain, compressed', input: dnsResponse('www.a.example', [
      { name: 'www.a.example', type: 'CNAME', target: 'cdn.b.example' },
      { name: 'cdn.b.example', type: 'CNAME', target: 'edge.cdn.b.example' },
      { name: 'edge.cdn.b.example', type: 'A', address: '198.51.100.7' }]),
      expected: { answers: [
        { kind: 'cname', name: 'www.a.example', type: 5, class: 1, ttl: 300, target: 'cdn.b.example' },
        { kind: 'cname', name: 'cdn.b.example', type: 5, class: 1, ttl: 300, target: 'edge.cdn.b.example' },
        { kind: 'a', name: 'edge.cdn.b.example', type: 1, class: 1, ttl: 300, address: '198.51.100.7' }] } },
    { name: 'HTTPS with alpn, ipv4hint, ipv6hint', input: dnsResponse('svc.example', [{ name: 'svc.example', type: 'HTTPS', priority: 1, target: '',
      alpn: ['h2', 'h3'], ipv4hint: ['192.0.2.1', '192.0.2.2'], ipv6hint: ['2001:db8::2'] }]),
      expected: { answers: [{ kind: 'svcb', name: 'svc.example', type: 65, class: 1, ttl: 300, priority: 1, target: '',
        alpn: ['h2', 'h3'], ipv4hint: ['192.0.2.1', '192.0.2.2'], ipv6hint: ['2001:db8::2'] }] } },
    { name: 'SVCB alias mode to a target', input: dnsResponse('_dns.resolver.arpa', [{ name: '_dns.resolver.arpa', type: 'SVCB', priority: 0, target: 'dns.Example.net' }]),
      expected: { answers: [{ kind: 'svcb', name: '_dns.resolver.arpa', type: 64, class: 1, ttl: 300, priority: 0, target: 'dns.example.net', alpn: [], ipv4hint: [], ipv6hint: [] }] } },
    { name: 'other type (TXT) counted', input: withRdata(16, Uint8Array.of(2, 0x68, 0x69)),
      expected: { answers: [{ kind: 'other', name: 'a.example', type: 16, class: 1, ttl: 300, rdlength: 3 }] } },
    { name: 'hostile bytes escaped in presentation format',
      input: concat(dnsHeader({ qdcount: 1 }), label('a.b'), label(Uint8Array.of(0x20, 0xff, 0x5c, 0x41)), Uint8Array.of(0), be(1, 2), be(1, 2)),
      expected: { questions: [{ name: 'a\\.b.\\032\\255\\\\a', type: 1, class: 1 }] } },
    { name: 'root name is the empty string', input: dnsQuery('', 2), expected: { questions: [{ name: '', type: 2, class: 1 }] } },
    { name: 'mDNS cache-flush class kept', input: dnsMessage({ response: true, answers: [{ name: 'h.local', type: 'A', address: '10.0.0.1' }] }).map((b, i) => (i === 12 + 9 + 2 ? 0x80 : b)),
      expected: { answers: [{ kind: 'a', name: 'h.local', type: 1, class: 0x8001, ttl: 300, address: '10.0.0.1' }] } },
  ])('$name', ({ input, expected }) => {
    const m = ok(parseDnsMessage(input));
    if ('id' in expected) expect(m.header.id).toBe(expected.id);
    if ('response' in expected) expect(m.header.response).toBe(expected.response);
    if ('rd' in expected) expect(m.header.recursionDesired).toBe(expected.rd);
    if ('questions' in expected) expect(m.questions).toEqual(expected.questions);
    if ('answers' in expected) expect(m.answers).toEqual(expected.answers);
    expect(m.answersEnd).toBe(input.length);
  });

  it('compression makes the message shorter and parses to the same result', () => {
    const ans = [{ name: 'www.a.example', type: 'CNAME', target: 'x.a.example' }, { name: 'x.a.example', type: 'A', address: '192.0.2.9' }] as const;
    const c = dnsResponse('www.a.example', ans);
    const u = dnsResponse('www.a.example', ans, { compress: false });
    expect(c.length).toBeLessThan(u.length);
    expect({ ...ok(parseDnsMessage(c)), answersEnd: 0 }).toEqual({ ...ok(parseDnsMessage(u)), answersEnd: 0 });
  });

  it('a 255-byte name is accepted', () => {
    const n = ['a'.repeat(63), 'b'.repeat(63), 'c'.repeat(63), 'd'.repeat(61)].join('.');
    expect(rawName(n).length).toBe(255);
    expect(ok(parseDnsMessage(dnsQuery(n))).questions[0]!.name).toBe(n);
  });
});

/** Where RDATA starts in `withRdata` messages: header 12, question 11 + 4, answer name pointer 2, fixed fields 10. */
const RD = 39;
const Q = concat(be(1, 2), be(1, 2));
const H1 = dnsHeader({ qdcount: 1 });
const long = ['a'.repeat(63), 'b'.repeat(63), 'c'.repeat(63), 'd'.repeat(62)].join('.');

describe('parseDnsMessage: each anomaly code', () => {
  it.each<{ name: string; input: Uint8Array; code: NamesAnomalyCode; offset: number }>([
    { name: 'header shorter than 12', input: dnsHeader().subarray(0, 11), code: 'names.dns.trunc_header', offset: 0 },
    { name: 'qdcount larger than the message', input: dnsHeader({ qdcount: 1 }), code: 'names.dns.name_trunc', offset: 12 },
    { name: 'label runs past the end', input: concat(H1, Uint8Array.of(5, 0x61)), code: 'names.dns.name_trunc', offset: 12 },
    { name: 'pointer cut after its first byte', input: concat(H1, Uint8Array.of(1, 0x61, 0xc0)), code: 'names.dns.name_trunc', offset: 14 },
    { name: 'label length 64 (type 01)', input: concat(H1, Uint8Array.of(0x40), new Uint8Array(64), Q), code: 'names.dns.name_bad_label_type', offset: 12 },
    { name: 'label type 10', input: concat(H1, Uint8Array.of(0x80, 0), Q), code: 'names.dns.name_bad_label_type', offset: 12 },
    { name: 'name of 256 bytes', input: concat(H1, rawName(long), Q), code: 'names.dns.name_too_long', offset: 12 + 256 - 1 },
    { name: 'pointer to itself', input: concat(H1, pointer(12), Q), code: 'names.dns.name_ptr_forward', offset: 12 },
    { name: 'pointer forward', input: concat(H1, pointer(20), Q, rawName('a')), code: 'names.dns.name_ptr_forward', offset: 12 },
    { name: 'pointer back into the same name (loop)', input: concat(H1, label('a'), pointer(12), Q), code: 'names.dns.name_ptr_loop', offset: 14 },
    { name: 'question without type/class', input: concat(H1, rawName('a'), be(1, 2)), code: 'names.dns.trunc_question', offset: 15 },
    { name: 'answer without its fixed fields', input: concat(dnsHeader({ ancount: 1 }), rawName('a'), be(1, 2)), code: 'names.dns.trunc_rr', offset: 15 },
    { name: 'rdlength past the end', input: withRdata(1, Uint8Array.of(1, 2, 3, 4)).subarray(0, -1), code: 'names.dns.trunc_rdata', offset: RD - 2 },
    { name: 'A with 5 bytes', input: withRdata(1, new Uint8Array(5)), code: 'names.dns.rdata_bad_length', offset: RD },
    { name: 'AAAA with 4 bytes', input: withRdata(28, new Uint8Array(4)), code: 'names.dns.rdata_bad_length', offset: RD },
    { name: 'CNAME with a trailing byte', input: withRdata(5, concat(rawName('b'), Uint8Array.of(0))), code: 'names.dns.rdata_bad_length', offset: RD + 3 },
    { name: 'CNAME name overruns its rdata', input: withRdata(5, Uint8Array.of(3, 0x61)), code: 'names.dns.name_trunc', offset: RD },
    { name: 'SVCB rdata of 2 bytes', input: withRdata(64, be(1, 2)), code: 'names.dns.svcb_trunc', offset: RD },
    { name: 'SVCB target overruns', input: withRdata(64, concat(be(1, 2), Uint8Array.of(4, 0x61))), code: 'names.dns.svcb_trunc', offset: RD + 2 },
    { name: 'SVCB param header cut', input: withRdata(64, svcbRd(be(4, 3))), code: 'names.dns.svcb_trunc', offset: RD + 3 },
    { name: 'SVCB param value overruns', input: withRdata(64, svcbRd(be(4, 2), be(8, 2), new Uint8Array(4))), code: 'names.dns.svcb_trunc', offset: RD + 3 },
    { name: 'SVCB keys out of order', input: withRdata(65, svcbRd(param(4, new Uint8Array(4)), param(1, label('h2')))), code: 'names.dns.svcb_key_order', offset: RD + 11 },
    { name: 'SVCB duplicate key', input: withRdata(65, svcbRd(param(4, new Uint8Array(4)), param(4, new Uint8Array(4)))), code: 'names.dns.svcb_key_order', offset: RD + 11 },
    { name: 'ipv4hint of 5 bytes', input: withRdata(65, svcbRd(param(4, new Uint8Array(5)))), code: 'names.dns.svcb_bad_hint', offset: RD + 3 },
    { name: 'empty ipv6hint', input: withRdata(65, svcbRd(param(6, new Uint8Array(0)))), code: 'names.dns.svcb_bad_hint', offset: RD + 3 },
    { name: 'ipv6hint of 20 bytes', input: withRdata(65, svcbRd(param(6, new Uint8Array(20)))), code: 'names.dns.svcb_bad_hint', offset: RD + 3 },
    { name: 'alpn with a zero-length id', input: withRdata(65, svcbRd(param(1, Uint8Array.of(0)))), code: 'names.dns.svcb_bad_alpn', offset: RD + 3 },
    { name: 'alpn id overruns its value', input: withRdata(65, svcbRd(param(1, Uint8Array.of(5, 0x68)))), code: 'names.dns.svcb_bad_alpn', offset: RD + 3 },
  ])('$name → $code', ({ input, code, offset }) => {
    const o = parseDnsMessage(input);
    expect(o).toMatchObject({ status: 'malformed', code, offset });
  });

  it('keeps the header and the questions parsed before a failure', () => {
    const full = dnsResponse('keep.example', [{ name: 'keep.example', type: 'A', address: '192.0.2.1' }]);
    const o = parseDnsMessage(full.subarray(0, full.length - 2));
    expect(o.status).toBe('malformed');
    if (o.status !== 'malformed') return;
    expect(o.header?.ancount).toBe(1);
    expect(o.questions).toEqual([{ name: 'keep.example', type: 1, class: 1 }]);
    expect(o.answers).toEqual([]);
  });
});

describe('parseDnsMessage never throws', () => {
  const samples = [
    dnsQuery('www.example.com'),
    dnsResponse('www.a.example', [{ name: 'www.a.example', type: 'CNAME', target: 'b.example' }, { name: 'b.example', type: 'AAAA', address: '2001:db8::5' },
      { name: 'b.example', type: 'HTTPS', alpn: ['h3'], ipv4hint: ['192.0.2.3'], ipv6hint: ['2001:db8::3'] }]),
  ];
  it.each(samples.map((s, i) => [i, s] as const))('every prefix of sample %i is malformed, the whole is ok', (_i, whole) => {
    for (let cut = 0; cut < whole.length; cut++) {
      expect(parseDnsMessage(whole.subarray(0, cut)).status, `cut ${cut}`).toBe('malformed');
    }
    expect(parseDnsMessage(whole).status).toBe('ok');
  });
  it.each(samples.map((s, i) => [i, s] as const))('every single-byte overwrite of sample %i returns an outcome', (_i, whole) => {
    const b = new Uint8Array(whole);
    for (let i = 0; i < b.length; i++) {
      for (const v of [0x00, 0x3f, 0x40, 0xc0, 0xff]) {
        const old = b[i]!;
        b[i] = v;
        expect(['ok', 'malformed']).toContain(parseDnsMessage(b).status);
        b[i] = old;
      }
    }
  });
  it('a name of 127 chained backward pointers terminates', () => {
    const parts: Uint8Array[] = [dnsHeader({ qdcount: 1 }), Uint8Array.of(0)];
    for (let i = 0; i < 127; i++) parts.push(pointer(12 + 2 * i > 12 ? 12 + 2 * i - 1 : 12));
    const m = concat(...parts);
    expect(decodeName(m, m.length - 2).ok).toBe(true);
  });
});

describe('frameDnsTcp', () => {
  const a = dnsQuery('a.example');
  const b = dnsQuery('b.example', 28);
  const two = dnsTcp(a, b);
  it.each([
    { name: 'empty', input: new Uint8Array(0), messages: [] as Uint8Array[], consumed: 0, stop: { status: 'complete' } },
    { name: 'one message', input: dnsTcp(a), messages: [a], consumed: a.length + 2, stop: { status: 'complete' } },
    { name: 'two messages in one segment', input: two, messages: [a, b], consumed: two.length, stop: { status: 'complete' } },
    { name: 'one length byte', input: two.subarray(0, 1), messages: [], consumed: 0, stop: { status: 'incomplete', needBytes: 1 } },
    { name: 'second message split', input: two.subarray(0, a.length + 2 + 5), messages: [a], consumed: a.length + 2, stop: { status: 'incomplete', needBytes: b.length - 3 } },
    { name: 'length shorter than a header', input: concat(be(11, 2), new Uint8Array(11)), messages: [], consumed: 0,
      stop: { status: 'malformed', code: 'names.dns.tcp_short_length', offset: 0 } },
  ])('$name', ({ input, messages, consumed, stop }) => {
    const f = frameDnsTcp(input);
    expect(f.messages.map((m) => [...m])).toEqual(messages.map((m) => [...m]));
    expect(f.consumed).toBe(consumed);
    expect(f.stop).toEqual(stop);
  });

  it('a message split across segments frames once the caller has both parts, at every split point', () => {
    for (let cut = 0; cut <= two.length; cut++) {
      const first = frameDnsTcp(two.subarray(0, cut));
      const rest = concat(two.subarray(first.consumed, cut), two.subarray(cut));
      const second = frameDnsTcp(rest);
      const names = [...first.messages, ...second.messages].map((m) => ok(parseDnsMessage(m)).questions[0]!.name);
      expect(names).toEqual(['a.example', 'b.example']);
    }
  });
});
