/**
 * Google QUIC client hellos: the CHLO tag/value message in cleartext packets (Q043 public header,
 * Q046 long header) and in Q050's encrypted CRYPTO frames, through the same collector.
 */
import { describe, expect, it } from 'vitest';
import { looksLikeQuicInitial, parseQuicInitialDatagram, QuicClientHelloCollector, type QuicOutcome } from '../../src/names/index.js';
import { be, concat } from '../builders/packets/bytes.js';
import { clientFlight, cryptoFrame, gquicChlo, gquicClearPacket, quicInitial, Q050 } from '../builders/quic.js';

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const CHLO = gquicChlo([['PAD', new Uint8Array(300).fill(0x2d)], ['SNI', 'WWW.Example.COM'], ['VER', 'Q050'], ['UAID', 'Chrome/120 Linux']]);

/** A Q046 cleartext packet: long header, version, DCIL/SCIL nibbles, 8-byte CID, 4-byte packet number, hash, STREAM frame. */
const q046 = (chlo: Uint8Array): Uint8Array =>
  concat(Uint8Array.of(0xc3), ascii('Q046'), Uint8Array.of(0x50), new Uint8Array(8).fill(0x42), be(1, 4), new Uint8Array(12), Uint8Array.of(0xa0, 0x01), be(chlo.length, 2), chlo);

function pushAll(datagrams: readonly Uint8Array[]): QuicOutcome[] {
  const c = new QuicClientHelloCollector();
  return datagrams.map((d, i) => c.push(d, i + 1));
}

describe('gQUIC CHLO: SNI and user agent', () => {
  const expected = { sni: 'www.example.com', userAgent: 'Chrome/120 Linux', tags: ['PAD', 'SNI', 'VER', 'UAID'] };
  it.each<{ name: string; datagrams: Uint8Array[]; version: number; frames: number[] }>([
    { name: 'Q043 cleartext, public header', datagrams: [gquicClearPacket(CHLO)], version: 0x51303433, frames: [1] },
    { name: 'Q039 cleartext', datagrams: [gquicClearPacket(CHLO, 'Q039')], version: 0x51303339, frames: [1] },
    { name: 'Q046 cleartext, long header', datagrams: [q046(CHLO)], version: 0x51303436, frames: [1] },
    { name: 'cleartext: CHLO in the second datagram', datagrams: [gquicClearPacket(ascii('no hello here')), gquicClearPacket(CHLO)], version: 0x51303433, frames: [2] },
    { name: 'Q050 encrypted CRYPTO frame', datagrams: clientFlight(CHLO, { version: Q050 }), version: Q050, frames: [1] },
    { name: 'Q050 over two datagrams, second first', datagrams: clientFlight(CHLO, { version: Q050, sizes: [100], order: [1, 0] }), version: Q050, frames: [1, 2] },
    { name: 'Q050 with PING before CRYPTO', datagrams: [quicInitial(concat(Uint8Array.of(0x07), cryptoFrame(0, CHLO, 0x08)), { version: Q050 })], version: Q050, frames: [1] },
  ])('$name', ({ datagrams, version, frames }) => {
    expect(looksLikeQuicInitial(datagrams[0]!)).toBe(true);
    expect(pushAll(datagrams).at(-1)).toEqual({ status: 'ok', kind: 'chlo', chlo: expected, version, frames });
  });

  it('a CHLO without SNI', () => {
    const o = pushAll([gquicClearPacket(gquicChlo([['VER', 'Q043']]))]).at(-1);
    expect(o).toMatchObject({ status: 'ok', chlo: { sni: null, userAgent: null, tags: ['VER'] } });
  });
});

describe('gQUIC CHLO: hostile', () => {
  const manyTags = concat(ascii('CHLO'), Uint8Array.of(200, 0, 0, 0), new Uint8Array(1600));
  const backwards = concat(ascii('CHLO'), Uint8Array.of(2, 0, 0, 0), ascii('SNI\0'), Uint8Array.of(9, 0, 0, 0), ascii('VER\0'), Uint8Array.of(4, 0, 0, 0), new Uint8Array(9));
  it.each<{ name: string; datagrams: Uint8Array[]; expected: QuicOutcome }>([
    { name: 'cleartext CHLO cut short waits', datagrams: [gquicClearPacket(CHLO).slice(0, 200)], expected: { status: 'incomplete' } },
    { name: 'more than 128 tags', datagrams: [gquicClearPacket(manyTags)], expected: { status: 'malformed', code: 'names.quic.chlo_malformed', offset: 34 } },
    { name: 'end offsets going backwards', datagrams: [gquicClearPacket(backwards)], expected: { status: 'malformed', code: 'names.quic.chlo_malformed', offset: 50 } },
    { name: 'Q050 stream that is not a CHLO', datagrams: clientFlight(concat(ascii('SHLO'), new Uint8Array(8)), { version: Q050 }), expected: { status: 'malformed', code: 'names.quic.not_client_hello', offset: 0 } },
    { name: 'Q050 with more than 128 tags', datagrams: clientFlight(manyTags, { version: Q050 }), expected: { status: 'malformed', code: 'names.quic.chlo_malformed', offset: 4 } },
    { name: 'Q050 with an IETF CRYPTO type (0x06 is STOP_WAITING in gQUIC)', datagrams: [quicInitial(cryptoFrame(0, CHLO), { version: Q050 })], expected: { status: 'malformed', code: 'names.quic.bad_frame', offset: 0 } },
  ])('$name', ({ datagrams, expected }) => {
    expect(pushAll(datagrams).at(-1)).toEqual(expected);
  });

  it('Q050 Initial frames are read by the gQUIC numbering', () => {
    const r = parseQuicInitialDatagram(quicInitial(concat(Uint8Array.of(0x07), cryptoFrame(0, CHLO.slice(0, 50), 0x08)), { version: Q050 }));
    expect(r.status === 'ok' && r.packets[0]!.crypto.map((c) => [c.offset, c.data.length])).toEqual([[0, 50]]);
  });
});
