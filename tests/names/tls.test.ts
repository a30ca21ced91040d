/**
 * TLS ClientHello parser: SNI, ALPN, supported_versions and ECH from hellos split across records
 * and segments any way; each anomaly code; every prefix is `incomplete` and nothing throws.
 */
import { describe, expect, it } from 'vitest';
import { parseClientHello, parseClientHelloMessage, type ClientHello, type NamesAnomalyCode, type TlsOutcome } from '../../src/names/index.js';
import { alpnExtension, echExtension, sniExtension, splitAt, tlsClientHello, tlsExtension, tlsRecord, tlsRecords } from '../builders/tls.js';
import { be, concat } from '../builders/packets/bytes.js';

function hello(o: TlsOutcome): ClientHello {
  if (o.status !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(o)}`);
  return o.hello;
}

describe('parseClientHello: what a hello says', () => {
  it.each<{ name: string; input: Uint8Array; expected: Partial<ClientHello> }>([
    { name: 'defaults', input: tlsRecords(tlsClientHello()),
      expected: { sni: 'www.example.com', alpn: ['h2', 'http/1.1'], supportedVersions: [0x0304, 0x0303], ech: null, legacyEsni: false,
        legacyVersion: 0x0303, cipherSuites: [0x1301, 0x1302, 0x1303], extensionTypes: [0, 16, 43], anomalies: [] } },
    { name: 'no SNI', input: tlsRecords(tlsClientHello({ sni: null })), expected: { sni: null, extensionTypes: [16, 43] } },
    { name: 'SNI lower-cased, trailing dot dropped', input: tlsRecords(tlsClientHello({ sni: 'WWW.Example.COM.' })), expected: { sni: 'www.example.com' } },
    { name: 'hostile SNI bytes escaped', input: tlsRecords(tlsClientHello({ sni: [Uint8Array.of(0x61, 0x0a, 0x5c, 0x20, 0xff)] })), expected: { sni: 'a\\010\\\\\\032\\255' } },
    { name: 'two host_names: first kept, flagged', input: tlsRecords(tlsClientHello({ sni: ['a.example', 'b.example'] })),
      expected: { sni: 'a.example', anomalies: ['names.tls.sni_multiple'] } },
    { name: 'ECH outer', input: tlsRecords(tlsClientHello({ sni: 'public.example', ech: 'outer' })),
      expected: { sni: 'public.example', ech: { kind: 'outer', kdfId: 1, aeadId: 1, configId: 0x2a, encLength: 32, payloadLength: 200 } } },
    { name: 'ECH inner', input: tlsRecords(tlsClientHello({ ech: 'inner' })), expected: { ech: { kind: 'inner' } } },
    { name: 'legacy ESNI', input: tlsRecords(tlsClientHello({ extra: [tlsExtension(0xffce, new Uint8Array(10))] })), expected: { legacyEsni: true } },
    { name: 'TLS 1.2 without extensions', input: tlsRecords(tlsClientHello({ extensions: null, legacyVersion: 0x0301 })),
      expected: { sni: null, alpn: [], supportedVersions: [], extensionTypes: [], legacyVersion: 0x0301 } },
    { name: 'GREASE extension kept in the type list', input: tlsRecords(tlsClientHello({ extra: [tlsExtension(0x0a0a, new Uint8Array(0))] })),
      expected: { extensionTypes: [0, 16, 43, 0x0a0a] } },
    { name: 'duplicate extension: first kept', input: tlsRecords(tlsClientHello({ sni: 'a.example', extra: [sniExtension('b.example')] })),
      expected: { sni: 'a.example', anomalies: ['names.tls.ext_duplicate'] } },
    { name: 'SNI list length wrong', input: tlsRecords(tlsClientHello({ sni: null, extra: [tlsExtension(0, concat(be(9, 2), Uint8Array.of(0), be(1, 2), Uint8Array.of(0x61)))] })),
      expected: { sni: null, anomalies: ['names.tls.sni_bad_list'] } },
    { name: 'SNI entry overruns its list', input: tlsRecords(tlsClientHello({ sni: null, extra: [tlsExtension(0, concat(be(4, 2), Uint8Array.of(0), be(5, 2), Uint8Array.of(0x61)))] })),
      expected: { sni: null, anomalies: ['names.tls.sni_bad_list'] } },
    { name: 'empty host_name', input: tlsRecords(tlsClientHello({ sni: [''] })), expected: { sni: null, anomalies: ['names.tls.sni_empty_name'] } },
    { name: 'ALPN with an empty protocol', input: tlsRecords(tlsClientHello({ alpn: null, extra: [alpnExtension(['h2', ''])] })),
      expected: { alpn: [], anomalies: ['names.tls.alpn_bad_list'] } },
    { name: 'supported_versions odd length', input: tlsRecords(tlsClientHello({ versions: null, extra: [tlsExtension(0x2b, Uint8Array.of(3, 3, 4, 3))] })),
      expected: { supportedVersions: [], anomalies: ['names.tls.versions_bad_list'] } },
    { name: 'ECH of unknown type', input: tlsRecords(tlsClientHello({ extra: [tlsExtension(0xfe0d, Uint8Array.of(7))] })),
      expected: { ech: { kind: 'unparsed' }, anomalies: ['names.tls.ech_bad'] } },
    { name: 'ECH outer with a bad payload length', input: tlsRecords(tlsClientHello({ extra: [tlsExtension(0xfe0d, echExtension('outer').subarray(4, -1))] })),
      expected: { ech: { kind: 'unparsed' }, anomalies: ['names.tls.ech_bad'] } },
  ])('$name', ({ input, expected }) => {
    expect(hello(parseClientHello(input))).toMatchObject(expected);
  });
});

describe('parseClientHello: records and segments', () => {
  const msg = tlsClientHello({ sni: 'split.example', ech: 'outer' });
  const whole = tlsRecords(msg);
  it.each([
    { name: 'one record', sizes: [] as number[] },
    { name: 'header split after 1 byte', sizes: [1] },
    { name: 'header split after 3 bytes', sizes: [3] },
    { name: 'inside the SNI', sizes: [60, 20] },
    { name: 'many small records', sizes: Array.from({ length: 40 }, () => 7) },
  ])('handshake across records: $name', ({ sizes }) => {
    const o = parseClientHello(tlsRecords(msg, sizes));
    expect(hello(o).sni).toBe('split.example');
    expect(hello(o).ech?.kind).toBe('outer');
  });

  it('every two-record split gives the same hello', () => {
    const ref = hello(parseClientHello(whole));
    for (let cut = 1; cut < msg.length; cut++) expect(hello(parseClientHello(tlsRecords(msg, [cut])))).toEqual(ref);
  });

  it('another message after the hello in the same record: consumed stops at the hello', () => {
    const s = tlsRecord(concat(msg, Uint8Array.of(2, 0, 0, 0)));
    const o = parseClientHello(s);
    expect(o).toMatchObject({ status: 'ok', consumed: 5 + msg.length });
  });

  it.each([
    { name: 'one record', stream: whole },
    { name: 'three records', stream: tlsRecords(msg, [2, 100]) },
  ])('every prefix of $name is incomplete with a consistent needBytes', ({ stream }) => {
    for (let cut = 0; cut < stream.length; cut++) {
      const o = parseClientHello(stream.subarray(0, cut));
      expect(o.status, `cut ${cut}`).toBe('incomplete');
      if (o.status === 'incomplete') {
        expect(o.needBytes).toBeGreaterThan(0);
        expect(cut + o.needBytes).toBeLessThanOrEqual(stream.length);
      }
    }
    expect(parseClientHello(stream).status).toBe('ok');
  });

  it('feeding segments of any size, re-parsing the growing prefix, ends in the same hello', () => {
    const ref = hello(parseClientHello(whole));
    for (const seg of [1, 2, 5, 17, 100, 1000]) {
      let have = 0;
      let o: TlsOutcome = parseClientHello(whole.subarray(0, 0));
      for (const piece of splitAt(whole, Array.from({ length: whole.length }, () => seg))) {
        have += piece.length;
        o = parseClientHello(whole.subarray(0, have));
        if (o.status !== 'incomplete') break;
      }
      expect(hello(o)).toEqual(ref);
    }
  });
});

const bodyOf = (m: Uint8Array): Uint8Array => m.subarray(4);
const withBody = (b: Uint8Array): Uint8Array => tlsRecord(concat(Uint8Array.of(1), be(b.length, 3), b));
const base = bodyOf(tlsClientHello({ sessionId: new Uint8Array(0), extensions: null }));

describe('parseClientHello: not mine', () => {
  it.each([
    { name: 'HTTP request', input: new TextEncoder().encode('GET / HTTP/1.1\r\n'), reason: 'not-handshake-record' },
    { name: 'SSLv2-style hello', input: Uint8Array.of(0x80, 0x2e, 0x01, 0x03, 0x01), reason: 'not-handshake-record' },
    { name: 'alert record', input: tlsRecord(Uint8Array.of(2, 40), 21), reason: 'not-handshake-record' },
    { name: 'record version 2.0', input: tlsRecord(tlsClientHello(), 22, 0x0200), reason: 'not-tls-version' },
    { name: 'record version 3.9', input: tlsRecord(tlsClientHello(), 22, 0x0309), reason: 'not-tls-version' },
    { name: 'ServerHello', input: tlsRecord(Uint8Array.of(2, 0, 0, 0)), reason: 'not-client-hello' },
    { name: 'decided on 1 byte', input: Uint8Array.of(0x47), reason: 'not-handshake-record' },
  ])('$name', ({ input, reason }) => {
    expect(parseClientHello(input)).toEqual({ status: 'not-mine', reason });
  });
});

describe('parseClientHello: each fatal anomaly code', () => {
  const msg = tlsClientHello();
  it.each<{ name: string; input: Uint8Array; code: NamesAnomalyCode; offset: number; max?: number }>([
    { name: 'second record is an alert', input: concat(tlsRecord(msg.subarray(0, 10)), tlsRecord(Uint8Array.of(2, 40), 21)), code: 'names.tls.record_not_handshake', offset: 15 },
    { name: 'second record bad version', input: concat(tlsRecord(msg.subarray(0, 10)), tlsRecord(msg.subarray(10), 22, 0x0100)), code: 'names.tls.record_bad_version', offset: 15 },
    { name: 'empty record', input: tlsRecord(new Uint8Array(0)), code: 'names.tls.record_empty', offset: 0 },
    { name: 'record over 2^14', input: concat(Uint8Array.of(22, 3, 1), be(16385, 2)), code: 'names.tls.record_too_long', offset: 0 },
    { name: 'handshake over the cap', input: tlsRecords(msg), code: 'names.tls.handshake_too_long', offset: 5, max: 100 },
    { name: 'body shorter than version + random', input: withBody(base.subarray(0, 30)), code: 'names.tls.ch_trunc', offset: 4 },
    { name: 'session id of 33', input: withBody(concat(base.subarray(0, 34), Uint8Array.of(33), new Uint8Array(40))), code: 'names.tls.ch_session_id_too_long', offset: 38 },
    { name: 'odd cipher suites length', input: withBody(concat(base.subarray(0, 35), be(3, 2), new Uint8Array(6))), code: 'names.tls.ch_bad_cipher_suites', offset: 39 },
    { name: 'no cipher suites', input: withBody(concat(base.subarray(0, 35), be(0, 2), Uint8Array.of(1, 0))), code: 'names.tls.ch_bad_cipher_suites', offset: 39 },
    { name: 'cipher suites overrun', input: withBody(concat(base.subarray(0, 35), be(8, 2), new Uint8Array(2))), code: 'names.tls.ch_trunc', offset: 39 },
    { name: 'no compression methods', input: withBody(concat(base.subarray(0, 35), be(2, 2), be(0x1301, 2), Uint8Array.of(0))), code: 'names.tls.ch_bad_compression', offset: 43 },
    { name: 'compression overruns', input: withBody(concat(base.subarray(0, 35), be(2, 2), be(0x1301, 2), Uint8Array.of(3, 0))), code: 'names.tls.ch_trunc', offset: 43 },
    { name: 'one byte of extensions length', input: withBody(concat(base, Uint8Array.of(0))), code: 'names.tls.ch_trunc', offset: 4 + base.length },
    { name: 'extension block overruns', input: withBody(concat(base, be(10, 2), new Uint8Array(4))), code: 'names.tls.ext_trunc', offset: 4 + base.length },
    { name: 'bytes after the extensions', input: tlsRecords(tlsClientHello({ trailing: Uint8Array.of(0) })), code: 'names.tls.ch_trailing_bytes', offset: tlsClientHello().length },
    { name: 'extension overruns the block', input: withBody(concat(base, be(6, 2), be(0, 2), be(9, 2), new Uint8Array(2))), code: 'names.tls.ext_trunc', offset: 6 + base.length },
    { name: 'extension header cut', input: withBody(concat(base, be(3, 2), new Uint8Array(3))), code: 'names.tls.ext_trunc', offset: 6 + base.length },
  ])('$name → $code', ({ input, code, offset, max }) => {
    expect(parseClientHello(input, max)).toEqual({ status: 'malformed', code, offset });
  });
});

describe('parseClientHello never throws', () => {
  it('on every single-byte overwrite of a split hello', () => {
    const s = tlsRecords(tlsClientHello({ ech: 'outer', extra: [tlsExtension(0xffce, new Uint8Array(3))] }), [50]);
    const b = new Uint8Array(s);
    for (let i = 0; i < b.length; i++) {
      for (const v of [0x00, 0x01, 0x7f, 0x80, 0xff]) {
        const old = b[i]!;
        b[i] = v;
        expect(['ok', 'incomplete', 'not-mine', 'malformed']).toContain(parseClientHello(b).status);
        b[i] = old;
      }
    }
  });
});

describe('parseClientHelloMessage (the handshake message alone, as QUIC CRYPTO frames carry it)', () => {
  it.each([
    { name: 'whole message', input: tlsClientHello({ sni: 'quic.example', alpn: ['h3'] }), expected: { ok: true, sni: 'quic.example', alpn: ['h3'] } },
    { name: 'cut message', input: tlsClientHello().subarray(0, 30), expected: { ok: false, code: 'names.tls.ch_trunc' } },
    { name: 'header only', input: Uint8Array.of(1, 0, 0), expected: { ok: false, code: 'names.tls.ch_trunc' } },
    { name: 'followed by another message', input: concat(tlsClientHello({ sni: 'first.example' }), Uint8Array.of(0x14, 0, 0, 1, 0)), expected: { ok: true, sni: 'first.example', alpn: ['h2', 'http/1.1'] } },
  ])('$name', ({ input, expected }) => {
    const r = parseClientHelloMessage(input);
    expect(r.ok ? { ok: true, sni: r.hello.sni, alpn: r.hello.alpn } : { ok: false, code: r.code }).toEqual(expected);
  });
});
