/**
 * Destinations in 6to4 (2002::/16) and Teredo (2001::/32) space are judged where their traffic is
 * delivered: the 6to4 site's router (RFC 3056 §2) or the Teredo client's NAT (RFC 4380 §4, the
 * inverted last 32 bits). Before, both were "special-purpose, never looked up", so every such
 * flow was INCONCLUSIVE whatever it carried. End to end through the CLI with the real embedded
 * databases; a private 6to4 router stays unjudged (INCONCLUSIVE), as before.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { Ajv } from 'ajv';
import { main } from '../../src/cli/main.js';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { CORPUS_DIR, HAVE_CORPUS, HAVE_TSHARK, REPO } from '../support/corpus.js';
import { dnsConversation, LAN_RESOLVER6, scenarioDir, scenarioPcap, tlsConversation } from '../builders/scenario.js';
import { campaignDir } from '../builders/campaign.js';

const HOST = 'fd00::10';
const RU = '5.255.255.158'; // both databases say RU
const GB = '212.58.233.71'; // both say GB

/** The Teredo address of a client behind the NAT at `v4` (server 65.54.227.120, port 40000). */
function teredo(v4: string): string {
  const b = v4.split('.').map((x) => Number(x) ^ 0xff);
  const hex = (hi: number, lo: number) => ((hi << 8) | lo).toString(16);
  return `2001:0:4136:e378:8000:63bf:${hex(b[0]!, b[1]!)}:${hex(b[2]!, b[3]!)}`;
}
/** The first host of the 6to4 site whose router is `v4`. */
function sixToFour(v4: string): string {
  const b = v4.split('.').map(Number);
  const hex = (hi: number, lo: number) => ((hi << 8) | lo).toString(16);
  return `2002:${hex(b[0]!, b[1]!)}:${hex(b[2]!, b[3]!)}::1`;
}

interface Reason { code: string; effect: string; detail: string }
interface Report {
  verdict: { verdict: string; reasons: Reason[] };
  flows: { resp_h: string; verdict: string; verdict_reasons: Reason[]; location: { countries: string[] } }[];
  destinations: { ip: string; evidence: { looked_up_as?: string; special?: { name: string; delivered_to_ipv4?: string } } }[];
}

const { save } = scenarioDir('ev-transition-');

async function analyze(name: string, server: string): Promise<{ code: number; report: Report }> {
  const pcap = scenarioPcap([tlsConversation(HOST, server, 'files.example.net', { up: 5000, down: 800 })]);
  const r = await runCli(['analyze', '--reproducible', save(name, pcap)]);
  expect(r.stderr).toBe('');
  return { code: r.code, report: JSON.parse(r.stdout) as Report };
}

describe('6to4 and Teredo destinations are geolocated where their traffic is delivered', () => {
  it.each([
    { name: '6to4 site behind a router in RU', ip: sixToFour(RU), via: RU, verdict: 'FAIL', code: 1 },
    { name: '6to4 site behind a router in GB', ip: sixToFour(GB), via: GB, verdict: 'PASS', code: 0 },
    { name: 'Teredo client behind a NAT in RU', ip: teredo(RU), via: RU, verdict: 'FAIL', code: 1 },
    { name: 'Teredo client behind a NAT in GB', ip: teredo(GB), via: GB, verdict: 'PASS', code: 0 },
  ])('$name ($ip): $verdict', async ({ ip, via, verdict, code }) => {
    const { code: exit, report } = await analyze(`${ip.replace(/:/g, '-')}.pcap`, ip);
    expect(report.verdict.verdict).toBe(verdict);
    expect(exit).toBe(code);
    const flow = report.flows.find((f) => f.resp_h === ip)!;
    expect(flow.location.countries).toEqual([via === RU ? 'RU' : 'GB']);
    const dest = report.destinations.find((d) => d.ip === ip)!;
    expect(dest.evidence.looked_up_as).toBe(via);
    expect(dest.evidence.special?.delivered_to_ipv4).toBe(via);
    if (verdict === 'FAIL') expect(report.verdict.reasons.map((x) => x.code)).toEqual(['flow.denied_country']);
  });

  it('a 6to4 site behind a private router is not guessed at: INCONCLUSIVE', async () => {
    const { code, report } = await analyze('6to4-private.pcap', sixToFour('10.1.2.3'));
    expect(report.verdict.verdict).toBe('INCONCLUSIVE');
    expect(code).toBe(2);
    expect(report.destinations[0]!.evidence.looked_up_as).toBeUndefined();
  });
});

const TEREDO_FILE = 'zeek__tunnels__Teredo.pcap';

describe.skipIf(!HAVE_CORPUS || !HAVE_TSHARK)('a real Teredo capture, against tshark', () => {
  it(`${TEREDO_FILE}: each Teredo destination is looked up as the client address tshark decodes (ipv6.dst_tc_ipv4)`, async () => {
    const path = join(CORPUS_DIR, TEREDO_FILE);
    const t = spawnSync('tshark', ['-n', '-r', path, '-Y', 'ipv6.dst_tc_ipv4', '-T', 'fields', '-e', 'ipv6.dst', '-e', 'ipv6.dst_tc_ipv4'],
      { encoding: 'utf8', env: { ...process.env, WIRESHARK_CONFIG_DIR: '/nonexistent' } });
    // tshark lists one row per header; a tunnelled packet's innermost IPv6 destination is the last.
    const theirs = new Map(t.stdout.split('\n').filter((l) => l !== '').map((l) => {
      const [dsts = '', clients = ''] = l.split('\t');
      return [dsts.split(',').at(-1)!, clients.split(',').at(-1)!] as const;
    }));
    expect(theirs.size).toBeGreaterThan(0);
    const r = await runCli(['analyze', '--reproducible', path]);
    const report = JSON.parse(r.stdout) as Report;
    for (const [ip, client] of theirs) {
      const dest = report.destinations.find((d) => d.ip === ip);
      expect(dest, ip).toBeDefined();
      expect(dest!.evidence.looked_up_as).toBe(client);
      expect(dest!.evidence.special?.delivered_to_ipv4).toBe(client);
    }
  });
});

if (!(HAVE_CORPUS && HAVE_TSHARK)) {
  it.skip(`Teredo differential needs ../shared/corpus/real and tshark (corpus: ${HAVE_CORPUS}, tshark: ${HAVE_TSHARK})`, () => {});
}

/**
 * An IPv6-only network with NAT64 under a network-specific prefix (RFC 6052 §2.2): the DNS64
 * resolver answers for an IPv4-only name with prefix + IPv4, and the translator delivers the
 * traffic to that IPv4 address. The prefix here is in a GB operator's block (2a00:1098::/32), so
 * the flow's own address says GB whatever the real destination. Before, a host sending to RU
 * through it passed. The host learnt the prefix the standard way (RFC 7050: AAAA of
 * ipv4only.arpa), and so does the tool: the flow gets a request through the translator to the
 * IPv4 address inside, judged there.
 */
describe('NAT64 with a network-specific prefix, discovered from ipv4only.arpa', () => {
  const NSP = '2a00:1098:64::';
  /** NSP + the IPv4 address in the last 32 bits (hex: the packet builder reads no dotted tail). */
  const synth = (v4: string) => {
    const b = v4.split('.').map(Number);
    return `${NSP}${((b[0]! << 8) | b[1]!).toString(16)}:${((b[2]! << 8) | b[3]!).toString(16)}`;
  };
  const discovery = dnsConversation(HOST, LAN_RESOLVER6, 'ipv4only.arpa', [`${NSP}c000:aa`, `${NSP}c000:ab`]);
  interface NatReport extends Report {
    names: { nat64_prefixes?: { prefix: string; answer: string; frame: number; client: string; resolver: string }[] };
    flows: (Report['flows'][number] & { uid: string; proxied?: { uid: string; host: string; port: number; method: string; verdict: string }[] })[];
  }
  async function run(name: string, convs: Parameters<typeof scenarioPcap>[0]): Promise<{ code: number; report: NatReport }> {
    const r = await runCli(['analyze', '--reproducible', save(name, scenarioPcap(convs))]);
    expect(r.stderr).toBe('');
    return { code: r.code, report: JSON.parse(r.stdout) as NatReport };
  }
  const upload = (v4: string) => [dnsConversation(HOST, LAN_RESOLVER6, 'api.yandex.ru', [synth(v4)]), tlsConversation(HOST, synth(v4), 'api.yandex.ru', { up: 5000, down: 800 })];

  it('to RU through the translator: FAIL on the request to the IPv4 address inside (it passed before)', async () => {
    const { code, report } = await run('nat64-ru.pcap', [discovery, ...upload(RU)]);
    expect(report.verdict.verdict).toBe('FAIL');
    expect(code).toBe(1);
    expect(report.verdict.reasons.map((x) => x.code)).toEqual(['flow.denied_country']);
    expect(report.names.nat64_prefixes).toEqual([expect.objectContaining({ prefix: '2a00:1098:64::/96', answer: `${NSP}c000:aa`, client: HOST, resolver: LAN_RESOLVER6 })]);
    const flow = report.flows.find((f) => f.resp_h === synth(RU))!;
    expect(flow.location.countries).toEqual(['GB']); // the translator's own address, judged too
    expect(flow.verdict).toBe('PASS');
    expect(flow.proxied).toEqual([expect.objectContaining({ host: RU, port: 443, method: 'NAT64', verdict: 'FAIL' })]);
    const validate = new Ajv({ strict: true, allErrors: true }).compile(JSON.parse(readFileSync(join(REPO, 'geodata/schemas/report.schema.json'), 'utf8')) as object);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    const md = await runCli(['analyze', '--reproducible', '--format', 'md', save('nat64-ru.pcap', scenarioPcap([discovery, ...upload(RU)]))]);
    expect(md.stdout).toContain(`| FAIL | NAT64 via ${synth(RU)} port 443 | ${HOST} | ${RU} port 443 | api\\.yandex\\.ru | 5137 | flow\\.denied\\_country |`);
    expect(md.stdout).toContain(`NAT64 prefixes: 2a00:1098:64::/96 (the ipv4only.arpa answer ${NSP}c000:aa to ${HOST}, frame 2).`);
  });

  it('monitor alerts with the first payload segment, naming the request through the translator', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (c: Buffer) => (text += c.toString()));
    const pcap = scenarioPcap([discovery, ...upload(RU)]);
    const code = await main(['monitor'], { stdin: Readable.from([Buffer.from(pcap)]), stdout: out, stderr: new PassThrough(), stderrIsTTY: false, env: {} });
    const events = text.trim().split('\n').map((l) => JSON.parse(l) as { event_type: string; frame?: number; flow?: { uid: string; resp_h: string; via_proxy?: string }; verdict?: string });
    expect(code).toBe(1);
    const alerts = events.filter((e) => e.event_type === 'alert');
    expect(alerts.map((a) => [a.flow?.uid.charAt(0), a.flow?.resp_h, a.flow?.via_proxy])).toEqual([['P', RU, `[${synth(RU)}]:443 (NAT64 translator)`]]);
    // Frames: discovery query and answer (1-2), lookup (3-4), SYN, SYN-ACK, ACK (5-7), the ClientHello (8).
    expect(alerts[0]!.frame).toBe(8);
    expect(events.at(-1)).toMatchObject({ event_type: 'verdict', verdict: 'FAIL' });
  });

  it('to GB through the translator: PASS, the request judged in GB', async () => {
    const { code, report } = await run('nat64-gb.pcap', [discovery, ...upload(GB)]);
    expect(report.verdict.verdict).toBe('PASS');
    expect(code).toBe(0);
    expect(report.flows.flatMap((f) => f.proxied ?? [])).toEqual([expect.objectContaining({ host: GB, method: 'NAT64', verdict: 'PASS' })]);
  });

  it('without the discovery answer the prefix is unknown: the flow is judged by its own address only', async () => {
    const { report } = await run('nat64-undiscovered.pcap', upload(RU));
    expect(report.names.nat64_prefixes).toBeUndefined();
    expect(report.flows.flatMap((f) => f.proxied ?? [])).toEqual([]);
  });

  it('--nat64-prefix gives a prefix the capture does not show: FAIL, the prefix listed as the user\'s; reproduce re-applies it', async () => {
    const file = save('nat64-option.pcap', scenarioPcap(upload(RU)));
    const r = await runCli(['analyze', '--reproducible', '--nat64-prefix', '2A00:1098:64:0::/96', file]);
    expect([r.code, r.stderr]).toEqual([1, '']);
    const report = JSON.parse(r.stdout) as NatReport;
    expect(report.names.nat64_prefixes).toEqual([{ prefix: '2a00:1098:64::/96', source: 'option' }]);
    expect(report.flows.flatMap((f) => f.proxied ?? [])).toEqual([expect.objectContaining({ host: RU, method: 'NAT64', verdict: 'FAIL' })]);
    const rep = save('nat64-option.json', r.stdout);
    const again = await runCli(['reproduce', rep, '--capture', file]);
    expect([again.code, again.stderr]).toEqual([0, '']);
    expect(again.stdout).toMatch(/byte-identical to the re-run/);
  });

  it('a campaign run gives the prefix with nat64_prefixes: FAIL; the same capture without it passes', async () => {
    const c = campaignDir('ev-nat64-campaign-');
    try {
      c.copy(save('nat64-campaign.pcap', scenarioPcap(upload(RU))), 'caps/nat64.pcap');
      const m = c.manifest({ version: 1, runs: [
        { id: 'given', captures: ['caps/nat64.pcap'], nat64_prefixes: ['2a00:1098:64::/96'], expect: 'FAIL' },
        { id: 'unknown', captures: ['caps/nat64.pcap'], expect: 'PASS' },
      ] });
      const r = await runCli(['campaign', m, '--out', join(c.dir, 'out'), '--quiet']);
      expect([r.code, r.stderr]).toEqual([0, '']);
      const given = JSON.parse(readFileSync(join(c.dir, 'out/runs/given/report.json'), 'utf8')) as NatReport;
      expect(given.names.nat64_prefixes).toEqual([{ prefix: '2a00:1098:64::/96', source: 'option' }]);
    } finally {
      c.remove();
    }
  });

  it.each([
    ['no length', '2001:db8:64::'],
    ['a length RFC 6052 does not define', '2001:db8:64::/80'],
    ['bits after the length', '2001:db8:64::1/96'],
    ['an IPv4 prefix', '192.0.2.0/24'],
  ])('--nat64-prefix with %s is a usage error (exit 64)', async (_, value) => {
    const r = await runCli(['analyze', '--nat64-prefix', value, 'x.pcap']);
    expect(r.code).toBe(64);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`--nat64-prefix '${value}'`);
  });

  it('the well-known prefix needs no discovery and makes no request: the flow itself is looked up as the IPv4 address', async () => {
    const wkp = '64:ff9b::5ff:ff9e';
    const { report } = await run('nat64-wkp.pcap', [dnsConversation(HOST, LAN_RESOLVER6, 'ipv4only.arpa', ['64:ff9b::c000:aa']), tlsConversation(HOST, wkp, 'api.yandex.ru', { up: 5000 })]);
    expect(report.verdict.verdict).toBe('FAIL');
    expect(report.names.nat64_prefixes).toBeUndefined();
    expect(report.flows.flatMap((f) => f.proxied ?? [])).toEqual([]);
  });
});
