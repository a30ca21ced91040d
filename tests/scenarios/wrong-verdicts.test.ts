/**
 * Scenarios where the tool once gave a wrong verdict (found by these tests, then fixed): data in a
 * RST segment (false PASS), a fragment of a datagram that never completed (false PASS), and TCP
 * keep-alives on a handshake-only contact (false FAIL). Each has a control beside it, so the bytes
 * are known to be right and only the behaviour under test makes the difference.
 */
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { runCli } from '../cli/run-cli.js';
import { ethernet, fragmentIpv4, icmp, ipv4, tcp, udp } from '../builders/packets.js';
import { framesPcap, resolvedTls, scenarioDir, scenarioFrames, timedFrames } from '../builders/scenario.js';
import { tlsClientHello, tlsRecords } from '../builders/tls.js';
import { clientFlight } from '../builders/quic.js';

const HOST = '10.0.0.1';
const RU = '5.255.255.158';
const GB = '212.58.233.71';
const FIN = 0x01;
const SYN = 0x02;
const RST = 0x04;
const PSH = 0x08;
const ACK = 0x10;

const { save } = scenarioDir();

/** One TCP segment host:41000 → RU:443 (`out`) or back. */
const seg = (out: boolean, flags: number, seq: number, ack: number, payload?: Uint8Array): Uint8Array =>
  ethernet(ipv4(tcp({ srcPort: out ? 41000 : 443, dstPort: out ? 443 : 41000, seq, ack, flags, ...(payload === undefined ? {} : { payload }) }), { src: out ? HOST : RU, dst: out ? RU : HOST }));
const handshake = (): Uint8Array[] => [seg(true, SYN, 100, 0), seg(false, SYN | ACK, 900, 101), seg(true, ACK, 101, 901)];
const DATA = new Uint8Array(200).fill(0x41);

/** Ten clean GB lookups and connections (140 frames) before the frames under test. */
const cleanTraffic = (): ReturnType<typeof scenarioFrames> =>
  scenarioFrames(Array.from({ length: 10 }, () => resolvedTls(HOST, GB, 'www.bbc.co.uk', { up: 300, down: 300 })).flat());

async function judge(name: string, frames: readonly Uint8Array[]): Promise<{ code: number; verdict: string; reasons: string[]; ru: string[] }> {
  const r = await runCli(['analyze', '--reproducible', save(`${name}.pcap`, framesPcap([...cleanTraffic(), ...timedFrames(frames)]))]);
  const rep = JSON.parse(r.stdout) as {
    verdict: { verdict: string; reasons: { effect: string; code: string }[] };
    flows: { orig_h: string; resp_h: string; verdict_reasons: { effect: string; code: string }[] }[];
  };
  const ru = rep.flows.filter((f) => f.resp_h === RU || f.orig_h === RU).flatMap((f) => f.verdict_reasons.map((x) => `${x.effect}:${x.code}`));
  return { code: r.code, verdict: rep.verdict.verdict, reasons: rep.verdict.reasons.map((x) => `${x.effect}:${x.code}`), ru };
}

describe('controls: the same bytes without the bug-triggering detail', () => {
  it.each([
    { name: 'data in a PSH segment, then RST', frames: () => [...handshake(), seg(true, PSH | ACK, 101, 901, DATA), seg(true, RST | ACK, 301, 901)], verdict: 'FAIL', code: 1 },
    { name: 'every fragment of the UDP datagram', frames: () => fragments(), verdict: 'FAIL', code: 1 },
    { name: 'handshake and FINs, no keep-alive', frames: () => [...handshake(), ...fins(101)], verdict: 'PASS', code: 0 },
  ])('$name → $verdict', async ({ name, frames, verdict, code }) => {
    const r = await judge(`control-${name.replace(/\W+/g, '-')}`, frames());
    expect(r.verdict).toBe(verdict);
    expect(r.code).toBe(code);
  });
});

/** A 3000-byte UDP datagram from the host to RU, as IPv4 fragments of at most 1500 bytes. */
function fragments(): Uint8Array[] {
  const datagram = ipv4(udp({ srcPort: 5000, dstPort: 9999, payload: new Uint8Array(3000).fill(0x42) }), { src: HOST, dst: RU, proto: 17, id: 77 });
  return fragmentIpv4(datagram, 1500).map((f) => ethernet(f));
}

/** FIN from the host (sequence `seq`), FIN from RU, last ACK. */
function fins(seq: number): Uint8Array[] {
  return [seg(true, FIN | ACK, seq, 901), seg(false, FIN | ACK, 901, seq + 1), seg(true, ACK, seq + 1, 902)];
}

describe('known wrong verdicts', () => {
  // BUG (false PASS), src/flow/tcp-segment.ts: a RST segment's payload is not counted (segLen
  // ignores `len` for RST), so orig_bytes is 0, the history has no 'D' ("ShART"), and the policy
  // calls the flow a handshake-only contact (PASS, warning contact.handshake_only). RFC 9293
  // §3.5.3 (SHLD-2) lets a RST carry data, and those 200 bytes did reach the RU address.
  it('RST carrying 200 payload bytes to RU → FAIL flow.denied_country', async () => {
    const r = await judge('rst-with-data', [...handshake(), seg(true, RST | ACK, 101, 901, DATA)]);
    expect(r.verdict).toBe('FAIL');
    expect(r.code).toBe(1);
    expect(r.ru).toContain('fail:flow.denied_country');
  });

  // BUG (false PASS), src/pipeline/assess.ts contextOf + policy completeness: an IPv4 fragment
  // whose datagram never completes is only counted as `fragments_incomplete` (not analysable);
  // no flow is made, so its destination is never judged. One such frame after 140 clean ones keeps
  // the decoded ratio at 0.993 ≥ min_decoded_ratio 0.99, so the capture PASSes although the first
  // fragment's IP header proves that the host sent 1480 bytes to an address in RU. Correct: FAIL
  // (the header names source, destination and protocol), at the very least not PASS.
  it('the first fragment of a datagram to RU, the rest missing → not PASS', async () => {
    const r = await judge('first-fragment-only', fragments().slice(0, 1));
    expect(r.verdict).not.toBe('PASS');
    expect(r.code).not.toBe(0);
  });

  // BUG (false FAIL), src/policy/flows.ts payloadClass: "D in the history with 0 bytes counted"
  // is read as "data of unknown size" (a violation). A TCP keep-alive (RFC 9293 §3.8.4: SEG.SEQ =
  // SND.NXT-1 with one garbage octet, as Windows and BSD stacks send) sets 'D' and 'T' but adds
  // no new byte (orig_bytes 0), so an idle, handshake-only connection to RU FAILs. Correct: the
  // same as without the keep-alive, a contact (PASS, warnings contact.handshake_only and
  // flow.denied_country).
  it('keep-alives with one garbage octet on a handshake-only RU connection → PASS, contact only', async () => {
    const keepalive = (): Uint8Array[] => [seg(true, ACK, 100, 901, Uint8Array.of(0)), seg(false, ACK, 901, 101)];
    const r = await judge('keepalive', [...handshake(), ...keepalive(), ...keepalive(), ...fins(101)]);
    const without = await judge('no-keepalive', [...handshake(), ...fins(101)]);
    expect(without.ru).toContain('warning:contact.handshake_only');
    expect(r).toEqual(without);
  });
});

/** TCP between the host and RU with any ports and direction (`out`: host → RU). */
const tcpAny = (out: boolean, hostPort: number, ruPort: number, flags: number, seq: number, ack: number, payloadBytes = 0): Uint8Array =>
  ethernet(ipv4(tcp({ srcPort: out ? hostPort : ruPort, dstPort: out ? ruPort : hostPort, seq, ack, flags, ...(payloadBytes > 0 ? { payload: new Uint8Array(payloadBytes).fill(0x41) } : {}) }), { src: out ? HOST : RU, dst: out ? RU : HOST }));
const udpAny = (out: boolean, hostPort: number, ruPort: number, bytes: number): Uint8Array =>
  ethernet(ipv4(udp({ srcPort: out ? hostPort : ruPort, dstPort: out ? ruPort : hostPort, payload: new Uint8Array(bytes).fill(0x42) }), { src: out ? HOST : RU, dst: out ? RU : HOST, proto: 17 }));
const rawIp = (out: boolean, proto: number, bytes: number): Uint8Array =>
  ethernet(ipv4(new Uint8Array(bytes).fill(0x43), { src: out ? HOST : RU, dst: out ? RU : HOST, proto }));

// Data reaching RU by less usual means. Each case passed when these tests were written; they keep
// it that way: payload the host sent is counted however it travelled, and payload it sent as the
// responder to an address abroad is never cleared.
describe('other ways data reaches RU: never PASS', () => {
  it.each([
    { name: 'TCP Fast Open: 1000 bytes in a SYN, never answered', frames: () => [tcpAny(true, 41000, 443, SYN, 100, 0, 1000), tcpAny(true, 41000, 443, SYN, 100, 0, 1000)], verdict: 'FAIL', ru: 'fail:flow.denied_country' },
    { name: 'TCP Fast Open: data in the SYN, the SYN-ACK acknowledges only the SYN, RST', frames: () => [tcpAny(true, 41000, 443, SYN, 100, 0, 1000), tcpAny(false, 41000, 443, SYN | ACK, 900, 101), tcpAny(true, 41000, 443, RST, 101, 0)], verdict: 'FAIL', ru: 'fail:flow.denied_country' },
    { name: 'a connection seen mid-stream (capture started late): data segments only', frames: () => [tcpAny(true, 41000, 443, PSH | ACK, 100, 900, 1400), tcpAny(true, 41000, 443, PSH | ACK, 1500, 900, 1400)], verdict: 'FAIL', ru: 'fail:flow.denied_country' },
    { name: 'ICMP echo requests carrying 1000 bytes', frames: () => [ethernet(ipv4(icmp({ type: 8, payload: new Uint8Array(1000).fill(0x44) }), { src: HOST, dst: RU, proto: 1 }))], verdict: 'FAIL', ru: 'fail:flow.denied_country' },
    { name: 'UDP from the host\'s port 53 (looks like a DNS server answering)', frames: () => [udpAny(true, 53, 5353, 1000)], verdict: 'FAIL', ru: 'fail:flow.denied_country' },
    { name: 'ESP (IPsec) without a decoded transport', frames: () => [rawIp(true, 50, 500), rawIp(false, 50, 500)], verdict: 'FAIL', ru: 'fail:flow.denied_country' },
    { name: 'SCTP', frames: () => [rawIp(true, 132, 500)], verdict: 'FAIL', ru: 'fail:flow.denied_country' },
    {
      name: 'RU connects to the host and downloads 2800 bytes from it',
      frames: () => [tcpAny(false, 8080, 50000, SYN, 100, 0), tcpAny(true, 8080, 50000, SYN | ACK, 900, 101), tcpAny(false, 8080, 50000, ACK, 101, 901),
        tcpAny(true, 8080, 50000, PSH | ACK, 901, 101, 1400), tcpAny(true, 8080, 50000, PSH | ACK, 2301, 101, 1400), tcpAny(false, 8080, 50000, ACK, 101, 3701)],
      verdict: 'INCONCLUSIVE', ru: 'inconclusive:monitor.inbound_payload_unjudged',
    },
    { name: 'RU sends one small UDP datagram first, the host answers with 4200 bytes', frames: () => [udpAny(false, 5000, 4000, 10), udpAny(true, 5000, 4000, 1400), udpAny(true, 5000, 4000, 1400), udpAny(true, 5000, 4000, 1400)], verdict: 'INCONCLUSIVE', ru: 'inconclusive:monitor.inbound_payload_unjudged' },
  ])('$name → $verdict', async ({ name, frames, verdict, ru }) => {
    const r = await judge(`other-${name.replace(/\W+/g, '-').slice(0, 40)}`, frames());
    expect(r.verdict).toBe(verdict);
    expect(r.ru).toContain(ru);
  });
});

// The IDS-evasion trick (Ptacek and Newsham, 1998): the client sends its ClientHello twice at the
// same sequence number, one copy the server never accepts (a bad checksum, a TTL that expires on
// the way) naming an allowed server, the other naming the real one. The capture holds both; the
// first copy used to decide, so the connection to collect.tracker.example passed an allowlist of
// the vendor's names.
describe('a ClientHello retransmitted with another SNI', () => {
  const ALLOW = save('allow-vendor.yaml', 'version: 1\nid: allow-vendor\nmode: allowlist\nrules:\n  - id: vendor\n    action: allow\n    countries: [GB]\n    domains: ["*.vendor.example"]\n');
  const hello = (sni: string): Uint8Array => tlsRecords(tlsClientHello({ sni: [sni] }));
  const toGb = (out: boolean, flags: number, seq: number, ack: number, payload?: Uint8Array): Uint8Array =>
    ethernet(ipv4(tcp({ srcPort: out ? 41000 : 443, dstPort: out ? 443 : 41000, seq, ack, flags, ...(payload === undefined ? {} : { payload }) }), { src: out ? HOST : GB, dst: out ? GB : HOST }));
  /** Handshake, the two copies at sequence 101, the server's ACK of the second, 2000 bytes of data, FINs. */
  const connection = (first: Uint8Array, second: Uint8Array): Uint8Array[] => {
    const end = 101 + second.length;
    return [
      toGb(true, SYN, 100, 0), toGb(false, SYN | ACK, 900, 101), toGb(true, ACK, 101, 901),
      toGb(true, PSH | ACK, 101, 901, first), toGb(true, PSH | ACK, 101, 901, second), toGb(false, ACK, 901, end),
      toGb(true, PSH | ACK, end, 901, new Uint8Array(2000).fill(0x55)), toGb(false, ACK, 901, end + 2000),
      toGb(true, FIN | ACK, end + 2000, 901), toGb(false, FIN | ACK, 901, end + 2001), toGb(true, ACK, end + 2001, 902),
    ];
  };
  async function run(name: string, frames: Uint8Array[]) {
    const r = await runCli(['analyze', '--reproducible', '--policy', ALLOW, save(`${name}.pcap`, framesPcap(timedFrames(frames)))]);
    const rep = JSON.parse(r.stdout) as { verdict: { verdict: string }; flows: { resp_h: string; name: string; name_flags: string[]; names: { value: string; source: string }[]; verdict: string; verdict_reasons: { code: string; effect: string; detail: string }[] }[]; anomalies: { code: string }[] };
    return { code: r.code, rep, flow: rep.flows.find((f) => f.resp_h === GB)! };
  }

  it('the allowed name first, the real one second → INCONCLUSIVE with both names (it passed before)', async () => {
    const { code, rep, flow } = await run('resent-allowed-first', connection(hello('api.vendor.example'), hello('collect.tracker.example')));
    expect([rep.verdict.verdict, code]).toEqual(['INCONCLUSIVE', 2]);
    expect(flow.name_flags).toContain('inconsistent_retransmission');
    expect(flow.names.filter((n) => n.source === 'tls_sni').map((n) => n.value)).toEqual(['api.vendor.example', 'collect.tracker.example']);
    expect(flow.verdict_reasons[0]).toMatchObject({ code: 'name.ambiguous', effect: 'inconclusive' });
    expect(flow.verdict_reasons[0]!.detail).toMatch(/^the client sent its ClientHello or request again with other bytes .*api\.vendor\.example: permitted; collect\.tracker\.example: violation flow\.not_allowed/);
    expect(rep.anomalies.map((a) => a.code)).toContain('names.tcp.inconsistent_retransmission');
  });

  it('the other order → INCONCLUSIVE too', async () => {
    const { rep } = await run('resent-real-first', connection(hello('collect.tracker.example'), hello('api.vendor.example')));
    expect(rep.verdict.verdict).toBe('INCONCLUSIVE');
  });

  it('QUIC: a later Initial with another SNI → INCONCLUSIVE (it passed before)', async () => {
    const initial = (sni: string, packetNumber: number): Uint8Array[] =>
      clientFlight(tlsClientHello({ sni: [sni], alpn: ['h3'] }), { packetNumber }).map((d) => ethernet(ipv4(udp({ srcPort: 51000, dstPort: 443, payload: d }), { src: HOST, dst: GB, proto: 17 })));
    const reply = ethernet(ipv4(udp({ srcPort: 443, dstPort: 51000, payload: new Uint8Array(1200).fill(0x77) }), { src: GB, dst: HOST, proto: 17 }));
    const { rep, flow } = await run('quic-resent', [...initial('api.vendor.example', 0), ...initial('collect.tracker.example', 1), reply]);
    expect(rep.verdict.verdict).toBe('INCONCLUSIVE');
    expect(flow.name_flags).toContain('inconsistent_retransmission');
    expect(flow.verdict_reasons[0]).toMatchObject({ code: 'name.ambiguous', effect: 'inconclusive' });
  });

  it('monitor, under ambiguous_name: worst_case, alerts with the second copy (the first was judged clear)', async () => {
    const worst = save('allow-vendor-worst.yaml', 'version: 1\nid: allow-vendor-worst\nmode: allowlist\nuncertainty:\n  ambiguous_name: worst_case\nrules:\n  - id: vendor\n    action: allow\n    countries: [GB]\n    domains: ["*.vendor.example"]\n');
    const out = new PassThrough();
    let text = '';
    out.on('data', (c: Buffer) => (text += c.toString()));
    const pcap = framesPcap(timedFrames(connection(hello('api.vendor.example'), hello('collect.tracker.example'))));
    const code = await main(['monitor', '--policy', worst], { stdin: Readable.from([Buffer.from(pcap)]), stdout: out, stderr: new PassThrough(), stderrIsTTY: false, env: {} });
    const events = text.trim().split('\n').map((l) => JSON.parse(l) as { event_type: string; frame?: number; verdict?: string });
    expect(code).toBe(1);
    // Frames: SYN, SYN-ACK, ACK (1-3), the allowed copy (4), the other copy (5).
    expect(events.filter((e) => e.event_type === 'alert').map((e) => e.frame)).toEqual([5]);
    expect(events.at(-1)).toMatchObject({ event_type: 'verdict', verdict: 'FAIL' });
  });

  const get = (host: string): Uint8Array => Uint8Array.from(`GET /v1/report HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: av/1.0\r\n\r\n`, (c) => c.charCodeAt(0));
  /** An HTTP connection to GB:80: handshake, the two copies of the request at 101, the server's ACK, FINs. */
  const httpConnection = (first: Uint8Array, second: Uint8Array, between: Uint8Array[] = []): Uint8Array[] => {
    const to80 = (out: boolean, flags: number, seq: number, ack: number, payload?: Uint8Array): Uint8Array =>
      ethernet(ipv4(tcp({ srcPort: out ? 41001 : 80, dstPort: out ? 80 : 41001, seq, ack, flags, ...(payload === undefined ? {} : { payload }) }), { src: out ? HOST : GB, dst: out ? GB : HOST }));
    const end = 101 + Math.max(first.length, second.length);
    return [
      to80(true, SYN, 100, 0), to80(false, SYN | ACK, 900, 101), to80(true, ACK, 101, 901),
      to80(true, PSH | ACK, 101, 901, first), ...between, to80(true, PSH | ACK, 101, 901, second), to80(false, ACK, 901, end),
      to80(true, FIN | ACK, end, 901), to80(false, FIN | ACK, 901, end + 1), to80(true, ACK, end + 1, 902),
    ];
  };

  it('HTTP: the request sent again with another Host → INCONCLUSIVE with both names (it passed before)', async () => {
    const { rep, flow } = await run('http-resent', httpConnection(get('api.vendor.example'), get('collect.tracker.example')));
    expect(rep.verdict.verdict).toBe('INCONCLUSIVE');
    expect(flow.name_flags).toContain('inconsistent_retransmission');
    expect(flow.names.filter((n) => n.source === 'http_host').map((n) => n.value)).toEqual(['api.vendor.example', 'collect.tracker.example']);
  });

  it('HTTP control: the same request twice → PASS, no flag', async () => {
    const { rep, flow } = await run('http-same', httpConnection(get('api.vendor.example'), get('api.vendor.example')));
    expect(rep.verdict.verdict).toBe('PASS');
    expect(flow.name_flags).not.toContain('inconsistent_retransmission');
  });

  it('control: the same ClientHello twice (an ordinary retransmission) → PASS, no flag', async () => {
    const { code, rep, flow } = await run('resent-same', connection(hello('api.vendor.example'), hello('api.vendor.example')));
    expect([rep.verdict.verdict, code]).toEqual(['PASS', 0]);
    expect(flow.name_flags).not.toContain('inconsistent_retransmission');
  });

  it('control: a different copy after the server acknowledged the ClientHello is not compared', async () => {
    const h = hello('api.vendor.example');
    const frames = connection(h, h);
    // Drop the retransmission; after the server's ACK, send other bytes at the ClientHello's sequence numbers.
    frames.splice(4, 1);
    frames.splice(5, 0, toGb(true, PSH | ACK, 101, 901, hello('collect.tracker.example')));
    const { rep, flow } = await run('resent-after-ack', frames);
    expect(rep.verdict.verdict).toBe('PASS');
    expect(flow.name_flags).not.toContain('inconsistent_retransmission');
  });
});
