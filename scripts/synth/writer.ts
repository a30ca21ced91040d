/**
 * Capture file writers: classic pcap (microsecond, little-endian) and pcapng (one SHB, one IDB,
 * EPBs). Records are packed into 4 MiB chunks and handed to a Writable; when the stream asks
 * for backpressure (`write()` returns false) `blocked` turns true and the producer awaits `ready()`.
 * @module synth/writer
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Output container format. */
export type SynthFormat = 'pcap' | 'pcapng';

/** Where synthesized frames go. `tsUs` is microseconds since the Unix epoch. */
export interface FrameSink {
  /** Appends one Ethernet frame `frame[0, length)` captured at `tsUs`. */
  writeFrame(tsUs: number, frame: Uint8Array, length: number): void;
  /** True when the producer should `await ready()` before writing more. */
  readonly blocked: boolean;
  /** Resolves once the underlying stream(s) accept more data. */
  ready(): Promise<void>;
  /** Flushes the last chunk and ends the stream(s). */
  close(): Promise<void>;
  /** Bytes written so far (headers included). */
  readonly bytesWritten: number;
}

const CHUNK = 4 << 20;
/** pcap global header magic, microsecond resolution (tcpdump.org pcap(5) / draft-ietf-opsawg-pcap §4). */
const PCAP_MAGIC_US = 0xa1b2c3d4;
/** LINKTYPE_ETHERNET. */
const LINKTYPE_ETHERNET = 1;
/** pcapng block types (draft-ietf-opsawg-pcapng §4.1, §4.2, §4.3). */
const PCAPNG_SHB = 0x0a0d0d0a;
const PCAPNG_IDB = 0x00000001;
const PCAPNG_EPB = 0x00000006;
const PCAPNG_BOM = 0x1a2b3c4d;
const SNAPLEN = 65535;

/** Packs capture records into chunks and writes them with backpressure. */
export class CaptureWriter implements FrameSink {
  readonly #out: Writable;
  readonly #format: SynthFormat;
  #chunk: Buffer = Buffer.allocUnsafe(CHUNK);
  #pos = 0;
  #written = 0;
  #blocked = false;

  /** Writes the file header immediately (into the first chunk). */
  constructor(out: Writable, format: SynthFormat, userAppl = 'egress-verify synth') {
    this.#out = out;
    this.#format = format;
    if (format === 'pcap') this.#pcapHeader();
    else this.#pcapngHeader(userAppl);
  }

  /** @inheritdoc */
  get blocked(): boolean {
    return this.#blocked;
  }

  /** @inheritdoc */
  get bytesWritten(): number {
    return this.#written + this.#pos;
  }

  #pcapHeader(): void {
    const b = this.#chunk;
    b.writeUInt32LE(PCAP_MAGIC_US, 0);
    b.writeUInt16LE(2, 4);
    b.writeUInt16LE(4, 6);
    b.writeInt32LE(0, 8);
    b.writeUInt32LE(0, 12);
    b.writeUInt32LE(SNAPLEN, 16);
    b.writeUInt32LE(LINKTYPE_ETHERNET, 20);
    this.#pos = 24;
  }

  #pcapngHeader(userAppl: string): void {
    const b = this.#chunk;
    const appl = Buffer.from(userAppl, 'utf8');
    const applPad = (appl.length + 3) & ~3;
    // SHB: type, len, BOM, major 1, minor 0, section length -1, options, len (§4.1)
    const shbLen = 28 + 4 + applPad + 4;
    let p = 0;
    b.writeUInt32LE(PCAPNG_SHB, p);
    b.writeUInt32LE(shbLen, p + 4);
    b.writeUInt32LE(PCAPNG_BOM, p + 8);
    b.writeUInt16LE(1, p + 12);
    b.writeUInt16LE(0, p + 14);
    b.writeInt32LE(-1, p + 16);
    b.writeInt32LE(-1, p + 20);
    p += 24;
    b.writeUInt16LE(4, p); // shb_userappl
    b.writeUInt16LE(appl.length, p + 2);
    b.fill(0, p + 4, p + 4 + applPad);
    appl.copy(b, p + 4);
    p += 4 + applPad;
    b.writeUInt32LE(0, p); // opt_endofopt
    p += 4;
    b.writeUInt32LE(shbLen, p);
    p += 4;
    // IDB: linktype, reserved, snaplen, if_tsresol=6 (µs), opt_endofopt (§4.2)
    const idbLen = 20 + 8 + 4;
    b.writeUInt32LE(PCAPNG_IDB, p);
    b.writeUInt32LE(idbLen, p + 4);
    b.writeUInt16LE(LINKTYPE_ETHERNET, p + 8);
    b.writeUInt16LE(0, p + 10);
    b.writeUInt32LE(SNAPLEN, p + 12);
    b.writeUInt16LE(9, p + 16); // if_tsresol
    b.writeUInt16LE(1, p + 18);
    b.writeUInt32LE(6, p + 20); // value 6 + 3 pad bytes
    b.writeUInt32LE(0, p + 24);
    b.writeUInt32LE(idbLen, p + 28);
    this.#pos = p + idbLen;
  }

  /** @inheritdoc */
  writeFrame(tsUs: number, frame: Uint8Array, length: number): void {
    const pad = this.#format === 'pcapng' ? ((length + 3) & ~3) - length : 0;
    const need = (this.#format === 'pcap' ? 16 : 32) + length + pad;
    if (this.#pos + need > CHUNK) this.#flush();
    const b = this.#chunk;
    let p = this.#pos;
    if (this.#format === 'pcap') {
      const sec = Math.floor(tsUs / 1e6);
      b.writeUInt32LE(sec, p);
      b.writeUInt32LE(tsUs - sec * 1e6, p + 4);
      b.writeUInt32LE(length, p + 8);
      b.writeUInt32LE(length, p + 12);
      p += 16;
    } else {
      const hi = Math.floor(tsUs / 4294967296);
      b.writeUInt32LE(PCAPNG_EPB, p);
      b.writeUInt32LE(need, p + 4);
      b.writeUInt32LE(0, p + 8);
      b.writeUInt32LE(hi, p + 12);
      b.writeUInt32LE(tsUs - hi * 4294967296, p + 16);
      b.writeUInt32LE(length, p + 20);
      b.writeUInt32LE(length, p + 24);
      p += 28;
    }
    b.set(length === frame.length ? frame : frame.subarray(0, length), p);
    p += length;
    if (this.#format === 'pcapng') {
      for (let i = 0; i < pad; i++) b[p++] = 0;
      b.writeUInt32LE(need, p);
      p += 4;
    }
    this.#pos = p;
  }

  #flush(): void {
    if (this.#pos === 0) return;
    const full = this.#chunk.subarray(0, this.#pos);
    this.#written += this.#pos;
    this.#chunk = Buffer.allocUnsafe(CHUNK);
    this.#pos = 0;
    if (!this.#out.write(full)) this.#blocked = true;
  }

  /** @inheritdoc */
  async ready(): Promise<void> {
    if (!this.#blocked) return;
    await once(this.#out, 'drain');
    this.#blocked = false;
  }

  /** @inheritdoc */
  async close(): Promise<void> {
    this.#flush();
    await this.ready();
    const done = once(this.#out, 'finish');
    this.#out.end();
    await done;
  }
}

/** Sends every frame to several sinks (e.g. the same packets as pcap and pcapng in one pass). */
export class TeeSink implements FrameSink {
  readonly #sinks: readonly FrameSink[];

  /** @param sinks at least one sink */
  constructor(sinks: readonly FrameSink[]) {
    this.#sinks = sinks;
  }

  /** @inheritdoc */
  writeFrame(tsUs: number, frame: Uint8Array, length: number): void {
    for (const s of this.#sinks) s.writeFrame(tsUs, frame, length);
  }

  /** @inheritdoc */
  get blocked(): boolean {
    return this.#sinks.some((s) => s.blocked);
  }

  /** @inheritdoc */
  get bytesWritten(): number {
    return this.#sinks[0]?.bytesWritten ?? 0;
  }

  /** @inheritdoc */
  async ready(): Promise<void> {
    for (const s of this.#sinks) await s.ready();
  }

  /** @inheritdoc */
  async close(): Promise<void> {
    for (const s of this.#sinks) await s.close();
  }
}
