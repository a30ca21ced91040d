/**
 * Folding never changes what the verdict says, on every real capture: `analyze --max-report-flows 1`
 * and `monitor --max-report-flows 1` (the capture on standard input) give the plain analyze's
 * verdict, its counts, its reason and warning counts with their rules, and its destinations (only
 * examples, which name listed rows, may differ). Found by this check: a fold that left only
 * uncounted flows listed said INCONCLUSIVE "no monitored flows"; reason counts covered listed rows
 * only; folded INCONCLUSIVE flows were reported as lost evidence.
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HAVE_CORPUS, manifest } from '../support/corpus.js';
import { runCli } from './run-cli.js';

interface Summary { code: string; effect: string; count: number; rules: string[] }
interface Dest { ip: string; flows: number; dns_queries: number; payload_bytes_sent: number; verdict: string; names: string[]; reasons: unknown[] }
interface Report { verdict?: { verdict: string; counts: unknown; reasons: Summary[]; warnings: Summary[] }; destinations?: Dest[] }

/** What folding must not change. */
function said(r: Report): unknown {
  const v = r.verdict!;
  return {
    verdict: v.verdict,
    counts: v.counts,
    reasons: v.reasons.map((x) => [x.code, x.effect, x.count, x.rules]),
    warnings: v.warnings.map((x) => [x.code, x.effect, x.count, x.rules]),
    destinations: (r.destinations ?? []).map((d) => [d.ip, d.flows, d.dns_queries, d.payload_bytes_sent, d.verdict, d.names, d.reasons]),
  };
}

const scratch = mkdtempSync(join(tmpdir(), 'ev-fold-invariance-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('folding does not change the verdict (real captures)', () => {
  it.skipIf(!HAVE_CORPUS)('analyze and monitor with --max-report-flows 1 say what a plain analyze says, on every capture it reads', async () => {
    let compared = 0;
    for (const row of manifest()) {
      const plain = await runCli(['analyze', '--reproducible', row.path]);
      if (plain.code > 2) continue; // not a capture it reads (a documented error): nothing to fold
      const a = said(JSON.parse(plain.stdout) as Report);
      const folded = await runCli(['analyze', '--reproducible', '--max-report-flows', '1', row.path]);
      expect(folded.code, row.file).toBe(plain.code);
      expect(said(JSON.parse(folded.stdout) as Report), `${row.file}: analyze --max-report-flows 1`).toEqual(a);
      const out = join(scratch, 'monitor.json');
      const m = await runCli(['monitor', '--max-report-flows', '1', '--out', out], readFileSync(row.path));
      expect(m.code, row.file).toBe(plain.code);
      expect(said(JSON.parse(readFileSync(out, 'utf8')) as Report), `${row.file}: monitor --max-report-flows 1`).toEqual(a);
      compared++;
    }
    expect(compared).toBeGreaterThan(60);
  }, 600_000);
  if (!HAVE_CORPUS) it.skip('real captures need ../shared/corpus/real beside the repository', () => {});
});
