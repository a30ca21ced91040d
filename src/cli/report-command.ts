/**
 * `egress-verify report render REPORT.json --html|--md [--out FILE] [--pdf FILE]`: re-render a
 * saved JSON report (`egress-verify/report@1`) as the HTML or Markdown report, and optionally
 * print the HTML to PDF. The renderers read the report value, so the output equals what
 * `analyze --format html|md` wrote for the same run.
 * @module cli/report-command
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { EgressVerifyError, InputOpenError, UsageError } from '../core/index.js';
import { loadHtmlModule, renderMarkdown } from '../report/index.js';
import { printPdf, requireChromium } from './pdf.js';

/** Parsed `report render` arguments. */
export interface ReportRenderArgs {
  readonly command: 'report-render';
  /** The JSON report file, or `-` for standard input. */
  readonly input: string;
  readonly format: 'html' | 'md';
  readonly out: string | undefined;
  readonly pdf: string | undefined;
}

/** A report file that is not JSON. */
export class ReportFileError extends EgressVerifyError {
  readonly code = 'E_REPORT_FILE';
}

/** Usage lines of the report command (appended to the CLI's help). */
export const REPORT_USAGE = `Options for report render REPORT.json (a saved JSON report; '-' for standard input):
  --html | --md            Render it as the HTML report or the Markdown report (default --html)
  --out FILE               Write the rendering to FILE instead of standard output
  --pdf FILE               Also print the HTML report to FILE with headless Chromium
`;

/** Parse `report …` (argv after `report`). Throws UsageError with a one-line message. */
export function parseReportArgs(argv: readonly string[]): ReportRenderArgs | { readonly command: 'help'; readonly topic: string } {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '-h' || sub === '--help') return { command: 'help', topic: 'report' };
  if (sub !== 'render') throw new UsageError(`unknown report subcommand '${sub}' (try: report render REPORT.json --html)`);
  let parsed;
  try {
    parsed = parseArgs({
      args: [...rest],
      allowPositionals: true,
      strict: true,
      options: { html: { type: 'boolean' }, md: { type: 'boolean' }, out: { type: 'string', short: 'o' }, pdf: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0] ?? 'bad arguments', { cause: e });
  }
  const v = parsed.values;
  if (v.help === true) return { command: 'help', topic: 'report' };
  if (parsed.positionals.length !== 1) throw new UsageError('report render needs exactly one JSON report file (or - for standard input)');
  if (v.html === true && v.md === true) throw new UsageError('report render: choose one of --html and --md');
  if (v.md === true && v.pdf !== undefined) throw new UsageError('report render: --pdf prints the HTML report; leave out --md');
  return { command: 'report-render', input: parsed.positionals[0]!, format: v.md === true ? 'md' : 'html', out: v.out, pdf: v.pdf };
}

async function readReport(input: string, stdin: NodeJS.ReadableStream): Promise<unknown> {
  let text: string;
  if (input === '-') {
    const chunks: Buffer[] = [];
    for await (const c of stdin) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as string));
    text = Buffer.concat(chunks).toString('utf8');
  } else {
    try {
      text = await readFile(input, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'error';
      throw new InputOpenError(input, `${input}: cannot read the report (${code})`, { cause: e });
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new ReportFileError(`${input}: not a JSON report (${(e as Error).message})`, { cause: e });
  }
}

/**
 * Run `report render`: read and parse the report, render it, write it with `write` (standard
 * output or an atomic file, as analyze does), and print the PDF when asked. Chromium is looked
 * for before anything is written, so a missing browser fails fast.
 */
export async function runReportRender(
  args: ReportRenderArgs,
  io: { readonly stdin: NodeJS.ReadableStream; readonly env: NodeJS.ProcessEnv },
  write: (chunks: Iterable<string>, out: string | undefined) => Promise<void>,
): Promise<void> {
  const chromium = args.pdf === undefined ? undefined : requireChromium(io.env);
  const report = await readReport(args.input, io.stdin);
  if (args.format === 'md') {
    await write([renderMarkdown(report)], args.out);
    return;
  }
  const html = (await loadHtmlModule()).renderHtml(report);
  // With only --pdf, the HTML goes nowhere else: nothing is written to standard output.
  if (args.out !== undefined || args.pdf === undefined) await write([html], args.out);
  if (chromium !== undefined && args.pdf !== undefined) await printPdf(html, args.pdf, chromium);
}
