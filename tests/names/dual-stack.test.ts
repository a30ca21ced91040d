/**
 * The DNS join across IP versions of one host: a dual-stack host asks over IPv4 and connects over
 * IPv6 (or the reverse). The link is by source MAC, and only when that MAC sends from one IPv4
 * address and at most 8 IPv6 addresses (a router's MAC sends for many); each name found that way
 * says which address the answer went to. Time, TTL and client rules still hold.
 */
import { describe, expect, it } from 'vitest';
import { AnomalyLog, withLimits, type IpAddr } from '../../src/core/index.js';
import type { Packet } from '../../src/decode/index.js';
import { FlowTable, type FlowRecord } from '../../src/flow/index.js';
import { ClientLinks, MAX_V6_PER_HOST, macNumber } from '../../src/names/client-links.js';
import { NameAttributor, type FlowNames } from '../../src/names/index.js';
import { dnsQuery, dnsResponse, type AnswerSpec } from '../builders/dns.js';
import { SYN, tcpPacket, udpPacket } from '../builders/flow-packets.js';

const S = 1_000_000_000n;
const T0 = 1_700_000_000n * S;
const HOST = 0x02aa00000005; // the dual-stack host's NIC
const OTHER = 0x02bb00000006; // another host on the LAN
const ROUTER = 0x02cc00000001;
const H4 = '10.0.0.5' as IpAddr;
const H6 = '2001:db8:1::5' as IpAddr;
const R4 = '10.0.0.1';
const R6 = '2001:db8:1::1';
const S4 = '192.0.2.80';
const S6 = '2001:db8:80::80';

type Step = { readonly at: number; readonly make: (frame: number, tsNs: bigint) => Packet };

function play(steps: readonly Step[]): Map<number, { rec: FlowRecord; names: FlowNames }> {
  const lim = withLimits({});
  const attributor = new NameAttributor({ limits: lim, anomalies: new AnomalyLog(5) });
  const out = new Map<number, { rec: FlowRecord; names: FlowNames }>();
  const table = new FlowTable(lim, {
    onFinished: (rec, annex) => out.set(rec.firstFrame, { rec, names: attributor.finish(rec, annex) }),
    onL2Source: (mac, ip, v) => attributor.noteL2Source(mac, ip, v),
  });
  steps.forEach((s, i) => {
    const pkt = s.make(i + 1, T0 + BigInt(Math.round(s.at * 1000)) * 1_000_000n);
    const obs = table.observe(pkt);
    if (obs.kind === 'flow') attributor.observe(obs.flow, obs.dir, pkt);
  });
  table.flush();
  return out;
}

/** A DNS lookup from `client` (sent from `mac`) to the resolver of the same IP version; answers from the router's MAC. */
function lookup(at: number, client: string, mac: number, name: string, answers: readonly AnswerSpec[], sport = 53000): Step[] {
  const resolver = client.includes(':') ? R6 : R4;
  return [
    { at, make: (frame, tsNs) => udpPacket({ frame, tsNs, src: client, dst: resolver, sport, dport: 53, srcMac: mac, payload: dnsQuery(name, answers[0]?.type === 'AAAA' ? 28 : 1) }) },
    { at: at + 0.01, make: (frame, tsNs) => udpPacket({ frame, tsNs, src: resolver, dst: client, sport: 53, dport: sport, srcMac: ROUTER, payload: dnsResponse(name, answers) }) },
  ];
}

/** A SYN from `client` (sent from `mac`, or from no MAC) to `server`:443. */
function connect(at: number, client: string, mac: number, server: string, sport = 41000): Step {
  return { at, make: (frame, tsNs) => tcpPacket({ frame, tsNs, src: client, dst: server, sport, dport: 443, flags: SYN, srcMac: mac }) };
}

/** The names of the flow to port 443 from `client` (`value@source<-dns_client`). */
function namesOf(flows: Map<number, { rec: FlowRecord; names: FlowNames }>, client: string): { names: string[]; flags: readonly string[] } {
  const f = [...flows.values()].find((x) => x.rec.respP === 443 && x.rec.origH === client)!;
  return { names: f.names.names.map((n) => `${n.value}@${n.source}${n.dnsClient === undefined ? '' : `<-${n.dnsClient}`}`), flags: f.names.flags };
}

const aaaa = (name: string, ttl = 300): AnswerSpec[] => [{ name, type: 'AAAA', address: S6, ttl }];
const a = (name: string): AnswerSpec[] => [{ name, type: 'A', address: S4, ttl: 300 }];
/** The host's IPv6 address shows up with its MAC (e.g. neighbour discovery, any earlier flow). */
const seenV6 = (at: number, addr: string, mac: number, sport: number): Step =>
  ({ at, make: (frame, tsNs) => udpPacket({ frame, tsNs, src: addr, dst: R6, sport, dport: 123, srcMac: mac }) });

describe('dual-stack DNS join by source MAC', () => {
  it.each([
    {
      name: 'AAAA asked over IPv4, connection over IPv6: named, with the IPv4 client as evidence',
      steps: [...lookup(0, H4, HOST, 'telemetry.example', aaaa('telemetry.example')), connect(1, H6, HOST, S6)],
      client: H6, want: [`telemetry.example@dns<-${H4}`], flags: [],
    },
    {
      name: 'A asked over IPv6, connection over IPv4: named, with the IPv6 client as evidence',
      steps: [...lookup(0, H6, HOST, 'update.example', a('update.example')), connect(1, H4, HOST, S4)],
      client: H4, want: [`update.example@dns<-${H6}`], flags: [],
    },
    {
      name: 'an answer to the flow\'s own address wins; the other family is not consulted',
      steps: [...lookup(0, H4, HOST, 'v4.example', aaaa('v4.example')), ...lookup(0.5, H6, HOST, 'v6.example', aaaa('v6.example'), 53001), connect(1, H6, HOST, S6)],
      client: H6, want: ['v6.example@dns'], flags: [],
    },
    {
      name: 'another host\'s answer does not name the flow (different MAC)',
      steps: [...lookup(0, '10.0.0.6', OTHER, 'other.example', aaaa('other.example')), connect(1, H6, HOST, S6)],
      client: H6, want: [], flags: ['no_name'],
    },
    {
      name: 'no link-layer address (raw IP capture): no link',
      steps: [...lookup(0, H4, -1, 'telemetry.example', aaaa('telemetry.example')), connect(1, H6, -1, S6)],
      client: H6, want: [], flags: ['no_name'],
    },
    {
      name: 'a MAC that sent from two IPv4 addresses is not one host (a router): no link',
      steps: [
        connect(0, '10.0.0.9', HOST, S4, 40001),
        ...lookup(0.2, H4, HOST, 'telemetry.example', aaaa('telemetry.example')), connect(1, H6, HOST, S6),
      ],
      client: H6, want: [], flags: ['no_name'],
    },
    {
      name: `a MAC that sent from more than ${MAX_V6_PER_HOST} IPv6 addresses is not one host: no link`,
      steps: [
        ...Array.from({ length: MAX_V6_PER_HOST }, (_, i) => seenV6(0.01 * i, `2001:db8:1::${100 + i}`, HOST, 30000 + i)),
        ...lookup(0.2, H4, HOST, 'telemetry.example', aaaa('telemetry.example')), connect(1, H6, HOST, S6),
      ],
      client: H6, want: [], flags: ['no_name'],
    },
    {
      name: `up to ${MAX_V6_PER_HOST} IPv6 addresses (stable, temporary, link-local) are one host`,
      steps: [
        ...Array.from({ length: MAX_V6_PER_HOST - 1 }, (_, i) => seenV6(0.01 * i, `2001:db8:1::${100 + i}`, HOST, 30000 + i)),
        ...lookup(0.2, H4, HOST, 'telemetry.example', aaaa('telemetry.example')), connect(1, H6, HOST, S6),
      ],
      client: H6, want: [`telemetry.example@dns<-${H4}`], flags: [],
    },
    {
      name: 'DHCP from 0.0.0.0 does not count as a second IPv4 address',
      steps: [
        { at: 0, make: (frame: number, tsNs: bigint) => udpPacket({ frame, tsNs, src: '0.0.0.0', dst: '255.255.255.255', sport: 68, dport: 67, srcMac: HOST }) },
        ...lookup(0.2, H4, HOST, 'telemetry.example', aaaa('telemetry.example')), connect(1, H6, HOST, S6),
      ],
      client: H6, want: [`telemetry.example@dns<-${H4}`], flags: [],
    },
    {
      name: 'TTL (+ 300 s grace) still holds across the link',
      steps: [...lookup(0, H4, HOST, 'telemetry.example', aaaa('telemetry.example', 5)), connect(400, H6, HOST, S6)],
      client: H6, want: [], flags: ['no_name'],
    },
    {
      name: 'an answer after the flow started does not name it, and is flagged',
      steps: [seenV6(0, H6, HOST, 30000), connect(0.5, H6, HOST, S6), ...lookup(1, H4, HOST, 'late.example', aaaa('late.example'))],
      client: H6, want: [], flags: ['dns_after_start', 'no_name'],
    },
  ])('$name', ({ steps, client, want, flags }) => {
    const got = namesOf(play(steps), client);
    expect(got.names).toEqual(want);
    expect([...got.flags].sort()).toEqual(flags);
  });
});

describe('ClientLinks', () => {
  it('links only once both families are seen, and only from an address of that MAC', () => {
    const l = new ClientLinks();
    l.note(HOST, H4, 4);
    expect(l.linked(HOST, H4, 4)).toEqual([]);
    l.note(HOST, H6, 6);
    expect(l.linked(HOST, H4, 4)).toEqual([H6]);
    expect(l.linked(HOST, H6, 6)).toEqual([H4]);
    expect(l.linked(HOST, '10.0.0.77' as IpAddr, 4)).toEqual([]);
    expect(l.linked(HOST, '2001:db8::77' as IpAddr, 6)).toEqual([]);
    expect(l.linked(OTHER, H6, 6)).toEqual([]);
    expect(l.linked(-1, H6, 6)).toEqual([]);
  });

  it.each([
    ['a4:83:e7:0f:1e:2d', 0xa483e70f1e2d],
    ['00:00:00:00:00:00', 0],
    [undefined, -1],
    ['not a mac at all', -1],
    ['zz:zz:zz:zz:zz:zz', -1],
    ['12:34:56:78:9a:zz', -1],
  ])('macNumber(%s) = %d', (text, n) => {
    expect(macNumber(text)).toBe(n);
  });
});
