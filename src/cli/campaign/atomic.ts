/**
 * Atomic files for campaign output: each file is written to a hidden temporary file in the same
 * folder (`.NAME.PID.THREAD.N.tmp`), flushed, and renamed over its final name (rename(2) within a
 * file system replaces the target atomically). A process killed at any moment therefore leaves
 * either the old file, the new file, or an ignorable hidden temporary file, never a partial file
 * under its real name; `removeTempFiles` sweeps the temporaries a killed run left.
 * @module cli/campaign/atomic
 */
import { mkdir, open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { OutputError } from '../errors.js';

let seq = 0;

/** Matches the temporary files `writeAtomic` creates. */
export const TEMP_FILE = /^\..+\.\d+\.\d+\.\d+\.tmp$/;

/** Write `content` (a string, or chunks whose concatenation is the file) to `path` atomically. */
export async function writeAtomic(path: string, content: string | Iterable<string>): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${threadId}.${seq++}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    const fh = await open(tmp, 'w');
    try {
      await writeBatched(fh, typeof content === 'string' ? [content] : content);
      await fh.datasync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw new OutputError(path, `${path}: cannot write (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { cause: e });
  }
}

/** Chunks in batches of about 1 MiB (reports can be large; one write per chunk would be slow). */
async function writeBatched(fh: import('node:fs/promises').FileHandle, chunks: Iterable<string>): Promise<void> {
  let batch: string[] = [];
  let size = 0;
  for (const c of chunks) {
    batch.push(c);
    size += c.length;
    if (size >= 1 << 20) {
      await writeAll(fh, batch.join(''));
      batch = [];
      size = 0;
    }
  }
  if (batch.length > 0) await writeAll(fh, batch.join(''));
}

/** Every byte of `text`, at the file's current position (a write may be short). */
async function writeAll(fh: import('node:fs/promises').FileHandle, text: string): Promise<void> {
  const buf = Buffer.from(text, 'utf8');
  let off = 0;
  while (off < buf.length) off += (await fh.write(buf, off, buf.length - off)).bytesWritten;
}

/**
 * Remove temporary files left by a killed campaign in `dir` and its sub-folders (`depth` levels).
 * Only names `writeAtomic` makes are touched; a missing folder is fine. Returns how many went.
 */
export async function removeTempFiles(dir: string, depth = 2): Promise<number> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  let n = 0;
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isFile() && TEMP_FILE.test(e.name)) {
      await unlink(p).catch(() => undefined);
      n++;
    } else if (e.isDirectory() && depth > 0 && !e.name.startsWith('.')) n += await removeTempFiles(p, depth - 1);
  }
  return n;
}
