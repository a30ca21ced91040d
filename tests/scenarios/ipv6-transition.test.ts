/**
 * Destinations in 6to4 (2002::/16) and Teredo (2001::/32) space are judged where their traffic is
 * delivered: the 6to4 site's router (RFC 3056 §2) or the Teredo client's NAT (RFC 4380 §4, the
 * inverted last 32 bits). Before, both were "special-purpose, never looked up", so every such
 * flow was INCONCLUSIVE whatever it carried. End to end through the CLI with the real embedded
 * databases; a private 6to4 router stays unjudged (INCONCLUSIVE), as before.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { CORPUS_DIR, HAVE_CORPUS, HAVE_TSHARK } from '../support/corpus.js';
import { scenarioDir, scenarioPcap, tlsConversation } from '../builders/scenario.js';

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
