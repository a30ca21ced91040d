/**
 * DNS answer expiry (monitor mode's housekeeping calls `NameAttributor.expireDns` with the capture
 * time): an answer is forgotten only once its window (answer time + TTL + grace) ended more than
 * the 60 s margin before the housekeeping time, so a flow whose first packet is still inside the
 * window (even a frame that comes late) is joined to it; a long TTL queued before short ones
 * neither is dropped with them nor keeps them; one wild housekeeping time does not empty the map.
 */
import { describe, expect, it } from 'vitest';
import { AnomalyLog, DEFAULT_LIMITS } from '../../src/core/index.js';
import type { Packet } from '../../src/decode/index.js';
import { FlowTable, type FlowRecord } from '../../src/flow/index.js';
import { NameAttributor, type FlowNames } from '../../src/names/index.js';
import { dnsQuery, dnsResponse } from '../builders/dns.js';
import { SYN, tcpPacket, udpPacket } from '../builders/flow-packets.js';

const S = 1_000_000_000n;
const T0 = 1_700_000_000n * S;
const GRACE = DEFAULT_LIMITS.dnsTtlGraceNs; // 300 s
/** DNS_EXPIRY_MARGIN_NS (names/dns-map.ts). */
const MARGIN = 60n * S;
const CLIENT = '10.0.0.5';
const RESOLVER = '10.0.0.1';
const SERVER = '192.0.2.80';

/** A packet, a housekeeping round at a capture time, or a note of the expired count so far. */
type Event =
  | { readonly kind: 'pkt'; readonly make: (frame: number) => Packet }
  | { readonly kind: 'hk'; readonly atNs: bigint }
  | { readonly kind: 'mark' };

interface Played {
  readonly attributor: NameAttributor;
  /** Best name of each TCP flow, by `server:client port`. */
  readonly tcp: Map<string, string | null>;
  /** `dnsMapExpired` at each mark. */
  readonly marks: number[];
}

function play(events: readonly Event[]): Played {
  const attributor = new NameAttributor({ limits: DEFAULT_LIMITS, anomalies: new AnomalyLog(5) });
  const tcp = new Map<string, string | null>();
  const marks: number[] = [];
  const table = new FlowTable(DEFAULT_LIMITS, {
    onFinished: (rec: FlowRecord, annex) => {
      const names: FlowNames = attributor.finish(rec, annex);
      if (rec.proto === 'tcp') tcp.set(`${rec.respH}:${rec.origP}`, names.name);
    },
  });
  let frame = 0;
  for (const e of events) {
    if (e.kind === 'hk') attributor.expireDns(e.atNs);
    else if (e.kind === 'mark') marks.push(attributor.stats.dnsMapExpired);
    else {
      const pkt = e.make(++frame);
      const obs = table.observe(pkt);
      if (obs.kind === 'flow') attributor.observe(obs.flow, obs.dir, pkt);
    }
  }
  table.flush();
  return { attributor, tcp, marks };
}

/** A lookup of `name` answered with `address` (TTL `ttl` s), query and response both at `atNs`. */
function lookup(atNs: bigint, name: string, address: string, ttl: number, id: number): Event[] {
  const sport = 53000 + id;
  return [
    { kind: 'pkt', make: (frame) => udpPacket({ frame, tsNs: atNs, src: CLIENT, dst: RESOLVER, sport, dport: 53, payload: dnsQuery(name, 1, { id }) }) },
    { kind: 'pkt', make: (frame) => udpPacket({ frame, tsNs: atNs, src: RESOLVER, dst: CLIENT, sport: 53, dport: sport, payload: dnsResponse(name, [{ name, type: 'A', address, ttl }], { id }) }) },
  ];
}

/** The first packet (SYN) of a TCP flow from the client to `server` at `atNs`. */
function connect(atNs: bigint, server: string, sport: number): Event {
  return { kind: 'pkt', make: (frame) => tcpPacket({ frame, tsNs: atNs, src: CLIENT, dst: server, sport, dport: 443, flags: SYN }) };
}

/**
 * Housekeeping at `atNs`, twice: expiry goes up to the earlier of the last two housekeeping
 * times (so a single wild timestamp cannot empty the map).
 */
const hk = (atNs: bigint): Event[] => [{ kind: 'hk', atNs }, { kind: 'hk', atNs }];

/** The answer's window: answered at T0 with TTL 60, it names flows starting up to T0 + 60 s + grace. */
const UNTIL = T0 + 60n * S + GRACE;

describe('DNS answers expire in housekeeping only once their window has ended', () => {
  it.each([
    { name: 'a flow 1 ns before the window ends, housekeeping at that time', hkAt: UNTIL - 1n, want: 'a.example', expired: 0 },
    { name: 'a late frame 1 ns before the window ends, housekeeping a margin after the end', hkAt: UNTIL + MARGIN, want: 'a.example', expired: 0 },
    { name: 'a late frame 1 ns before the window ends, housekeeping a margin and 1 ns after the end', hkAt: UNTIL + MARGIN + 1n, want: null, expired: 1 },
    { name: 'a flow 1 ns before the window ends, no housekeeping', hkAt: null, want: 'a.example', expired: 0 },
  ])('$name', ({ hkAt, want, expired }) => {
    const p = play([
      ...lookup(T0, 'a.example', SERVER, 60, 1),
      ...(hkAt === null ? [] : hk(hkAt)),
      connect(UNTIL - 1n, SERVER, 41000),
    ]);
    expect(p.tcp.get(`${SERVER}:41000`)).toBe(want);
    expect(p.attributor.stats.dnsMapExpired).toBe(expired);
    expect(p.attributor.stats.dnsAnswersMapped).toBe(1);
  });

  it('one wild housekeeping time does not expire anything; the next one at that time does', () => {
    const wild = T0 + 10n * 86_400n * S;
    const p = play([
      ...lookup(T0, 'a.example', SERVER, 60, 1),
      { kind: 'hk', atNs: T0 + S },
      { kind: 'hk', atNs: wild },
      { kind: 'mark' },
      connect(T0 + 2n * S, SERVER, 41000),
      { kind: 'hk', atNs: wild },
      { kind: 'mark' },
      connect(T0 + 3n * S, SERVER, 41001),
    ]);
    expect(p.marks).toEqual([0, 1]);
    expect(p.tcp.get(`${SERVER}:41000`)).toBe('a.example');
    expect(p.tcp.get(`${SERVER}:41001`)).toBeNull();
  });

  const LONG = '192.0.2.1';
  const SHORT = ['192.0.2.11', '192.0.2.12', '192.0.2.13'];
  // The short answers (TTL 60 s, answered at T0 + 1..3 s) end by T0 + 363 s + grace... before
  // T0 + 450 s - margin; the long one ends at T0 + TTL + grace.
  it.each([
    { name: 'a long TTL (1 day, another window class)', ttl: 86_400, expiredMid: 3 },
    // Same class (window 500 s vs 360 s): the short ones wait behind the long one (late, never early).
    { name: 'a longer TTL (200 s, the same window class)', ttl: 200, expiredMid: 0 },
  ])('$name answered before short ones survives their expiry, and goes after its own window', ({ ttl, expiredMid }) => {
    const mid = T0 + 450n * S;
    const until = T0 + BigInt(ttl) * S + GRACE;
    const p = play([
      ...lookup(T0, 'long.example', LONG, ttl, 1),
      ...SHORT.flatMap((a, i) => lookup(T0 + BigInt(i + 1) * S, `s${i}.example`, a, 60, i + 2)),
      ...hk(mid),
      { kind: 'mark' },
      connect(mid, LONG, 41000),
      ...hk(until + MARGIN + 1n),
      { kind: 'mark' },
      connect(until - 1n, LONG, 41001), // a late frame inside the long window, after it expired
    ]);
    expect(p.tcp.get(`${LONG}:41000`)).toBe('long.example');
    expect(p.tcp.get(`${LONG}:41001`)).toBeNull();
    expect(p.marks).toEqual([expiredMid, 4]);
  });
});
