/**
 * The `campaign`, `diff` and `reproduce` commands as main.ts calls them: arguments in, text on the
 * CLI's streams, an exit code out. Typed errors propagate to main.ts, which prints them in one line.
 * @module cli/campaign/command
 */
import { DEFAULT_LIMITS } from '../../core/index.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CampaignArgs, DiffArgs, ReproduceArgs } from './args.js';
import { diffInputs } from './diff.js';
import { renderDiffJson, renderDiffMarkdown } from './diff-render.js';
import { reproduce } from './reproduce.js';
import { runCampaign } from './run.js';

/** The streams a command writes to. */
export interface CommandIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

type Tool = { readonly name: string; readonly version: string };

/** `campaign MANIFEST --out DIR [--jobs N]`: 0 when every expectation is met, else 1 (65/66 when a run hit bad input). */
export async function campaignCommand(args: CampaignArgs, io: CommandIo, tool: Tool): Promise<ExitCode> {
  const r = await runCampaign({
    manifest: args.manifest,
    outDir: args.out,
    jobs: args.jobs,
    tool,
    limits: DEFAULT_LIMITS,
    ...(args.quiet
      ? {}
      : {
          onRun: (e) => {
            const run = e.run;
            const what = run.status === 'error' ? `error ${run.error?.code ?? ''}` : `${run.verdict ?? '-'} (expected ${run.expect}) ${run.status === 'met' ? 'ok' : 'NOT MET'}`;
            io.stderr.write(`egress-verify: campaign [${e.done}/${e.total}] ${run.id}: ${what}${e.cached ? ' (unchanged, not re-run)' : ''}\n`);
          },
        }),
  });
  const t = r.summary.totals;
  io.stdout.write(`${r.summary.campaign.id}: ${t.runs} runs, ${t.met} met, ${t.unmet} unmet, ${t.errors} errors (${r.executed} run, ${r.cached} unchanged); summary in ${oneLine(args.out)}\n`);
  switch (r.outcome) {
    case 'met':
      return EXIT.OK;
    case 'unmet':
      return EXIT.FAIL;
    case 'data-error':
      return EXIT.DATA_ERR;
    case 'input-error':
      return EXIT.NO_INPUT;
  }
}

/** `diff A B`: 0 when nothing differs, 1 otherwise. */
export async function diffCommand(args: DiffArgs, io: CommandIo): Promise<ExitCode> {
  const d = await diffInputs(args.a, args.b);
  io.stdout.write(args.format === 'json' ? renderDiffJson(d) : renderDiffMarkdown(d));
  return d.changed ? EXIT.FAIL : EXIT.OK;
}

/** `reproduce REPORT --capture FILE...`: 0 when byte-identical, 1 when not. */
export async function reproduceCommand(args: ReproduceArgs, io: CommandIo, tool: Tool): Promise<ExitCode> {
  const r = await reproduce(args, tool);
  if (r.identical) {
    io.stdout.write(`reproduced: ${oneLine(args.report)} is byte-identical to the re-run (${r.compared})\n`);
    return EXIT.OK;
  }
  io.stdout.write(`NOT reproduced: ${oneLine(args.report)} differs from the re-run at ${r.firstDifference}\n`);
  return EXIT.FAIL;
}

function oneLine(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f]/g, '?');
}
