/**
 * The CLI around the HTML report: `report render REPORT.json --html|--md [--out FILE]` gives what
 * `analyze --format html|md` gave for the same run (from a file or standard input); its input,
 * data and usage errors are one line with the usual exit codes; `--pdf` without Chromium fails
 * fast with exit 69 (EX_UNAVAILABLE) and one line; how the browser is found.
 */
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { CHROMIUM_ENV, chromiumPrintArgs, findChromium } from '../../src/cli/pdf.js';
import { REPO } from '../support/corpus.js';

const DEMO = join(REPO, 'captures/demo.pcapng');
const dir = mkdtempSync(join(tmpdir(), 'ev-html-cli-'));

/** Run the CLI in-process with this environment and standard input. */
async function cli(argv: readonly string[], o: { env?: NodeJS.ProcessEnv; stdin?: string } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks: [Buffer[], Buffer[]] = [[], []];
  out.on('data', (c: Buffer) => chunks[0].push(c));
  err.on('data', (c: Buffer) => chunks[1].push(c));
  const code = await main(argv, { stdin: Readable.from([Buffer.from(o.stdin ?? '')]), stdout: out, stderr: err, stderrIsTTY: false, env: o.env ?? {} });
  return { code, stdout: Buffer.concat(chunks[0]).toString('utf8'), stderr: Buffer.concat(chunks[1]).toString('utf8') };
}

let json: string;
let html: string;
let md: string;
let saved: string;
beforeAll(async () => {
  json = (await cli(['analyze', '--reproducible', DEMO])).stdout;
  html = (await cli(['analyze', '--reproducible', '--format', 'html', DEMO])).stdout;
  md = (await cli(['analyze', '--reproducible', '--format', 'md', DEMO])).stdout;
  saved = join(dir, 'demo.json');
  writeFileSync(saved, json);
});

describe('report render', () => {
  it.each([
    { name: '--html (the default) from a file', argv: () => ['report', 'render', saved], want: () => html },
    { name: '--html from standard input', argv: () => ['report', 'render', '-', '--html'], want: () => html, stdin: true },
    { name: '--md', argv: () => ['report', 'render', '--md', saved], want: () => md },
  ])('$name gives what analyze gave for the same run', async ({ argv, want, stdin }) => {
    const r = await cli(argv(), stdin === true ? { stdin: json } : {});
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(want());
  });

  it('--out writes the file and nothing to standard output', async () => {
    const out = join(dir, 'out.html');
    const r = await cli(['report', 'render', saved, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toBe(html);
  });

  it.each([
    { name: 'missing report file', argv: () => ['report', 'render', join(dir, 'nope.json')], code: 66, message: /^egress-verify: E_INPUT_OPEN .*nope\.json: cannot read the report \(ENOENT\)\n$/ },
    { name: 'not JSON', argv: () => ['report', 'render', (writeFileSync(join(dir, 'bad.json'), '{"schema": '), join(dir, 'bad.json'))], code: 65, message: /^egress-verify: E_REPORT_FILE .*bad\.json: not a JSON report/ },
    { name: 'no report file', argv: () => ['report', 'render'], code: 64, message: /E_USAGE report render needs exactly one JSON report file/ },
    { name: 'two formats', argv: () => ['report', 'render', saved, '--html', '--md'], code: 64, message: /E_USAGE report render: choose one of --html and --md/ },
    { name: '--pdf with --md', argv: () => ['report', 'render', saved, '--md', '--pdf', 'x.pdf'], code: 64, message: /E_USAGE .*--pdf prints the HTML report/ },
    { name: 'unknown subcommand', argv: () => ['report', 'print', saved], code: 64, message: /E_USAGE unknown report subcommand 'print'/ },
    { name: 'unknown option', argv: () => ['report', 'render', saved, '--pdff'], code: 64, message: /E_USAGE / },
  ])('$name: one line, exit $code', async ({ argv, code, message }) => {
    const r = await cli(argv());
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').filter((l) => l !== '')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('report without a subcommand prints the help, which documents render, --html and --pdf', async () => {
    const r = await cli(['report']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/report render <report\.json>/);
    expect(r.stdout).toMatch(/--pdf FILE/);
    expect(r.stdout).toMatch(/--format html/);
  });
});

describe('--pdf without Chromium', () => {
  const missing = { [CHROMIUM_ENV]: join(dir, 'no-such-chromium'), PATH: dir };

  it.each([
    { name: 'report render', argv: () => ['report', 'render', saved, '--pdf', join(dir, 'a.pdf')] },
    { name: 'analyze (before reading the capture)', argv: () => ['analyze', '--pdf', join(dir, 'b.pdf'), join(dir, 'no-such-capture.pcap')] },
  ])('$name: exit 69 (EX_UNAVAILABLE), one line naming the variable, nothing written', async ({ argv }) => {
    const r = await cli(argv(), { env: missing });
    expect(r.code).toBe(69);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^egress-verify: E_NO_BROWSER --pdf: ${CHROMIUM_ENV}=.*no-such-chromium is not an executable file\\n$`));
  });

  it('with no browser anywhere on PATH the line says how to install it', async () => {
    const r = await cli(['report', 'render', saved, '--pdf', join(dir, 'c.pdf')], { env: { PATH: dir } });
    expect(r.code).toBe(69);
    expect(r.stderr).toMatch(/^egress-verify: E_NO_BROWSER --pdf needs headless Chromium, which is not installed \(Debian: apt-get install chromium; or set EGRESS_VERIFY_CHROMIUM to its path\)\n$/);
  });
});

describe('finding Chromium', () => {
  const bin = mkdtempSync(join(tmpdir(), 'ev-bin-'));
  const fake = join(bin, 'chromium-browser');
  writeFileSync(fake, '#!/bin/sh\nexit 0\n');
  chmodSync(fake, 0o755);
  const notExec = join(bin, 'chromium');
  writeFileSync(notExec, '');

  it.each([
    { name: 'the first executable candidate on PATH (a non-executable one is skipped)', env: { PATH: `${dir}:${bin}` }, expected: fake },
    { name: 'the variable wins over PATH', env: { [CHROMIUM_ENV]: fake, PATH: '/nonexistent' }, expected: fake },
    { name: 'a variable naming a non-executable file finds nothing', env: { [CHROMIUM_ENV]: notExec, PATH: bin }, expected: undefined },
    { name: 'nothing on PATH', env: { PATH: dir }, expected: undefined },
  ])('$name', ({ env, expected }) => {
    expect(findChromium(env)).toBe(expected);
  });

  it('prints headless, sandbox-less, without background networking, with a fresh profile', () => {
    const args = chromiumPrintArgs('/tmp/p', '/tmp/o.pdf', 'file:///tmp/r.html');
    for (const a of ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--user-data-dir=/tmp/p', '--print-to-pdf=/tmp/o.pdf']) {
      expect(args).toContain(a);
    }
    expect(args.at(-1)).toBe('file:///tmp/r.html');
  });
});
