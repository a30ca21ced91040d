/**
 * Finished flows, kept until the report is written. Up to `memoryFlows` are held in memory; past
 * that every flow goes, as a line of JSON (flow-codec.ts), to a temporary file, and only its first
 * frame, offset and length stay in memory (20 bytes a flow). The judge and the report read the
 * flows back in first-frame order, once per pass, so memory no longer grows with the flows a
 * capture holds (about 1.5 KB a flow when held).
 *
 * The file is removed from its folder as soon as it is opened: it lives only as long as the open
 * descriptor, so nothing is left behind whatever way the process ends (on a system that cannot
 * remove an open file, it is removed on `release` or when the process exits). `release` closes it.
 * @module pipeline/flow-spool
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpoolError } from '../core/index.js';
import type { FlowRecord } from '../flow/index.js';
import type { FlowNames } from '../names/index.js';
import type { FinishedFlow, FlowList } from '../report/index.js';
import { decodeFlow, encodeFlow } from './flow-codec.js';

/** Where and when finished flows go to a temporary file. */
export interface SpoolOptions {
  /** Finished flows held in memory; when one more finishes, all of them go to the file. */
  readonly memoryFlows: number;
  /** Folder for the temporary file (default: the system's, `os.tmpdir()`). */
  readonly dir?: string;
}

/**
 * Finished flows `analyze` holds in memory (about 100 MiB of them) before it spools them. The file
 * costs time: writing a flow and reading it back for the judge and the report took 11 µs a flow
 * on bench/data/big.pcap (3.53 s against 3.08 s for its 39,654 flows, peak RSS 214 against 256
 * MiB), so only captures with more flows than this pay it.
 */
export const DEFAULT_SPOOL_AFTER = 65_536;

/** Write buffer size; a line longer than a third of it is written on its own. */
const WRITE_BUFFER = 1 << 20;
/** Lines read back per window (flow-spool `read`): at most this many, and this many bytes of them. */
const WINDOW_LINES = 4096;
const WINDOW_BYTES = 4 << 20;
/** Lines of a window at most this far apart in the file are read in one read (the bytes between are read and skipped). */
const READ_GAP = 4096;

/** Finished flows in memory, then in a temporary file past `memoryFlows`. */
export class FlowSpool {
  readonly #o: SpoolOptions | undefined;
  #mem: FinishedFlow[] = [];
  #file: SpoolFile | null = null;

  /** Without options every flow stays in memory (monitor mode, tests). */
  constructor(o?: SpoolOptions) {
    this.#o = o;
  }

  get length(): number {
    return this.#file === null ? this.#mem.length : this.#file.length;
  }

  /** Flows written to the file so far (0 while all are in memory). */
  get spooled(): number {
    return this.#file === null ? 0 : this.#file.length;
  }

  add(rec: FlowRecord, names: FlowNames): void {
    if (this.#file !== null) {
      this.#file.append(rec, names);
      return;
    }
    this.#mem.push({ rec, names });
    if (this.#o !== undefined && this.#mem.length > this.#o.memoryFlows) {
      this.#file = new SpoolFile(this.#o.dir);
      for (const f of this.#mem) this.#file.append(f.rec, f.names);
      this.#mem = [];
    }
  }

  /**
   * The flows so far in first-frame order (flows with the same first frame in the order they
   * finished), each with its names passed through `names` when given. More may be added after;
   * the list does not show them.
   */
  list(names?: (rec: FlowRecord, n: FlowNames) => FlowNames): FlowList {
    const mapped = (f: FinishedFlow): FinishedFlow => (names === undefined ? f : { rec: f.rec, names: names(f.rec, f.names) });
    if (this.#file === null) return [...this.#mem].sort((a, b) => a.rec.firstFrame - b.rec.firstFrame).map(mapped);
    const file = this.#file;
    const order = file.sortedOrder();
    return {
      length: order.length,
      release: () => file.close(),
      *[Symbol.iterator](): Iterator<FinishedFlow> {
        for (const f of file.read(order)) yield mapped(f);
      },
    };
  }

  /** Closes the file (its lists can no longer be read); nothing to do when all is in memory. */
  release(): void {
    this.#file?.close();
  }
}

/** The temporary file and the index of its lines. */
class SpoolFile {
  readonly #fd: number;
  /** The folder the file was made in (for messages). */
  readonly #dir: string;
  readonly #buf = Buffer.allocUnsafe(WRITE_BUFFER);
  #pos = 0;
  /** Bytes already in the file. */
  #size = 0;
  #n = 0;
  #frames = new Float64Array(1024);
  #offsets = new Float64Array(1024);
  #lengths = new Uint32Array(1024);
  #closed = false;
  /** The file's own folder when it could not be removed while open (removed on close). */
  #leftover: string | null = null;

  constructor(dir: string | undefined) {
    const parent = dir ?? tmpdir();
    this.#dir = parent;
    try {
      const own = mkdtempSync(join(parent, 'egress-verify-'));
      this.#fd = openSync(join(own, 'flows.jsonl'), 'w+', 0o600);
      try {
        // Gone from the folder at once: the open descriptor keeps the data until it is closed.
        rmSync(own, { recursive: true, force: true });
      } catch {
        // A system that cannot remove an open file (Windows): removed when closed, or when the process exits.
        this.#leftover = own;
        process.once('exit', this.#removeLeftover);
      }
    } catch (e) {
      throw new SpoolError(`cannot create a temporary file for finished flows in ${parent} (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { cause: e });
    }
  }

  get length(): number {
    return this.#n;
  }

  append(rec: FlowRecord, names: FlowNames): void {
    const line = encodeFlow(rec, names);
    let offset: number;
    let bytes: number;
    if (line.length * 3 > WRITE_BUFFER / 3) {
      this.#flush();
      offset = this.#size;
      bytes = this.#write(Buffer.from(line, 'utf8'));
    } else {
      if (this.#pos + line.length * 3 > WRITE_BUFFER) this.#flush();
      offset = this.#size + this.#pos;
      bytes = this.#buf.write(line, this.#pos, 'utf8');
      this.#pos += bytes;
    }
    this.#index(rec.firstFrame, offset, bytes);
  }

  /** Line indices in first-frame order, ties in the order written. */
  sortedOrder(): Uint32Array {
    this.#flush();
    const order = new Uint32Array(this.#n);
    for (let i = 0; i < order.length; i++) order[i] = i;
    const frames = this.#frames;
    return order.sort((a, b) => frames[a]! - frames[b]! || a - b);
  }

  /**
   * The flows of lines `order`, read back in that order. Lines are taken a window at a time (up
   * to WINDOW_LINES lines and WINDOW_BYTES bytes of them): the window's lines are read in file
   * order, neighbours within READ_GAP bytes in one read, and given in `order`. Flows finish in
   * another order than they start, so one line after the other in `order` jumps about the file.
   */
  *read(order: Uint32Array): Generator<FinishedFlow> {
    const offsets = this.#offsets;
    const lengths = this.#lengths;
    let buf = Buffer.allocUnsafe(WINDOW_BYTES);
    for (let from = 0; from < order.length; ) {
      if (this.#closed) throw new Error('flow spool read after release');
      // The window: lines order[from..to), at most WINDOW_LINES of them and WINDOW_BYTES of line bytes (at least one line).
      let to = from;
      let bytes = 0;
      while (to < order.length && to - from < WINDOW_LINES && (to === from || bytes + lengths[order[to]!]! <= WINDOW_BYTES)) bytes += lengths[order[to++]!]!;
      const byOffset = Array.from(order.subarray(from, to)).sort((x, y) => offsets[x]! - offsets[y]!);
      // Where each line's text starts in `buf` (lines packed in file order, gaps inside one read kept).
      const at = new Map<number, number>();
      let used = 0;
      for (let k = 0; k < byOffset.length; ) {
        const first = byOffset[k]!;
        const start = offsets[first]!;
        let end = start + lengths[first]!;
        let j = k + 1;
        while (j < byOffset.length && offsets[byOffset[j]!]! - end <= READ_GAP) end = Math.max(end, offsets[byOffset[j]!]! + lengths[byOffset[j]!]!), j++;
        if (used + (end - start) > buf.length) {
          // Gaps made the window's reads larger than the buffer: give the rest reads of their own size.
          const bigger = Buffer.allocUnsafe(Math.max(buf.length * 2, used + (end - start)));
          buf.copy(bigger, 0, 0, used);
          buf = bigger;
        }
        if (this.#readAt(buf.subarray(used), end - start, start) !== end - start) {
          throw new SpoolError(`the temporary file of finished flows is shorter than written (line ${first} at byte ${start})`);
        }
        for (let m = k; m < j; m++) at.set(byOffset[m]!, used + offsets[byOffset[m]!]! - start);
        used += end - start;
        k = j;
      }
      for (let k = from; k < to; k++) {
        const i = order[k]!;
        const p = at.get(i)!;
        yield decodeFlow(buf.toString('utf8', p, p + lengths[i]!));
      }
      from = to;
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    closeSync(this.#fd);
    if (this.#leftover !== null) {
      process.removeListener('exit', this.#removeLeftover);
      this.#removeLeftover();
    }
  }

  readonly #removeLeftover = (): void => {
    if (this.#leftover === null) return;
    if (!this.#closed) {
      this.#closed = true;
      closeSync(this.#fd);
    }
    rmSync(this.#leftover, { recursive: true, force: true });
    this.#leftover = null;
  };

  #index(frame: number, offset: number, bytes: number): void {
    if (this.#n === this.#frames.length) {
      this.#frames = grow(this.#frames);
      this.#offsets = grow(this.#offsets);
      this.#lengths = grow(this.#lengths);
    }
    this.#frames[this.#n] = frame;
    this.#offsets[this.#n] = offset;
    this.#lengths[this.#n] = bytes;
    this.#n++;
  }

  #flush(): void {
    if (this.#pos === 0) return;
    this.#write(this.#buf.subarray(0, this.#pos));
    this.#pos = 0;
  }

  /** Writes `b` at the end of the file; returns its length. */
  #write(b: Buffer): number {
    let done = 0;
    try {
      while (done < b.length) done += writeSync(this.#fd, b, done, b.length - done, this.#size + done);
    } catch (e) {
      throw new SpoolError(`cannot write the temporary file of finished flows in ${this.#dir} (${(e as NodeJS.ErrnoException).code ?? 'error'}): set TMPDIR to a folder with room (about 1 KB a flow)`, { cause: e });
    }
    this.#size += b.length;
    return b.length;
  }

  #readAt(into: Buffer, length: number, position: number): number {
    let got = 0;
    while (got < length) {
      const n = readSync(this.#fd, into, got, length - got, position + got);
      if (n === 0) break;
      got += n;
    }
    return got;
  }
}

function grow<T extends Float64Array | Uint32Array>(a: T): T {
  const b = new (a.constructor as new (n: number) => T)(a.length * 2);
  b.set(a);
  return b;
}
