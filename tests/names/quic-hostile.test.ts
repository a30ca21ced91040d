/**
 * QUIC Initial parsing on hostile input: each anomaly code from its own failed check, the probe,
 * the not-mine outcomes, wrong keys and corruption, and every prefix of valid datagrams (never a
 * throw).
 */
import { describe, expect, it } from 'vitest';
import { looksLikeQuicInitial, parseQuicInitialDatagram, QuicClientHelloCollector, type QuicOutcome } from '../../src/names/index.js';
import { be, concat } from '../builders/packets/bytes.js';
import { tlsClientHello } from '../builders/tls.js';
import {
  ackFrame, clientFlight, connectionClose, cryptoFrame, gquicChlo, gquicClearPacket, padding, quicInitial, quicOpaquePacket, quicShortPacket, RFC_DCID, V1, V2, varint,
} from '../builders/quic.js';

const HELLO = tlsClientHello({ sni: 'hostile.example', alpn: ['h3'] });
const GOOD = quicInitial(cryptoFrame(0, HELLO));
/** A long header by hand: first byte, version, DCID, SCID, then `rest` (token length, Length, …). */
const raw = (first: number, version: number, dcid: Uint8Array, rest: Uint8Array, scid = new Uint8Array(0)): Uint8Array =>
  concat(Uint8Array.of(first), be(version, 4), Uint8Array.of(dcid.length), dcid, Uint8Array.of(scid.length), scid, rest);

describe('parseQuicInitialDatagram: one code per failed check', () => {
  it.each<{ name: string; input: Uint8Array; code: string; offset?: number }>([
    { name: 'five bytes', input: GOOD.slice(0, 5), code: 'names.quic.trunc_header', offset: 0 },
    { name: 'cut inside the DCID', input: GOOD.slice(0, 9), code: 'names.quic.trunc_header' },
    { name: 'cut before the SCID length', input: GOOD.slice(0, 14), code: 'names.quic.trunc_header' },
    { name: 'cut inside the token length varint', input: raw(0xc0, V1, RFC_DCID, Uint8Array.of(0x80, 0x00)), code: 'names.quic.trunc_header' },
    { name: 'cut inside the Length varint', input: raw(0xc0, V1, RFC_DCID, Uint8Array.of(0x00, 0x44)), code: 'names.quic.trunc_header' },
    { name: 'DCID of 21 bytes', input: raw(0xc0, V1, new Uint8Array(21), Uint8Array.of(0, 0)), code: 'names.quic.dcid_too_long', offset: 5 },
    { name: 'SCID of 21 bytes', input: raw(0xc0, V1, RFC_DCID, Uint8Array.of(0, 0), new Uint8Array(21)), code: 'names.quic.scid_too_long', offset: 14 },
    { name: 'token longer than the datagram', input: raw(0xc0, V1, RFC_DCID, concat(varint(1000), new Uint8Array(50))), code: 'names.quic.bad_token_length' },
    { name: 'Length past the end of the datagram', input: quicInitial(cryptoFrame(0, HELLO), { length: 5000 }), code: 'names.quic.bad_length', offset: 16 },
    { name: 'Length past the end (8-byte varint)', input: raw(0xc0, V1, RFC_DCID, concat(varint(0), varint(2 ** 40, 8), new Uint8Array(40))), code: 'names.quic.bad_length' },
    { name: 'Length too short for the header-protection sample', input: quicInitial(cryptoFrame(0, HELLO), { length: 10 }), code: 'names.quic.short_packet', offset: 0 },
    { name: 'one payload bit flipped', input: quicInitial(cryptoFrame(0, HELLO), { corrupt: 600 }), code: 'names.quic.decrypt_failed', offset: 0 },
    { name: 'one header bit flipped (the AAD)', input: quicInitial(cryptoFrame(0, HELLO), { corrupt: 7 }), code: 'names.quic.decrypt_failed' },
    { name: 'keys of another DCID', input: quicInitial(cryptoFrame(0, HELLO), { keyDcid: Uint8Array.of(1, 2, 3, 4) }), code: 'names.quic.decrypt_failed' },
    { name: 'v2 header, v1 keys', input: (() => { const p = quicInitial(cryptoFrame(0, HELLO)); p.set(be(V2, 4), 1); p[0] = (p[0]! & 0xcf) | 0x10; return p; })(), code: 'names.quic.decrypt_failed' },
    { name: 'frame type in two bytes (0x4006)', input: quicInitial(concat(Uint8Array.of(0x40, 0x06), varint(0), varint(HELLO.length), HELLO)), code: 'names.quic.bad_varint' },
    { name: 'CRYPTO data past the payload', input: quicInitial(concat(varint(6), varint(0), varint(500), HELLO.slice(0, 10)), { padTo: 0 }), code: 'names.quic.trunc_frame' },
    { name: 'CRYPTO offset varint cut', input: quicInitial(Uint8Array.of(0x06, 0xc0), { padTo: 0 }), code: 'names.quic.trunc_frame' },
    { name: 'ACK with more ranges than bytes', input: quicInitial(concat(varint(2), varint(1), varint(0), varint(1000), varint(0)), { padTo: 0 }), code: 'names.quic.trunc_frame' },
    { name: 'ACK cut in its ECN counts', input: quicInitial(ackFrame(true).slice(0, -1), { padTo: 0 }), code: 'names.quic.trunc_frame' },
    { name: 'CONNECTION_CLOSE reason past the payload', input: quicInitial(connectionClose('bye').slice(0, -1), { padTo: 0 }), code: 'names.quic.trunc_frame' },
    { name: 'STREAM frame in an Initial', input: quicInitial(concat(Uint8Array.of(0x08, 0x00), HELLO)), code: 'names.quic.bad_frame' },
    { name: 'NEW_TOKEN frame in an Initial', input: quicInitial(Uint8Array.of(0x07, 0x01, 0xaa)), code: 'names.quic.bad_frame' },
    { name: 'application CONNECTION_CLOSE (0x1d) in an Initial', input: quicInitial(Uint8Array.of(0x1d, 0, 0)), code: 'names.quic.bad_frame' },
  ])('$name → $code', ({ input, code, offset }) => {
    const r = parseQuicInitialDatagram(input);
    expect(r).toMatchObject({ status: 'malformed', code, ...(offset === undefined ? {} : { offset }) });
  });

  it.each<{ name: string; input: Uint8Array; reason: string }>([
    { name: 'short header', input: quicShortPacket(), reason: 'short-header' },
    { name: 'Version Negotiation', input: raw(0xc0, 0, RFC_DCID, be(1, 4)), reason: 'version-negotiation' },
    { name: 'unknown version', input: raw(0xc0, 0x1a2a3a4a, RFC_DCID, new Uint8Array(40)), reason: 'unknown-version' },
  ])('not-mine: $name', ({ input, reason }) => {
    expect(parseQuicInitialDatagram(input)).toEqual({ status: 'not-mine', reason });
  });

  it('a coalesced packet of an unknown version ends the walk; the Initial before it is kept', () => {
    const r = parseQuicInitialDatagram(concat(quicInitial(cryptoFrame(0, HELLO), { padTo: 0 }), raw(0xc0, 0x1a2a3a4a, RFC_DCID, new Uint8Array(8))));
    expect(r.status === 'ok' && r.packets.length).toBe(1);
  });

  it('Retry and Handshake packets carry nothing to open', () => {
    const retry = raw(0xf0, V1, RFC_DCID, new Uint8Array(40));
    expect(parseQuicInitialDatagram(retry)).toEqual({ status: 'ok', packets: [] });
    expect(parseQuicInitialDatagram(quicOpaquePacket('handshake'))).toEqual({ status: 'ok', packets: [] });
  });
});

describe('QuicClientHelloCollector: stream-level codes and outcomes', () => {
  const push = (datagrams: readonly Uint8Array[], maxCryptoBytes?: number): QuicOutcome[] => {
    const c = new QuicClientHelloCollector(maxCryptoBytes === undefined ? {} : { maxCryptoBytes });
    return datagrams.map((d, i) => c.push(d, i + 1));
  };
  const holes = Array.from({ length: 65 }, (_v, i) => cryptoFrame(2000 + 20 * i, new Uint8Array(5)));
  it.each<{ name: string; datagrams: Uint8Array[]; expected: QuicOutcome; max?: number }>([
    { name: 'CRYPTO data past the cap', datagrams: [quicInitial(cryptoFrame(5000, new Uint8Array(10)))], max: 4096, expected: { status: 'malformed', code: 'names.quic.crypto_cap', offset: 5000 } },
    { name: 'default cap is 16 KiB', datagrams: [quicInitial(cryptoFrame(16380, new Uint8Array(10)))], expected: { status: 'malformed', code: 'names.quic.crypto_cap', offset: 16380 } },
    { name: 'ClientHello longer than the cap', datagrams: [quicInitial(cryptoFrame(0, Uint8Array.of(1, 0, 0x20, 0)))], max: 4096, expected: { status: 'malformed', code: 'names.quic.crypto_cap', offset: 0 } },
    { name: 'too many holes in the stream', datagrams: [quicInitial(concat(...holes))], expected: { status: 'malformed', code: 'names.quic.crypto_cap', offset: 3280 } },
    { name: 'stream starts with a ServerHello', datagrams: [quicInitial(cryptoFrame(0, Uint8Array.of(2, 0, 0, 4, 3, 3, 0, 0)))], expected: { status: 'malformed', code: 'names.quic.not_client_hello', offset: 0 } },
    { name: 'a bad ClientHello body keeps the TLS code', datagrams: [quicInitial(cryptoFrame(0, tlsClientHello({ sessionId: new Uint8Array(33) })))],
      expected: { status: 'malformed', code: 'names.tls.ch_session_id_too_long', offset: 38 } },
    { name: 'first datagram short-header', datagrams: [quicShortPacket()], expected: { status: 'not-mine', reason: 'short-header' } },
    { name: 'eight datagrams of 0-RTT without an Initial', datagrams: new Array<Uint8Array>(8).fill(quicOpaquePacket('zero-rtt')), expected: { status: 'not-mine', reason: 'not-initial' } },
    { name: 'wrong keys: neither the first nor the own DCID authenticates', datagrams: [quicInitial(cryptoFrame(0, HELLO), { keyDcid: Uint8Array.of(1, 2, 3, 4) })],
      expected: { status: 'malformed', code: 'names.quic.decrypt_failed', offset: 0 } },
    { name: 'a datagram that fails leaves the flow open', datagrams: [quicInitial(cryptoFrame(0, HELLO), { corrupt: 900 }), GOOD], expected: { status: 'ok', kind: 'tls', hello: expect.objectContaining({ sni: 'hostile.example' }) as never, version: V1, frames: [2] } },
    { name: 'a later datagram with bad frames is reported, not final', datagrams: [quicInitial(cryptoFrame(0, HELLO.slice(0, 40))), quicInitial(Uint8Array.of(0x07, 0x01, 0xaa), { packetNumber: 1 })],
      expected: { status: 'malformed', code: 'names.quic.bad_frame', offset: 0 } },
  ])('$name', ({ datagrams, expected, max }) => {
    expect(push(datagrams, max).at(-1)).toEqual(expected);
  });
});

describe('looksLikeQuicInitial', () => {
  const flip = (b: Uint8Array, i: number, v: number): Uint8Array => { const c = b.slice(); c[i] = v; return c; };
  it.each<{ name: string; input: Uint8Array; expected: boolean }>([
    { name: 'v1 Initial', input: GOOD, expected: true },
    { name: 'v2 Initial (type bits 0b01)', input: clientFlight(HELLO, { version: V2 })[0]!, expected: true },
    { name: 'v2 header with type bits 0b00 (a v2 Retry)', input: flip(clientFlight(HELLO, { version: V2 })[0]!, 0, 0xc0), expected: false },
    { name: '0-RTT that overtook the Initial', input: quicOpaquePacket('zero-rtt'), expected: true },
    { name: 'Handshake', input: quicOpaquePacket('handshake'), expected: false },
    { name: 'short header', input: quicShortPacket(), expected: false },
    { name: 'Fixed Bit clear', input: flip(GOOD, 0, GOOD[0]! & 0xbf), expected: false },
    { name: 'Version Negotiation', input: raw(0xc0, 0, RFC_DCID, be(1, 4)), expected: false },
    { name: 'unknown version', input: raw(0xc0, 0x1a2a3a4a, RFC_DCID, new Uint8Array(40)), expected: false },
    { name: 'DCID length 21', input: flip(GOOD, 5, 21), expected: false },
    { name: 'six bytes', input: GOOD.slice(0, 6), expected: false },
    { name: 'empty', input: new Uint8Array(0), expected: false },
    { name: 'a DNS query', input: Uint8Array.of(0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 3, 0x77, 0x77, 0x77, 0), expected: false },
    { name: 'cleartext gQUIC Q043', input: gquicClearPacket(gquicChlo([['SNI', 'a.example']])), expected: true },
    { name: 'gQUIC public header without the version flag', input: flip(gquicClearPacket(gquicChlo([['SNI', 'a.example']])), 0, 0x08), expected: false },
  ])('$name → $expected', ({ input, expected }) => {
    expect(looksLikeQuicInitial(input)).toBe(expected);
  });
});

describe('truncation at every length never throws', () => {
  const datagrams: [string, Uint8Array, boolean][] = [
    ['Initial with ACK, PING, CRYPTO, CONNECTION_CLOSE', quicInitial(concat(ackFrame(true), Uint8Array.of(0x01), cryptoFrame(0, HELLO), connectionClose(), padding(3)), { token: Uint8Array.of(9, 9), scid: Uint8Array.of(5) }), true],
    ['Initial + 0-RTT (a cut 0-RTT does not hide the Initial)', concat(quicInitial(cryptoFrame(0, HELLO), { padTo: 0 }), quicOpaquePacket('zero-rtt')), false],
    ['v2 Initial', clientFlight(HELLO, { version: V2 })[0]!, true],
  ];
  it.each(datagrams)('%s', (_n, d, okOnlyWhole) => {
    const seen = new Set<string>();
    for (let n = 0; n <= d.length; n++) {
      const prefix = d.subarray(0, n);
      const r = parseQuicInitialDatagram(prefix);
      seen.add(r.status === 'malformed' ? r.code : r.status);
      const o = new QuicClientHelloCollector().push(prefix, 1);
      if (okOnlyWhole && n < d.length) expect(o.status, `prefix ${n}`).not.toBe('ok');
      if (n === d.length) expect(o.status).toBe('ok');
    }
    expect(seen.has('names.quic.trunc_header') && seen.has('names.quic.bad_length')).toBe(true);
  });
});
