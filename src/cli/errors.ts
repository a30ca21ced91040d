/**
 * Typed errors shared by the CLI's commands (STYLE rule 6): printed in one line, mapped to an
 * exit code by main.ts.
 * @module cli/errors
 */
import { EgressVerifyError } from '../core/index.js';

/** A report, output folder or campaign file cannot be written (exit 73). */
export class OutputError extends EgressVerifyError {
  readonly code = 'E_OUTPUT';
  constructor(
    readonly target: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The first five issues of an invalid file, and how many there were in all, on one line. */
export function issuesLine(issues: readonly string[]): string {
  return `${issues.slice(0, 5).join('; ')}${issues.length > 5 ? `; … (${issues.length} problems)` : ''}`;
}

/** Why a file could not be opened, in words: `no such file`, `is a directory`, or the errno code. */
export function whyUnopened(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (code ?? 'cannot open');
}
