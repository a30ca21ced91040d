/**
 * Packets → bidirectional flows.
 * @module flow
 */
export type * from './types.js';
