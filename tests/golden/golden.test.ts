/**
 * Golden reports (Zeek btest baselines' analogue). The demo capture's JSON, conn.log and CSV, and
 * the JSON of every scenario capture under each policy captures/README.md names, must equal the
 * files here byte for byte. Each scenario case also asserts the exit code and the reason and
 * warning codes its description (scripts/synth/av-scenarios.ts) expects. After an intended change,
 * regenerate with UPDATE_GOLDEN=1 npx vitest run tests/golden and review the diff.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../support/corpus.js';
import { runCli, type CliResult } from '../cli/run-cli.js';
import { AV_SCENARIOS, VERDICT_EXIT_CODE, goldenName } from '../../scripts/synth/index.js';
import { DEMO_EXPECTATION } from '../../scripts/make-demo-captures.js';

const CASES = [
  { name: 'demo.json', argv: ['analyze', '--reproducible', 'captures/demo.pcapng'] },
  { name: 'demo.conn.log', argv: ['analyze', '--format', 'conn', 'captures/demo.pcapng'] },
  { name: 'demo.csv', argv: ['analyze', '--format', 'csv', 'captures/demo.pcapng'] },
];

/** Runs the CLI from the repository root, so reports name captures/… as the README's commands do. */
async function runInRepo(argv: readonly string[]): Promise<CliResult> {
  const cwd = process.cwd();
  process.chdir(REPO);
  try {
    return await runCli(argv);
  } finally {
    process.chdir(cwd);
  }
}

/** Compares `out` with tests/golden/`name`, or writes it there under UPDATE_GOLDEN=1. */
function expectGolden(name: string, out: string): void {
  const path = join(REPO, 'tests/golden', name);
  if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(path, out);
  expect(out).toBe(readFileSync(path, 'utf8'));
}

interface ReportVerdict {
  readonly verdict: { readonly verdict: string; readonly reasons: { code: string }[]; readonly warnings: { code: string }[] };
  readonly captures: { readonly first_ts: string }[];
  readonly databases: { readonly id: string; readonly build_date: string }[];
}

const codes = (list: readonly { code: string }[]): string[] => list.map((r) => r.code).sort();

describe('golden reports of the demo capture', () => {
  it.each(CASES)('$name', async ({ name, argv }) => {
    const r = await runInRepo(argv);
    expect(r.code).toBe(VERDICT_EXIT_CODE[DEMO_EXPECTATION.verdict]); // FAIL: the demo sends data to RU
    expectGolden(name, r.stdout);
  });
});

const SCENARIO_CASES = AV_SCENARIOS.flatMap((sc) =>
  sc.expectations.map((e) => ({ name: goldenName(sc.file, e.policy), file: sc.file, start: sc.start, e })),
);

describe('golden reports of the scenario captures', () => {
  it('covers every scenario capture at least once', () => {
    expect(new Set(SCENARIO_CASES.map((c) => c.file)).size).toBe(AV_SCENARIOS.length);
    expect(SCENARIO_CASES.length).toBeGreaterThanOrEqual(AV_SCENARIOS.length);
  });

  it.each(SCENARIO_CASES)('$name: $e.verdict', async ({ name, file, start, e }) => {
    const r = await runInRepo(['analyze', '--reproducible', '--policy', e.policy, `captures/${file}`]);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as ReportVerdict;
    expect({
      code: r.code,
      verdict: report.verdict.verdict,
      reasons: codes(report.verdict.reasons),
      warnings: codes(report.verdict.warnings),
    }).toEqual({ code: VERDICT_EXIT_CODE[e.verdict], verdict: e.verdict, reasons: [...e.reasons].sort(), warnings: [...e.warnings].sort() });
    expectGolden(name, r.stdout);
  });

  it.each(AV_SCENARIOS.map((sc) => ({ file: sc.file, start: sc.start })))('$file starts after every embedded database was built', async ({ file, start }) => {
    const r = await runInRepo(['analyze', '--reproducible', `captures/${file}`]);
    const report = JSON.parse(r.stdout) as ReportVerdict;
    const firstS = Number(report.captures[0]?.first_ts);
    expect(firstS).toBe(Date.parse(start) / 1000);
    expect(report.databases.length).toBeGreaterThan(0);
    for (const db of report.databases) expect(Date.parse(db.build_date) / 1000, db.id).toBeLessThan(firstS);
  });
});
