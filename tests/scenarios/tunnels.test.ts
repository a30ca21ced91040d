/**
 * Outer tunnels are judged as flows to their far end (issue 2: "a tunnel to a foreign server is a
 * data flow too"). Before this, a host that sent its traffic through a GRE or VXLAN tunnel to a
 * server in RU passed when the inner packets were addressed to GB: a false PASS. End to end through
 * the CLI with the real embedded databases; the inner traffic is the scenario builder's, each frame
 * re-encapsulated between the host and the tunnel's far end.
 */
import { describe, expect, it } from 'vitest';
import * as B from '../builders/packets.js';
import { dnsConversation, framesPcap, LAN_RESOLVER, resolvedTls, scenarioDir, scenarioFrames, tlsConversation, type Conversation } from '../builders/scenario.js';
import { PassThrough, Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import { runCli } from '../cli/run-cli.js';
import { tunnelUid } from '../../src/flow/index.js';

const HOST = '10.0.0.1';
const RU = '5.255.255.158'; // Yandex: both databases say RU
const GB = '212.58.233.71'; // BBC: both say GB
const INNER_CLIENT = '172.16.0.2';
const INNER_SERVER = '172.16.9.9';

type Encap = 'gre' | 'vxlan' | 'ipip' | 'vxlan-in-gre';

/** The inner conversation's frames, each carried between HOST and `far` in `encap`. */
function tunnelled(convs: readonly Conversation[], far: string, encap: Encap, macs?: { host: string; far: string }, plain: readonly Conversation[] = []): Uint8Array {
  // `plain` conversations come first, not tunnelled (e.g. the DNS lookup of the tunnel server).
  const unwrapped = scenarioFrames(plain).length;
  const frames = scenarioFrames([...plain, ...convs]).map((f, i) => {
    if (i < unwrapped) return f;
    const innerEth = f.data;
    const innerIp = innerEth.subarray(14);
    // The inner packet's direction: from the inner client means from the host.
    const fromHost = innerIp[12] === 172 && innerIp[13] === 16 && innerIp[14] === 0 && innerIp[15] === 2;
    const ends = fromHost ? { src: HOST, dst: far } : { src: far, dst: HOST };
    const wrap = (e: Encap): Uint8Array => {
      switch (e) {
        case 'gre': return B.ipv4(B.gre(innerIp), { ...ends, proto: 47 });
        case 'ipip': return B.ipv4(innerIp, { ...ends, proto: 4 });
        case 'vxlan': return B.ipv4(B.udp({ srcPort: fromHost ? 40000 : 4789, dstPort: fromHost ? 4789 : 40000, payload: B.vxlan(innerEth) }), { ...ends, proto: 17 });
        case 'vxlan-in-gre': {
          const vx = B.ipv4(B.udp({ srcPort: fromHost ? 40000 : 4789, dstPort: fromHost ? 4789 : 40000, payload: B.vxlan(innerEth) }), { src: fromHost ? '192.168.50.1' : '192.168.50.2', dst: fromHost ? '192.168.50.2' : '192.168.50.1', proto: 17 });
          return B.ipv4(B.gre(vx), { ...ends, proto: 47 });
        }
      }
    };
    return { tsNs: f.tsNs, data: B.ethernet(wrap(encap), macs === undefined ? {} : { src: fromHost ? macs.host : macs.far }) };
  });
  return framesPcap(frames);
}

interface Reason { code: string; effect: string; detail: string }
interface Report {
  verdict: { verdict: string; reasons: (Reason & { examples?: string[] })[] };
  flows: { uid: string; resp_h: string; verdict: string; verdict_reasons: Reason[] }[];
  tunnels: { uid: string; kind: string; orig_h: string; orig_l2_addr: string | null; resp_h: string; orig_bytes: number; inner_packets: number; verdict: string; location: { countries: string[] }; verdict_reasons: Reason[] }[];
  destinations: { ip: string; verdict: string; example_uids: string[] }[];
}

const { save } = scenarioDir('ev-tunnels-');

async function analyze(name: string, pcap: Uint8Array, args: readonly string[] = []): Promise<{ code: number; report: Report }> {
  const r = await runCli(['analyze', '--reproducible', ...args, save(name, pcap)]);
  expect(r.stderr).toBe('');
  return { code: r.code, report: JSON.parse(r.stdout) as Report };
}

const innerToGb = (): Conversation[] => [tlsConversation(INNER_CLIENT, GB, 'www.bbc.co.uk', { up: 2000, down: 3000 })];

describe('outer tunnels are judged as flows to their far end', () => {
  it.each([
    { encap: 'gre' as const, kind: 'gre', detail: `gre tunnel to ${RU} located in RU` },
    { encap: 'ipip' as const, kind: 'ip-in-ip', detail: `ip-in-ip tunnel (ipip) to ${RU} located in RU` },
    { encap: 'vxlan' as const, kind: 'vxlan', detail: `vxlan tunnel (udp/4789) to ${RU} located in RU` },
  ])('$encap to RU carrying traffic to GB: FAIL on the tunnel, the inner flow passes', async ({ encap, kind, detail }) => {
    const { code, report } = await analyze(`${encap}-ru.pcap`, tunnelled(innerToGb(), RU, encap));
    expect(code).toBe(1);
    expect(report.verdict.verdict).toBe('FAIL');
    expect(report.verdict.reasons.map((r) => r.code)).toEqual(['flow.denied_country']);
    expect(report.verdict.reasons[0]!.detail).toBe(detail);
    const t = report.tunnels.find((x) => x.resp_h === RU)!;
    expect(t).toMatchObject({ kind, orig_h: HOST, verdict: 'FAIL', location: { countries: ['RU'] } });
    expect(t.uid).toMatch(/^T[0-9A-Za-z]{17}$/);
    expect(t.orig_bytes).toBeGreaterThan(2000);
    expect(report.verdict.reasons[0]!.examples).toEqual([t.uid]);
    expect(report.destinations.find((d) => d.ip === RU)).toMatchObject({ verdict: 'FAIL', example_uids: [t.uid] });
    expect(report.flows.find((f) => f.resp_h === GB)!.verdict).toBe('PASS');
  });

  it('the Markdown report lists the tunnel where it went', async () => {
    const r = await runCli(['analyze', '--reproducible', '--format', 'md', save('md-gre.pcap', tunnelled(innerToGb(), RU, 'gre'))]);
    const section = r.stdout.slice(r.stdout.indexOf('## Tunnels and proxies'));
    expect(section).toMatch(new RegExp(`\\| FAIL \\| gre tunnel \\| ${HOST.replace(/\./g, '\\.')} \\| ${RU.replace(/\./g, '\\.')} \\|`));
  });

  it('a tunnel to GB carrying traffic to RU: FAIL on the inner flow, the tunnel passes', async () => {
    const { report } = await analyze('gre-gb.pcap', tunnelled([tlsConversation(INNER_CLIENT, RU, 'api.yandex.ru', { up: 2000 })], GB, 'gre'));
    expect(report.verdict.verdict).toBe('FAIL');
    expect(report.flows.find((f) => f.resp_h === RU)!.verdict).toBe('FAIL');
    expect(report.tunnels.find((t) => t.resp_h === GB)!.verdict).toBe('PASS');
  });

  it('a tunnel to RU whose inner traffic is all private still fails: the data reached RU', async () => {
    const { report } = await analyze('gre-ru-private.pcap', tunnelled([tlsConversation(INNER_CLIENT, INNER_SERVER, null, { up: 500 })], RU, 'gre'));
    expect(report.verdict.verdict).toBe('FAIL');
    expect(report.flows.find((f) => f.resp_h === INNER_SERVER)!.verdict).toBe('IGNORED');
    expect(report.tunnels[0]!.verdict).toBe('FAIL');
  });

  it('nested tunnels (VXLAN inside GRE): each layer is its own tunnel with its own uid; the outer one to RU fails', async () => {
    const pcap = tunnelled(innerToGb(), RU, 'vxlan-in-gre');
    const { report } = await analyze('nested.pcap', pcap);
    expect(report.tunnels.map((t) => [t.kind, t.resp_h, t.verdict])).toEqual([['gre', RU, 'FAIL'], ['vxlan', '192.168.50.2', 'IGNORED']]);
    expect(report.tunnels.map((t) => t.uid)).toEqual([tunnelUid(1, 0), tunnelUid(1, 1)]);
    expect(new Set(report.tunnels.map((t) => t.uid)).size).toBe(2);
  });

  it('without a tunnel the same inner traffic gives the same inner verdict (the tunnel adds a flow, it changes no other)', async () => {
    const plain = framesPcap(scenarioFrames(resolvedTls(HOST, GB, 'www.bbc.co.uk', { up: 2000 })));
    const { report } = await analyze('plain.pcap', plain);
    expect(report.verdict.verdict).toBe('PASS');
    expect(report.tunnels).toEqual([]);
  });
});

describe('the far end of a tunnel is named by the DNS answers the host got for it', () => {
  const DENY_RU_NAMES = save('deny-ru-names.yaml', 'version: 1\nid: deny-ru-names\nmode: denylist\nrules:\n  - id: ru-names\n    action: deny\n    domains: ["*.example.ru"]\n');

  it('a GRE tunnel to a GB address named relay.example.ru: the name is in the tunnel row and a domain rule decides', async () => {
    const pcap = tunnelled([tlsConversation(INNER_CLIENT, INNER_SERVER, null, { up: 500 })], GB, 'gre', undefined, [dnsConversation(HOST, LAN_RESOLVER, 'relay.example.ru', [GB])]);
    const { report } = await analyze('gre-named.pcap', pcap, ['--policy', DENY_RU_NAMES]);
    const t = report.tunnels.find((x) => x.resp_h === GB)!;
    expect((t as unknown as { names: { value: string; source: string }[] }).names.map((n) => `${n.source}:${n.value}`)).toEqual(['dns:relay.example.ru']);
    expect(t.verdict).toBe('FAIL');
    expect(t.verdict_reasons.map((r) => r.code)).toEqual(['flow.denied_domain']);
  });

  it('without the lookup the same tunnel has no name and passes the domain rule', async () => {
    const pcap = tunnelled([tlsConversation(INNER_CLIENT, INNER_SERVER, null, { up: 500 })], GB, 'gre');
    const { report } = await analyze('gre-unnamed.pcap', pcap, ['--policy', DENY_RU_NAMES]);
    expect(report.tunnels[0]!.verdict).toBe('PASS');
  });
});

describe('tunnels and hosts monitored by MAC', () => {
  const MACS = { host: '02:00:5e:00:00:01', far: '02:00:5e:00:00:fe' };
  const policy = save('monitor-mac.yaml', 'version: 1\nid: monitor-mac\nmode: denylist\nmonitored:\n  hosts: [02:00:5E:00:00:01]\nrules:\n  - id: ru\n    action: deny\n    countries: [RU]\n');

  it.each(['gre', 'vxlan'] as const)('%s to RU from the monitored MAC: FAIL (the tunnel carries the sender\'s MAC, not the inner frame\'s)', async (encap) => {
    const { report } = await analyze(`${encap}-mac.pcap`, tunnelled(innerToGb(), RU, encap, MACS), ['--policy', policy]);
    expect(report.verdict.verdict).toBe('FAIL');
    expect(report.tunnels.find((t) => t.resp_h === RU)).toMatchObject({ verdict: 'FAIL', orig_l2_addr: MACS.host });
  });

  it('the same tunnel from another MAC is not the monitored host\'s', async () => {
    const { report } = await analyze('gre-other-mac.pcap', tunnelled(innerToGb(), RU, 'gre', { host: '02:00:5e:00:00:02', far: MACS.far }), ['--policy', policy]);
    expect(report.verdict.verdict).toBe('INCONCLUSIVE');
    expect(report.tunnels[0]!.verdict).toBe('IGNORED');
  });
});

describe('monitor: a tunnel to RU raises an alert as it is first seen', () => {
  it('the alert names the tunnel (uid T…, its far end), before the verdict line; the verdict is FAIL', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (c: Buffer) => (text += c.toString()));
    const pcap = tunnelled(innerToGb(), RU, 'gre');
    const code = await main(['monitor'], { stdin: Readable.from([Buffer.from(pcap)]), stdout: out, stderr: new PassThrough(), stderrIsTTY: false, env: {} });
    const events = text.trim().split('\n').map((l) => JSON.parse(l) as { event_type: string; flow?: { uid: string; resp_h: string; proto: string }; verdict?: string });
    expect(code).toBe(1);
    const alerts = events.filter((e) => e.event_type === 'alert');
    expect(alerts.map((a) => [a.flow?.uid.charAt(0), a.flow?.resp_h, a.flow?.proto])).toEqual([['T', RU, 'gre']]);
    expect(events.at(-1)).toMatchObject({ event_type: 'verdict', verdict: 'FAIL' });
  });
});
