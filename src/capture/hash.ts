/**
 * sha256 of a regular file computed on another core: a worker thread reads the file on its own
 * while the main thread parses it.
 * @module capture/hash
 */
import { Worker } from 'node:worker_threads';

/** A hash being computed; `cancel()` stops it (the promise then resolves to ''). */
export interface PendingHash {
  readonly result: Promise<string>;
  cancel(): void;
}

/**
 * Plain CommonJS so it runs the same under tsx, vitest and the compiled dist (`eval: true`
 * workers get no TypeScript transform).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { createReadStream } = require('node:fs');
const h = createHash('sha256');
createReadStream(workerData.path, { highWaterMark: 1 << 20 })
  .on('data', (d) => h.update(d))
  .on('end', () => parentPort.postMessage({ ok: true, hex: h.digest('hex') }))
  .on('error', (e) => parentPort.postMessage({ ok: false, message: String(e && e.message || e) }));
`;

/** Start hashing `path` in a worker thread. Never rejects: a failure resolves to ''. */
export function hashFileInWorker(path: string): PendingHash {
  let worker: Worker | null = new Worker(WORKER_SOURCE, { eval: true, workerData: { path } });
  let settle: (hex: string) => void = () => undefined;
  const result = new Promise<string>((resolve) => {
    settle = resolve;
  });
  const done = (hex: string): void => {
    settle(hex);
    const w = worker;
    worker = null;
    if (w !== null) void w.terminate();
  };
  worker.on('message', (m: { ok: boolean; hex?: string }) => done(m.ok && typeof m.hex === 'string' ? m.hex : ''));
  worker.on('error', () => done(''));
  worker.on('exit', () => done(''));
  return { result, cancel: () => done('') };
}
