/**
 * Typed input errors (tier 2 of STYLE §7). Anomalies are data, never thrown; bugs are plain Errors.
 * @module core/errors
 */

/** Base of every error the CLI prints as one line without a stack. */
export abstract class EgressVerifyError extends Error {
  abstract readonly code: `E_${string}`;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Nothing could be read from an input: not a capture, empty, unknown magic. */
export class CaptureFormatError extends EgressVerifyError {
  readonly code = 'E_CAPTURE_FORMAT';
  constructor(
    readonly source: string,
    readonly offset: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** An input could not be opened (missing file, directory, permission). */
export class InputOpenError extends EgressVerifyError {
  readonly code = 'E_INPUT_OPEN';
  constructor(
    readonly source: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Bad command-line usage. */
export class UsageError extends EgressVerifyError {
  readonly code = 'E_USAGE';
}

/** The temporary file that holds finished flows until the report is written cannot be made or written (a full disk). */
export class SpoolError extends EgressVerifyError {
  readonly code = 'E_SPOOL';
}
