/**
 * Traffic through an explicit HTTP proxy (the rule in many government networks): the flow goes to
 * the proxy, often a LAN address that is not judged, while the data goes to the host the proxy was
 * asked for. Each such request is judged as a flow to that host: an address is geolocated, a name
 * with no address in the capture is unknown (INCONCLUSIVE) unless a domain rule decides. Before,
 * a host that reached RU through its proxy and GB directly passed: a false PASS. End to end through
 * the CLI with the real embedded databases.
 */
import { describe, expect, it } from 'vitest';
import { dnsConversation, framesPcap, LAN_RESOLVER, resolvedTls, scenarioDir, scenarioFrames, timedFrames, tlsConversation, type Conversation, type ScenarioFrame, type TcpConversation } from '../builders/scenario.js';
import * as B from '../builders/packets.js';
import { tlsClientHello, tlsRecords } from '../builders/tls.js';
import { PassThrough, Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import { runCli, type CliResult } from '../cli/run-cli.js';
import { proxiedUid } from '../../src/flow/index.js';

const HOST = '10.0.0.1';
const PROXY = '10.0.0.5';
const RU = '5.255.255.158';
const GB = '212.58.233.71';

const latin1 = (t: string): Uint8Array => Uint8Array.from(t, (c) => c.charCodeAt(0) & 0xff);
const cat = (a: Uint8Array, b: Uint8Array): Uint8Array => {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};

/** HOST → PROXY:3128: `CONNECT target:443`, then a ClientHello for `sni` and `up` bytes through the tunnel. */
function viaConnect(target: string, sni: string, up = 3000): Conversation {
  const head = latin1(`CONNECT ${target}:443 HTTP/1.1\r\nHost: ${target}:443\r\nUser-Agent: av/2.0\r\n\r\n`);
  return { ...tlsConversation(HOST, PROXY, null, { dport: 3128, up, down: 1500 }), request: cat(head, tlsRecords(tlsClientHello({ sni: [sni] }))) };
}

/** HOST → PROXY:1080: a SOCKS5 greeting and CONNECT to the IPv4 `target`:443, then a ClientHello for `sni`. */
function viaSocks5(target: string, sni: string): Conversation {
  const socks = Uint8Array.from([5, 1, 0, 5, 1, 0, 1, ...target.split('.').map(Number), 1, 187]);
  return { ...tlsConversation(HOST, PROXY, null, { dport: 1080, up: 2000, down: 800 }), request: cat(socks, tlsRecords(tlsClientHello({ sni: [sni] }))) };
}

/** HOST → PROXY:3128: a plain-HTTP absolute-form POST to `url`. */
function viaAbsolute(url: string, host: string): Conversation {
  return { ...tlsConversation(HOST, PROXY, null, { dport: 3128, up: 800, down: 200 }), request: latin1(`POST ${url} HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 0\r\n\r\n`) };
}

interface Reason { code: string; effect: string; detail: string; examples?: string[] }
interface Proxied { uid: string; host: string; port: number | null; method: string; verdict: string; verdict_reasons: Reason[]; location?: { countries: string[] } }
interface Report {
  verdict: { verdict: string; reasons: Reason[] };
  flows: { uid: string; first_frame: number; resp_h: string; verdict: string; name_flags: string[]; proxied?: Proxied[] }[];
  destinations: { ip: string; verdict: string; example_uids: string[] }[];
}

const { save } = scenarioDir('ev-proxy-');
const DENY_RU_1000 = save('deny-ru-1000.yaml', 'version: 1\nid: deny-ru-1000\nmode: denylist\nrules:\n  - id: ru\n    action: deny\n    countries: [RU]\nthresholds:\n  payload_bytes: 1000\n');
const DENY_RU_NAMES = save('deny-ru-names.yaml', 'version: 1\nid: deny-ru-names\nmode: denylist\nrules:\n  - id: ru-names\n    action: deny\n    domains: ["*.example.ru"]\n  - id: ru\n    action: deny\n    countries: [RU]\n');

/**
 * Runs analyze, and again with every flow in the spool file (each flow and its proxied requests
 * then judged again as their rows are written): the reports must be the same bytes.
 */
async function analyzeBothWays(argv: readonly string[]): Promise<CliResult> {
  const r = await runCli(argv);
  const spooled = await runCli(argv, undefined, { EGRESS_VERIFY_SPOOL_AFTER: '0' });
  // (stderr may carry a log line with the time and the heap in use)
  expect([spooled.code, spooled.stdout]).toEqual([r.code, r.stdout]);
  return r;
}

async function analyze(name: string, convs: readonly Conversation[], args: readonly string[] = [], stderr?: RegExp): Promise<{ code: number; report: Report }> {
  const r = await analyzeBothWays(['analyze', '--reproducible', ...args, save(name, framesPcap(scenarioFrames(convs)))]);
  if (stderr === undefined) expect(r.stderr).toBe('');
  else expect(r.stderr).toMatch(stderr);
  return { code: r.code, report: JSON.parse(r.stdout) as Report };
}

const proxyFlow = (r: Report): Report['flows'][number] => r.flows.find((f) => f.resp_h === PROXY)!;

describe('requests an HTTP proxy carried on are judged as flows to the requested host', () => {
  it('RU through the proxy (CONNECT to an address), GB directly: FAIL (it passed before)', async () => {
    const { code, report } = await analyze('connect-ru-ip.pcap', [...resolvedTls(HOST, GB, 'www.bbc.co.uk', { up: 500 }), viaConnect(RU, 'api.yandex.ru')]);
    expect(code).toBe(1);
    expect(report.verdict.reasons.map((r) => `${r.effect}:${r.code}`)).toEqual(['fail:flow.denied_country']);
    const pf = proxyFlow(report);
    expect(pf.verdict).toBe('IGNORED');
    expect(pf.name_flags).toContain('via_proxy');
    expect(pf.proxied).toHaveLength(1);
    expect(pf.proxied![0]).toMatchObject({ host: RU, port: 443, method: 'CONNECT', verdict: 'FAIL', location: { countries: ['RU'] }, uid: proxiedUid(pf.first_frame, 0) });
    expect(report.verdict.reasons[0]!.detail).toBe(`tcp/443 to ${RU} via proxy ${PROXY}:3128 located in RU`);
    expect(report.verdict.reasons[0]!.examples).toEqual([pf.proxied![0]!.uid]);
    expect(report.destinations.find((d) => d.ip === RU)).toMatchObject({ verdict: 'FAIL', example_uids: [pf.proxied![0]!.uid] });
  });

  it('CONNECT to a name the capture has no address for: INCONCLUSIVE, saying which host and which proxy', async () => {
    const { code, report } = await analyze('connect-name.pcap', [viaConnect('telemetry.example.ru', 'telemetry.example.ru')]);
    expect(code).toBe(2);
    expect(report.verdict.reasons.map((r) => `${r.effect}:${r.code}`)).toEqual(['inconclusive:geo.unknown']);
    expect(report.verdict.reasons[0]!.detail).toBe(`tcp/443 to telemetry.example.ru via proxy ${PROXY}:3128: no data for the location country (unknown (unresolved_name))`);
    expect(report.destinations.map((d) => [d.ip, d.verdict])).toEqual([['telemetry.example.ru', 'INCONCLUSIVE']]);
  });

  it('the same name under a domain deny rule: FAIL on the name alone', async () => {
    const { report } = await analyze('connect-name-denied.pcap', [viaConnect('telemetry.example.ru', 'telemetry.example.ru')], ['--policy', DENY_RU_NAMES]);
    expect(report.verdict.verdict).toBe('FAIL');
    expect(report.verdict.reasons.map((r) => r.code)).toContain('flow.denied_domain');
  });

  it('an absolute-form POST through the proxy to an address in RU: FAIL', async () => {
    const { report } = await analyze('absolute-ru.pcap', [viaAbsolute(`http://${RU}/upload`, RU)]);
    expect(report.verdict.verdict).toBe('FAIL');
    expect(proxyFlow(report).proxied![0]).toMatchObject({ host: RU, port: 80, method: 'POST', verdict: 'FAIL' });
  });

  it('SOCKS5 CONNECT to an address in RU: FAIL, with the SNI read inside the tunnel', async () => {
    const { report } = await analyze('socks-ru.pcap', [viaSocks5(RU, 'api.yandex.ru')]);
    expect(report.verdict.verdict).toBe('FAIL');
    expect(report.verdict.reasons[0]!.detail).toBe(`tcp/443 to ${RU} via proxy ${PROXY}:1080 located in RU`);
    expect(proxyFlow(report).proxied![0]).toMatchObject({ host: RU, port: 443, method: 'SOCKS5 CONNECT', verdict: 'FAIL' });
  });

  it('two targets on one proxy connection: each gets its own requests\' bytes, so a small request to RU stays below the threshold', async () => {
    const small = `GET http://${RU}/ping HTTP/1.1\r\nHost: ${RU}\r\n\r\n`;
    const big = `POST http://${GB}/upload HTTP/1.1\r\nHost: ${GB}\r\nContent-Length: 5000\r\n\r\n${'x'.repeat(5000)}`;
    const conv = { ...tlsConversation(HOST, PROXY, null, { dport: 3128, down: 200 }), request: latin1(small + big) };
    const { report } = await analyze('two-targets.pcap', [conv], ['--policy', DENY_RU_1000]);
    const [ru, gb] = proxyFlow(report).proxied!;
    expect(ru).toMatchObject({ host: RU, verdict: 'PASS' });
    expect(ru!.verdict_reasons.map((r) => r.code)).toContain('flow.below_threshold');
    expect(ru!.verdict_reasons.find((r) => r.code === 'flow.below_threshold')!.detail).toBe(`${small.length} payload bytes sent, threshold 1000`);
    expect(gb).toMatchObject({ host: GB, verdict: 'PASS' });
    expect(report.verdict.verdict).toBe('PASS');
  });

  it('CONNECT to an address the host had looked up: the proxied request is named by that answer, and a domain rule decides', async () => {
    const { report } = await analyze('connect-named-ip.pcap', [dnsConversation(HOST, LAN_RESOLVER, 'api.example.ru', [GB]), viaConnect(GB, 'api.example.ru')], ['--policy', DENY_RU_NAMES]);
    const p = proxyFlow(report).proxied![0]! as Proxied & { names?: { value: string; source: string }[] };
    expect(p.names?.map((n) => `${n.source}:${n.value}`)).toEqual(['dns:api.example.ru']);
    expect(p.verdict).toBe('FAIL');
    expect(p.verdict_reasons.map((r) => r.code)).toContain('flow.denied_domain');
  });

  it('the Markdown report lists the proxied request where it went, worst first', async () => {
    const file = save('md-proxy.pcap', framesPcap(scenarioFrames([...resolvedTls(HOST, GB, 'www.bbc.co.uk', { up: 500 }), viaConnect(RU, 'api.yandex.ru'), viaConnect(GB, 'www.bbc.co.uk')])));
    const r = await runCli(['analyze', '--reproducible', '--format', 'md', file]);
    const section = r.stdout.slice(r.stdout.indexOf('## Tunnels and proxies'));
    const rows = section.split('\n').filter((l) => l.startsWith('| FAIL') || l.startsWith('| PASS'));
    expect(rows.map((l) => l.split(' | ').slice(0, 4).join(' | '))).toEqual([
      `| FAIL | CONNECT via ${PROXY} port 3128 | ${HOST} | ${RU} port 443`,
      `| PASS | CONNECT via ${PROXY} port 3128 | ${HOST} | ${GB} port 443`,
    ]);
  });

  it('through the proxy to GB only: PASS', async () => {
    const { report } = await analyze('connect-gb.pcap', [viaConnect(GB, 'www.bbc.co.uk')]);
    expect(report.verdict.verdict).toBe('PASS');
    expect(proxyFlow(report).proxied![0]!.verdict).toBe('PASS');
  });

  it('folding (judged as flows finish) keeps a proxy flow whose request fails, though the flow itself is IGNORED', async () => {
    const convs = [...resolvedTls(HOST, GB, 'www.bbc.co.uk', { up: 500 }), ...resolvedTls(HOST, GB, 'www.bbc.co.uk', { up: 500 }), viaConnect(RU, 'api.yandex.ru')];
    const { report } = await analyze('connect-fold.pcap', convs, ['--max-report-flows', '1'], /after 1 flows/);
    expect(report.verdict.verdict).toBe('FAIL');
    expect(proxyFlow(report).proxied![0]!.verdict).toBe('FAIL');
  });
});

/** HOST → PROXY:1080: a SOCKS5 greeting and UDP ASSOCIATE (from 0.0.0.0:0, as clients usually say). */
const udpAssociate = (): TcpConversation => ({ ...tlsConversation(HOST, PROXY, null, { dport: 1080, down: 10, close: 'none' }), request: Uint8Array.from([5, 1, 0, 5, 3, 0, 1, 0, 0, 0, 0, 0, 0]) });

/** The SOCKS5 UDP request header (RFC 1928 §7) for an IPv4 address or a name. */
function udpHeader(target: string, port: number): number[] {
  const addr = /^\d+\.\d+\.\d+\.\d+$/.test(target) ? [1, ...target.split('.').map(Number)] : [3, target.length, ...latin1(target)];
  return [0, 0, 0, ...addr, port >> 8, port & 0xff];
}

/** HOST:47000 → `relay`:`relayPort` datagrams, one per [target, port, data bytes], and a reply to the first. */
function relayed(datagrams: readonly (readonly [string, number, number])[], relayPort = 41234, relay = PROXY): ScenarioFrame[] {
  const frames = datagrams.map(([t, port, n]) => B.ethernet(B.ipv4(B.udp({ srcPort: 47000, dstPort: relayPort, payload: Uint8Array.from([...udpHeader(t, port), ...new Uint8Array(n).fill(0x5a)]) }), { src: HOST, dst: relay, proto: 17 })));
  frames.push(B.ethernet(B.ipv4(B.udp({ srcPort: relayPort, dstPort: 47000, payload: Uint8Array.from([...udpHeader(datagrams[0]![0], datagrams[0]![1]), 1, 2, 3]) }), { src: relay, dst: HOST, proto: 17 })));
  return timedFrames(frames);
}

async function analyzeFrames(name: string, frames: readonly ScenarioFrame[], args: readonly string[] = []): Promise<{ code: number; report: Report }> {
  const r = await analyzeBothWays(['analyze', '--reproducible', ...args, save(name, framesPcap(frames))]);
  expect(r.stderr).toBe('');
  return { code: r.code, report: JSON.parse(r.stdout) as Report };
}

const relayFlow = (r: Report): Report['flows'][number] => r.flows.find((f) => f.resp_h === PROXY && f.uid.startsWith('C') && (f as unknown as { proto: string }).proto === 'udp')!;

describe('datagrams through a SOCKS5 UDP relay are judged as flows to their destinations (RFC 1928 §7)', () => {
  const gbDirect = (): Conversation[] => resolvedTls(HOST, GB, 'www.bbc.co.uk', { up: 500 });

  it('after UDP ASSOCIATE, datagrams relayed to RU: FAIL (it passed before), each target with its own bytes', async () => {
    const frames = [...scenarioFrames([...gbDirect(), udpAssociate()]), ...relayed([[RU, 443, 1200], [GB, 53, 40], [RU, 443, 800]])];
    const { code, report } = await analyzeFrames('socks-udp-ru.pcap', frames);
    expect(code).toBe(1);
    expect(report.verdict.reasons.map((r) => `${r.effect}:${r.code}`)).toEqual(['fail:flow.denied_country']);
    expect(report.verdict.reasons[0]!.detail).toBe(`udp/443 to ${RU} via proxy ${PROXY}:41234 located in RU`);
    const rf = relayFlow(report);
    expect(rf.name_flags).toContain('via_proxy');
    const hdr = 10; // RSV FRAG ATYP, 4 address octets, port
    expect(rf.proxied!.map((p) => [p.host, p.port, p.method, p.verdict])).toEqual([[RU, 443, 'SOCKS5 UDP', 'FAIL'], [GB, 53, 'SOCKS5 UDP', 'PASS']]);
    expect((rf.proxied as unknown as { payload_bytes: number }[]).map((p) => p.payload_bytes)).toEqual([1200 + 800 + 2 * hdr, 40 + hdr]);
    expect(report.verdict.reasons[0]!.examples).toEqual([rf.proxied![0]!.uid]);
  });

  it('relayed to GB only: PASS', async () => {
    const { code, report } = await analyzeFrames('socks-udp-gb.pcap', [...scenarioFrames([...gbDirect(), udpAssociate()]), ...relayed([[GB, 443, 1200]])]);
    expect(report.verdict.verdict).toBe('PASS');
    expect(code).toBe(0);
    expect(relayFlow(report).proxied!.map((p) => [p.host, p.verdict])).toEqual([[GB, 'PASS']]);
  });

  it('a name as destination: INCONCLUSIVE (unresolved), FAIL under a domain rule', async () => {
    const frames = [...scenarioFrames([udpAssociate()]), ...relayed([['telemetry.example.ru', 443, 600]])];
    const plain = await analyzeFrames('socks-udp-name.pcap', frames);
    expect(plain.report.verdict.reasons.map((r) => `${r.effect}:${r.code}`)).toEqual(['inconclusive:geo.unknown']);
    expect(plain.report.verdict.reasons[0]!.detail).toBe(`udp/443 to telemetry.example.ru via proxy ${PROXY}:41234: no data for the location country (unknown (unresolved_name))`);
    const denied = await analyzeFrames('socks-udp-name-denied.pcap', frames, ['--policy', DENY_RU_NAMES]);
    expect(denied.report.verdict.verdict).toBe('FAIL');
    expect(denied.report.verdict.reasons.map((r) => r.code)).toContain('flow.denied_domain');
  });

  it('a relay at another address, named by the server\'s reply (BND.ADDR): its datagrams are read too', async () => {
    const RELAY = '10.0.0.6';
    const assoc: Conversation = { ...udpAssociate(), response: Uint8Array.from([5, 0, 5, 0, 0, 1, 10, 0, 0, 6, 0xa1, 0x12]) };
    const toRelay = relayed([[RU, 443, 900]], 41234, RELAY);
    const { report } = await analyzeFrames('socks-udp-bnd.pcap', [...scenarioFrames([...gbDirect(), assoc]), ...toRelay]);
    expect(report.verdict.reasons.map((r) => `${r.effect}:${r.code}`)).toEqual(['fail:flow.denied_country']);
    expect(report.verdict.reasons[0]!.detail).toBe(`udp/443 to ${RU} via proxy ${RELAY}:41234 located in RU`);
  });

  it('the same datagrams without a UDP ASSOCIATE from that client to that proxy are not read as relayed', async () => {
    const { report } = await analyzeFrames('socks-udp-no-associate.pcap', [...scenarioFrames(gbDirect()), ...relayed([[RU, 443, 1200]])]);
    expect(relayFlow(report).proxied).toBeUndefined();
    expect(report.verdict.verdict).toBe('PASS');
  });
});

describe('monitor: a CONNECT to RU alerts at its first payload, once', () => {
  it('the alert names the proxied request (uid P…, the requested host, via the proxy); the verdict is FAIL', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (c: Buffer) => (text += c.toString()));
    const pcap = framesPcap(scenarioFrames([viaConnect(RU, 'api.yandex.ru')]));
    const code = await main(['monitor'], { stdin: Readable.from([Buffer.from(pcap)]), stdout: out, stderr: new PassThrough(), stderrIsTTY: false, env: {} });
    const events = text.trim().split('\n').map((l) => JSON.parse(l) as { event_type: string; frame?: number; flow?: { uid: string; resp_h: string; via_proxy?: string; community_id: string }; verdict?: string });
    expect(code).toBe(1);
    const alerts = events.filter((e) => e.event_type === 'alert');
    expect(alerts.map((a) => [a.flow?.uid.charAt(0), a.flow?.resp_h, a.flow?.via_proxy])).toEqual([['P', RU, `${PROXY}:3128`]]);
    // Raised with the CONNECT's segment (frame 4, after the handshake), long before the connection ends.
    expect(alerts[0]!.frame).toBe(4);
    // Its Community ID is the connection to the proxy's, the flow that is on the wire.
    const report = await analyze('monitor-connect.pcap', [viaConnect(RU, 'api.yandex.ru')]);
    expect(alerts[0]!.flow!.community_id).toBe((report.report.flows[0] as unknown as { community_id: string }).community_id);
    expect(events.at(-1)).toMatchObject({ event_type: 'verdict', verdict: 'FAIL' });
  });
});

describe('monitor: a datagram relayed to RU through a SOCKS5 UDP relay alerts at that datagram', () => {
  it("the alert names the relayed destination (uid P…, via the relay), raised by the first datagram for it, not at the flow's end", async () => {
    const frames = [...scenarioFrames([udpAssociate()]), ...relayed([[GB, 443, 300], [RU, 443, 900]])];
    const out = new PassThrough();
    let text = '';
    out.on('data', (c: Buffer) => (text += c.toString()));
    const code = await main(['monitor'], { stdin: Readable.from([Buffer.from(framesPcap(frames))]), stdout: out, stderr: new PassThrough(), stderrIsTTY: false, env: {} });
    const events = text.trim().split('\n').map((l) => JSON.parse(l) as { event_type: string; frame?: number; flow?: { uid: string; proto: string; resp_h: string; resp_p: number; via_proxy?: string } });
    expect(code).toBe(1);
    const alerts = events.filter((e) => e.event_type === 'alert');
    expect(alerts.map((a) => [a.flow?.uid.charAt(0), a.flow?.proto, a.flow?.resp_h, a.flow?.resp_p, a.flow?.via_proxy])).toEqual([['P', 'udp', RU, 443, `${PROXY}:41234`]]);
    // The GB datagram came first and passed; the RU one (the second relayed datagram) raised it.
    const firstRelayed = scenarioFrames([udpAssociate()]).length + 1;
    expect(alerts[0]!.frame).toBe(firstRelayed + 1);
  });
});

describe('monitor: a second absolute-form request on a kept-alive proxy connection alerts when it is sent', () => {
  it('GB first (with a body longer than a segment), RU next: the alert is raised by the RU request\'s segment', async () => {
    const first = `POST http://${GB}/upload HTTP/1.1\r\nHost: ${GB}\r\nContent-Length: 3000\r\n\r\n${'x'.repeat(3000)}`;
    const second = `POST http://${RU}/upload HTTP/1.1\r\nHost: ${RU}\r\nContent-Length: 10\r\n\r\n0123456789`;
    const conv = { ...tlsConversation(HOST, PROXY, null, { dport: 3128, down: 200 }), request: latin1(first + second) };
    const frames = scenarioFrames([conv]);
    const out = new PassThrough();
    let text = '';
    out.on('data', (c: Buffer) => (text += c.toString()));
    const code = await main(['monitor'], { stdin: Readable.from([Buffer.from(framesPcap(frames))]), stdout: out, stderr: new PassThrough(), stderrIsTTY: false, env: {} });
    const events = text.trim().split('\n').map((l) => JSON.parse(l) as { event_type: string; frame?: number; flow?: { uid: string; resp_h: string; via_proxy?: string } });
    expect(code).toBe(1);
    const alerts = events.filter((e) => e.event_type === 'alert');
    expect(alerts.map((a) => [a.flow?.uid.charAt(0), a.flow?.resp_h, a.flow?.via_proxy])).toEqual([['P', RU, `${PROXY}:3128`]]);
    // The client's segments are frames 4, 6, 8, … (each acknowledged); the RU request starts in the
    // segment holding byte first.length of the stream, and the flow goes on after it.
    const raisedBy = alerts[0]!.frame!;
    expect(raisedBy).toBeGreaterThan(4);
    expect(raisedBy).toBeLessThan(frames.length - 3);
  });
});
