/**
 * Opening inputs: files and standard input become CaptureSources. Only the CLI touches the file system.
 * @module cli/sources
 */
import { constants as fsConstants, createReadStream, promises as fsp } from 'node:fs';
import { InputOpenError, UsageError } from '../core/index.js';
import type { CaptureSource } from '../capture/index.js';

/** Read chunk size: large chunks keep per-chunk overhead out of the hot path. */
const CHUNK_BYTES = 1024 * 1024;

/** A file's identity (device and inode): the same for every path and link that leads to it. */
function fileId(st: { readonly dev: number; readonly ino: number }): string {
  return `${st.dev}:${st.ino}`;
}

/**
 * Check every input can be opened before reading any (a typo fails fast, not after an hour).
 * Returns the inputs' files by identity (fileId → input index), for `checkOutputs`.
 */
export async function checkInputs(inputs: readonly string[]): Promise<ReadonlyMap<string, number>> {
  // The same file twice (overlapping globs, a typo) would count each of its packets twice: every
  // byte figure in the report doubled. A usage error, before anything is read.
  const seen = new Map<string, number>();
  for (const [i, p] of inputs.entries()) {
    if (p === '-') continue; // given once at most (args)
    let st;
    try {
      st = await fsp.stat(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (code ?? 'cannot open');
      throw new InputOpenError(p, `${p}: ${why}`, { cause: e });
    }
    if (st.isDirectory()) throw new InputOpenError(p, `${p}: is a directory, not a capture file`);
    const first = seen.get(fileId(st));
    if (first !== undefined) throw new UsageError(`${p} (input ${i + 1}) is the same file as input ${first + 1}, ${inputs[first]}: given twice, each of its packets would be counted twice`);
    seen.set(fileId(st), i);
    try {
      // A named pipe is only checked, never opened: opening and closing it would end the writer's
      // side (its next write fails), and the real open would then wait for a writer for ever.
      if (st.isFile()) await (await fsp.open(p, 'r')).close();
      else await fsp.access(p, fsConstants.R_OK);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new InputOpenError(p, `${p}: ${code === 'EACCES' ? 'permission denied' : (code ?? 'cannot open')}`, { cause: e });
    }
  }
  return seen;
}

/** A lazily opened source per input, in order. */
export async function openSource(p: string, stdin: NodeJS.ReadableStream): Promise<CaptureSource> {
  if (p === '-') return { name: '-', stream: stdin };
  const st = await fsp.stat(p);
  const stream = createReadStream(p, { highWaterMark: CHUNK_BYTES });
  return st.isFile() ? { name: p, stream, path: p, size: st.size } : { name: p, stream };
}

/**
 * Refuse, before reading, to write a report over one of the inputs (`inputFiles` from
 * `checkInputs`): `--out capture.pcap` (a slip of the hand) replaced the capture, the very
 * evidence the report is about, with the report. Outputs that do not exist yet cannot be inputs;
 * a link is compared by what it leads to.
 */
export async function checkOutputs(inputs: readonly string[], inputFiles: ReadonlyMap<string, number>, outputs: readonly { readonly flag: string; readonly path: string }[]): Promise<void> {
  for (const o of outputs) {
    if (o.path === '-') continue;
    const st = await fsp.stat(o.path).catch(() => undefined);
    const i = st === undefined ? undefined : inputFiles.get(fileId(st));
    if (i !== undefined) throw new UsageError(`${o.flag} ${o.path} is input ${i + 1} (${inputs[i]}): writing the report there would destroy the capture`);
  }
}
