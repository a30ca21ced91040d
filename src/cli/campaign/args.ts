/**
 * Command lines of `campaign`, `diff` and `reproduce` (node:util parseArgs, strict). Only the CLI
 * knows flags; errors are one-line UsageErrors.
 * @module cli/campaign/args
 */
import { availableParallelism } from 'node:os';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../../core/index.js';

/** `campaign MANIFEST --out DIR [--jobs N]`. */
export interface CampaignArgs {
  readonly command: 'campaign';
  readonly manifest: string;
  readonly out: string;
  readonly jobs: number;
  readonly quiet: boolean;
}

/** `diff A B [--format md|json]`. */
export interface DiffArgs {
  readonly command: 'diff';
  readonly a: string;
  readonly b: string;
  readonly format: 'md' | 'json';
}

/** `reproduce REPORT --capture FILE... [--policy FILE] [--geoip PATH]... [--no-embedded-geo] [--geo-overrides FILE]...`. */
export interface ReproduceArgs {
  readonly command: 'reproduce';
  readonly report: string;
  readonly captures: readonly string[];
  readonly policy: string | undefined;
  readonly geoip: readonly string[];
  readonly embeddedGeo: boolean;
  readonly geoOverrides: readonly string[];
}

/** Help text of the three commands (joined into the CLI's USAGE). */
export const CAMPAIGN_USAGE = `  campaign <manifest>    Run every capture of a verification campaign against its policy, check
                         each run's expected verdict, and write reports, a summary and JUnit XML.
  diff <a> <b>           What changed between two JSON reports or two campaign output folders:
                         destinations, names, countries, operators, bytes, verdicts and why.
  reproduce <report>     Re-run the analysis a JSON report describes from the same inputs (each
                         checked by sha256) and confirm the result is byte-identical.
`;

/** Options of the three commands (joined into the CLI's USAGE). */
export const CAMPAIGN_OPTIONS_USAGE = `Options for campaign:
  --out DIR                Output folder (required): runs/<id>/report.json|report.md|result.json,
                           summary.json, summary.md, junit.xml. Unchanged runs are not re-run.
  --jobs N                 Worker threads (default: the number of CPUs)
  --quiet                  No progress line per run on stderr
  Exit codes: 0 every expectation met; 1 some not met; 64 usage; 65 invalid manifest, policy,
  database or capture; 66 a file cannot be opened; 73 output cannot be written.

Options for diff:
  --format md|json         Output format (default md). Exit 0: no difference; 1: differences.

Options for reproduce:
  --capture FILE           A capture the report names, in the report's order; repeatable
  --policy FILE            The policy (default: the report's, if it is one of the tool's)
  --geoip PATH             A database the report names besides the embedded ones; repeatable
  --no-embedded-geo        The report was made without the embedded databases
  --geo-overrides FILE     An override file the report names; repeatable
  Exit codes: 0 byte-identical; 1 different; 65 an input is not the one the report names.
`;

/** Parse `campaign`'s arguments (after the command word). */
export function parseCampaign(argv: readonly string[]): CampaignArgs | { readonly command: 'help'; readonly topic: string } {
  const p = strictParse(argv, { out: { type: 'string', short: 'o' }, jobs: { type: 'string', short: 'j' }, quiet: { type: 'boolean', short: 'q' }, help: { type: 'boolean', short: 'h' } });
  if (p.values.help === true) return { command: 'help', topic: 'campaign' };
  if (p.positionals.length !== 1) throw new UsageError('campaign needs exactly one manifest file');
  if (p.values.out === undefined || p.values.out === '') throw new UsageError('campaign needs --out DIR');
  const jobs = p.values.jobs;
  if (jobs !== undefined && (!/^\d{1,4}$/.test(jobs) || Number(jobs) < 1)) throw new UsageError(`--jobs needs a positive integer, not '${jobs}'`);
  return {
    command: 'campaign',
    manifest: p.positionals[0]!,
    out: p.values.out,
    jobs: jobs === undefined ? availableParallelism() : Number(jobs),
    quiet: p.values.quiet === true,
  };
}

/** Parse `diff`'s arguments. */
export function parseDiff(argv: readonly string[]): DiffArgs | { readonly command: 'help'; readonly topic: string } {
  const p = strictParse(argv, { format: { type: 'string', default: 'md' }, help: { type: 'boolean', short: 'h' } });
  if (p.values.help === true) return { command: 'help', topic: 'diff' };
  if (p.positionals.length !== 2) throw new UsageError('diff needs two JSON reports or two campaign output folders');
  const format = p.values.format;
  if (format !== 'md' && format !== 'json') throw new UsageError(`--format must be md or json, not '${String(format)}'`);
  return { command: 'diff', a: p.positionals[0]!, b: p.positionals[1]!, format };
}

/** Parse `reproduce`'s arguments. */
export function parseReproduce(argv: readonly string[]): ReproduceArgs | { readonly command: 'help'; readonly topic: string } {
  const p = strictParse(argv, {
    capture: { type: 'string', multiple: true },
    policy: { type: 'string' },
    geoip: { type: 'string', multiple: true },
    'no-embedded-geo': { type: 'boolean', default: false },
    'geo-overrides': { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h' },
  });
  const v = p.values;
  if (v.help === true) return { command: 'help', topic: 'reproduce' };
  if (p.positionals.length !== 1) throw new UsageError('reproduce needs exactly one JSON report');
  if ((v.capture ?? []).length === 0) throw new UsageError('reproduce needs the report\'s captures: --capture FILE (repeat it, in the report\'s order)');
  if (v['no-embedded-geo'] === true && (v.geoip ?? []).length === 0) throw new UsageError('--no-embedded-geo needs at least one --geoip database');
  return {
    command: 'reproduce',
    report: p.positionals[0]!,
    captures: v.capture ?? [],
    policy: v.policy,
    geoip: v.geoip ?? [],
    embeddedGeo: v['no-embedded-geo'] !== true,
    geoOverrides: v['geo-overrides'] ?? [],
  };
}

function strictParse<O extends NonNullable<ParseArgsConfig['options']>>(argv: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...argv], allowPositionals: true, strict: true, options });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0] ?? 'bad arguments', { cause: e });
  }
}
