/**
 * Typed errors of the campaign, diff and reproduce commands (STYLE rule 6): each is printed by the
 * CLI in one line and maps to an exit code (65: the data is wrong; 66 comes from InputOpenError).
 * @module cli/campaign/errors
 */
import { EgressVerifyError } from '../../core/index.js';
import { issuesLine } from '../errors.js';

/** A manifest that does not validate: every issue, with its path (`runs[2].expect: …`). */
export class ManifestError extends EgressVerifyError {
  readonly code = 'E_MANIFEST';
  constructor(
    readonly source: string,
    readonly issues: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(`${source}: invalid manifest: ${issuesLine(issues)}`, options);
  }
}

/** A file given to diff or reproduce that is not an egress-verify JSON report or campaign folder. */
export class ReportInputError extends EgressVerifyError {
  readonly code = 'E_REPORT_INPUT';
  constructor(
    readonly source: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** An input given to reproduce is not the one the report names (sha256 differs, or one is missing). */
export class ReproduceInputError extends EgressVerifyError {
  readonly code = 'E_REPRODUCE_INPUT';
  constructor(
    readonly input: string,
    message: string,
  ) {
    super(message);
  }
}
