/**
 * Capture bytes → frames.
 * @module capture
 */
export type * from './types.js';
