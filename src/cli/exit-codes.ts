/**
 * Exit codes (sysexits-style), documented in the README.
 * @module cli/exit-codes
 */
export const EXIT = Object.freeze({
  /** Verdict PASS (analyze, monitor, reproduce); success for the other commands. */
  OK: 0,
  /** Verdict FAIL (or a campaign expectation not met). */
  FAIL: 1,
  /** Verdict INCONCLUSIVE. */
  INCONCLUSIVE: 2,
  /** Bad command line. */
  USAGE: 64,
  /** An input is not a readable capture (unknown format, empty). */
  DATA_ERR: 65,
  /** An input cannot be opened (missing, a directory, no permission). */
  NO_INPUT: 66,
  /** A tool the request needs is not installed (Chromium for --pdf). */
  UNAVAILABLE: 69,
  /** Output could not be written. */
  CANT_CREATE: 73,
  /** Internal error: a bug, please report. */
  SOFTWARE: 70,
});

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
