/**
 * The names attributor behind the flow table: the time- and client-aware DNS join, CNAME chains,
 * TTL expiry, DNS transactions, TLS ClientHellos split and reordered across segments, every HTTP
 * request's Host, DNS over TCP, DNS probed off port 53, encrypted-DNS flags, and the caps.
 */
import { describe, expect, it } from 'vitest';
import { AnomalyLog, withLimits, type Limits } from '../../src/core/index.js';
import type { Packet } from '../../src/decode/index.js';
import { FlowTable, type FlowRecord } from '../../src/flow/index.js';
import { NameAttributor, type FlowNames } from '../../src/names/index.js';
import { dnsQuery, dnsResponse, dnsTcp, type AnswerSpec } from '../builders/dns.js';
import { ACK, PSH, SYN, tcpPacket, udpPacket } from '../builders/flow-packets.js';
import { splitAt, tlsClientHello, tlsRecords } from '../builders/tls.js';
import { clientFlight, quicShortPacket } from '../builders/quic.js';

const S = 1_000_000_000n;
const T0 = 1_700_000_000n * S;
const CLIENT = '10.0.0.5';
const OTHER = '10.0.0.6';
const RESOLVER = '10.0.0.1';
const SERVER = '192.0.2.80';

/** One packet to play: a builder result with its capture time in seconds from T0. */
type Step = { readonly at: number; readonly make: (frame: number, tsNs: bigint) => Packet };

interface Played {
  readonly byFrame: Map<number, { readonly rec: FlowRecord; readonly names: FlowNames }>;
  readonly attributor: NameAttributor;
  readonly anomalies: AnomalyLog;
}

function play(steps: readonly Step[], limits: Partial<Limits> = {}): Played {
  const lim = withLimits(limits);
  const anomalies = new AnomalyLog(5);
  const attributor = new NameAttributor({ limits: lim, anomalies });
  const byFrame = new Map<number, { rec: FlowRecord; names: FlowNames }>();
  const table = new FlowTable(lim, { onFinished: (rec, annex) => byFrame.set(rec.firstFrame, { rec, names: attributor.finish(rec, annex) }) });
  steps.forEach((s, i) => {
    const pkt = s.make(i + 1, T0 + BigInt(Math.round(s.at * 1000)) * 1_000_000n);
    const obs = table.observe(pkt);
    if (obs.kind === 'flow') attributor.observe(obs.flow, obs.dir, pkt);
  });
  table.flush();
  return { byFrame, attributor, anomalies };
}

/** A DNS query and its response between `client` and the resolver. */
function lookup(at: number, client: string, name: string, answers: readonly AnswerSpec[], id = 7, sport = 53000): Step[] {
  return [
    { at, make: (frame, tsNs) => udpPacket({ frame, tsNs, src: client, dst: RESOLVER, sport, dport: 53, payload: dnsQuery(name, 1, { id }) }) },
    { at: at + 0.01, make: (frame, tsNs) => udpPacket({ frame, tsNs, src: RESOLVER, dst: client, sport: 53, dport: sport, payload: dnsResponse(name, answers, { id }) }) },
  ];
}

/** A TCP connection from `client` to SERVER:port whose client sends `chunks` (in the given order of sequence offsets). */
function tcpConn(at: number, client: string, chunks: readonly Uint8Array[], o: { port?: number; order?: readonly number[]; sport?: number } = {}): Step[] {
  const sport = o.sport ?? 41000;
  const port = o.port ?? 443;
  const isn = 0xfffffff0; // sequence numbers wrap inside the stream
  const offsets: number[] = [];
  let p = 0;
  for (const c of chunks) { offsets.push(p); p += c.length; }
  const order = o.order ?? chunks.map((_, i) => i);
  const steps: Step[] = [
    { at, make: (frame, tsNs) => tcpPacket({ frame, tsNs, src: client, dst: SERVER, sport, dport: port, seq: isn, flags: SYN }) },
    { at: at + 0.01, make: (frame, tsNs) => tcpPacket({ frame, tsNs, src: SERVER, dst: client, sport: port, dport: sport, seq: 5000, ack: isn + 1, flags: SYN | ACK }) },
  ];
  order.forEach((i, k) => steps.push({
    at: at + 0.02 + k * 0.001,
    make: (frame, tsNs) => tcpPacket({ frame, tsNs, src: client, dst: SERVER, sport, dport: port, seq: (isn + 1 + offsets[i]!) >>> 0, flags: ACK | PSH, payload: chunks[i]! }),
  }));
  return steps;
}

const firstTcp = (p: Played): { rec: FlowRecord; names: FlowNames } => [...p.byFrame.values()].find((f) => f.rec.proto === 'tcp')!;
const summary = (n: FlowNames): string[] => n.names.map((x) => `${x.source}:${x.value}`);

describe('time- and client-aware DNS join', () => {
  it.each([
    { name: 'answer before the flow names it', steps: [...lookup(0, CLIENT, 'a.example', [{ name: 'a.example', type: 'A', address: SERVER }]), ...tcpConn(1, CLIENT, [])], want: ['dns:a.example'], flags: [] },
    { name: 'a flow that starts before its DNS answer is not named by it', steps: [...tcpConn(0, CLIENT, []), ...lookup(1, CLIENT, 'a.example', [{ name: 'a.example', type: 'A', address: SERVER }])], want: [], flags: ['dns_after_start', 'no_name'] },
    { name: 'an answer to another client does not bleed', steps: [...lookup(0, OTHER, 'a.example', [{ name: 'a.example', type: 'A', address: SERVER }]), ...tcpConn(1, CLIENT, [])], want: [], flags: ['no_name'] },
    { name: 'TTL expiry (+300 s grace) ends the answer', steps: [...lookup(0, CLIENT, 'a.example', [{ name: 'a.example', type: 'A', address: SERVER, ttl: 60 }]), ...tcpConn(361, CLIENT, [])], want: [], flags: ['no_name'] },
    { name: 'within TTL + grace the answer holds', steps: [...lookup(0, CLIENT, 'a.example', [{ name: 'a.example', type: 'A', address: SERVER, ttl: 60 }]), ...tcpConn(359, CLIENT, [])], want: ['dns:a.example'], flags: [] },
  ])('$name', ({ steps, want, flags }) => {
    const f = firstTcp(play(steps));
    expect(summary(f.names)).toEqual(want);
    expect(f.names.flags).toEqual(flags);
  });

  it('two names for one IP at different times: each flow gets the name current at its start, all candidates kept', () => {
    const p = play([
      ...lookup(0, CLIENT, 'old.example', [{ name: 'old.example', type: 'A', address: SERVER }], 1, 53001),
      ...tcpConn(1, CLIENT, [], { sport: 41001 }),
      ...lookup(2, CLIENT, 'new.example', [{ name: 'new.example', type: 'A', address: SERVER }], 2, 53002),
      ...tcpConn(3, CLIENT, [], { sport: 41002 }),
    ]);
    const tcp = [...p.byFrame.values()].filter((f) => f.rec.proto === 'tcp').sort((a, b) => a.rec.firstFrame - b.rec.firstFrame);
    expect(summary(tcp[0]!.names)).toEqual(['dns:old.example']);
    expect(tcp[0]!.names.name).toBe('old.example');
    expect(summary(tcp[1]!.names)).toEqual(['dns:old.example', 'dns:new.example']);
    expect(tcp[1]!.names.name).toBe('new.example'); // most recent first
  });

  it('CNAME chains: the asked name names the flow, the chain is kept', () => {
    const f = firstTcp(play([
      ...lookup(0, CLIENT, 'ksn.vendor.example', [
        { name: 'ksn.vendor.example', type: 'CNAME', target: 'ksn.cdn.example' },
        { name: 'ksn.cdn.example', type: 'CNAME', target: 'e1.edge.example' },
        { name: 'e1.edge.example', type: 'A', address: SERVER },
      ]),
      ...tcpConn(1, CLIENT, []),
    ]));
    expect(f.names.names[0]).toMatchObject({ value: 'ksn.vendor.example', source: 'dns', cnameChain: ['ksn.vendor.example', 'ksn.cdn.example', 'e1.edge.example'], resolver: RESOLVER, frame: 2 });
  });

  it('a CNAME loop ends the chain without hanging', () => {
    const f = firstTcp(play([
      ...lookup(0, CLIENT, 'x.example', [
        { name: 'x.example', type: 'CNAME', target: 'y.example' },
        { name: 'y.example', type: 'CNAME', target: 'x.example' },
        { name: 'y.example', type: 'A', address: SERVER },
      ]),
      ...tcpConn(1, CLIENT, []),
    ]));
    expect(f.names.names[0]).toMatchObject({ value: 'x.example', cnameChain: ['x.example', 'y.example'] });
  });

  it('SVCB/HTTPS address hints name the flow too', () => {
    const f = firstTcp(play([
      ...lookup(0, CLIENT, 'h.example', [{ name: 'h.example', type: 'HTTPS', priority: 1, target: '', ipv4hint: [SERVER] }]),
      ...tcpConn(1, CLIENT, []),
    ]));
    expect(summary(f.names)).toEqual(['dns:h.example']);
  });
});

describe('DNS transactions', () => {
  it('pairs query and response, and reports an unanswered query', () => {
    const p = play([
      ...lookup(0, CLIENT, 'a.example', [{ name: 'a.example', type: 'A', address: SERVER, ttl: 120 }]),
      { at: 5, make: (frame, tsNs) => udpPacket({ frame, tsNs, src: CLIENT, dst: '203.0.113.53', sport: 53999, dport: 53, payload: dnsQuery('lost.example', 28, { id: 9 }) }) },
    ]);
    const t = [...p.attributor.transactions].sort((a, b) => (a.queryFrame ?? 0) - (b.queryFrame ?? 0));
    expect(t).toHaveLength(2);
    expect(t[0]).toMatchObject({ client: CLIENT, resolver: RESOLVER, query: 'a.example', qtype: 'A', rcode: 'NOERROR', queryFrame: 1, responseFrame: 2, answers: [{ name: 'a.example', type: 'A', ttl: 120, data: SERVER }] });
    expect(t[1]).toMatchObject({ client: CLIENT, resolver: '203.0.113.53', query: 'lost.example', qtype: 'AAAA', rcode: null, queryFrame: 3, responseFrame: null });
  });

  it('DNS over TCP: messages split across segments are framed and mapped', () => {
    const q = dnsTcp(dnsQuery('t.example', 1, { id: 3 }));
    const r = dnsTcp(dnsResponse('t.example', [{ name: 't.example', type: 'A', address: SERVER }], { id: 3 }));
    const [r1, r2] = splitAt(r, [7]);
    const steps: Step[] = [
      { at: 0, make: (frame, tsNs) => tcpPacket({ frame, tsNs, src: CLIENT, dst: RESOLVER, sport: 42000, dport: 53, seq: 100, flags: SYN }) },
      { at: 0.01, make: (frame, tsNs) => tcpPacket({ frame, tsNs, src: RESOLVER, dst: CLIENT, sport: 53, dport: 42000, seq: 900, flags: SYN | ACK }) },
      { at: 0.02, make: (frame, tsNs) => tcpPacket({ frame, tsNs, src: CLIENT, dst: RESOLVER, sport: 42000, dport: 53, seq: 101, flags: ACK | PSH, payload: q }) },
      { at: 0.03, make: (frame, tsNs) => tcpPacket({ frame, tsNs, src: RESOLVER, dst: CLIENT, sport: 53, dport: 42000, seq: 901, flags: ACK | PSH, payload: r1! }) },
      { at: 0.04, make: (frame, tsNs) => tcpPacket({ frame, tsNs, src: RESOLVER, dst: CLIENT, sport: 53, dport: 42000, seq: 901 + r1!.length, flags: ACK | PSH, payload: r2! }) },
      ...tcpConn(1, CLIENT, []),
    ];
    const p = play(steps);
    expect(p.attributor.transactions).toMatchObject([{ transport: 'tcp', query: 't.example', queryFrame: 3, responseFrame: 5 }]);
    const flows = [...p.byFrame.values()].sort((a, b) => a.rec.firstFrame - b.rec.firstFrame);
    expect(flows[0]!.names.service).toBe('dns');
    expect(summary(flows[1]!.names)).toEqual(['dns:t.example']);
  });

  it('a DNS query on another UDP port is recognised by probing; other datagrams are not', () => {
    const p = play([
      { at: 0, make: (frame, tsNs) => udpPacket({ frame, tsNs, src: CLIENT, dst: RESOLVER, sport: 53100, dport: 5300, payload: dnsQuery('probe.example', 1, { id: 4 }) }) },
      { at: 0.01, make: (frame, tsNs) => udpPacket({ frame, tsNs, src: RESOLVER, dst: CLIENT, sport: 5300, dport: 53100, payload: dnsResponse('probe.example', [{ name: 'probe.example', type: 'A', address: SERVER }], { id: 4 }) }) },
      { at: 0.5, make: (frame, tsNs) => udpPacket({ frame, tsNs, src: CLIENT, dst: SERVER, sport: 53101, dport: 9999, payload: new Uint8Array(40).fill(0x41) }) },
    ]);
    expect(p.attributor.transactions).toMatchObject([{ query: 'probe.example', resolverPort: 5300, responseFrame: 2 }]);
    const other = p.byFrame.get(3)!;
    expect(summary(other.names)).toEqual(['dns:probe.example']);
    expect(other.names.service).toBeNull();
  });
});

describe('TLS and HTTP on TCP', () => {
  const hello = tlsRecords(tlsClientHello({ sni: 'sni.example', alpn: ['h2'] }), [60, 100]);
  it.each([
    { name: 'one segment', chunks: [hello], order: undefined },
    { name: 'split in 5 segments', chunks: splitAt(hello, [3, 40, 50, 7]), order: undefined },
    { name: 'segments out of order', chunks: splitAt(hello, [20, 40, 50]), order: [0, 2, 1, 3] },
    { name: 'retransmitted segment', chunks: splitAt(hello, [20, 40]), order: [0, 0, 1, 1, 2] },
  ])('ClientHello: $name', ({ chunks, order }) => {
    const f = firstTcp(play(tcpConn(0, CLIENT, chunks, order === undefined ? {} : { order })));
    expect(summary(f.names)).toEqual(['tls_sni:sni.example']);
    expect(f.names).toMatchObject({ name: 'sni.example', service: 'tls', alpn: ['h2'], flags: ['sni_not_in_dns'] });
  });

  it('ECH outer SNI is kept and marked', () => {
    const f = firstTcp(play(tcpConn(0, CLIENT, [tlsRecords(tlsClientHello({ sni: 'public.example', ech: 'outer' }))])));
    expect(f.names.names[0]).toMatchObject({ value: 'public.example', source: 'tls_sni', outer: true });
    expect(f.names.flags).toContain('ech');
  });

  it('SNI over DNS for the best name, both kept', () => {
    const f = firstTcp(play([...lookup(0, CLIENT, 'dns.example', [{ name: 'dns.example', type: 'A', address: SERVER }]), ...tcpConn(1, CLIENT, [hello])]));
    expect(summary(f.names)).toEqual(['dns:dns.example', 'tls_sni:sni.example']);
    expect(f.names.name).toBe('sni.example');
    expect(f.names.flags).toContain('sni_not_in_dns');
  });

  it('every HTTP request Host, bodies skipped, not only the first', () => {
    const enc = new TextEncoder();
    const r1 = enc.encode('POST /up HTTP/1.1\r\nHost: one.example\r\nContent-Length: 20000\r\n\r\n');
    const body = new Uint8Array(20000).fill(0x61);
    const r2 = enc.encode('GET / HTTP/1.1\r\nHost: two.example:8080\r\n\r\n');
    const chunks = [r1, ...splitAt(body, [1400, 1400, 1400, 1400, 1400, 1400, 1400, 1400, 1400, 1400, 1400, 1400, 1400, 1400]), r2];
    const p = play(tcpConn(0, CLIENT, chunks, { port: 80 }));
    const f = firstTcp(p);
    expect(summary(f.names)).toEqual(['http_host:one.example', 'http_host:two.example']);
    expect(f.names.service).toBe('http');
    expect(p.anomalies.rows()).toEqual([]);
  });
});

describe('caps and gaps', () => {
  it('names.tcp.reassembly_cap: a ClientHello larger than the cap is given up and counted', () => {
    const big = tlsRecords(tlsClientHello({ sni: 'big.example', extra: [new Uint8Array(3000)] }));
    const p = play(tcpConn(0, CLIENT, splitAt(big, [1000, 1000, 1000])), { maxReassemblyBytes: 2048 });
    expect(firstTcp(p).names.names).toEqual([]);
    expect(p.anomalies.rows().map((r) => r.code)).toContain('names.tcp.reassembly_cap');
    expect(p.attributor.stats.reassemblyCapHits).toBe(1);
  });

  it('names.tcp.reassembly_gap: a lost segment leaves the ClientHello incomplete', () => {
    const p = play(tcpConn(0, CLIENT, splitAt(hello(), [30, 30]), { order: [0, 2] }));
    expect(firstTcp(p).names.names).toEqual([]);
    expect(p.anomalies.rows().map((r) => r.code)).toContain('names.tcp.reassembly_gap');
  });

  describe('names.tcp.inconsistent_retransmission: a ClientHello copy with other bytes', () => {
    const ISN = 0xfffffff0;
    const helloFor = (sni: string): Uint8Array => tlsRecords(tlsClientHello({ sni: [sni] }));
    /** Client bytes at stream offset `off` (a retransmission when it overlaps what was sent). */
    const again = (at: number, off: number, bytes: Uint8Array): Step => ({
      at, make: (frame, tsNs) => tcpPacket({ frame, tsNs, src: CLIENT, dst: SERVER, sport: 41000, dport: 443, seq: (ISN + 1 + off) >>> 0, flags: ACK | PSH, payload: bytes }),
    });
    /** The server acknowledging the client's first `n` bytes. */
    const acked = (at: number, n: number): Step => ({
      at, make: (frame, tsNs) => tcpPacket({ frame, tsNs, src: SERVER, dst: CLIENT, sport: 443, dport: 41000, seq: 5001, ack: (ISN + 1 + n) >>> 0, flags: ACK }),
    });
    const snis = (p: Played): string[] => firstTcp(p).names.names.filter((n) => n.source === 'tls_sni').map((n) => n.value);

    it('another SNI in the copy: flagged, noted, and both names kept (sequence numbers wrap inside the stream)', () => {
      const other = helloFor('collect.tracker.example');
      const p = play([...tcpConn(0, CLIENT, [helloFor('api.vendor.example')]), again(0.1, 0, other), acked(0.2, other.length)]);
      expect(snis(p)).toEqual(['api.vendor.example', 'collect.tracker.example']);
      expect(firstTcp(p).names.flags).toContain('inconsistent_retransmission');
      expect(p.anomalies.rows().map((r) => r.code)).toContain('names.tcp.inconsistent_retransmission');
    });

    it('the other copy over two segments is collected until its SNI can be read', () => {
      const other = helloFor('collect.tracker.example');
      const p = play([...tcpConn(0, CLIENT, [helloFor('api.vendor.example')]), again(0.1, 0, other.subarray(0, 60)), again(0.11, 60, other.subarray(60)), acked(0.2, other.length)]);
      expect(snis(p)).toEqual(['api.vendor.example', 'collect.tracker.example']);
    });

    it.each([
      ['an identical copy (an ordinary retransmission)', (h: Uint8Array) => [again(0.1, 0, h), acked(0.2, h.length)]],
      ['a copy of the last bytes only', (h: Uint8Array) => [again(0.1, h.length - 10, h.subarray(h.length - 10)), acked(0.2, h.length)]],
      ['other bytes after the server acknowledged the ClientHello', (h: Uint8Array) => [acked(0.1, h.length), again(0.2, 0, helloFor('collect.tracker.example'))]],
      ['new data after the ClientHello', (h: Uint8Array) => [again(0.1, h.length, new Uint8Array(100).fill(1)), acked(0.2, h.length + 100)]],
    ])('not flagged: %s', (_, after) => {
      const h = helloFor('api.vendor.example');
      const p = play([...tcpConn(0, CLIENT, [h]), ...after(h)]);
      expect(snis(p)).toEqual(['api.vendor.example']);
      expect(firstTcp(p).names.flags).not.toContain('inconsistent_retransmission');
    });
  });

  describe('HTTP: a request head sent again with other bytes', () => {
    const ISN = 0xfffffff0;
    const get = (host: string): Uint8Array => Uint8Array.from(`GET / HTTP/1.1\r\nHost: ${host}\r\n\r\n`, (c) => c.charCodeAt(0));
    const at80 = (at: number, off: number, bytes: Uint8Array): Step => ({
      at, make: (frame, tsNs) => tcpPacket({ frame, tsNs, src: CLIENT, dst: SERVER, sport: 41000, dport: 80, seq: (ISN + 1 + off) >>> 0, flags: ACK | PSH, payload: bytes }),
    });
    const hosts = (p: Played): { hosts: string[]; flags: readonly string[] } => {
      const f = firstTcp(p).names;
      return { hosts: f.names.filter((n) => n.source === 'http_host').map((n) => n.value), flags: f.flags };
    };

    it('another Host in the copy: flagged, noted, both names kept', () => {
      const p = play([...tcpConn(0, CLIENT, [get('a.example')], { port: 80 }), at80(0.1, 0, get('other.example'))]);
      expect(hosts(p)).toEqual({ hosts: ['a.example', 'other.example'], flags: expect.arrayContaining(['inconsistent_retransmission']) });
      expect(p.anomalies.rows().map((r) => r.code)).toContain('names.tcp.inconsistent_retransmission');
    });

    it.each([
      ['an identical copy', (h: Uint8Array) => [at80(0.1, 0, h)]],
      ['the next request (keep-alive connection)', (h: Uint8Array) => [at80(0.1, h.length, get('b.example'))]],
      ['a TCP keep-alive: one garbage octet below the next sequence number', (h: Uint8Array) => [at80(0.1, h.length - 1, Uint8Array.of(0))]],
    ])('not flagged: %s', (_, after) => {
      const h = get('a.example');
      const p = play([...tcpConn(0, CLIENT, [h], { port: 80 }), ...after(h)]);
      expect(hosts(p).flags).not.toContain('inconsistent_retransmission');
    });
  });

  describe('names.quic.inconsistent_retransmission: a later Initial with other CRYPTO bytes', () => {
    const flight = (sni: string, packetNumber: number): Uint8Array[] => clientFlight(tlsClientHello({ sni: [sni], alpn: ['h3'] }), { packetNumber });
    const datagrams = (list: readonly Uint8Array[]): Step[] => list.map((payload, i) => ({
      at: i * 0.01, make: (frame, tsNs) => udpPacket({ frame, tsNs, src: CLIENT, dst: SERVER, sport: 51000, dport: 443, payload }),
    }));
    const quicNames = (p: Played) => {
      const f = [...p.byFrame.values()].find((x) => x.rec.respP === 443)!;
      return { snis: f.names.names.filter((n) => n.source === 'quic_sni').map((n) => n.value), flags: f.names.flags };
    };

    it('another SNI in a later Initial: flagged, noted, both names kept', () => {
      const p = play(datagrams([...flight('api.vendor.example', 0), ...flight('collect.tracker.example', 1)]));
      expect(quicNames(p).snis).toEqual(['api.vendor.example', 'collect.tracker.example']);
      expect(quicNames(p).flags).toContain('inconsistent_retransmission');
      expect(p.anomalies.rows().map((r) => r.code)).toContain('names.quic.inconsistent_retransmission');
    });

    it.each([
      ['the same Initial again (a retransmission)', [...flight('api.vendor.example', 0), ...flight('api.vendor.example', 1)]],
      ['1-RTT datagrams after the Initial', [...flight('api.vendor.example', 0), quicShortPacket(), quicShortPacket()]],
    ])('not flagged: %s', (_, list) => {
      const p = play(datagrams(list));
      expect(quicNames(p).snis).toEqual(['api.vendor.example']);
      expect(quicNames(p).flags).not.toContain('inconsistent_retransmission');
    });
  });

  it('names.dns.map_cap: the oldest answers go first and are counted', () => {
    const steps: Step[] = [];
    for (let i = 0; i < 4; i++) steps.push(...lookup(i, CLIENT, `n${i}.example`, [{ name: `n${i}.example`, type: 'A', address: `192.0.2.${i + 1}` }], i, 53000 + i));
    const p = play(steps, { maxDnsEntries: 2 });
    expect(p.attributor.stats.dnsMapEvicted).toBe(2);
    expect(p.anomalies.rows().find((r) => r.code === 'names.dns.map_cap')?.count).toBe(2);
  });

  it('names.dns.transactions_cap: transactions beyond the cap are counted, not kept', () => {
    const steps: Step[] = [];
    for (let i = 0; i < 3; i++) steps.push(...lookup(i, CLIENT, `n${i}.example`, [], i, 53000 + i));
    const p = play(steps, { maxDnsTransactions: 1 });
    expect(p.attributor.transactions).toHaveLength(1);
    expect(p.anomalies.rows().find((r) => r.code === 'names.dns.transactions_cap')?.count).toBe(2);
  });

  it('names.flow.names_cap: names per flow are capped and flagged', () => {
    const steps: Step[] = [];
    for (let i = 0; i < 3; i++) steps.push(...lookup(i * 0.1, CLIENT, `n${i}.example`, [{ name: `n${i}.example`, type: 'A', address: SERVER }], i, 53000 + i));
    const p = play([...steps, ...tcpConn(1, CLIENT, [])], { maxNamesPerFlow: 2 });
    expect(firstTcp(p).names.names).toHaveLength(2);
    expect(firstTcp(p).names.flags).toContain('names_capped');
    expect(p.anomalies.rows().map((r) => r.code)).toContain('names.flow.names_cap');
  });
});

describe('encrypted DNS', () => {
  it('a DoT flow is flagged, and later flows from that client are flagged after_encrypted_dns', () => {
    const p = play([...tcpConn(0, CLIENT, [], { port: 853, sport: 41500 }), ...tcpConn(1, CLIENT, [], { sport: 41501 })]);
    const tcp = [...p.byFrame.values()].sort((a, b) => a.rec.firstFrame - b.rec.firstFrame);
    expect(tcp[0]!.names.flags).toContain('encrypted_dns');
    expect(tcp[1]!.names.flags).toContain('after_encrypted_dns');
  });
});

function hello(): Uint8Array {
  return tlsRecords(tlsClientHello({ sni: 'gap.example' }));
}
