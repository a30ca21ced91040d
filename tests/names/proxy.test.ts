/**
 * Requests to an HTTP proxy: the target a proxy is asked to reach (CONNECT authority-form,
 * absolute-form URIs with their scheme's port), the CONNECT tunnel whose first bytes are read
 * afresh (a TLS ClientHello inside names the real server), and the flow's `proxied` list.
 */
import { describe, expect, it } from 'vitest';
import { parseHttpRequests } from '../../src/names/index.js';
import type { Packet } from '../../src/decode/index.js';
import { dnsQuery, dnsResponse } from '../builders/dns.js';
import { udpPacket } from '../builders/flow-packets.js';
import { clientStreamFlow } from './client-stream.js';
import { tlsClientHello, tlsRecords } from '../builders/tls.js';

const bytes = (t: string): Uint8Array => Uint8Array.from(t.replace(/\n/g, '\r\n'), (c) => c.charCodeAt(0) & 0xff);
const cat = (...p: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(p.reduce((n, x) => n + x.length, 0));
  let o = 0;
  for (const x of p) { out.set(x, o); o += x.length; }
  return out;
};

describe('proxy targets of request heads', () => {
  it.each([
    { line: 'CONNECT telemetry.example.ru:443 HTTP/1.1', target: { host: 'telemetry.example.ru', port: 443 } },
    { line: 'CONNECT Telemetry.Example.RU:8443 HTTP/1.1', target: { host: 'telemetry.example.ru', port: 8443 } },
    { line: 'CONNECT [2001:db8::7]:443 HTTP/1.1', target: { host: '2001:db8::7', port: 443 } },
    { line: 'CONNECT 5.255.255.158:443 HTTP/1.1', target: { host: '5.255.255.158', port: 443 } },
    { line: 'CONNECT noport.example HTTP/1.1', target: { host: 'noport.example', port: null } },
    { line: 'CONNECT bad.example:99999 HTTP/1.1', target: { host: 'bad.example', port: null } },
    { line: 'GET http://update.example.ru/defs.bin HTTP/1.1', target: { host: 'update.example.ru', port: 80 } },
    { line: 'GET https://user:pw@secure.example:8443/x?y#z HTTP/1.1', target: { host: 'secure.example', port: 8443 } },
    { line: 'GET HTTPS://upper.example/ HTTP/1.1', target: { host: 'upper.example', port: 443 } },
    { line: 'GET ftp://files.example/a HTTP/1.1', target: { host: 'files.example', port: null } },
    { line: 'GET /origin-form HTTP/1.1', target: null },
    { line: 'OPTIONS * HTTP/1.1', target: null },
  ])('$line', ({ line, target }) => {
    const r = parseHttpRequests(bytes(`${line}\nHost: h.example\n\n`));
    expect(r.requests).toHaveLength(1);
    expect(r.requests[0]!.proxyTarget).toEqual(target);
  });

  it('a CONNECT ends the HTTP stream: what follows is the tunnel, consumed up to the end of the head', () => {
    const head = bytes('CONNECT a.example:443 HTTP/1.1\nHost: a.example:443\n\n');
    const r = parseHttpRequests(cat(head, Uint8Array.of(0x16, 0x03, 0x01, 0x00, 0x05)));
    expect(r.stop).toEqual({ status: 'tunnel' });
    expect(r.consumed).toBe(head.length);
    expect(r.requests.map((q) => q.method)).toEqual(['CONNECT']);
  });
});

/** The proxy flow of a client sending `chunks` to 10.0.0.5:3128 (see client-stream.ts). */
const proxyFlow = (chunks: readonly Uint8Array[], before: readonly Packet[] = []): ReturnType<typeof clientStreamFlow> => clientStreamFlow(3128, chunks, before);

describe('the proxied requests of a flow', () => {
  const hello = tlsRecords(tlsClientHello({ sni: ['real.example.ru'] }));

  it('CONNECT then a ClientHello in the tunnel: the target is proxied, the SNI inside is read', () => {
    const f = proxyFlow([bytes('CONNECT real.example.ru:443 HTTP/1.1\nHost: real.example.ru:443\n\n'), hello]);
    expect(f.names.proxied).toEqual([{ host: 'real.example.ru', port: 443, method: 'CONNECT', frame: 2, tsNs: expect.any(BigInt), bytes: 0, open: 0 }]);
    expect(f.names.flags).toContain('via_proxy');
    expect(f.names.names.map((n) => `${n.source}:${n.value}`)).toEqual(['http_host:real.example.ru', 'tls_sni:real.example.ru']);
  });

  it('CONNECT and the ClientHello in one segment: both read', () => {
    const f = proxyFlow([cat(bytes('CONNECT real.example.ru:443 HTTP/1.1\nHost: real.example.ru:443\n\n'), hello)]);
    expect(f.names.proxied?.map((p) => p.host)).toEqual(['real.example.ru']);
    expect(f.names.names.some((n) => n.source === 'tls_sni' && n.value === 'real.example.ru')).toBe(true);
  });

  it('absolute-form requests to several hosts on one connection: each distinct target once, in order', () => {
    const f = proxyFlow([bytes('GET http://a.example/x HTTP/1.1\nHost: a.example\n\nGET http://b.example:8080/y HTTP/1.1\nHost: b.example:8080\n\nGET http://a.example/z HTTP/1.1\nHost: a.example\n\n')]);
    expect(f.names.proxied?.map((p) => `${p.host}:${String(p.port)}@${p.frame}`)).toEqual(['a.example:80@2', 'b.example:8080@2']);
  });

  it('each target gets the client bytes from its requests to the next request, the last one to the end', () => {
    const a1 = 'GET http://a.example/x HTTP/1.1\nHost: a.example\n\n';
    const b1 = 'POST http://b.example/up HTTP/1.1\nHost: b.example\nContent-Length: 10\n\n0123456789';
    const a2 = 'GET http://a.example/z HTTP/1.1\nHost: a.example\n\n';
    const [la1, lb1] = [bytes(a1).length, bytes(b1).length];
    const f = proxyFlow([bytes(a1 + b1 + a2)]);
    expect(f.names.proxied?.map((p) => [p.host, p.bytes, p.open])).toEqual([['a.example', la1, la1 + lb1], ['b.example', lb1, null]]);
  });

  it.each([
    { name: 'by address', url: 'http://10.0.0.5/x', before: [] as Packet[] },
    {
      name: 'by a name DNS gave the client for that address',
      url: 'http://origin.example/x',
      before: [
        udpPacket({ frame: 1, src: '10.0.0.1', dst: '10.0.0.53', sport: 5353, dport: 53, payload: dnsQuery('origin.example', 1) }),
        udpPacket({ frame: 2, src: '10.0.0.53', dst: '10.0.0.1', sport: 53, dport: 5353, payload: dnsResponse('origin.example', [{ name: 'origin.example', type: 'A', address: '10.0.0.5' }]) }),
      ],
    },
  ])('an absolute-form request to the flow\'s own server ($name) is no proxy request', ({ url, before }) => {
    const f = proxyFlow([bytes(`GET ${url} HTTP/1.1\nHost: x\n\n`)], before);
    expect(f.names.proxied).toBeUndefined();
    expect(f.names.flags).not.toContain('via_proxy');
  });

  it('an origin-form request is no proxy request', () => {
    const f = proxyFlow([bytes('GET /x HTTP/1.1\nHost: a.example\n\n')]);
    expect(f.names.proxied).toBeUndefined();
    expect(f.names.flags).not.toContain('via_proxy');
  });
});
