import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createReadStream } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { openCapture, openCaptures } from '../../src/capture/index.js';
import { AnomalyLog, CaptureFormatError, DEFAULT_LIMITS } from '../../src/core/index.js';
import { pcap } from '../builders/pcap.js';
import { concat, epb, idb, shb } from '../builders/pcapng.js';
import { readAll, streamOf } from './helpers.js';

const opts = () => ({ limits: DEFAULT_LIMITS, firstFrame: 1, input: 0, anomalies: new AnomalyLog(5) });
const smallPcap = pcap({}, [{ data: Buffer.alloc(10, 1) }, { data: Buffer.alloc(3, 2) }, { data: Buffer.alloc(7, 3) }]);
const pcapEnds = [24 + 26, 24 + 26 + 19, 24 + 26 + 19 + 23];
const ngParts = [shb(), idb(), epb({ data: Buffer.alloc(5) }), epb({ data: Buffer.alloc(9) })];
const smallNg = concat(...ngParts);
const ngHeader = ngParts[0]!.length;
const ngEnds = [ngHeader + ngParts[1]!.length + ngParts[2]!.length, smallNg.length];
const ngBoundaries = ngParts.map((_, i) => concat(...ngParts.slice(0, i + 1)).length);

const prefixCases = [
  { name: 'pcap native', file: smallPcap, header: 24, ends: pcapEnds, boundaries: [24, ...pcapEnds], reader: 'native' as const },
  { name: 'pcap via pcap-parser', file: smallPcap, header: 24, ends: pcapEnds, boundaries: [24, ...pcapEnds], reader: 'pcap-parser' as const },
  { name: 'pcapng', file: smallNg, header: ngHeader, ends: ngEnds, boundaries: ngBoundaries, reader: 'native' as const },
];

describe('every prefix of a capture', () => {
  it.each(prefixCases)('$name: frames before the cut, stop truncated, never a throw', async ({ file, header, ends, boundaries, reader }) => {
    for (let cut = 0; cut <= file.length; cut++) {
      const prefix = file.subarray(0, cut);
      if (cut < header) {
        await expect(readAll(prefix, { pcapReader: reader })).rejects.toBeInstanceOf(CaptureFormatError);
        continue;
      }
      const r = await readAll(prefix, { pcapReader: reader, chunkSize: 3 });
      const complete = ends.filter((e) => e <= cut).length;
      expect(r.frames.length, `cut ${cut}`).toBe(complete);
      if (boundaries.includes(cut)) expect(r.summary.stop.kind, `cut ${cut}`).toBe('complete');
      else expect(r.summary.stop, `cut ${cut}`).toMatchObject({ kind: 'truncated', atFrame: complete + 1 });
    }
  });

  it('every prefix of a gzip file: never a throw from the iterator, no frame past the cut', async () => {
    const gz = gzipSync(smallPcap);
    for (let cut = 0; cut < gz.length; cut++) {
      let r;
      try {
        r = await readAll(gz.subarray(0, cut));
      } catch (err) {
        expect(err, `cut ${cut}`).toBeInstanceOf(CaptureFormatError);
        continue;
      }
      expect(r.summary.stop.kind, `cut ${cut}`).not.toBe('complete');
      expect(r.frames.length).toBeLessThanOrEqual(3);
    }
  });
});

describe('not a capture', () => {
  it.each([
    { name: 'empty', bytes: Buffer.alloc(0), msg: /empty/ },
    { name: 'HTML', bytes: Buffer.from('<!DOCTYPE html><html></html>'), msg: /unknown magic 0x3c21444f at offset 0 \(looks like HTML\)/ },
    { name: 'random bytes', bytes: Buffer.from([0x13, 0x37, 0xbe, 0xef, 1, 2, 3, 4, 5, 6]), msg: /unknown magic 0x1337beef/ },
    { name: 'snoop', bytes: Buffer.concat([Buffer.from('snoop\0\0\0'), Buffer.alloc(8)]), msg: /Solaris snoop format is not supported/ },
    { name: 'three bytes', bytes: Buffer.from([0xd4, 0xc3, 0xb2]), msg: /too short/ },
    { name: 'pcap header cut', bytes: pcap().subarray(0, 20), msg: /truncated pcap file header/ },
    { name: 'pcap version 3', bytes: pcap({ versionMajor: 3 }), msg: /unsupported pcap version/ },
    { name: 'gzip of HTML', bytes: gzipSync(Buffer.from('<html><body>hi</body></html>')), msg: /looks like HTML.*after gunzip/ },
    { name: 'gzip of nothing', bytes: gzipSync(Buffer.alloc(0)), msg: /empty/ },
    { name: 'gzip of gzip', bytes: gzipSync(gzipSync(pcap())), msg: /gzip inside gzip/ },
  ])('$name → CaptureFormatError', async ({ bytes, msg }) => {
    const p = readAll(bytes);
    await expect(p).rejects.toBeInstanceOf(CaptureFormatError);
    await expect(p).rejects.toThrow(msg);
  });
});

describe('stream failures', () => {
  const big = pcap({}, Array.from({ length: 200 }, (_, i) => ({ data: Buffer.alloc(100 + i, i) })));

  it('gzip with a bad CRC: frames, then stop corrupt capture.gzip.corrupt', async () => {
    const many = pcap({}, Array.from({ length: 2000 }, (_, i) => ({ data: Buffer.alloc(100 + (i % 200), i) })));
    const gz = Buffer.from(gzipSync(many));
    gz[gz.length - 6]! ^= 0xff; // CRC32 in the trailer (RFC 1952 §2.3.1)
    const r = await readAll(gz);
    // Node's zlib drops the output of the failing inflate call (≤ 64 KiB): the last frames are lost.
    expect(r.frames.length).toBeGreaterThan(1000);
    expect(r.frames.every((f, i) => f.capturedLength === 100 + (i % 200) && f.data[0] === (i & 0xff))).toBe(true);
    expect(r.summary.stop).toMatchObject({ kind: 'corrupt', code: 'capture.gzip.corrupt' });
    expect(r.summary.sha256).toBe(createHash('sha256').update(gz).digest('hex'));
  });

  it('gzip cut short: frames before, stop truncated', async () => {
    const gz = gzipSync(big);
    const r = await readAll(gz.subarray(0, gz.length - 100));
    expect(r.frames.length).toBeGreaterThan(0);
    expect(r.frames.length).toBeLessThan(200);
    expect(r.summary.stop.kind).toBe('truncated');
  });

  it('a read error mid-way: frames before, stop corrupt capture.read_error', async () => {
    async function* failing(): AsyncGenerator<Buffer> {
      yield Buffer.from(big.subarray(0, 1000));
      throw new Error('EIO: disk on fire');
    }
    const cap = await openCapture({ name: 'x', stream: Readable.from(failing(), { objectMode: false }) }, opts());
    let n = 0;
    for await (const _ of cap) n++;
    expect(n).toBeGreaterThan(0);
    expect(cap.summary().stop).toMatchObject({ kind: 'corrupt', code: 'capture.read_error' });
  });

  it('breaking out of the loop destroys the stream and ends the iteration', async () => {
    const stream = streamOf(big, 512);
    const cap = await openCapture({ name: 'x', stream }, opts());
    let n = 0;
    for await (const _ of cap) if (++n === 5) break;
    expect(stream.destroyed).toBe(true);
    expect(cap.summary().stop.kind).toBe('truncated');
    expect((await cap[Symbol.asyncIterator]().next()).done).toBe(true);
  });
});

describe('several inputs and hashing', () => {
  it('numbers frames continuously across inputs; each frame names its input', async () => {
    const a = pcap({}, [{}, {}]);
    const b = gzipSync(concat(shb(), idb({ linkType: 101 }), epb(), epb(), epb()));
    const m = await openCaptures(
      [
        { name: 'a', stream: streamOf(a) },
        { name: 'b', stream: streamOf(b) },
      ],
      { limits: DEFAULT_LIMITS, anomalies: new AnomalyLog(5) },
    );
    const got: [number, number, number, number][] = [];
    for await (const f of m) got.push([f.frame, f.input, f.inputFrame, f.linkType]);
    expect(got).toEqual([
      [1, 0, 1, 1],
      [2, 0, 2, 1],
      [3, 1, 1, 101],
      [4, 1, 2, 101],
      [5, 1, 3, 101],
    ]);
    expect(m.summaries().map((s) => [s.name, s.format, s.compression, s.frames, s.firstFrame, s.stop.kind])).toEqual([
      ['a', 'pcap', 'none', 2, 1, 'complete'],
      ['b', 'pcapng', 'gzip', 3, 3, 'complete'],
    ]);
  });

  it('openCaptures throws the CaptureFormatError of a bad input before reading any frame', async () => {
    const p = openCaptures([{ name: 'ok', stream: streamOf(pcap()) }, { name: 'bad', stream: streamOf(Buffer.from('hello world')) }], { limits: DEFAULT_LIMITS, anomalies: new AnomalyLog(5) });
    await expect(p).rejects.toMatchObject({ code: 'E_CAPTURE_FORMAT', source: 'bad' });
  });

  it('hashes a regular file in a worker thread (same sha256 as the bytes)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ev-capture-'));
    const path = join(dir, 'x.pcap');
    const bytes = pcap({}, Array.from({ length: 50 }, () => ({})));
    writeFileSync(path, bytes);
    const progress: number[] = [];
    const cap = await openCapture({ name: 'x', stream: createReadStream(path), path }, { ...opts(), onProgress: (b) => progress.push(b) });
    let n = 0;
    for await (const _ of cap) n++;
    expect(n).toBe(50);
    expect(cap.summary().sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(progress.at(-1)).toBe(bytes.length);
  });
});
