/**
 * Test helpers: run a capture from bytes (split into chunks of a chosen size) and collect
 * frames (copied, since frame data is borrowed) and the summary.
 */
import { Readable } from 'node:stream';
import { openCapture, type CaptureSummary, type PcapReaderChoice } from '../../src/capture/index.js';
import { AnomalyLog, DEFAULT_LIMITS, type Frame, type Limits } from '../../src/core/index.js';

export interface ReadResult {
  readonly frames: readonly (Omit<Frame, 'data'> & { readonly data: Buffer })[];
  readonly summary: CaptureSummary;
  readonly anomalies: AnomalyLog;
}

/** A stream giving `bytes` in chunks of `chunkSize`. */
export function streamOf(bytes: Uint8Array, chunkSize = 1 << 16): Readable {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(Buffer.from(bytes.subarray(i, i + chunkSize)));
  return Readable.from(chunks, { objectMode: false });
}

/** Open and read everything. */
export async function readAll(
  bytes: Uint8Array,
  o: { chunkSize?: number; pcapReader?: PcapReaderChoice; limits?: Limits; firstFrame?: number } = {},
): Promise<ReadResult> {
  const anomalies = new AnomalyLog(5);
  const cap = await openCapture(
    { name: 'test', stream: streamOf(bytes, o.chunkSize) },
    { limits: o.limits ?? DEFAULT_LIMITS, firstFrame: o.firstFrame ?? 1, input: 0, anomalies, ...(o.pcapReader ? { pcapReader: o.pcapReader } : {}) },
  );
  const frames: ReadResult['frames'][number][] = [];
  for await (const f of cap) frames.push({ ...f, data: Buffer.from(f.data) });
  return { frames, summary: cap.summary(), anomalies };
}
