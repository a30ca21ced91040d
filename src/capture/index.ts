/**
 * Capture bytes → frames: pcap (µs/ns, either byte order), pcapng (sections, interfaces,
 * EPB/SPB/PB), each optionally gzip-compressed, from any readable stream.
 * @module capture
 */
export type * from './types.js';
export type { CaptureAnomalyCode } from './anomalies.js';
export { openCapture } from './open.js';
export { openCaptures } from './open-many.js';
export { sniffMagic, type SniffResult } from './sniff.js';
export { linkTypeName, LINKTYPE_NAMES } from './linktypes.js';
export { pcapngSectionHeader, pcapngInterface, pcapngPacket } from './pcapng-writer.js';
