import { describe, expect, it } from 'vitest';
import { conversation, tcpPacket, ACK, PSH } from '../builders/flow-packets.js';
import { oneFlow } from './helpers.js';

describe('TCP conn_state and history (Zeek conn.log definitions)', () => {
  it.each([
    { name: 'S0: SYN, no reply', script: 'S', state: 'S0', history: 'S' },
    { name: 'S0: retransmitted SYN (same ISN) adds no letter', script: 'S S', state: 'S0', history: 'S' },
    { name: 'REJ: SYN answered by RST-ACK', script: 'S r', state: 'REJ', history: 'Sr' },
    { name: 'S1: established, not closed', script: 'S h A', state: 'S1', history: 'ShA' },
    { name: 'SF: normal open and close', script: 'S h A D5 d7 F f A', state: 'SF', history: 'ShADdFf' },
    { name: 'SF: RST after both FINs stays SF', script: 'S h A F f R', state: 'SF', history: 'ShAFfR' },
    { name: 'S2: originator close only', script: 'S h A F', state: 'S2', history: 'ShAF' },
    { name: 'S3: responder close only', script: 'S h A f', state: 'S3', history: 'ShAf' },
    { name: 'RSTO: originator aborts', script: 'S h A D5 R', state: 'RSTO', history: 'ShADR' },
    { name: 'RSTO: RST after own FIN', script: 'S h A F R', state: 'RSTO', history: 'ShAFR' },
    { name: 'RSTR: responder aborts', script: 'S h A D5 r', state: 'RSTR', history: 'ShADr' },
    { name: 'RSTOS0: SYN then RST, no SYN-ACK', script: 'S X', state: 'RSTOS0', history: 'SR' },
    { name: 'RSTRH: SYN-ACK then RST, SYN never seen', script: 'h r', state: 'RSTRH', history: '^hr' },
    { name: 'SH: SYN then FIN, no SYN-ACK', script: 'S F', state: 'SH', history: 'SF' },
    { name: 'SHR: SYN-ACK then FIN, SYN never seen', script: 'h f', state: 'SHR', history: '^hf' },
    { name: 'OTH: midstream only', script: 'D5 d5', state: 'OTH', history: 'Dd' },
    { name: 'flip: SYN-ACK first, then a full close', script: 'h A D5 d5 F f', state: 'SF', history: '^hADdFf' },
    { name: 'zero window from responder', script: 'S h A z', state: 'S1', history: 'ShAaw' },
    { name: 'zero window from originator (A already recorded)', script: 'S h A Z', state: 'S1', history: 'ShAW' },
    { name: 'retransmission', script: 'S h A D100 T d50 F f', state: 'SF', history: 'ShADTdFf' },
    { name: 'retransmissions scale 1, 10', script: `S h A D10 ${'T '.repeat(10)}`, state: 'S1', history: 'ShADTT' },
  ])('$name', ({ script, state, history }) => {
    const r = oneFlow(conversation(script));
    expect({ state: r.connState, history: r.history }).toEqual({ state, history });
  });
});

describe('TCP payload bytes from sequence numbers', () => {
  it.each([
    { name: 'plain exchange', script: 'S h A D5 d7 F f A', isn: 1000, orig: 5, resp: 7 },
    { name: 'retransmission not double counted', script: 'S h A D100 T d50 F f', isn: 1000, orig: 100, resp: 50 },
    { name: 'sequence wraps past 2^32', script: 'S h A D100 D100 d20 F f', isn: 0xffff_ff80, orig: 200, resp: 20 },
    { name: 'handshake only', script: 'S h A', isn: 1000, orig: 0, resp: 0 },
    { name: 'midstream, no SYN', script: 'D5 d5 D6', isn: 7, orig: 11, resp: 5 },
    { name: 'half-open aborted (SYN, RST) counts nothing', script: 'S X', isn: 1000, orig: 0, resp: 0 },
  ])('$name', ({ script, isn, orig, resp }) => {
    const r = oneFlow(conversation(script, { origIsn: isn }));
    expect({ orig: r.origBytes, resp: r.respBytes }).toEqual({ orig, resp });
  });

  it('a content gap (data acknowledged but never seen) is G and still counted', () => {
    const pkts = conversation('S h A D10 D10 d5');
    pkts.splice(4, 1); // drop the second data segment
    const r = oneFlow(pkts);
    expect({ history: r.history, orig: r.origBytes }).toEqual({ history: 'ShADdG', orig: 20 });
  });

  it('counts packets and IP bytes per direction', () => {
    const r = oneFlow(conversation('S h A D5 d7'));
    expect([r.origPkts, r.respPkts, r.origIpBytes, r.respIpBytes]).toEqual([3, 2, 40 + 40 + 45, 40 + 47]);
  });

  it('a lone pure ACK midstream is OTH with history A', () => {
    const r = oneFlow([tcpPacket({ flags: ACK, seq: 5, ack: 9 })]);
    expect([r.connState, r.history]).toEqual(['OTH', 'A']);
  });

  it('a SYN+FIN packet is recorded as Q', () => {
    const r = oneFlow([tcpPacket({ flags: 0x03 | PSH })]);
    expect(r.history).toBe('Q');
  });
});
