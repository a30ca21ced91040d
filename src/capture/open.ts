/**
 * Opening inputs: sniff the magic (through gzip if need be), validate the file header, pick
 * the reader; and several inputs read as one continuous capture.
 * @module capture/open
 */
import { CaptureFormatError, InputOpenError } from '../core/index.js';
import { ByteStream, StreamFault, StreamRawSource } from './byte-stream.js';
import { SharedFileSource, canUseSharedFile, type RawSource } from './file-source.js';
import { InlineHasher, WorkerHasher, type ChunkHasher } from './hash.js';
import { PcapParserAdapter } from './pcap-parser-adapter.js';
import { PCAP_FILE_HEADER_LEN, parsePcapHeader } from './pcap-header.js';
import { PcapReader } from './pcap.js';
import { PcapngReader, pcapngBlockCap, shbOrder } from './pcapng.js';
import type { FrameProducer, ReaderContext } from './producer.js';
import { CaptureReader } from './reader.js';
import { SNIFF_BYTES, sniffMagic } from './sniff.js';
import type { Capture, CaptureFormat, CaptureSource, OpenOptions } from './types.js';

/** Minimal SHB: header 8, byte-order magic 4, versions 4, section length 8, trailer 4 (§4.1). */
const PCAPNG_SHB_MIN = 28;

/** Inputs smaller than this are hashed on the reading thread. */
const WORKER_HASH_MIN_BYTES = 8 * 1024 * 1024;

/**
 * Open one input. Reads just enough to recognise the format and validate its file header.
 * Throws CaptureFormatError only when nothing can be read (empty input, unknown magic,
 * truncated or impossible file header); any later damage ends the iteration with a stop.
 */
export async function openCapture(source: CaptureSource, opts: OpenOptions): Promise<Capture> {
  return openReader(source, opts);
}

/** As openCapture, returning the concrete reader (for openCaptures). */
export async function openReader(source: CaptureSource, opts: OpenOptions): Promise<CaptureReader> {
  // Small inputs hash inline (a worker costs more to start than it saves). A large regular file
  // is read into shared memory that a worker hashes in place; other large inputs are copied to
  // the hashing worker chunk by chunk.
  const small = source.size !== undefined && source.size < WORKER_HASH_MIN_BYTES;
  const shared =
    !small && source.path !== undefined && opts.pcapReader !== 'pcap-parser' && canUseSharedFile(pcapngBlockCap(opts.limits.maxFrameBytes))
      ? new SharedFileSource(source.path)
      : null;
  let raw: RawSource;
  if (shared !== null) {
    (source.stream as { destroy?: () => void }).destroy?.();
    raw = shared;
  } else {
    raw = new StreamRawSource(source.stream);
  }
  const hasher: ChunkHasher = shared ?? (small ? new InlineHasher() : new WorkerHasher());
  const bytes = new ByteStream(raw, hasher, opts.onProgress);
  const ctx: ReaderContext = { name: source.name, input: opts.input, firstFrame: opts.firstFrame, anomalies: opts.anomalies, limits: opts.limits };
  try {
    const head = new Head(() => bytes.readRaw());
    await head.fill(SNIFF_BYTES);
    let sniff = sniffMagic(head.bytes(), head.eof);
    let compression: 'gzip' | 'none' = 'none';
    let content = head;
    if (sniff.kind === 'gzip') {
      compression = 'gzip';
      bytes.startGunzip(head.chunks);
      content = new Head(() => bytes.read());
      await content.fill(SNIFF_BYTES);
      sniff = sniffMagic(content.bytes(), content.eof);
      if (sniff.kind === 'gzip') throw new CaptureFormatError(source.name, 0, 'gzip inside gzip is not supported');
    }
    const where = compression === 'gzip' ? ' (after gunzip)' : '';
    if (sniff.kind === 'unknown') throw new CaptureFormatError(source.name, 0, sniff.reason + where);
    if (sniff.kind === 'need-more' || (sniff.kind as string) === 'gzip') throw new Error(`sniff: unexpected ${sniff.kind}`);
    let producer: FrameProducer;
    let format: CaptureFormat;
    if (sniff.kind === 'pcap') {
      await content.fill(PCAP_FILE_HEADER_LEN);
      const h = parsePcapHeader(content.bytes());
      if (!h.ok) throw new CaptureFormatError(source.name, 0, h.reason + where);
      format = h.header.nanoseconds ? 'pcap-ns' : 'pcap';
      // pcap-parser cannot read the swapped length fields of files before 2.3: our reader does.
      producer = opts.pcapReader === 'pcap-parser' && h.header.lengths === 'normal' ? new PcapParserAdapter(h.header, ctx) : new PcapReader(h.header, ctx);
    } else {
      await checkShb(content, source.name, opts, where);
      format = 'pcapng';
      producer = new PcapngReader(ctx);
    }
    producer.push(content.bytes());
    return new CaptureReader({ ctx, format, compression, bytes, producer, hashWholeInput: source.path !== undefined || source.size !== undefined });
  } catch (err) {
    bytes.destroy();
    hasher.cancel();
    if (err instanceof StreamFault) {
      if (err.kind === 'read_error') throw new InputOpenError(source.name, err.message, { cause: err });
      throw new CaptureFormatError(source.name, 0, `${err.message} before the capture header could be read`, { cause: err });
    }
    throw err;
  }
}

/** The first SHB must be complete and sane, or nothing can be read. */
async function checkShb(content: Head, name: string, opts: OpenOptions, where: string): Promise<void> {
  await content.fill(12);
  const b = content.bytes();
  if (b.length < 12) throw new CaptureFormatError(name, 0, `truncated pcapng section header: ${b.length} bytes${where}`);
  const order = shbOrder(b, 0);
  if (order === null) throw new CaptureFormatError(name, 8, `pcapng section header without a valid byte-order magic${where}`);
  const len = order.u32(b, 4);
  const cap = pcapngBlockCap(opts.limits.maxFrameBytes);
  if (len < PCAPNG_SHB_MIN || len % 4 !== 0 || len > cap) throw new CaptureFormatError(name, 4, `impossible pcapng section header length ${len}${where}`);
  await content.fill(len);
  const full = content.bytes();
  if (full.length < len) throw new CaptureFormatError(name, 0, `truncated pcapng section header: ${full.length} of ${len} bytes${where}`);
  const major = order.u16(full, 12);
  if (major !== 1) throw new CaptureFormatError(name, 12, `unsupported pcapng version ${major}.${order.u16(full, 14)}${where}`);
}

/** The first chunks of a stream, kept so they can be handed on unchanged. */
class Head {
  readonly chunks: Buffer[] = [];
  #total = 0;
  eof = false;
  #joined: Buffer | null = null;
  readonly #read: () => Promise<Buffer | null>;

  constructor(read: () => Promise<Buffer | null>) {
    this.#read = read;
  }

  /** Read until at least `n` bytes are held or the stream ends. */
  async fill(n: number): Promise<void> {
    while (this.#total < n && !this.eof) {
      const c = await this.#read();
      if (c === null) this.eof = true;
      else if (c.length > 0) {
        this.chunks.push(c);
        this.#total += c.length;
        this.#joined = null;
      }
    }
  }

  /** Everything held, as one buffer. */
  bytes(): Buffer {
    if (this.#joined === null) this.#joined = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.#total);
    return this.#joined;
  }
}
