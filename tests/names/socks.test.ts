/**
 * SOCKS client handshakes (SOCKS4, 4a, and SOCKS5 per RFC 1928 with RFC 1929 authentication):
 * the host and port asked for, where the tunnel starts, every prefix incomplete or answered, and
 * other protocols that start with 4 or 5 not taken for SOCKS. Through the attributor, the request
 * becomes a proxied request and the ClientHello inside the tunnel is read.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/core/index.js';
import { analyzeCaptures } from '../../src/pipeline/index.js';
import { CORPUS_DIR, HAVE_CORPUS, HAVE_TSHARK } from '../support/corpus.js';
import { parseSocks5Reply, parseSocksClient, parseSocksUdpHeader } from '../../src/names/socks.js';
import { clientStreamFlow } from './client-stream.js';
import { tlsClientHello, tlsRecords } from '../builders/tls.js';

const ascii = (t: string): number[] => [...t].map((c) => c.charCodeAt(0));
const u8 = (...parts: (number | number[])[]): Uint8Array => Uint8Array.from(parts.flat());

const GREETING = [5, 1, 0];
const GREETING_AUTH = [5, 2, 0, 2];
const AUTH = [1, 4, ...ascii('user'), 4, ...ascii('pass')];
const req5 = (atyp: number, addr: number[], port: number, cmd = 1): number[] => [5, cmd, 0, atyp, ...addr, port >> 8, port & 0xff];

describe('parseSocksClient', () => {
  it.each([
    { name: 'SOCKS5, no auth, domain', bytes: u8(GREETING, req5(3, [20, ...ascii('telemetry.example.ru')], 443)), want: { version: 5, command: 1, host: 'telemetry.example.ru', port: 443 } },
    { name: 'SOCKS5, no auth, IPv4', bytes: u8(GREETING, req5(1, [5, 255, 255, 158], 443)), want: { version: 5, command: 1, host: '5.255.255.158', port: 443 } },
    { name: 'SOCKS5, no auth, IPv6', bytes: u8(GREETING, req5(4, [0x2a, 0x02, 0x06, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 0x42], 8443)), want: { version: 5, command: 1, host: '2a02:6b8::2:242', port: 8443 } },
    { name: 'SOCKS5, username/password', bytes: u8(GREETING_AUTH, AUTH, req5(3, [9, ...ascii('A.Example')], 80)), want: { version: 5, command: 1, host: 'a.example', port: 80 } },
    { name: 'SOCKS5 UDP ASSOCIATE', bytes: u8(GREETING, req5(1, [0, 0, 0, 0], 0, 3)), want: { version: 5, command: 3, host: '0.0.0.0', port: 0 } },
    { name: 'SOCKS4', bytes: u8([4, 1, 1, 187, 5, 255, 255, 158], ascii('av'), [0]), want: { version: 4, command: 1, host: '5.255.255.158', port: 443 } },
    { name: 'SOCKS4a', bytes: u8([4, 1, 0, 80, 0, 0, 0, 1], ascii('av'), [0], ascii('update.example.ru'), [0]), want: { version: 4, command: 1, host: 'update.example.ru', port: 80 } },
  ])('$name', ({ bytes, want }) => {
    const r = parseSocksClient(bytes);
    expect(r).toMatchObject({ status: 'ok', ...want, consumed: bytes.length });
    // The tunnel's bytes after the request are not part of it.
    expect(parseSocksClient(u8([...bytes], [0x16, 3, 1]))).toMatchObject({ status: 'ok', consumed: bytes.length });
    // Every prefix is incomplete (never a wrong answer, never a throw).
    for (let i = 0; i < bytes.length; i++) expect(parseSocksClient(bytes.subarray(0, i)).status, `prefix ${i}`).toBe('incomplete');
  });

  it.each([
    { name: 'TLS record', bytes: u8([0x16, 3, 1, 0, 5]) },
    { name: 'HTTP', bytes: u8(ascii('GET / HTTP/1.1\r\n')) },
    { name: 'SOCKS5 greeting with no methods', bytes: u8([5, 0, 5, 1, 0, 1]) },
    { name: 'SOCKS5 auth without offering it', bytes: u8(GREETING, AUTH, req5(1, [1, 2, 3, 4], 1)) },
    { name: 'SOCKS5 request with a bad reserved byte', bytes: u8(GREETING, [5, 1, 7, 1, 1, 2, 3, 4, 0, 80]) },
    { name: 'SOCKS5 request with an unknown address type', bytes: u8(GREETING, [5, 1, 0, 9, 1, 2, 3, 4, 0, 80]) },
    { name: 'SOCKS4 with a binary user id', bytes: u8([4, 1, 0, 80, 1, 2, 3, 4, 0xff, 0]) },
    { name: 'SOCKS4 with an unknown command', bytes: u8([4, 9, 0, 80, 1, 2, 3, 4, 0]) },
  ])('not SOCKS: $name', ({ bytes }) => {
    expect(parseSocksClient(bytes).status).toBe('not-mine');
  });
});

/** The flow of a client sending `chunks` to a SOCKS proxy at 10.0.0.5:1080 (see client-stream.ts). */
const flowOf = (chunks: readonly Uint8Array[]): ReturnType<typeof clientStreamFlow> => clientStreamFlow(1080, chunks);

describe('parseSocksUdpHeader (RFC 1928 §7)', () => {
  const udp = (atyp: number, addr: number[], port: number, frag = 0, data: number[] = [0x17, 0x03]): Uint8Array => u8([0, 0, frag, atyp], addr, [port >> 8, port & 0xff], data);
  it.each([
    { name: 'IPv4', bytes: udp(1, [5, 255, 255, 158], 443), want: { host: '5.255.255.158', port: 443, frag: 0, length: 10 } },
    { name: 'domain', bytes: udp(3, [20, ...ascii('telemetry.example.ru')], 53), want: { host: 'telemetry.example.ru', port: 53, frag: 0, length: 27 } },
    { name: 'domain, upper case and a trailing dot', bytes: udp(3, [11, ...ascii('Example.RU.')], 53), want: { host: 'example.ru', port: 53, frag: 0, length: 18 } },
    { name: 'IPv6', bytes: udp(4, [0x2a, 0x02, 0x06, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 0x42], 8443), want: { host: '2a02:6b8::2:242', port: 8443, frag: 0, length: 22 } },
    { name: 'a fragment (FRAG 1)', bytes: udp(1, [8, 8, 8, 8], 53, 1), want: { host: '8.8.8.8', port: 53, frag: 1, length: 10 } },
    { name: 'header only, no data', bytes: udp(1, [8, 8, 8, 8], 53, 0, []), want: { host: '8.8.8.8', port: 53, frag: 0, length: 10 } },
  ])('$name', ({ bytes, want }) => {
    expect(parseSocksUdpHeader(bytes)).toEqual(want);
  });

  it.each([
    { name: 'RSV not zero', bytes: u8([0, 1, 0, 1, 8, 8, 8, 8, 0, 53]) },
    { name: 'unknown ATYP', bytes: u8([0, 0, 0, 2, 8, 8, 8, 8, 0, 53]) },
    { name: 'port 0', bytes: udp(1, [8, 8, 8, 8], 0) },
    { name: 'empty name', bytes: udp(3, [0], 53) },
    { name: 'a name with a control octet', bytes: udp(3, [3, 0x61, 0x0a, 0x62], 53) },
    { name: 'a name longer than the datagram', bytes: u8([0, 0, 0, 3, 40, ...ascii('short'), 0, 53]) },
    { name: 'IPv6 cut short', bytes: u8([0, 0, 0, 4, 0x2a, 0x02, 0, 0, 0, 0, 0, 0, 0, 53]) },
    { name: 'shorter than any header', bytes: u8([0, 0, 0, 1, 8, 8, 8, 8, 0]) },
    { name: 'a QUIC Initial', bytes: u8([0xc3, 0, 0, 0, 1, 8, 1, 2, 3, 4, 5, 6, 7, 8]) },
    { name: 'a DNS query', bytes: u8([0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0]) },
  ])('not a relay header: $name', ({ bytes }) => {
    expect(parseSocksUdpHeader(bytes)).toBeNull();
  });
});

describe('parseSocks5Reply (RFC 1928 §6, RFC 1929 §2)', () => {
  const reply = (atyp: number, addr: number[], port: number, rep = 0): number[] => [5, rep, 0, atyp, ...addr, port >> 8, port & 0xff];
  it.each([
    { name: 'no auth, relay at an IPv4 address', bytes: u8([5, 0], reply(1, [10, 0, 0, 6], 40000)), want: { status: 'ok', rep: 0, host: '10.0.0.6', port: 40000 } },
    { name: 'username/password accepted', bytes: u8([5, 2], [1, 0], reply(1, [10, 0, 0, 6], 40000)), want: { status: 'ok', rep: 0, host: '10.0.0.6', port: 40000 } },
    { name: 'unspecified address (the proxy itself)', bytes: u8([5, 0], reply(1, [0, 0, 0, 0], 5555)), want: { status: 'ok', rep: 0, host: '0.0.0.0', port: 5555 } },
    { name: 'IPv6 relay', bytes: u8([5, 0], reply(4, [0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 6], 40000)), want: { status: 'ok', rep: 0, host: 'fd00::6', port: 40000 } },
    { name: 'a name', bytes: u8([5, 0], reply(3, [9, ...ascii('relay.lan')], 40000)), want: { status: 'ok', rep: 0, host: 'relay.lan', port: 40000 } },
    { name: 'refused (REP 2)', bytes: u8([5, 0], reply(1, [0, 0, 0, 0], 0, 2)), want: { status: 'ok', rep: 2, host: '0.0.0.0', port: 0 } },
    { name: 'no acceptable method', bytes: u8([5, 0xff]), want: { status: 'not-mine' } },
    { name: 'authentication failed', bytes: u8([5, 2], [1, 1]), want: { status: 'not-mine' } },
    { name: 'not SOCKS', bytes: u8(ascii('HTTP/1.1 200 OK\r\n')), want: { status: 'not-mine' } },
    { name: 'bad reply version', bytes: u8([5, 0], [4, 0, 0, 1, 10, 0, 0, 6, 0, 80]), want: { status: 'not-mine' } },
    { name: 'unknown ATYP', bytes: u8([5, 0], [5, 0, 0, 7, 10, 0, 0, 6, 0, 80]), want: { status: 'not-mine' } },
  ])('$name', ({ bytes, want }) => {
    expect(parseSocks5Reply(bytes)).toEqual(want);
  });

  it('every proper prefix of a whole reply is incomplete', () => {
    const whole = u8([5, 2], [1, 0], reply(1, [10, 0, 0, 6], 40000));
    for (let n = 0; n < whole.length; n++) expect(parseSocks5Reply(whole.subarray(0, n)), `prefix ${n}`).toEqual({ status: 'incomplete' });
  });
});

describe('SOCKS through the attributor', () => {
  const hello = tlsRecords(tlsClientHello({ sni: ['telemetry.example.ru'] }));

  it('greeting, then request, then a ClientHello: the request is proxied and the SNI in the tunnel read', () => {
    const f = flowOf([u8(GREETING), u8(req5(3, [20, ...ascii('telemetry.example.ru')], 443)), hello]);
    expect(f.names.proxied).toEqual([{ host: 'telemetry.example.ru', port: 443, method: 'SOCKS5 CONNECT', frame: 3, tsNs: expect.any(BigInt), bytes: 0, open: 0 }]);
    expect(f.names.flags).toContain('via_proxy');
    expect(f.names.names.map((n) => `${n.source}:${n.value}`)).toEqual(['tls_sni:telemetry.example.ru']);
    // The service is what the tunnel carried (as for an HTTP CONNECT); via_proxy says it went through a proxy.
    expect(f.names.service).toBe('tls');
  });

  it('SOCKS4a and the ClientHello in one segment', () => {
    const f = flowOf([u8([4, 1, 1, 187, 0, 0, 0, 1], ascii('av'), [0], ascii('update.example.ru'), [0], [...hello])]);
    expect(f.names.proxied?.map((p) => `${p.method} ${p.host}:${String(p.port)}`)).toEqual(['SOCKS4 CONNECT update.example.ru:443']);
    expect(f.names.names.some((n) => n.source === 'tls_sni')).toBe(true);
  });

  it('UDP ASSOCIATE is not a destination', () => {
    const f = flowOf([u8(GREETING, req5(1, [0, 0, 0, 0], 0, 3))]);
    expect(f.names.proxied).toBeUndefined();
    expect(f.names.flags).toContain('via_proxy');
  });
});

const SOCKS_FILE = 'ndpi__tls_heur__trojan-tcp-tls.pcapng';

describe.skipIf(!HAVE_CORPUS || !HAVE_TSHARK)('SOCKS5 in a real capture, against tshark', () => {
  it(`${SOCKS_FILE}: the CONNECT targets tshark decodes are the proxied requests`, async () => {
    const path = join(CORPUS_DIR, SOCKS_FILE);
    // tshark's SOCKS dissector: client requests (to port 1080) with a command and a destination.
    const t = spawnSync('tshark', ['-n', '-r', path, '-Y', 'socks.command == 1 && tcp.dstport == 1080', '-T', 'fields', '-E', 'separator=/t', '-e', 'socks.dst', '-e', 'socks.remote_name', '-e', 'socks.dstport'],
      { encoding: 'utf8', env: { ...process.env, WIRESHARK_CONFIG_DIR: '/nonexistent' } });
    const theirs = new Set(t.stdout.split('\n').filter((l) => l !== '').map((l) => {
      const [dst = '', name = '', port = ''] = l.split('\t');
      return `${name || dst}:${port}`;
    }).filter((x) => !x.endsWith(':')));
    const a = await analyzeCaptures([{ name: SOCKS_FILE, stream: createReadStream(path), path }], { limits: DEFAULT_LIMITS, tool: { name: 'egress-verify', version: 'test' } });
    const ours = new Set([...a.flows].flatMap(({ names: n }) => (n?.proxied ?? []).map((p) => `${p.host}:${String(p.port)}`)));
    expect(theirs.size).toBeGreaterThan(0);
    expect(ours).toEqual(theirs);
  });
});

if (!(HAVE_CORPUS && HAVE_TSHARK)) {
  it.skip(`SOCKS differential needs ../shared/corpus/real and tshark (corpus: ${HAVE_CORPUS}, tshark: ${HAVE_TSHARK})`, () => {});
}
