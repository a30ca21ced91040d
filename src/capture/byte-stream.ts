/**
 * Pull-based reading of one input's raw bytes, optionally through gunzip. Counts (and, when
 * asked, hashes) the raw bytes as they arrive, and turns stream failures into a typed fault.
 * @module capture/byte-stream
 */
import type { ChunkHasher } from './hash.js';
import type { RawSource } from './file-source.js';
import { Readable, pipeline } from 'node:stream';
import { createGunzip, type Gunzip } from 'node:zlib';

/** Why a stream stopped giving bytes before its natural end. */
export type StreamFaultKind = 'read_error' | 'gzip_corrupt' | 'gzip_truncated';

/** A read failure of the input stream or its decompressor (not an input-format error). */
export class StreamFault extends Error {
  constructor(
    readonly kind: StreamFaultKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StreamFault';
  }
}

/**
 * Output chunk size of gunzip. Larger chunks mean fewer tail copies in the record walkers, but
 * Node's zlib discards the output of the inflate call that hits an error (e.g. a bad CRC), so
 * up to one chunk of frames before a gzip error is never seen: 64 KiB bounds that loss.
 */
const GUNZIP_CHUNK = 64 * 1024;

/** One input's bytes, pulled a chunk at a time; the consumer pulling is the backpressure. */
export class ByteStream {
  readonly #raw: RawSource;
  readonly #hash: ChunkHasher;
  readonly #onProgress: ((bytes: number) => void) | undefined;
  #rawBytes = 0;
  #rawEnded = false;
  #rawError: unknown = undefined;
  #gunzip: Gunzip | null = null;
  /** Decompressed chunks received and not yet read; the gunzip stream is paused while non-empty. */
  readonly #gzQueue: Buffer[] = [];
  #gzEnded = false;
  #gzError: unknown = undefined;
  #gzWake: (() => void) | null = null;
  #destroyed = false;

  constructor(raw: RawSource, hasher: ChunkHasher, onProgress?: (bytes: number) => void) {
    this.#raw = raw;
    this.#hash = hasher;
    this.#onProgress = onProgress;
  }

  /** Raw bytes read so far. */
  get rawBytes(): number {
    return this.#rawBytes;
  }

  /** Whether the raw input has been read to its end. */
  get rawEnded(): boolean {
    return this.#rawEnded;
  }

  /** Hex sha256 of the raw bytes, once the whole input was read; else '' (a prefix's hash is not the input's). */
  async digest(): Promise<string> {
    if (!this.#rawEnded) {
      this.#hash.cancel();
      return '';
    }
    return this.#hash.digest();
  }

  /** Next raw chunk, or null at the end. Throws StreamFault('read_error'). */
  async readRaw(): Promise<Buffer | null> {
    if (this.#rawEnded || this.#destroyed) return null;
    let chunk: Buffer | null;
    try {
      chunk = await this.#raw.next();
    } catch (err) {
      this.#rawError = err;
      throw new StreamFault('read_error', `read error: ${errText(err)}`, { cause: err });
    }
    if (chunk === null) {
      this.#rawEnded = true;
      return null;
    }
    this.#rawBytes += chunk.length;
    const wait = this.#hash.update(chunk);
    if (wait !== undefined) await wait;
    this.#onProgress?.(this.#rawBytes);
    return chunk;
  }

  /** From now on `read()` yields decompressed bytes; `prefix` are raw chunks already read. */
  startGunzip(prefix: readonly Buffer[]): void {
    const self = this;
    async function* feed(): AsyncGenerator<Buffer> {
      // Copies: raw chunks may be views of a reused ring (file-source.ts) and zlib may hold them.
      for (const c of prefix) yield Buffer.from(c);
      for (;;) {
        const c = await self.readRaw();
        if (c === null) return;
        yield Buffer.from(c);
      }
    }
    const gz = createGunzip({ chunkSize: GUNZIP_CHUNK });
    pipeline(Readable.from(feed(), { objectMode: false }), gz, () => {
      /* errors surface through the 'error' listener below */
    });
    // 'data' events rather than the async iterator: on error the iterator drops chunks already
    // decompressed, and those frames must still be read.
    const wake = (): void => {
      const w = this.#gzWake;
      this.#gzWake = null;
      w?.();
    };
    gz.on('data', (c: Buffer) => {
      this.#gzQueue.push(c);
      gz.pause();
      wake();
    });
    gz.on('end', () => {
      this.#gzEnded = true;
      wake();
    });
    gz.on('error', (err: unknown) => {
      this.#gzError = err;
      wake();
    });
    this.#gunzip = gz;
  }

  /** Next chunk of (decompressed) content, or null at its end. Throws StreamFault. */
  async read(): Promise<Buffer | null> {
    const gz = this.#gunzip;
    if (gz === null) return this.readRaw();
    for (;;) {
      if (this.#destroyed) return null;
      const c = this.#gzQueue.shift();
      if (c !== undefined) {
        if (this.#gzQueue.length === 0) gz.resume();
        return c;
      }
      if (this.#gzError !== undefined) throw this.#gzFault(this.#gzError);
      if (this.#gzEnded) return null;
      await new Promise<void>((resolve) => {
        this.#gzWake = resolve;
      });
    }
  }

  #gzFault(err: unknown): StreamFault {
    if (err instanceof StreamFault) return err;
    if (this.#rawError !== undefined) return new StreamFault('read_error', `read error: ${errText(this.#rawError)}`, { cause: this.#rawError });
    const code = (err as { code?: unknown }).code;
    if (code === 'Z_BUF_ERROR') return new StreamFault('gzip_truncated', 'gzip stream ends early (truncated .gz)', { cause: err });
    return new StreamFault('gzip_corrupt', `corrupt gzip stream: ${errText(err)}`, { cause: err });
  }

  /** Stop reading and release the input (consumer stopped early, or reading failed). */
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#gunzip?.destroy();
    this.#gzQueue.length = 0;
    const w = this.#gzWake;
    this.#gzWake = null;
    w?.();
    this.#raw.close();
  }
}

function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A Node readable stream as a RawSource. */
export class StreamRawSource implements RawSource {
  readonly #stream: NodeJS.ReadableStream;
  readonly #it: AsyncIterator<string | Buffer>;

  constructor(stream: NodeJS.ReadableStream) {
    this.#stream = stream;
    this.#it = stream[Symbol.asyncIterator]();
  }

  async next(): Promise<Buffer | null> {
    const r = await this.#it.next();
    if (r.done === true) return null;
    return typeof r.value === 'string' ? Buffer.from(r.value, 'latin1') : r.value;
  }

  close(): void {
    void this.#it.return?.().catch(() => undefined);
    const d = (this.#stream as { destroy?: () => void }).destroy;
    if (typeof d === 'function') d.call(this.#stream);
  }
}
