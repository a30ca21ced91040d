/**
 * `diff A B`: what changed between two JSON reports (or two campaign output folders, run by run):
 * destinations added and removed, and for those in both their names, countries, operators, bytes
 * and verdicts; and every verdict flip explained by which inputs differ: the captures (sha256),
 * the policy (sha256), the geolocation databases (sha256), the overrides, or the tool.
 * @module cli/campaign/diff
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputOpenError } from '../../core/index.js';
import { ReportInputError } from './errors.js';
import { readReport, reportFacts, type DestinationFacts, type ReportFacts } from './report-facts.js';

/** An input that differs between A and B. */
export type ChangedInput = 'captures' | 'policy' | 'databases' | 'overrides' | 'tool';

/** Sets that grew or shrank. */
export interface SetChange {
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

/** A destination present in both, with what changed about it. */
export interface DestinationChange {
  readonly ip: string;
  readonly names: SetChange;
  readonly countries: { readonly a: readonly string[]; readonly b: readonly string[] } | null;
  readonly operators: { readonly a: readonly string[]; readonly b: readonly string[] } | null;
  readonly bytes: { readonly a: number; readonly b: number; readonly delta: number } | null;
  readonly verdict: { readonly a: string; readonly b: string } | null;
}

/** Two reports compared. */
export interface ReportDiff {
  readonly a: string;
  readonly b: string;
  readonly verdict: { readonly a: string | null; readonly b: string | null; readonly flipped: boolean };
  readonly inputs: readonly ChangedInput[];
  /** Why things changed, in words (the inputs that differ, or that none does). */
  readonly cause: string;
  readonly added: readonly DestinationFacts[];
  readonly removed: readonly DestinationFacts[];
  readonly changed: readonly DestinationChange[];
  readonly names: SetChange;
  readonly countries: SetChange;
  readonly operators: SetChange;
  readonly bytes: { readonly a: number; readonly b: number; readonly delta: number };
  /** Anything at all differs (verdict, destinations, names, countries, operators, bytes). */
  readonly different: boolean;
}

/** The result of `diff`: two reports, or two campaigns run by run. */
export type Diff =
  | { readonly kind: 'reports'; readonly changed: boolean; readonly report: ReportDiff }
  | {
      readonly kind: 'campaigns';
      readonly changed: boolean;
      readonly a: string;
      readonly b: string;
      readonly addedRuns: readonly string[];
      readonly removedRuns: readonly string[];
      readonly runs: readonly { readonly id: string; readonly diff: ReportDiff }[];
    };

/** Compare two reports or two campaign output folders (both must be the same kind). */
export async function diffInputs(a: string, b: string): Promise<Diff> {
  const [da, db] = await Promise.all([isDir(a), isDir(b)]);
  if (da !== db) throw new ReportInputError(da ? b : a, 'diff compares two JSON reports or two campaign output folders, not one of each');
  if (!da) {
    const report = diffReports(reportFacts(a, (await readReport(a)).value), reportFacts(b, (await readReport(b)).value));
    return { kind: 'reports', changed: report.different, report };
  }
  const [ra, rb] = await Promise.all([campaignRuns(a), campaignRuns(b)]);
  const runs: { id: string; diff: ReportDiff }[] = [];
  for (const id of ra.filter((x) => rb.includes(x))) {
    const pa = join(a, 'runs', id, 'report.json');
    const pb = join(b, 'runs', id, 'report.json');
    runs.push({ id, diff: diffReports(reportFacts(pa, (await readReport(pa)).value), reportFacts(pb, (await readReport(pb)).value)) });
  }
  const addedRuns = rb.filter((x) => !ra.includes(x));
  const removedRuns = ra.filter((x) => !rb.includes(x));
  const changed = addedRuns.length > 0 || removedRuns.length > 0 || runs.some((r) => r.diff.different);
  return { kind: 'campaigns', changed, a, b, addedRuns, removedRuns, runs };
}

/** Compare two reports' facts. */
export function diffReports(a: ReportFacts, b: ReportFacts): ReportDiff {
  const ma = new Map(a.destinations.map((d) => [d.ip, d]));
  const mb = new Map(b.destinations.map((d) => [d.ip, d]));
  const changed: DestinationChange[] = [];
  for (const [ip, x] of ma) {
    const y = mb.get(ip);
    if (y === undefined) continue;
    const c = destinationChange(x, y);
    if (c !== null) changed.push(c);
  }
  const all = (f: ReportFacts, pick: (d: DestinationFacts) => readonly string[]): string[] => f.destinations.flatMap(pick);
  const total = (f: ReportFacts): number => f.destinations.reduce((s, d) => s + d.bytes, 0);
  const inputs = changedInputs(a, b);
  const d = {
    a: a.source,
    b: b.source,
    verdict: { a: a.verdict, b: b.verdict, flipped: a.verdict !== b.verdict },
    inputs,
    cause: explain(a, b, inputs),
    added: b.destinations.filter((x) => !ma.has(x.ip)),
    removed: a.destinations.filter((x) => !mb.has(x.ip)),
    changed,
    names: setChange(all(a, (x) => x.names), all(b, (x) => x.names)),
    countries: setChange(all(a, (x) => x.countries), all(b, (x) => x.countries)),
    operators: setChange(all(a, (x) => x.operators), all(b, (x) => x.operators)),
    bytes: { a: total(a), b: total(b), delta: total(b) - total(a) },
  };
  const different = d.verdict.flipped || d.added.length > 0 || d.removed.length > 0 || changed.length > 0;
  return { ...d, different };
}

function destinationChange(x: DestinationFacts, y: DestinationFacts): DestinationChange | null {
  const same = (p: readonly string[], q: readonly string[]): boolean => p.length === q.length && p.every((v, i) => v === q[i]);
  const c: DestinationChange = {
    ip: x.ip,
    names: setChange(x.names, y.names),
    countries: same(x.countries, y.countries) ? null : { a: x.countries, b: y.countries },
    operators: same(x.operators, y.operators) ? null : { a: x.operators, b: y.operators },
    bytes: x.bytes === y.bytes ? null : { a: x.bytes, b: y.bytes, delta: y.bytes - x.bytes },
    verdict: x.verdict === y.verdict ? null : { a: x.verdict, b: y.verdict },
  };
  const any = c.names.added.length + c.names.removed.length > 0 || c.countries !== null || c.operators !== null || c.bytes !== null || c.verdict !== null;
  return any ? c : null;
}

function setChange(a: readonly string[], b: readonly string[]): SetChange {
  const sa = new Set(a);
  const sb = new Set(b);
  return { added: [...sb].filter((x) => !sa.has(x)).sort(), removed: [...sa].filter((x) => !sb.has(x)).sort() };
}

/** Which inputs differ, judged by sha256 (names alone do not count: a file may be moved). */
export function changedInputs(a: ReportFacts, b: ReportFacts): ChangedInput[] {
  const list = (xs: readonly { readonly sha256: string }[]): string => xs.map((x) => x.sha256).join(',');
  const out: ChangedInput[] = [];
  if (list(a.captures) !== list(b.captures)) out.push('captures');
  if ((a.policy?.sha256 ?? '') !== (b.policy?.sha256 ?? '')) out.push('policy');
  if (list(a.databases) !== list(b.databases)) out.push('databases');
  if (list(a.overrides) !== list(b.overrides)) out.push('overrides');
  if (a.tool !== b.tool) out.push('tool');
  return out;
}

/** The inputs that differ, in words. */
function explain(a: ReportFacts, b: ReportFacts, inputs: readonly ChangedInput[]): string {
  if (inputs.length === 0) return 'no input changed (same captures, policy, databases, overrides and tool)';
  const parts = inputs.map((i) => {
    switch (i) {
      case 'captures':
        return `capture changed (${shaList(a.captures, (c) => c.name)} → ${shaList(b.captures, (c) => c.name)})`;
      case 'policy':
        return `policy changed (${a.policy?.id ?? '-'} ${short(a.policy?.sha256)} → ${b.policy?.id ?? '-'} ${short(b.policy?.sha256)})`;
      case 'databases':
        return `database changed (${shaList(a.databases, (d) => d.id)} → ${shaList(b.databases, (d) => d.id)})`;
      case 'overrides':
        return `overrides changed (${shaList(a.overrides, (o) => o.source)} → ${shaList(b.overrides, (o) => o.source)})`;
      case 'tool':
        return `tool changed (${a.tool} → ${b.tool})`;
    }
  });
  const only = inputs.length === 1 ? 'only ' : '';
  return `${only}${parts.join('; ')}`;
}

function shaList<T extends { readonly sha256: string }>(xs: readonly T[], name: (x: T) => string): string {
  return xs.length === 0 ? 'none' : xs.map((x) => `${name(x)} ${short(x.sha256)}`).join(', ');
}

function short(sha: string | undefined): string {
  return sha === undefined || sha === '' ? '-' : sha.slice(0, 12);
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch (e) {
    throw new InputOpenError(p, `${p}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : 'cannot open'}`, { cause: e });
  }
}

/** Run ids of a campaign output folder, from its summary.json. */
async function campaignRuns(dir: string): Promise<string[]> {
  const p = join(dir, 'summary.json');
  try {
    const s = JSON.parse(await readFile(p, 'utf8')) as { schema?: unknown; runs?: { id?: unknown; report?: unknown }[] };
    if (s.schema !== 'egress-verify/campaign-summary@1' || !Array.isArray(s.runs)) throw new Error('not a campaign summary');
    return s.runs.filter((r) => typeof r.id === 'string' && r.report !== null).map((r) => r.id as string);
  } catch (e) {
    throw new ReportInputError(p, `${dir}: not a campaign output folder (${p}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { cause: e });
  }
}
