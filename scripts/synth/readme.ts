/**
 * captures/README.md: an index of every capture with the command, policy, expected verdict and
 * reason codes, then one section per capture. Scenario sections are rendered from the Scenario
 * description itself, so the README cannot drift from what the generator wrote.
 * @module synth/readme
 */
import { formatIp, parseIp } from './hosts.js';
import { VERDICT_EXIT_CODE, analyzeCommand, policyId, type Scenario, type ScenarioExpectation, type ScenarioSession } from './scenario.js';
import type { ScenarioSummary } from './scenario-run.js';

/** One line of the index: a capture judged by one policy. */
export interface IndexRow {
  readonly file: string;
  /** A few words on what the capture contains. */
  readonly contains: string;
  readonly packets: number;
  readonly expectation: ScenarioExpectation;
  /** Golden report file(s) under tests/golden/. */
  readonly golden: string;
}

const codes = (list: readonly string[]): string => (list.length === 0 ? '-' : list.map((c) => `\`${c}\``).join(', '));

function indexRow(r: IndexRow): string {
  const e = r.expectation;
  const verdict = `**${e.verdict}** (exit ${VERDICT_EXIT_CODE[e.verdict]})`;
  return `| ${r.file} | ${r.contains} | ${r.packets} | \`${policyId(e.policy)}\` | \`${analyzeCommand(r.file, e.policy)}\` | ${verdict} | ${codes(e.reasons)} | ${codes(e.warnings)} | ${r.golden} |`;
}

/** The index table of every capture and policy. */
export function indexSection(rows: readonly IndexRow[]): string[] {
  return [
    '## Index',
    '',
    'Each capture, the policy it is judged by, the command, and the verdict the tool must give. Reason codes are the',
    'report\'s `verdict.reasons` (fail or inconclusive effect); warnings are `verdict.warnings`. `tests/golden/golden.test.ts`',
    'runs each line with `--reproducible`, asserts the exit code and the codes, and compares the JSON report with the golden',
    'file byte for byte (`UPDATE_GOLDEN=1 npx vitest run tests/golden` regenerates them; review the diff).',
    '',
    '| capture | contains | packets | policy | command | expected verdict | reason codes | warnings | golden (tests/golden/) |',
    '|---|---|---:|---|---|---|---|---|---|',
    ...rows.map(indexRow),
    '',
  ];
}

const KIND = { https: 'TLS/TCP', http: 'HTTP/TCP', quic: 'QUIC/UDP' } as const;
const sum = (a: readonly number[]): number => a.reduce((x, y) => x + y, 0);

function client(sc: Scenario, s: ScenarioSession, peer: string): string {
  const h = sc.hosts.find((x) => x.id === s.host);
  if (h === undefined) return s.host;
  return peer.includes(':') ? (h.ip6 ?? '?') : h.ip4;
}

function sessionRow(sc: Scenario, s: ScenarioSession, i: number): string {
  const server = formatIp(parseIp(s.server));
  const start = (s.atMs / 1000).toFixed(1);
  if (s.kind === 'dns') {
    const r = s.dns?.resolver ?? '?';
    return `| ${i + 1} | ${start} | ${client(sc, s, r)} | ${r} | DNS/UDP/53 | ${s.name} | answer ${server} | ${s.location} | - | - | ${s.purpose} |`;
  }
  const port = s.port ?? (s.kind === 'http' ? 80 : 443);
  const dns = s.dns === null ? '- (cached)' : `${client(sc, s, s.dns.resolver)} → ${s.dns.resolver}${s.dns.cname === undefined ? '' : ` (CNAME ${s.dns.cname})`}`;
  return `| ${i + 1} | ${start} | ${client(sc, s, s.server)} | ${server} | ${KIND[s.kind]}/${port} | ${s.name} | ${dns} | ${s.location} | ${sum(s.up)} | ${sum(s.down)} | ${s.purpose} |`;
}

function expectationLine(e: ScenarioExpectation): string {
  const rc = e.reasons.length === 0 ? '' : `, reasons ${codes(e.reasons)}`;
  const w = e.warnings.length === 0 ? '' : `, warnings ${codes(e.warnings)}`;
  return `- \`${policyId(e.policy)}\` (\`${e.policy}\`): **${e.verdict}**${rc}${w}. ${e.why}`;
}

/** The section of one scenario capture. */
export function scenarioSection(sc: Scenario, s: ScenarioSummary): string[] {
  const hosts = sc.hosts.map((h) => `${h.ip4}${h.ip6 === undefined ? '' : ` / ${h.ip6}`} (MAC ${h.mac})`).join('; ');
  return [
    `## ${sc.file}`,
    '',
    `${sc.title}. ${sc.summary}`,
    '',
    `pcapng (one Ethernet interface, µs timestamps), ${s.packets} packets, ${s.bytes} bytes, starting ${new Date(s.firstUs / 1000).toISOString()},`,
    `${((s.lastUs - s.firstUs) / 1e6).toFixed(1)} s long, from \`scripts/synth/av-scenarios.ts\` (seed ${sc.seed}). Host: ${hosts}.`,
    '',
    'Location is what the embedded databases said when the scenario was written (`npm run --silent cli -- geo ADDRESS`).',
    'Bytes are application payload per direction (up = host to server), summed over rounds.',
    '',
    '| # | start s | client | server | protocol/port | name (SNI / QNAME) | DNS (client → resolver) | location (databases) | up B | down B | purpose |',
    '|---:|---:|---|---|---|---|---|---|---:|---:|---|',
    ...[...sc.sessions].sort((a, b) => a.atMs - b.atMs).map((x, i) => sessionRow(sc, x, i)),
    '',
    'Expected verdicts:',
    '',
    ...sc.expectations.map(expectationLine),
    '',
  ];
}

/** The whole README: title, index, then the given sections in order. */
export function capturesReadme(rows: readonly IndexRow[], sections: readonly (readonly string[])[]): string {
  return [
    '# Demo captures',
    '',
    'Generated by `npm run demo:captures` (`scripts/make-demo-captures.ts`, synthesizer in `scripts/synth/`).',
    'Synthetic and deterministic: rerunning writes the same bytes (`tests/scripts/synth.test.ts` checks it). Do not edit',
    'by hand. The scenario captures (`av-*.pcapng`) are generated from typed descriptions in `scripts/synth/av-scenarios.ts`',
    '(hosts, DNS lookups, HTTPS/QUIC sessions with names and byte counts, expected verdicts); this file is rendered from them.',
    'They are dated July 2026, after the embedded databases were built (June 2026).',
    '',
    ...indexSection(rows),
    ...sections.flat(),
  ].join('\n');
}
