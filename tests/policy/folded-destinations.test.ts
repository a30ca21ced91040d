/**
 * Destinations of folded flows: aggregated like the flows the report keeps (names, flows,
 * payload, frames, worst verdict, reason counts), bounded by a cap beyond which flows are only
 * counted, and merged with the kept flows' rows by `evaluate`.
 */
import { describe, expect, it } from 'vitest';
import { evaluate, FoldedDestinations, LiveJudge } from '../../src/policy/index.js';
import { denylist, flow, input, located } from '../builders/policy-inputs.js';

const RU = '11.1.0.1';
const DE = '11.2.0.1';
const POLICY = denylist([{ id: 'ru', action: 'deny', countries: ['RU'] }]);

describe('FoldedDestinations', () => {
  const judge = new LiveJudge(POLICY);
  const de = (uid: string, frame: number, bytes: number) => flow({ uid, firstFrame: frame, lastFrame: frame + 3, respH: DE, dest: located(DE, 'DE'), origBytes: bytes, name: `n${frame}.example` });

  it('aggregates folded flows per destination; IGNORED and uncounted flows are not destinations', () => {
    const fd = new FoldedDestinations();
    for (const f of [de('F1', 10, 100), de('F2', 30, 50), flow({ uid: 'F3', origH: '11.9.9.9', respH: DE, dest: located(DE, 'DE') })]) fd.add(f, judge.judgeFlow(f));
    const [row] = fd.list();
    expect(fd.list()).toHaveLength(1);
    expect(row).toMatchObject({ ip: DE, flows: 2, payload: 150, firstFrame: 10, lastFrame: 33, verdict: 'PASS', names: ['n10.example', 'n30.example'] });
  });

  it('beyond its cap a new destination is only counted', () => {
    const fd = new FoldedDestinations(1);
    const f1 = de('F1', 10, 100);
    const f2 = flow({ uid: 'F2', firstFrame: 20, respH: '11.3.0.1', dest: located('11.3.0.1', 'US'), origBytes: 10 });
    fd.add(f1, judge.judgeFlow(f1));
    fd.add(f2, judge.judgeFlow(f2));
    fd.add(f1, judge.judgeFlow(f1));
    expect(fd.list().map((d) => [d.ip, d.flows])).toEqual([[DE, 2]]);
    expect(fd.notListed).toBe(1);
  });

  it('evaluate merges them into the rows of the kept flows (counts add up, the worst verdict wins, examples stay the kept rows)', () => {
    const fd = new FoldedDestinations();
    const folded = de('F9', 90, 70);
    fd.add(folded, judge.judgeFlow(folded));
    const ruFolded = flow({ uid: 'F8', firstFrame: 80, respH: RU, dest: located(RU, 'RU'), origBytes: 5 });
    fd.add(ruFolded, judge.judgeFlow(ruFolded));
    const a = evaluate({ ...input([de('F1', 10, 100)]), foldedDestinations: fd.list() }, POLICY);
    expect(a.destinations.map((d) => [d.ip, d.flows, d.payloadBytesSent, d.verdict, d.exampleUids])).toEqual([
      [RU, 1, 5, 'FAIL', []],
      [DE, 2, 170, 'PASS', ['F1']],
    ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))));
    expect(a.destinations.find((d) => d.ip === RU)!.reasons.map((r) => [r.code, r.count])).toEqual([['flow.denied_country', 1], ['name.none', 1]]);
  });
});
