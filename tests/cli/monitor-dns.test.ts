/**
 * `monitor --max-report-dns`: DNS transactions beyond the limit are judged as they complete and
 * only counted (names.dns_folded), violating ones are kept (up to a budget), and the verdict is the one
 * `analyze` gives on the same capture, with the same violating DNS rows; the folded counts are
 * exactly the rows analyze has and monitor does not. A violating query raises a live alert of
 * its own (`raised: "dns"`) unless the flow carrying it already alerted.
 *
 * Resolvers (embedded databases, checked with `egress-verify geo`): 8.8.8.8 US, 77.88.8.8 RU,
 * 104.21.190.18 disputed US/CA; 192.168.1.1 is the LAN resolver (not judged). Host 10.0.0.1.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { REPO } from '../support/corpus.js';
import { dnsConversation, LAN_RESOLVER, scenarioDir, scenarioPcap, type Conversation } from '../builders/scenario.js';
import { runCli } from './run-cli.js';

const HOST = '10.0.0.1';
const US = '8.8.8.8';
const RU = '77.88.8.8';
const DISPUTED = '104.21.190.18';

const { dir, save } = scenarioDir('ev-monitor-dns-');
const policy = (id: string, body: string): string => save(`${id}.yaml`, `version: 1\nid: ${id}\nmode: denylist\n${body}`);
/** RU and CA denied: the disputed US/CA resolver is INCONCLUSIVE, the US one PASS, the RU one FAIL. */
const DENY_RU_CA = policy('deny-ru-ca', 'rules:\n  - id: ru-ca\n    action: deny\n    countries: [RU, CA]\n');
/** RU denied above 1000 bytes: a DNS flow passes, the query in it is still a violation. */
const RU_THRESHOLD = policy('ru-threshold', 'rules:\n  - id: ru\n    action: deny\n    countries: [RU]\nthresholds:\n  payload_bytes: 1000\n');
const validate = new Ajv({ strict: true, allErrors: true }).compile(JSON.parse(readFileSync(join(REPO, 'geodata/schemas/report.schema.json'), 'utf8')) as object);

/** 60 lookups: every 15th to RU, every 10th (from the 4th) to the disputed resolver, every 7th (from the 6th) to the LAN, every 11th (from the 9th) unanswered. */
function lookups(o: { ru: boolean; disputed: boolean }): Conversation[] {
  return Array.from({ length: 60 }, (_, i) => {
    const name = `q${i}.example`;
    if (o.ru && i % 15 === 14) return dnsConversation(HOST, RU, name, ['93.184.216.34']);
    if (o.disputed && i % 10 === 3) return dnsConversation(HOST, DISPUTED, name, ['93.184.216.34']);
    if (i % 7 === 5) return dnsConversation(HOST, LAN_RESOLVER, name, ['93.184.216.34']);
    if (i % 11 === 8) return dnsConversation(HOST, US, name, [], { answers: null });
    return dnsConversation(HOST, US, name, ['93.184.216.34']);
  });
}

interface DnsRow { query: string; resolver: string; verdict: string | null; [k: string]: unknown }
interface Report { verdict: { verdict: string; counts: { dns_queries: number } }; dns: DnsRow[]; names: { dns_folded?: Record<'pass' | 'ignored' | 'inconclusive', number> }; flows: unknown[] }
interface Event { event_type: string; raised?: string; [k: string]: unknown }

async function analyze(cap: string, pol: string): Promise<{ code: number; report: Report }> {
  const r = await runCli(['analyze', '--reproducible', '--policy', pol, cap]);
  return { code: r.code, report: JSON.parse(r.stdout) as Report };
}

async function monitor(cap: string, pol: string, extra: readonly string[] = []): Promise<{ code: number; report: Report; raw: unknown; events: Event[] }> {
  const out = join(dir, `monitor-${Math.random().toString(36).slice(2)}.json`);
  const r = await runCli(['monitor', '--reproducible', '--policy', pol, '--out', out, ...extra], readFileSync(cap));
  const raw = JSON.parse(readFileSync(out, 'utf8')) as unknown;
  return { code: r.code, report: raw as Report, raw, events: r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Event) };
}

const count = (rows: readonly DnsRow[], v: string | null): number => rows.filter((t) => t.verdict === v).length;

describe('monitor --max-report-dns', () => {
  it.each([
    { name: 'violating queries among many: FAIL both ways', o: { ru: true, disputed: true }, verdict: 'FAIL', code: 1 },
    { name: 'unknown resolver locations: INCONCLUSIVE both ways', o: { ru: false, disputed: true }, verdict: 'INCONCLUSIVE', code: 2 },
    { name: 'permitted resolvers only: PASS both ways', o: { ru: false, disputed: false }, verdict: 'PASS', code: 0 },
  ])('$name; the folded counts are the rows analyze has and monitor has not', async ({ o, verdict, code }) => {
    const cap = save(`lookups-${o.ru}-${o.disputed}.pcap`, scenarioPcap(lookups(o)));
    const a = await analyze(cap, DENY_RU_CA);
    const m = await monitor(cap, DENY_RU_CA, ['--max-report-dns', '5']);
    expect([a.code, a.report.verdict.verdict]).toEqual([code, verdict]);
    expect([m.code, m.report.verdict.verdict]).toEqual([code, verdict]);
    expect(a.report.dns).toHaveLength(60);
    // The violating rows are all kept, byte for byte; every kept row is analyze's.
    expect(m.report.dns.filter((t) => t.verdict === 'FAIL')).toEqual(a.report.dns.filter((t) => t.verdict === 'FAIL'));
    expect(count(a.report.dns, 'FAIL')).toBe(o.ru ? 4 : 0);
    for (const row of m.report.dns) expect(a.report.dns).toContainEqual(row);
    const f = m.report.names.dns_folded!;
    expect(f.pass + f.ignored + f.inconclusive).toBe(a.report.dns.length - m.report.dns.length);
    expect(f).toEqual({
      pass: count(a.report.dns, 'PASS') - count(m.report.dns, 'PASS'),
      ignored: count(a.report.dns, null) - count(m.report.dns, null),
      inconclusive: count(a.report.dns, 'INCONCLUSIVE') - count(m.report.dns, 'INCONCLUSIVE'),
    });
    expect(f.pass).toBeGreaterThan(0);
    expect(f.ignored).toBeGreaterThan(0); // LAN resolver lookups
    // Kept: 5 of any kind, then FAIL ones, then INCONCLUSIVE ones up to 5 in all.
    expect(count(m.report.dns, 'INCONCLUSIVE')).toBe(o.disputed ? 5 : 0);
    expect(f.inconclusive).toBe(o.disputed ? 1 : 0);
    expect(m.report.dns.length).toBe(5 + count(m.report.dns, 'FAIL') + count(m.report.dns.slice(5), 'INCONCLUSIVE'));
    // Flows are not folded (their own limit), and the report is still a valid one.
    expect(m.report.flows).toEqual(a.report.flows);
    expect(validate(m.raw), JSON.stringify(validate.errors)).toBe(true);
    expect('dns_folded' in a.report.names).toBe(false);
  });

  it('defaults to --max-report-flows: nothing folded below it, the report is analyze\'s', async () => {
    const cap = save('lookups-default.pcap', scenarioPcap(lookups({ ru: true, disputed: true })));
    const a = await analyze(cap, DENY_RU_CA);
    const m = await monitor(cap, DENY_RU_CA, ['--max-report-flows', '60']);
    expect(m.report.dns).toEqual(a.report.dns);
    expect(m.report.names.dns_folded).toBeUndefined();
    const m2 = await monitor(cap, DENY_RU_CA, ['--max-report-flows', '59']);
    expect(m2.report.names.dns_folded).toEqual({ pass: 1, ignored: 0, inconclusive: 0 });
  });

  it.each(['0', 'x', '1.5'])('--max-report-dns %s is a usage error', async (n) => {
    const r = await runCli(['monitor', '--max-report-dns', n]);
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/--max-report-dns needs a positive integer/);
  });
});

describe('monitor: live alerts for DNS queries to disallowed resolvers', () => {
  const cap = save('ru-lookups.pcap', scenarioPcap(lookups({ ru: true, disputed: false })));

  it('with a payload threshold the DNS flows pass, so each violating query raises its own alert', async () => {
    const m = await monitor(cap, RU_THRESHOLD, ['--max-report-dns', '5']);
    expect(m.code).toBe(1);
    const alerts = m.events.filter((e) => e.event_type === 'alert');
    expect(alerts.map((e) => e.raised)).toEqual(['dns', 'dns', 'dns', 'dns']);
    expect(alerts.map((e) => (e['dns'] as { query: string }).query)).toEqual(['q14.example', 'q29.example', 'q44.example', 'q59.example']);
    const first = alerts[0]!;
    expect(first).toMatchObject({
      verdict: 'FAIL', rules: ['ru'], location: null,
      flow: { uid: null, proto: 'udp', orig_h: HOST, orig_p: 50014, resp_h: RU, resp_p: 53 },
      dns: { id: 0x1000 + 14, qtype: 'A', rcode: 'NOERROR', response_frame: (first['dns'] as { query_frame: number }).query_frame + 1 },
    });
    expect(String((first['flow'] as { community_id: string }).community_id)).toMatch(/^1:/);
    expect((first['reasons'] as { code: string }[]).map((r) => r.code)).toContain('dns.query_to_disallowed_resolver');
    expect(first['frame']).toBe((first['dns'] as { response_frame: number }).response_frame);
    expect(m.events.at(-1)).toMatchObject({ event_type: 'verdict', verdict: 'FAIL' });
  });

  it('without a threshold the flow carrying the query alerts, and the query is not alerted a second time', async () => {
    const m = await monitor(cap, DENY_RU_CA);
    const alerts = m.events.filter((e) => e.event_type === 'alert');
    expect(alerts.map((e) => [e.raised, (e['flow'] as { resp_h: string }).resp_h])).toEqual([RU, RU, RU, RU].map((ip) => ['first-payload', ip]));
  });
});

describe('monitor: a query for a denied domain through the LAN resolver alerts (dns.query_for_denied_domain)', () => {
  const DENY_NAMES = policy('deny-names', 'rules:\n  - id: ru-names\n    action: deny\n    domains: ["*.example.ru"]\n');
  const cap = save('denied-name.pcap', scenarioPcap([
    dnsConversation(HOST, LAN_RESOLVER, 'www.example.com', ['93.184.216.34']),
    dnsConversation(HOST, LAN_RESOLVER, 'k4pzq2a.telemetry.example.ru', [], { answers: null }),
  ]));

  it('one alert, raised by the query, with the rule and the name; the verdict and the report are analyze\'s', async () => {
    const m = await monitor(cap, DENY_NAMES);
    const a = await analyze(cap, DENY_NAMES);
    expect(m.code).toBe(1);
    expect(a.code).toBe(1);
    const alerts = m.events.filter((e) => e.event_type === 'alert');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ raised: 'dns', verdict: 'FAIL', rules: ['ru-names'], dns: { query: 'k4pzq2a.telemetry.example.ru' }, flow: { resp_h: LAN_RESOLVER, resp_p: 53 } });
    expect((alerts[0]!['reasons'] as { code: string }[]).map((r) => r.code)).toContain('dns.query_for_denied_domain');
    expect(m.report.dns.find((t) => t.query === 'k4pzq2a.telemetry.example.ru')!.verdict).toBe('FAIL');
    expect(m.report.dns.find((t) => t.query === 'www.example.com')!.verdict).toBeNull();
    expect(m.report.verdict).toEqual(a.report.verdict);
    expect(validate(m.raw)).toBe(true);
  });
});
