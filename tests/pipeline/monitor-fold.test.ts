/**
 * Monitor mode past its FAIL budget: a flow alerted at its first payload and then folded (only
 * counted) is still judged at its end for the record, so its destination and the verdict's counts
 * and reasons include it. Before, an alerted flow reached the fold with no judgement at all: its
 * destination's flow count and the verdict's FAIL count missed it.
 *
 * Servers (embedded databases): 77.88.8.8 RU (denied by the default policy), 8.8.8.8 US,
 * 77.88.8.1 RU as a DNS resolver. Host 10.0.0.1.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/core/index.js';
import { loadJudgementSetup } from '../../src/cli/judged-run.js';
import { AnalysisRun, assessForReport, LiveMonitor, type LiveAlert } from '../../src/pipeline/index.js';
import { LiveJudge } from '../../src/policy/index.js';
import type { Analysis } from '../../src/report/index.js';
import { frame } from '../builders/packets.js';
import { dnsConversation, scenarioFrames, tlsConversation, type Conversation } from '../builders/scenario.js';

const HOST = '10.0.0.1';
const RU = '77.88.8.8';

const CONVS: readonly Conversation[] = [
  tlsConversation(HOST, RU, 'a.ru.example'),
  tlsConversation(HOST, '8.8.8.8', 'us.example'),
  tlsConversation(HOST, RU, 'b.ru.example'),
  dnsConversation(HOST, '77.88.8.1', 'q1.example', ['8.8.8.8']),
  tlsConversation(HOST, RU, 'c.ru.example'),
  dnsConversation(HOST, '77.88.8.1', 'q2.example', ['8.8.8.8']),
  tlsConversation(HOST, RU, 'd.ru.example'),
];

async function monitor(maxKeptFlows: number, maxKeptFail: number): Promise<{ a: Analysis; alerts: LiveAlert[]; setup: Awaited<ReturnType<typeof loadJudgementSetup>> }> {
  const setup = await loadJudgementSetup({ policy: undefined, geoip: [], embeddedGeo: true, geoOverrides: [] });
  const alerts: LiveAlert[] = [];
  const live = new LiveMonitor(new LiveJudge(setup.policy), setup.geo.geolocator, (x) => alerts.push(x), maxKeptFlows, maxKeptFlows, maxKeptFlows, maxKeptFail);
  const r = new AnalysisRun({ limits: DEFAULT_LIMITS, tool: { name: 't', version: '0' }, live: live.hooks() });
  scenarioFrames(CONVS).forEach((f, i) => r.onFrame(frame(f.data, { frame: i + 1, tsNs: f.tsNs })));
  return { a: r.finish([]), alerts, setup };
}

describe('monitor past its FAIL budget', () => {
  // The first row keeps everything; the others must give the same judgements from what they folded.
  it.each([
    { budget: 'every record kept', maxKeptFlows: Number.POSITIVE_INFINITY, maxKeptFail: 100 },
    { budget: 'nothing but one FAIL flow kept', maxKeptFlows: 0, maxKeptFail: 1 },
    { budget: 'nothing kept', maxKeptFlows: 0, maxKeptFail: 0 },
  ])('$budget: every alerted flow counted in its destination, the verdict counts and reasons', async ({ maxKeptFlows, maxKeptFail }) => {
    const { a, alerts, setup } = await monitor(maxKeptFlows, maxKeptFail);
    // The four RU flows and the two lookups' flows to the RU resolver alert at their first payload
    // (the lookups themselves then raise no second alert).
    expect(alerts.map((x) => x.when)).toEqual(Array(6).fill('first-payload'));
    const j = assessForReport(a, setup.policy, setup.geo.geolocator).assessment;
    expect(j.verdict).toBe('FAIL');
    expect(j.counts).toEqual({ flows: 7, counted: 7, ignored: 0, pass: 1, fail: 6, inconclusive: 0, destinations: 3, dnsQueries: 2 });
    expect(j.reasons.map((r) => [r.code, r.count])).toEqual([['dns.query_to_disallowed_resolver', 2], ['flow.denied_country', 6]]);
    expect(j.destinations.map((d) => [d.ip, d.flows, d.dnsQueries, d.verdict])).toEqual([
      ['8.8.8.8', 1, 0, 'PASS'], ['77.88.8.1', 2, 2, 'FAIL'], ['77.88.8.8', 4, 0, 'FAIL'],
    ]);
    // Listed or counted, every flow and every lookup once.
    const f = a.flowStats.folded!;
    expect(a.flows.length + f.pass + f.ignored + f.inconclusive + f.fail).toBe(CONVS.length);
    const d = a.dnsFolded!;
    expect(a.dns.length + d.pass + d.ignored + d.inconclusive + d.fail).toBe(2);
  });
});
