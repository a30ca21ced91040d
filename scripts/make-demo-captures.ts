/**
 * Writes captures/demo.pcapng, the scenario captures (captures/av-*.pcapng, from the descriptions
 * in scripts/synth/av-scenarios.ts) and captures/README.md (run by `npm run demo:captures`; the
 * output is committed). Deterministic: the same code always writes the same bytes.
 * @module scripts/make-demo-captures
 */
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AV_SCENARIOS, DEFAULT_POLICY, capturesReadme, goldenName, scenarioSection, synthesizeFiles, synthesizeScenario,
  type IndexRow, type ScenarioExpectation, type SessionInfo, type TrafficProfile, type TrafficSummary,
} from './synth/index.js';

/** The demo's traffic: a small office of 5 hosts (2 dual-stack), 24 sessions, small flows. */
export const DEMO_PROFILE: Partial<TrafficProfile> = {
  seed: 7,
  targetBytes: 2_000_000,
  maxSessions: 24,
  clients: 5,
  dualStackClients: 2,
  destinations: 60,
  meanInterarrivalUs: 400_000,
  flowMedianBytes: 1_500,
  flowSigma: 1,
  flowCapBytes: 12_000,
};

const KIND: Record<SessionInfo['kind'], string> = { tls: 'TLS', http: 'HTTP/1.1', quic: 'QUIC', tcp: 'TCP' };

function row(s: SessionInfo, i: number): string {
  const dns = s.dnsServer === null ? '-' : `${s.dnsServer}${s.cname === null ? '' : ` (CNAME ${s.cname})`}`;
  const up = s.kind === 'http' ? 'GET' : String(s.upBytes);
  return `| ${i + 1} | ${s.client} | ${s.server} | ${KIND[s.kind]}/${s.serverPort} | ${s.name} | ${dns} | ${s.country} | ${s.org} | ${up} | ${s.downBytes} |`;
}

/** The verdict the default policy gives on demo.pcapng (asserted by tests/golden). */
export const DEMO_EXPECTATION: ScenarioExpectation = {
  policy: DEFAULT_POLICY,
  verdict: 'FAIL',
  reasons: ['dns.query_to_disallowed_resolver', 'flow.denied_country'],
  warnings: ['name.other_flag', 'name.sni_not_in_dns'],
  why: 'Hosts send payload to Yandex and VK (Mail.ru) addresses located in RU, and one lookup goes to 77.88.8.8 (RU).',
};

/** The README section of the demo capture. */
export function demoSection(file: string, s: TrafficSummary): string[] {
  const hosts = [...new Set(s.log.map((x) => x.client))].sort();
  const countries = [...new Set(s.log.map((x) => x.country))].sort();
  const start = new Date(s.firstUs / 1000).toISOString();
  return [
    `## ${file}`,
    '',
    `pcapng (one section, one Ethernet interface, µs timestamps), ${s.packets} packets, ${s.sessions} sessions,`,
    `starting ${start}, ${((s.lastUs - s.firstUs) / 1e6).toFixed(1)} s long.`,
    '',
    `LAN client addresses (${hosts.length}; dual-stack hosts appear with both): ${hosts.join(', ')}.`,
    'Gateway and DNS resolver 192.168.1.1 / 2001:db8:1:1::1 (IPv6 LAN addresses use the documentation prefix',
    '2001:db8:1:1::/64). Some lookups go to public resolvers (8.8.8.8, 1.1.1.1, 77.88.8.8, 2001:4860:4860::8888).',
    '',
    'Protocols: DNS A/AAAA over UDP/53 before most connections (some through a CNAME), TLS 1.3 on TCP/443',
    '(ClientHello with SNI and ALPN, ServerHello, records), HTTP/1.1 GET on TCP/80 with Host, QUIC v1 on',
    'UDP/443 (Initial packets really protected per RFC 9001, so the SNI is recoverable), opaque TCP on other ports.',
    'Valid IPv4/TCP/UDP checksums, consistent sequence numbers, no VLAN tags, fragments or retransmissions.',
    '',
    `Countries (labels of scripts/synth/destinations.tsv, indicative only; verdicts must come from geodata): ${countries.join(', ')}.`,
    '',
    'Bytes are the planned application payload per direction after the handshake (up = client to server;',
    'HTTP up is one GET head per round). DNS via `-` means the connection had no lookup in the capture.',
    '',
    '| # | client | server | protocol/port | name (SNI/Host/QNAME) | DNS via | country (indicative) | network | up B | down B |',
    '|---:|---|---|---|---|---|---|---|---:|---:|',
    ...s.log.map(row),
    '',
    'Expected verdict:',
    '',
    `- \`deny-ru-by\`: **${DEMO_EXPECTATION.verdict}**. ${DEMO_EXPECTATION.why}`,
    '',
  ];
}

/** Writes every capture into `dir` and returns the README text (not written) and the sizes. */
export async function writeCaptures(dir: string): Promise<{ readme: string; files: { file: string; packets: number; bytes: number }[] }> {
  const demo = await synthesizeFiles([{ path: resolve(dir, 'demo.pcapng'), format: 'pcapng' }], DEMO_PROFILE, true);
  const files = [{ file: 'demo.pcapng', packets: demo.packets, bytes: demo.bytes }];
  const rows: IndexRow[] = [{
    file: 'demo.pcapng', contains: 'small office: 5 hosts, 24 sessions to BR, CN, DE, GB, NL, RU, US', packets: demo.packets,
    expectation: DEMO_EXPECTATION, golden: 'demo.json, demo.conn.log, demo.csv',
  }];
  const sections: string[][] = [demoSection('demo.pcapng', demo)];
  for (const sc of AV_SCENARIOS) {
    const s = await synthesizeScenario(resolve(dir, sc.file), sc);
    files.push({ file: sc.file, packets: s.packets, bytes: s.bytes });
    for (const e of sc.expectations) {
      rows.push({ file: sc.file, contains: sc.title, packets: s.packets, expectation: e, golden: goldenName(sc.file, e.policy) });
    }
    sections.push(scenarioSection(sc, s));
  }
  return { readme: capturesReadme(rows, sections), files };
}

async function main(): Promise<void> {
  const dir = resolve(dirname(fileURLToPath(import.meta.url)), '../captures');
  const { readme, files } = await writeCaptures(dir);
  writeFileSync(resolve(dir, 'README.md'), readme);
  for (const f of files) process.stdout.write(`captures/${f.file}: ${f.packets} packets, ${f.bytes} bytes\n`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
