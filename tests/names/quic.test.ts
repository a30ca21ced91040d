/**
 * QUIC ClientHello collection, round trip: a ClientHello built in code, cut into CRYPTO frames,
 * packets and datagrams any way, protected with keys from a DCID (v1, v2, drafts), then read back
 * by the collector: SNI, ALPN, version and the frames that built it.
 */
import { describe, expect, it } from 'vitest';
import { QuicClientHelloCollector, type ClientHello, type QuicOutcome } from '../../src/names/index.js';
import { concat } from '../builders/packets/bytes.js';
import { tlsClientHello, tlsExtension } from '../builders/tls.js';
import {
  ackFrame, chunks, clientFlight, connectionClose, cryptoFrame, DRAFT_29, padding, ping, quicInitial, quicOpaquePacket, quicShortPacket, V1, V2,
} from '../builders/quic.js';

/** Pushes datagrams as frames 1, 2, …; returns every outcome. */
export function pushAll(datagrams: readonly Uint8Array[], c = new QuicClientHelloCollector()): QuicOutcome[] {
  return datagrams.map((d, i) => c.push(d, i + 1));
}

function helloOf(o: QuicOutcome | undefined): ClientHello & { frames: readonly number[]; version: number } {
  if (o?.status !== 'ok' || o.kind !== 'tls') throw new Error(`expected ok, got ${JSON.stringify(o)}`);
  return { ...o.hello, frames: o.frames, version: o.version };
}

const SMALL = tlsClientHello({ sni: 'quic.example', alpn: ['h3'] });
/** key_share with X25519MLKEM768 (0x11ec, 1216 bytes) and X25519 (32 bytes), as browsers send: a ~1.4 KiB hello. */
const PQ = tlsClientHello({ sni: 'pq.example', alpn: ['h3', 'h3-29'], extra: [tlsExtension(0x0033, concat(
  Uint8Array.of(0x04, 0xe8), Uint8Array.of(0x11, 0xec, 0x04, 0xc0), new Uint8Array(1216).fill(0x99), Uint8Array.of(0x00, 0x1d, 0x00, 0x20), new Uint8Array(32).fill(0x98),
))] });
const DCID_B = Uint8Array.of(0xb0, 0xb1, 0xb2, 0xb3);

describe('round trip: build → collector → SNI and ALPN', () => {
  it('the post-quantum hello does not fit one 1200-byte Initial', () => {
    expect(PQ.length).toBeGreaterThan(1300);
  });

  it.each([V1, V2, DRAFT_29, 0xff00001c].map((v) => [v.toString(16), v] as const))('version %s', (_n, version) => {
    const cases: { name: string; datagrams: Uint8Array[]; hello: Uint8Array; frames: number[] }[] = [
      { name: 'one frame', datagrams: clientFlight(SMALL, { version }), hello: SMALL, frames: [1] },
      { name: 'three frames, one packet', datagrams: clientFlight(SMALL, { version, sizes: [10, 50], perPacket: 3 }), hello: SMALL, frames: [1] },
      { name: 'PQ hello over two datagrams', datagrams: clientFlight(PQ, { version, sizes: [1100] }), hello: PQ, frames: [1, 2] },
      { name: 'PQ hello over three datagrams', datagrams: clientFlight(PQ, { version, sizes: [500, 600] }), hello: PQ, frames: [1, 2, 3] },
      { name: 'out of order', datagrams: clientFlight(PQ, { version, sizes: [500, 600], order: [2, 0, 1] }), hello: PQ, frames: [1, 2, 3] },
      { name: 'two Initials coalesced in one datagram', datagrams: [concat(...clientFlight(PQ, { version, sizes: [1000], padTo: 0 }))], hello: PQ, frames: [1] },
      { name: 'Initial + 0-RTT coalesced', datagrams: [concat(quicInitial(cryptoFrame(0, SMALL), { version, padTo: 0 }), quicOpaquePacket('zero-rtt', { version, bodyLength: 900 }))], hello: SMALL, frames: [1] },
      { name: 'Initial + Handshake + zero padding after the packets', datagrams: [concat(quicInitial(cryptoFrame(0, SMALL), { version, padTo: 0 }), quicOpaquePacket('handshake', { version }), padding(300))], hello: SMALL, frames: [1] },
    ];
    for (const c of cases) {
      const h = helloOf(pushAll(c.datagrams).at(-1));
      expect({ sni: h.sni, alpn: h.alpn, version: h.version, frames: h.frames }, c.name).toEqual({
        sni: c.hello === SMALL ? 'quic.example' : 'pq.example', alpn: c.hello === SMALL ? ['h3'] : ['h3', 'h3-29'], version, frames: c.frames,
      });
    }
  });
});

describe('reassembly of the CRYPTO stream', () => {
  const cs = chunks(PQ, [300, 400, 500]);
  const frame = (i: number): Uint8Array => cryptoFrame(cs[i]!.offset, cs[i]!.data);
  const overlap = (from: number, to: number): Uint8Array => cryptoFrame(from, PQ.slice(from, to));
  it.each<{ name: string; packets: Uint8Array[][]; frames: number[]; outcomes?: string[] }>([
    { name: 'retransmitted chunk (same bytes twice)', packets: [[frame(0), frame(1)], [frame(1), frame(2)], [frame(3)]], frames: [1, 2, 3] },
    { name: 'overlapping chunks', packets: [[overlap(0, 350)], [overlap(250, 900)], [overlap(800, PQ.length)]], frames: [1, 2, 3] },
    { name: 'a retransmission adding nothing is not credited', packets: [[frame(0), frame(1)], [frame(0)], [frame(2), frame(3)]], frames: [1, 3], outcomes: ['incomplete', 'incomplete', 'ok'] },
    { name: 'last chunk first, then the rest backwards', packets: [[frame(3)], [frame(2)], [frame(1)], [frame(0)]], frames: [1, 2, 3, 4], outcomes: ['incomplete', 'incomplete', 'incomplete', 'ok'] },
    { name: 'ACK, PING and CONNECTION_CLOSE around CRYPTO', packets: [[ackFrame(), frame(0), ping(), ackFrame(true)], [frame(1), frame(2), frame(3), connectionClose()]], frames: [1, 2] },
    { name: 'empty CRYPTO frame and PADDING between frames', packets: [[cryptoFrame(0, new Uint8Array(0)), padding(7), frame(0), frame(1), frame(2), frame(3)]], frames: [1] },
  ])('$name', ({ packets, frames, outcomes }) => {
    const datagrams = packets.map((fs, i) => quicInitial(concat(...fs), { packetNumber: i, padTo: 1200 }));
    const outs = pushAll(datagrams);
    if (outcomes !== undefined) expect(outs.map((o) => o.status)).toEqual(outcomes);
    expect(helloOf(outs.at(-1))).toMatchObject({ sni: 'pq.example', frames });
  });
});

describe('keys, packet numbers and connection IDs', () => {
  const [a, b, c] = clientFlight(PQ, { sizes: [500, 600], dcid: DCID_B });
  it.each<{ name: string; datagrams: Uint8Array[]; frames: number[] }>([
    { name: 'a later Initial to the server-chosen DCID keeps the first keys (RFC 9001 §5.2)',
      datagrams: [...clientFlight(PQ, { sizes: [700] }).map((d, i) => (i === 0 ? d : quicInitial(cryptoFrame(700, PQ.slice(700)), { dcid: DCID_B, keyDcid: Uint8Array.of(0x83, 0x94, 0xc8, 0xf0, 0x3e, 0x51, 0x57, 0x08), packetNumber: 1 })))],
      frames: [1, 2] },
    { name: 'after a Retry: Initials to a new DCID with its own keys',
      datagrams: [quicInitial(cryptoFrame(0, PQ.slice(0, 500))), quicInitial(cryptoFrame(0, PQ.slice(0, 500)), { dcid: DCID_B, packetNumber: 1 }), quicInitial(cryptoFrame(500, PQ.slice(500)), { dcid: DCID_B, packetNumber: 2 })],
      frames: [1, 3] },
    { name: 'token and source connection ID', datagrams: clientFlight(PQ, { sizes: [900], token: new Uint8Array(77).fill(7), scid: Uint8Array.of(1, 2, 3) }), frames: [1, 2] },
    { name: 'three datagrams with the DCID B', datagrams: [a!, b!, c!], frames: [1, 2, 3] },
    { name: 'packet numbers recovered against the largest seen (254, 255, 256 in 2, 1, 1 bytes)',
      datagrams: [quicInitial(cryptoFrame(0, PQ.slice(0, 500)), { packetNumber: 254 }), quicInitial(cryptoFrame(500, PQ.slice(500, 1000)), { packetNumber: 255, pnLength: 1 }), quicInitial(cryptoFrame(1000, PQ.slice(1000)), { packetNumber: 256, pnLength: 1 })],
      frames: [1, 2, 3] },
    { name: '4-byte packet numbers', datagrams: clientFlight(PQ, { sizes: [900], pnLength: 4, packetNumber: 70000 }), frames: [1, 2] },
    { name: 'v1 then v2 (compatible version negotiation), first DCID keys',
      datagrams: [quicInitial(cryptoFrame(0, PQ.slice(0, 800))), quicInitial(cryptoFrame(800, PQ.slice(800)), { version: V2, packetNumber: 1 })], frames: [1, 2] },
  ])('$name', ({ datagrams, frames }) => {
    expect(helloOf(pushAll(datagrams).at(-1))).toMatchObject({ sni: 'pq.example', frames });
  });

  it('short-header datagrams later in the flow are passed over', () => {
    const outs = pushAll([quicInitial(cryptoFrame(0, PQ.slice(0, 900))), quicShortPacket(), quicInitial(cryptoFrame(900, PQ.slice(900)), { packetNumber: 1 })]);
    expect(outs.map((o) => o.status)).toEqual(['incomplete', 'incomplete', 'ok']);
  });

  it('a coalesced packet to another DCID is ignored (RFC 9000 §12.2)', () => {
    const d = concat(quicInitial(cryptoFrame(0, SMALL.slice(0, 20)), { padTo: 0 }), quicInitial(cryptoFrame(20, SMALL.slice(20)), { dcid: DCID_B, keyDcid: Uint8Array.of(0x83, 0x94, 0xc8, 0xf0, 0x3e, 0x51, 0x57, 0x08) }));
    expect(pushAll([d]).map((o) => o.status)).toEqual(['incomplete']);
  });

  it('once ok, the same outcome comes back and nothing more is read', () => {
    const c = new QuicClientHelloCollector();
    const first = c.push(clientFlight(SMALL)[0]!, 1);
    expect(c.done).toBe(true);
    expect(c.push(quicShortPacket(), 2)).toBe(first);
  });
});
