/**
 * `--pdf FILE`: the HTML report printed to PDF by headless Chromium (Debian package `chromium`).
 * The HTML is written to a fresh temporary folder with a fresh browser profile; Chromium runs with
 * networking features off and prints with `--print-to-pdf`; the PDF is then moved into place.
 * Without Chromium the command fails with one clear line and exit 69 (EX_UNAVAILABLE, sysexits).
 * @module cli/pdf
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { copyFile, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EgressVerifyError } from '../core/index.js';

/** sysexits EX_UNAVAILABLE: a service the command needs (here Chromium) is not available. */
export const EX_UNAVAILABLE = 69;

/** Executable names tried on PATH, in order. */
const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];
/** Environment variable naming the browser executable explicitly. */
export const CHROMIUM_ENV = 'EGRESS_VERIFY_CHROMIUM';
/** Longest a print may take before the browser is stopped. */
const PRINT_TIMEOUT_MS = 120_000;

/** Chromium is not installed (or not executable): `--pdf` cannot work. */
export class BrowserUnavailableError extends EgressVerifyError {
  readonly code = 'E_NO_BROWSER';
}

/** Chromium ran but produced no PDF. */
export class PdfError extends EgressVerifyError {
  readonly code = 'E_PDF';
}

function executable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The Chromium executable: `$EGRESS_VERIFY_CHROMIUM`, else the first candidate on PATH; undefined if none. */
export function findChromium(env: NodeJS.ProcessEnv): string | undefined {
  const explicit = env[CHROMIUM_ENV];
  if (explicit !== undefined && explicit !== '') return executable(explicit) ? explicit : undefined;
  const dirs = (env['PATH'] ?? process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin').split(delimiter).filter((d) => d !== '');
  for (const name of CANDIDATES) {
    for (const dir of dirs) {
      const p = join(dir, name);
      if (executable(p)) return p;
    }
  }
  return undefined;
}

/** The Chromium executable, or a BrowserUnavailableError with one line saying how to get it. */
export function requireChromium(env: NodeJS.ProcessEnv): string {
  const found = findChromium(env);
  if (found !== undefined) return found;
  const explicit = env[CHROMIUM_ENV];
  throw new BrowserUnavailableError(
    explicit !== undefined && explicit !== ''
      ? `--pdf: ${CHROMIUM_ENV}=${explicit} is not an executable file`
      : `--pdf needs headless Chromium, which is not installed (Debian: apt-get install chromium; or set ${CHROMIUM_ENV} to its path)`,
  );
}

/** The flags of a print: headless, no sandbox (containers), no GPU, nothing fetched in the background. */
export function chromiumPrintArgs(profile: string, pdf: string, url: string): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-extensions',
    `--user-data-dir=${profile}`,
    '--no-pdf-header-footer',
    `--print-to-pdf=${pdf}`,
    url,
  ];
}

function run(cmd: string, args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (s: string) => {
      if (stderr.length < 8192) stderr += s;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), PRINT_TIMEOUT_MS);
    child.on('error', (e) => {
      clearTimeout(timer);
      fail(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stderr });
    });
  });
}

/**
 * Print `html` to the PDF file `out` with the Chromium at `chromium`. Throws PdfError when no PDF
 * comes out, with the browser's last error line.
 */
export async function printPdf(html: string, out: string, chromium: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'egress-verify-pdf-'));
  try {
    const page = join(dir, 'report.html');
    const pdf = join(dir, 'report.pdf');
    await writeFile(page, html);
    let result;
    try {
      result = await run(chromium, chromiumPrintArgs(join(dir, 'profile'), pdf, pathToFileURL(page).href));
    } catch (e) {
      throw new BrowserUnavailableError(`--pdf: cannot run ${chromium} (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { cause: e });
    }
    const size = await stat(pdf).then((s) => s.size, () => 0);
    if (size === 0) {
      const last = result.stderr.trim().split('\n').filter((l) => l.trim() !== '').at(-1) ?? `exit ${result.code ?? 'killed'}`;
      throw new PdfError(`--pdf: Chromium printed no PDF (${last})`);
    }
    await copyFile(pdf, resolve(out)).catch((e: unknown) => {
      throw new PdfError(`${out}: cannot write the PDF (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { cause: e });
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
