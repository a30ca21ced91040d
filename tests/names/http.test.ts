/**
 * HTTP/1.x request heads: Host from every pipelined request, bodies skipped by Content-Length and
 * chunked framing, each anomaly code, every prefix never throws. Requests are built here from text
 * (`\n` becomes CRLF unless `lf` is asked for).
 */
import { describe, expect, it } from 'vitest';
import { parseHttpRequests, type HttpRequests, type NamesAnomalyCode } from '../../src/names/index.js';

/** Request bytes from lines; each `\n` is sent as CRLF unless `lf`. */
function req(text: string, lf = false): Uint8Array {
  const t = lf ? text : text.replace(/\n/g, '\r\n');
  return Uint8Array.from(t, (c) => c.charCodeAt(0) & 0xff);
}
const get = (host: string, path = '/'): string => `GET ${path} HTTP/1.1\nHost: ${host}\nUser-Agent: t\n\n`;
const hosts = (r: HttpRequests): (string | null)[] => r.requests.map((q) => q.hostname);

describe('parseHttpRequests: names from every request', () => {
  it.each<{ name: string; input: Uint8Array; hosts: (string | null)[]; stop: HttpRequests['stop'] }>([
    { name: 'one GET', input: req(get('www.example.com')), hosts: ['www.example.com'], stop: { status: 'complete' } },
    { name: 'three pipelined', input: req(get('a.example') + get('B.Example:8080') + get('[2001:db8::1]:443')),
      hosts: ['a.example', 'b.example', '2001:db8::1'], stop: { status: 'complete' } },
    { name: 'bare LF line ends', input: req(get('lf.example'), true), hosts: ['lf.example'], stop: { status: 'complete' } },
    { name: 'POST with Content-Length body, then GET', input: req(`POST /u HTTP/1.1\nhost: post.example\nContent-Length: 5\n\nhello${get('next.example')}`),
      hosts: ['post.example', 'next.example'], stop: { status: 'complete' } },
    { name: 'chunked body with extension and trailer, then GET',
      input: req(`POST /c HTTP/1.1\nHost: c.example\nTransfer-Encoding: gzip, chunked\n\n5;x=y\nhello\nA\n0123456789\n0\nTrailer: 1\n\n${get('after.example')}`),
      hosts: ['c.example', 'after.example'], stop: { status: 'complete' } },
    { name: 'HTTP/1.0 without Host', input: req('GET / HTTP/1.0\n\n'), hosts: [null], stop: { status: 'complete' } },
    { name: 'empty lines before a request are skipped', input: req(`\n${get('x.example')}\n`), hosts: ['x.example'], stop: { status: 'complete' } },
    { name: 'body still arriving', input: req('POST / HTTP/1.1\nHost: p.example\nContent-Length: 10\n\nabc'), hosts: ['p.example'], stop: { status: 'incomplete', needBytes: 7 } },
    { name: 'head still arriving', input: req('GET / HTTP/1.1\nHost: h.exa'), hosts: [], stop: { status: 'incomplete', needBytes: 1 } },
    { name: 'not HTTP', input: Uint8Array.of(0x16, 3, 1, 0, 5), hosts: [], stop: { status: 'not-mine' } },
    { name: 'not HTTP: method then no space', input: req('SSH-2.0-OpenSSH_9.6\n'), hosts: [], stop: { status: 'not-mine' } },
    { name: 'not HTTP: bad version', input: req('GET / SPDY/3\n\n'), hosts: [], stop: { status: 'not-mine' } },
  ])('$name', ({ input, hosts: expected, stop }) => {
    const r = parseHttpRequests(input);
    expect(hosts(r)).toEqual(expected);
    expect(r.stop).toEqual(stop);
  });

  it('keeps method, target, version, raw Host and an absolute-form authority', () => {
    const r = parseHttpRequests(req('CONNECT http://user@Proxy.Example:3128/x?y HTTP/1.1\nHost:   Raw.Example:81  \n\n'));
    expect(r.requests[0]).toEqual({ offset: 0, method: 'CONNECT', target: 'http://user@Proxy.Example:3128/x?y', version: '1.1',
      host: 'Raw.Example:81', hostname: 'raw.example', targetHostname: 'proxy.example', proxyTarget: { host: 'proxy.example', port: 3128 }, anomalies: [] });
  });

  it('escapes hostile Host bytes', () => {
    const r = parseHttpRequests(req('GET / HTTP/1.1\nHost: a\x01\\b\xff\n\n'));
    expect(r.requests[0]).toMatchObject({ host: 'a\\001\\\\b\\255', hostname: 'a\\001\\\\b\\255' });
  });

  it('consumed covers whole requests only', () => {
    const a = req(get('a.example'));
    const r = parseHttpRequests(req(get('a.example') + 'POST / HTTP/1.1\nHost: b\nContent-Length: 4\n\nab'));
    expect(r.consumed).toBe(a.length);
    expect(r.requests[1]!.offset).toBe(a.length);
  });

  it('stops at maxRequests', () => {
    const r = parseHttpRequests(req(get('a') + get('b') + get('c')), { maxHeadBytes: 1024, maxRequests: 2 });
    expect(hosts(r)).toEqual(['a', 'b']);
    expect(r.stop).toEqual({ status: 'cap' });
  });
});

describe('parseHttpRequests: each anomaly code', () => {
  it.each<{ name: string; input: Uint8Array; code: NamesAnomalyCode; offset?: number; max?: number }>([
    { name: 'head without an end within the cap', input: req(`GET / HTTP/1.1\nX: ${'a'.repeat(100)}\n\n`), code: 'names.http.head_too_long', offset: 0, max: 64 },
    { name: 'request line too long', input: req(`GET /${'a'.repeat(100)} HTTP/1.1\n\n`), code: 'names.http.head_too_long', offset: 0, max: 64 },
    { name: 'second request line bad', input: req(`${get('a')}GET /\n\n`), code: 'names.http.bad_request_line', offset: req(get('a')).length },
    { name: 'field without colon', input: req('GET / HTTP/1.1\nHost a\n\n'), code: 'names.http.bad_header_line', offset: 16 },
    { name: 'space before colon', input: req('GET / HTTP/1.1\nHost : a\n\n'), code: 'names.http.bad_header_line', offset: 16 },
    { name: 'obs-fold line', input: req('GET / HTTP/1.1\nX: a\n b\n\n'), code: 'names.http.bad_header_line', offset: 22 },
    { name: 'Content-Length not a number', input: req('POST / HTTP/1.1\nContent-Length: 1x\n\n'), code: 'names.http.bad_content_length', offset: 17 },
    { name: 'two different Content-Lengths', input: req('POST / HTTP/1.1\nContent-Length: 1\nContent-Length: 2\n\nab'), code: 'names.http.bad_content_length', offset: 36 },
    { name: 'gzip not followed by chunked', input: req('POST / HTTP/1.1\nTransfer-Encoding: gzip\n\nxx'), code: 'names.http.body_unframed', offset: 44 },
    { name: 'chunk size not hex', input: req('POST / HTTP/1.1\nTransfer-Encoding: chunked\n\nzz\n'), code: 'names.http.bad_chunk', offset: 47 },
    { name: 'chunk data not followed by CRLF', input: req('POST / HTTP/1.1\nTransfer-Encoding: chunked\n\n2\nabc\n'), code: 'names.http.bad_chunk', offset: 52 },
    { name: 'chunk size of 13 hex digits', input: req('POST / HTTP/1.1\nTransfer-Encoding: chunked\n\n1000000000000\n'), code: 'names.http.bad_chunk', offset: 47 },
  ])('$name → $code', ({ input, code, offset, max }) => {
    const r = parseHttpRequests(input, { maxHeadBytes: max ?? 1024, maxRequests: 10 });
    expect(r.stop).toMatchObject({ status: 'malformed', code, ...(offset === undefined ? {} : { offset }) });
  });

  it('a second Host is flagged, the first kept', () => {
    const r = parseHttpRequests(req('GET / HTTP/1.1\nHost: one\nHOST: two\n\n'));
    expect(r.requests[0]).toMatchObject({ hostname: 'one', anomalies: ['names.http.multiple_host'] });
  });
});

describe('parseHttpRequests never throws', () => {
  const whole = req(`${get('a.example')}POST /c HTTP/1.1\nHost: c.example\nTransfer-Encoding: chunked\n\n5\nhello\n0\n\n${get('z.example')}`);
  it('every prefix gives a subset of the names and a non-malformed stop', () => {
    for (let cut = 0; cut <= whole.length; cut++) {
      const r = parseHttpRequests(whole.subarray(0, cut));
      expect(['complete', 'incomplete'], `cut ${cut}`).toContain(r.stop.status);
      expect(['a.example', 'c.example', 'z.example'].slice(0, r.requests.length)).toEqual(hosts(r));
    }
    expect(hosts(parseHttpRequests(whole))).toEqual(['a.example', 'c.example', 'z.example']);
  });
  it('every single-byte overwrite returns an outcome', () => {
    const b = new Uint8Array(whole);
    for (let i = 0; i < b.length; i++) {
      for (const v of [0x00, 0x0a, 0x0d, 0x20, 0x3a, 0x30, 0xff]) {
        const old = b[i]!;
        b[i] = v;
        expect(['complete', 'incomplete', 'not-mine', 'cap', 'malformed']).toContain(parseHttpRequests(b).stop.status);
        b[i] = old;
      }
    }
  });
});
