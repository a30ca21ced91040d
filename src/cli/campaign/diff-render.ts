/**
 * A `Diff` as Markdown (for people and tickets) or canonical JSON (for tools). Every string taken
 * from a report (names, operators, file names) is escaped for Markdown.
 * @module cli/campaign/diff-render
 */
import { canonicalJson, escapeMarkdownValue, type JsonValue } from '../../report/index.js';
import type { DestinationChange, Diff, ReportDiff, SetChange } from './diff.js';
import type { DestinationFacts } from './report-facts.js';

/** The diff as canonical JSON (schema egress-verify/diff@1). */
export function renderDiffJson(d: Diff): string {
  return `${canonicalJson({ schema: 'egress-verify/diff@1', ...d } as unknown as JsonValue)}\n`;
}

/** The diff as Markdown. */
export function renderDiffMarkdown(d: Diff): string {
  if (d.kind === 'reports') return `${reportSection(d.report, '#').join('\n')}\n`;
  const out = [`# Campaign diff: ${md(d.a)} → ${md(d.b)}`, '', d.changed ? '**Differences found.**' : '**No differences.**', ''];
  if (d.addedRuns.length > 0) out.push(`Runs only in B: ${d.addedRuns.map(code).join(', ')}`, '');
  if (d.removedRuns.length > 0) out.push(`Runs only in A: ${d.removedRuns.map(code).join(', ')}`, '');
  const flips = d.runs.filter((r) => r.diff.verdict.flipped);
  if (flips.length > 0) {
    out.push('## Verdict flips', '', '| run | A | B | why |', '|---|---|---|---|');
    for (const r of flips) out.push(`| ${code(r.id)} | ${r.diff.verdict.a ?? '-'} | ${r.diff.verdict.b ?? '-'} | ${md(r.diff.cause)} |`);
    out.push('');
  }
  for (const r of d.runs.filter((x) => x.diff.different)) out.push(...reportSection(r.diff, `## Run ${code(r.id)}:`), '');
  return `${out.join('\n')}\n`;
}

function reportSection(r: ReportDiff, heading: string): string[] {
  const out = [`${heading} ${md(r.a)} → ${md(r.b)}`, ''];
  if (!r.different) return [...out, `No differences (${md(r.cause)}).`];
  out.push(
    r.verdict.flipped ? `**Verdict ${r.verdict.a ?? '-'} → ${r.verdict.b ?? '-'}**: ${md(r.cause)}.` : `Verdict ${r.verdict.a ?? '-'} (unchanged). Inputs: ${md(r.cause)}.`,
    '',
    `Payload bytes sent to judged destinations: ${r.bytes.a} → ${r.bytes.b} (${signed(r.bytes.delta)}).`,
    '',
  );
  out.push(...setLine('Names', r.names), ...setLine('Countries', r.countries), ...setLine('Operators', r.operators));
  if (r.added.length > 0) out.push('', '### New destinations', '', ...destinationTable(r.added));
  if (r.removed.length > 0) out.push('', '### Removed destinations', '', ...destinationTable(r.removed));
  if (r.changed.length > 0) {
    out.push('', '### Changed destinations', '', '| destination | names | country | operator | bytes | verdict |', '|---|---|---|---|---|---|');
    for (const c of r.changed) out.push(changeRow(c));
  }
  return out;
}

function setLine(label: string, s: SetChange): string[] {
  if (s.added.length === 0 && s.removed.length === 0) return [];
  const parts = [...(s.added.length > 0 ? [`new ${s.added.map(md).join(', ')}`] : []), ...(s.removed.length > 0 ? [`gone ${s.removed.map(md).join(', ')}`] : [])];
  return [`- ${label}: ${parts.join('; ')}`];
}

function destinationTable(ds: readonly DestinationFacts[]): string[] {
  return [
    '| destination | names | countries | operators | bytes | verdict |',
    '|---|---|---|---|---:|---|',
    ...ds.map((d) => `| ${md(d.ip)} | ${list(d.names)} | ${list(d.countries)} | ${list(d.operators)} | ${d.bytes} | ${md(d.verdict)} |`),
  ];
}

function changeRow(c: DestinationChange): string {
  const names = c.names.added.length + c.names.removed.length === 0 ? '' : [...c.names.added.map((n) => `+${md(n)}`), ...c.names.removed.map((n) => `−${md(n)}`)].join(' ');
  const pair = (p: { readonly a: readonly string[]; readonly b: readonly string[] } | null): string => (p === null ? '' : `${list(p.a)} → ${list(p.b)}`);
  const bytes = c.bytes === null ? '' : `${c.bytes.a} → ${c.bytes.b} (${signed(c.bytes.delta)})`;
  const verdict = c.verdict === null ? '' : `${md(c.verdict.a)} → ${md(c.verdict.b)}`;
  return `| ${md(c.ip)} | ${names} | ${pair(c.countries)} | ${pair(c.operators)} | ${bytes} | ${verdict} |`;
}

function list(xs: readonly string[]): string {
  return xs.length === 0 ? '-' : xs.map(md).join(', ');
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

/** Report text for Markdown: addresses, networks and dates as they are, anything else escaped. */
function md(s: string): string {
  return escapeMarkdownValue(s);
}

function code(s: string): string {
  return `\`${s.replace(/`/g, "'")}\``;
}
