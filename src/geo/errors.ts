/**
 * Typed input errors of the geo stage.
 * @module geo/errors
 */
import { EgressVerifyError } from '../core/index.js';

/** A database file that cannot be used: not MMDB, corrupt metadata, bad gzip. */
export class GeoDatabaseError extends EgressVerifyError {
  readonly code = 'E_GEO_DATABASE';
  constructor(
    readonly database: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * An overrides file that cannot be used: not JSON, wrong shape, or an entry that fails
 * validation. `index` is the position of the offending entry in `overrides` (absent for errors of
 * the file as a whole); the message names the source, the entry and the field.
 */
export class GeoOverridesError extends EgressVerifyError {
  readonly code = 'E_GEO_OVERRIDES';
  constructor(
    readonly source: string,
    readonly index: number | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
