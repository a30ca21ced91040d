/**
 * Frame → IP packet (link, IP, transport, tunnels, reassembly).
 * @module decode
 */
export type * from './types.js';
