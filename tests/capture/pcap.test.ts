import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pcap, pcapRecord } from '../builders/pcap.js';
import { readAll } from './helpers.js';

const READERS = ['native', 'pcap-parser'] as const;
const DATA = [Buffer.from('0123456789abcdef'.repeat(4)), Buffer.alloc(1, 7), Buffer.alloc(1514, 0x5a)];

const formats = [
  { name: 'µs LE', littleEndian: true, nanoseconds: false, frac: 123456, expectTs: 1_700_000_000_123_456_000n, format: 'pcap' },
  { name: 'µs BE', littleEndian: false, nanoseconds: false, frac: 999999, expectTs: 1_700_000_000_999_999_000n, format: 'pcap' },
  { name: 'ns LE', littleEndian: true, nanoseconds: true, frac: 123456789, expectTs: 1_700_000_000_123_456_789n, format: 'pcap-ns' },
  { name: 'ns BE', littleEndian: false, nanoseconds: true, frac: 1, expectTs: 1_700_000_000_000_000_001n, format: 'pcap-ns' },
] as const;

const table = formats.flatMap((f) => READERS.flatMap((reader) => [false, true].flatMap((gz) => [7, 1 << 16].map((chunkSize) => ({ ...f, reader, gz, chunkSize })))));

describe('classic pcap', () => {
  it.each(table)('$name via $reader gzip=$gz chunk=$chunkSize', async ({ littleEndian, nanoseconds, frac, expectTs, format, reader, gz, chunkSize }) => {
    const file = pcap({ littleEndian, nanoseconds, linkType: 113 }, DATA.map((data, i) => ({ tsSec: 1_700_000_000 + i, tsFrac: frac, data })));
    const bytes = gz ? gzipSync(file) : file;
    const r = await readAll(bytes, { pcapReader: reader, chunkSize, firstFrame: 10 });
    expect(r.frames.map((f) => f.frame)).toEqual([10, 11, 12]);
    expect(r.frames.map((f) => f.inputFrame)).toEqual([1, 2, 3]);
    expect(r.frames.map((f) => f.data)).toEqual(DATA);
    expect(r.frames.map((f) => f.tsNs)).toEqual([expectTs, expectTs + 1_000_000_000n, expectTs + 2_000_000_000n]);
    expect(r.frames.every((f) => f.linkType === 113 && f.interfaceId === 0)).toBe(true);
    expect(r.frames.map((f) => f.fileOffset)).toEqual([24, 24 + 16 + 64, 24 + 16 + 64 + 16 + 1]);
    expect(r.summary.stop).toEqual({ kind: 'complete' });
    expect(r.summary.format).toBe(format);
    expect(r.summary.compression).toBe(gz ? 'gzip' : 'none');
    expect(r.summary.bytes).toBe(bytes.length);
    expect(r.summary.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(r.summary.firstTsNs).toBe(expectTs);
    expect(r.summary.lastTsNs).toBe(expectTs + 2_000_000_000n);
    expect(r.summary.interfaces).toMatchObject([{ id: 0, linkType: 113, linkTypeName: 'linux-sll' }]);
  });

  it.each(READERS)('anomalies are noted and frames still produced (%s)', async (reader) => {
    const file = pcap({}, [{ tsFrac: 1_000_000 }, { data: Buffer.alloc(10), origLen: 4 }, {}]);
    const r = await readAll(file, { pcapReader: reader });
    expect(r.frames).toHaveLength(3);
    expect(r.anomalies.count('capture.pcap.bad_timestamp')).toBe(1);
    expect(r.anomalies.count('capture.pcap.caplen_gt_origlen')).toBe(1);
    expect(r.frames[0]!.tsNs).toBe(0x65000000n * 1_000_000_000n + 1_000_000_000n);
  });

  it.each(READERS)('a record claiming more than the cap stops corrupt without buffering (%s)', async (reader) => {
    const file = Buffer.concat([pcap({ snapLength: 65535 }, [{}, {}]), pcapRecord({ inclLen: 16_711_424 }), Buffer.alloc(1000)]);
    const r = await readAll(file, { pcapReader: reader });
    expect(r.frames).toHaveLength(2);
    expect(r.summary.stop).toMatchObject({ kind: 'corrupt', code: 'capture.pcap.record_too_large', atFrame: 3, atOffset: 24 + 2 * 76 });
  });

  it('files before 2.3 have incl_len and orig_len swapped (libpcap)', async () => {
    const file = pcap({ versionMinor: 0 }, [{ data: Buffer.alloc(20), inclLen: 1500, origLen: 20 }]);
    for (const reader of READERS) {
      const r = await readAll(file, { pcapReader: reader });
      expect(r.frames.map((f) => [f.capturedLength, f.originalLength])).toEqual([[20, 1500]]);
    }
  });
});
