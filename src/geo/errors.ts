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
