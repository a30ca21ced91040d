/**
 * The campaign summary: one value (summary.json, canonical JSON) and its Markdown rendering
 * (summary.md): a matrix of scenario × verdict where each run is marked with whether its
 * expectation was met, then the unmet expectations and every run. No wall-clock data and no
 * "was cached" flag, so an interrupted and resumed campaign gives the same bytes as one that ran
 * straight through.
 * @module cli/campaign/summary
 */
import type { Verdict } from '../../policy/index.js';
import { canonicalJson, escapeMarkdown, type JsonValue } from '../../report/index.js';

/** The `schema` value of summary.json. */
export const SUMMARY_SCHEMA = 'egress-verify/campaign-summary@1';

/** One run in the summary. */
export interface RunSummary {
  readonly id: string;
  readonly scenario: string;
  readonly expect: Verdict;
  /** Null when the run stopped on an error. */
  readonly verdict: Verdict | null;
  readonly status: 'met' | 'unmet' | 'error';
  readonly problems: readonly string[];
  /** The run's cache key (key.ts); empty for a run that stopped on an error before it had one. */
  readonly key: string;
  readonly captures: readonly string[];
  readonly policy: string;
  /** Relative to the output folder; null on error. */
  readonly report: string | null;
  readonly error: { readonly code: string; readonly message: string } | null;
}

/** The whole campaign. */
export interface CampaignSummary {
  readonly schema: typeof SUMMARY_SCHEMA;
  readonly campaign: { readonly id: string; readonly description: string; readonly manifest: string; readonly manifest_sha256: string };
  readonly tool: { readonly name: string; readonly version: string };
  readonly totals: { readonly runs: number; readonly met: number; readonly unmet: number; readonly errors: number };
  /** Runs per (scenario, expected, actual) in manifest order of first appearance. */
  readonly matrix: readonly { readonly scenario: string; readonly expect: Verdict; readonly verdict: Verdict | 'ERROR'; readonly runs: number }[];
  readonly runs: readonly RunSummary[];
}

/** Assemble the summary from the runs (in manifest order). */
export function buildSummary(campaign: CampaignSummary['campaign'], tool: CampaignSummary['tool'], runs: readonly RunSummary[]): CampaignSummary {
  const cells = new Map<string, { scenario: string; expect: Verdict; verdict: Verdict | 'ERROR'; runs: number }>();
  for (const r of runs) {
    const verdict = r.verdict ?? 'ERROR';
    const k = JSON.stringify([r.scenario, r.expect, verdict]);
    const c = cells.get(k);
    if (c === undefined) cells.set(k, { scenario: r.scenario, expect: r.expect, verdict, runs: 1 });
    else c.runs++;
  }
  const count = (s: RunSummary['status']): number => runs.filter((r) => r.status === s).length;
  return {
    schema: SUMMARY_SCHEMA,
    campaign,
    tool,
    totals: { runs: runs.length, met: count('met'), unmet: count('unmet'), errors: count('error') },
    matrix: [...cells.values()],
    runs,
  };
}

/** summary.json text. */
export function renderSummaryJson(s: CampaignSummary): string {
  return canonicalJson(s as unknown as JsonValue);
}

const COLUMNS: readonly (Verdict | 'ERROR')[] = ['PASS', 'FAIL', 'INCONCLUSIVE', 'ERROR'];

/** summary.md text. Every string from the manifest or a capture is escaped. */
export function renderSummaryMarkdown(s: CampaignSummary): string {
  const md = (t: string): string => escapeMarkdown(t);
  const code = (t: string): string => `\`${t.replace(/`/g, "'")}\``;
  const t = s.totals;
  const out: string[] = [
    `# Campaign ${md(s.campaign.id)}`,
    '',
    ...(s.campaign.description === '' ? [] : [md(s.campaign.description), '']),
    `**${t.unmet === 0 && t.errors === 0 ? 'Every expectation met' : 'Expectations not met'}**: ${t.runs} runs, ${t.met} met, ${t.unmet} unmet, ${t.errors} stopped on an error.`,
    '',
    `Manifest ${md(s.campaign.manifest)} (sha256 ${code(s.campaign.manifest_sha256)}); ${md(s.tool.name)} ${md(s.tool.version)}.`,
    '',
    '## Matrix',
    '',
    'Scenario × verdict. Each run is listed under the verdict it gave: ✓ as expected, ✗ expected otherwise (the expectation in brackets).',
    '',
    `| scenario | ${COLUMNS.join(' | ')} |`,
    `|---|${COLUMNS.map(() => '---').join('|')}|`,
  ];
  for (const scenario of [...new Set(s.runs.map((r) => r.scenario))]) {
    const cell = (v: Verdict | 'ERROR'): string =>
      s.runs
        .filter((r) => r.scenario === scenario && (r.verdict ?? 'ERROR') === v)
        .map((r) => `${code(r.id)} ${r.status === 'met' ? '✓' : `✗ (${r.expect})`}`)
        .join('<br>');
    out.push(`| ${md(scenario)} | ${COLUMNS.map(cell).join(' | ')} |`);
  }
  const bad = s.runs.filter((r) => r.status !== 'met');
  if (bad.length > 0) {
    out.push('', '## Unmet expectations', '');
    for (const r of bad) {
      const lines = r.status === 'error' ? [`error ${r.error?.code ?? ''}: ${r.error?.message ?? ''}`] : r.problems;
      out.push(`- ${code(r.id)} (${md(r.scenario)}): ${lines.map(md).join('; ')}`);
    }
  }
  out.push('', '## Runs', '', '| run | scenario | captures | policy | expected | verdict | result | report |', '|---|---|---|---|---|---|---|---|');
  for (const r of s.runs) {
    const caps = r.captures.length <= 3 ? r.captures.map(md).join('<br>') : `${r.captures.slice(0, 2).map(md).join('<br>')}<br>… (${r.captures.length})`;
    const result = r.status === 'met' ? '✓ met' : r.status === 'unmet' ? '✗ unmet' : '✗ error';
    out.push(`| ${code(r.id)} | ${md(r.scenario)} | ${caps} | ${md(r.policy)} | ${r.expect} | ${r.verdict ?? '-'} | ${result} | ${r.report === null ? '-' : md(r.report)} |`);
  }
  return `${out.join('\n')}\n`;
}
