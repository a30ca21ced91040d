/**
 * Monitor mode's DNS folding, at the pipeline: each DNS transaction reaches the live hook once,
 * when it completes (its response seen, or its flow ended with the query unanswered), before its
 * flow's uid is known; a transaction the hook folds is counted by its verdict and not kept, a
 * kept one gets its flow's uid as before; the hook sees transactions beyond the cap too. Without
 * live hooks (analyze) nothing is folded and `dnsFolded` is absent.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, withLimits, type Limits } from '../../src/core/index.js';
import { AnalysisRun, type LiveHooks } from '../../src/pipeline/index.js';
import type { DnsTransaction } from '../../src/names/index.js';
import type { Analysis } from '../../src/report/index.js';
import { frame } from '../builders/packets.js';
import { dnsConversation, scenarioFrames, type Conversation } from '../builders/scenario.js';

const HOST = '10.0.0.1';
const US = '8.8.8.8';

/** What the hook saw of one transaction when it was called. */
interface Seen { readonly query: string; readonly flowUid: string; readonly answered: boolean; readonly framesRead: number }

/** Runs the conversations through an AnalysisRun whose DNS hook answers with `judge(query)`. */
function run(convs: readonly Conversation[], judge: ((query: string) => { keep: boolean; verdict: string }) | null, limits: Limits = DEFAULT_LIMITS): { a: Analysis; seen: Seen[] } {
  const seen: Seen[] = [];
  let r: AnalysisRun | null = null;
  const live: LiveHooks | undefined = judge === null ? undefined : {
    onFirstPayload: () => undefined,
    onFinished: () => ({ keep: true, verdict: 'PASS' }),
    onDnsTransaction: (t: DnsTransaction) => {
      seen.push({ query: t.query, flowUid: t.flowUid, answered: t.responseFrame !== null, framesRead: r!.coverage.framesRead });
      return judge(t.query);
    },
  };
  r = new AnalysisRun({ limits, tool: { name: 't', version: '0' }, ...(live === undefined ? {} : { live }) });
  scenarioFrames(convs).forEach((f, i) => r!.onFrame(frame(f.data, { frame: i + 1, tsNs: f.tsNs })));
  return { a: r.finish([]), seen };
}

const CONVS: readonly Conversation[] = [
  dnsConversation(HOST, US, 'a.example', ['93.184.216.34']), // frames 1-2
  dnsConversation(HOST, US, 'b.example', ['93.184.216.35']), // frames 3-4
  dnsConversation(HOST, US, 'lost.example', [], { answers: null }), // frame 5, unanswered
  dnsConversation(HOST, US, 'c.example', ['93.184.216.36']), // frames 6-7
];

/** a: kept PASS, b: folded PASS, lost: folded INCONCLUSIVE, c: folded IGNORED. */
const VERDICTS: Readonly<Record<string, { keep: boolean; verdict: string }>> = {
  'a.example': { keep: true, verdict: 'PASS' },
  'b.example': { keep: false, verdict: 'PASS' },
  'lost.example': { keep: false, verdict: 'INCONCLUSIVE' },
  'c.example': { keep: false, verdict: 'IGNORED' },
};

describe('DNS transactions in monitor mode', () => {
  it('reach the hook once each, answered ones at their response, unanswered ones when their flow ends, uid not yet known', () => {
    const { seen } = run(CONVS, (q) => VERDICTS[q]!);
    expect(seen.every((s) => s.flowUid === '')).toBe(true);
    const at = (q: string): Seen => seen.find((s) => s.query === q)!;
    expect(at('a.example')).toMatchObject({ answered: true, framesRead: 2 });
    expect(at('c.example')).toMatchObject({ answered: true, framesRead: 7 });
    // The unanswered query's flow ends at the end of the capture (its idle timeout is longer), after c's response.
    expect(at('lost.example')).toMatchObject({ answered: false, framesRead: 7 });
    expect(seen.map((s) => s.query)).toEqual(['a.example', 'b.example', 'c.example', 'lost.example']);
  });

  it.each([
    { name: 'folded ones are counted by verdict and not kept', judge: (q: string) => VERDICTS[q]!, kept: ['a.example'], folded: { pass: 1, ignored: 1, inconclusive: 1, fail: 0 } },
    { name: 'kept ones are all in the report', judge: () => ({ keep: true, verdict: 'PASS' }), kept: ['a.example', 'b.example', 'lost.example', 'c.example'], folded: { pass: 0, ignored: 0, inconclusive: 0, fail: 0 } },
    { name: 'violating ones past their budget are counted as FAIL, not as INCONCLUSIVE', judge: () => ({ keep: false, verdict: 'FAIL' }), kept: [], folded: { pass: 0, ignored: 0, inconclusive: 0, fail: 4 } },
  ])('$name', ({ judge, kept, folded }) => {
    const { a } = run(CONVS, judge);
    expect(a.dns.map((t) => t.query)).toEqual(kept);
    expect(a.dns.every((t) => /^C[0-9A-Za-z]{17}$/.test(t.flowUid))).toBe(true); // the flow's uid, filled in when it ended
    expect(a.dnsFolded).toEqual(folded);
    expect(a.namesStats.dnsTransactionsDropped).toBe(0);
  });

  it('the hook sees transactions beyond the cap (so violations are still judged); only kept ones count toward it', () => {
    const { a, seen } = run(CONVS, (q) => ({ keep: q !== 'b.example', verdict: 'PASS' }), withLimits({ maxDnsTransactions: 2 }));
    expect(seen).toHaveLength(4);
    expect(a.dns.map((t) => t.query)).toEqual(['a.example', 'c.example']);
    expect(a.namesStats.dnsTransactionsDropped).toBe(1); // lost.example (completed last): kept by the hook, beyond the cap
    expect(a.dnsFolded).toEqual({ pass: 1, ignored: 0, inconclusive: 0, fail: 0 });
  });

  it('analyze (no live hooks) keeps every transaction and has no dnsFolded', () => {
    const { a } = run(CONVS, null);
    expect(a.dns.map((t) => t.query)).toEqual(['a.example', 'b.example', 'lost.example', 'c.example']);
    expect(a.dnsFolded).toBeUndefined();
  });
});
