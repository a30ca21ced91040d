import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { block, concat, customBlock, epb, idb, isb, nrb, pb, shb, spb } from '../builders/pcapng.js';
import { readAll } from './helpers.js';
import type { AnomalyCode } from '../../src/core/index.js';

/** Two sections, first little- then big-endian (or the reverse), three interfaces in all. */
function twoSections(firstLe: boolean): Buffer {
  const a = firstLe;
  const b = !firstLe;
  return concat(
    shb({ le: a }),
    idb({ le: a, linkType: 1, name: 'eth0' }), // µs default → global id 0
    idb({ le: a, linkType: 113, tsresol: 9 }), // ns → global id 1
    epb({ le: a, interfaceId: 0, ts: 1_700_000_000_123_456n, data: Buffer.from('first') }),
    nrb({ le: a, records: [{ addr: Uint8Array.of(192, 0, 2, 7), names: ['a.example', 'b.example'] }] }),
    customBlock({ le: a }),
    epb({ le: a, interfaceId: 1, ts: 1_700_000_000_123_456_789n, data: Buffer.from('second!'), origLen: 100 }),
    isb({ le: a, interfaceId: 1, ifRecv: 10n, ifDrop: 2n, osDrop: 1n, filterAccept: 9n, usrDeliv: 8n }),
    shb({ le: b }),
    idb({ le: b, linkType: 101, tsresol: 0x80 | 10, tsoffset: 1_000n, snapLength: 4 }), // 2^-10 s, +1000 s → global id 2
    epb({ le: b, interfaceId: 0, ts: 1024n * 1_700_000_000n + 512n, data: Buffer.from('third') }),
    spb({ le: b, data: Buffer.from('fourth--'), origLen: 8 }), // snaplen 4 → captured 4
    pb({ le: b, interfaceId: 0, ts: 1024n * 5n + 1n, data: Buffer.from('fifth') }),
    customBlock({ le: b, type: 0x40000bad }),
  );
}

const table = [true, false].flatMap((firstLe) => [false, true].flatMap((gz) => [5, 1 << 16].map((chunkSize) => ({ firstLe, gz, chunkSize }))));

describe('pcapng', () => {
  it.each(table)('two sections firstLe=$firstLe gzip=$gz chunk=$chunkSize', async ({ firstLe, gz, chunkSize }) => {
    const file = twoSections(firstLe);
    const r = await readAll(gz ? gzipSync(file) : file, { chunkSize });
    expect(r.summary.stop).toEqual({ kind: 'complete' });
    expect(r.summary.format).toBe('pcapng');
    expect(r.frames.map((f) => [f.frame, f.interfaceId, f.linkType, f.capturedLength, f.originalLength, f.data.toString()])).toEqual([
      [1, 0, 1, 5, 5, 'first'],
      [2, 1, 113, 7, 100, 'second!'],
      [3, 2, 101, 5, 5, 'third'],
      [4, 2, 101, 4, 8, 'four'],
      [5, 2, 101, 5, 5, 'fifth'],
    ]);
    expect(r.frames.map((f) => f.tsNs)).toEqual([
      1_700_000_000_123_456_000n,
      1_700_000_000_123_456_789n,
      (1_700_000_000n + 1000n) * 1_000_000_000n + 500_000_000n, // 512/1024 s
      0n, // SPB has no timestamp
      (5n + 1000n) * 1_000_000_000n + 976_562n, // 1/1024 s truncated to ns
    ]);
    expect(r.summary.interfaces).toMatchObject([
      { id: 0, section: 0, linkType: 1, name: 'eth0', tsResolution: '1e-6' },
      { id: 1, section: 0, linkType: 113, tsResolution: '1e-9', statistics: { ifRecv: 10n, ifDrop: 2n, osDrop: 1n, filterAccept: 9n, usrDeliv: 8n } },
      { id: 2, section: 1, linkType: 101, tsResolution: '2^-10', tsOffsetSeconds: 1000, snapLength: 4 },
    ]);
    expect(r.summary.nameRecords).toEqual([{ ip: '192.0.2.7', names: ['a.example', 'b.example'] }]);
    expect(r.anomalies.count('capture.pcapng.unknown_block')).toBe(2);
  });

  const le = true;
  const head = concat(shb({ le }), idb({ le }), epb({ le }));
  const corrupt = [
    { name: 'total length < 12', tail: block({ type: 6, body: Buffer.alloc(0), totalLength: 8 }), code: 'capture.pcapng.bad_block_length' },
    { name: 'EPB shorter than its fixed part', tail: block({ type: 6, body: Buffer.alloc(8) }), code: 'capture.pcapng.bad_block_length' },
    { name: 'total length not a multiple of 4', tail: block({ type: 6, body: Buffer.alloc(24), totalLength: 38 }), code: 'capture.pcapng.bad_block_length' },
    { name: 'total length over the cap', tail: block({ type: 6, body: Buffer.alloc(24), totalLength: 0x7ffffff0 }), code: 'capture.pcapng.block_too_large' },
    { name: 'trailing length mismatch', tail: block({ type: 6, body: Buffer.alloc(24), trailerLength: 40 }), code: 'capture.pcapng.block_length_mismatch' },
    { name: 'EPB captured length beyond block', tail: epb({ data: Buffer.alloc(8), capLen: 400 }), code: 'capture.pcapng.bad_packet_length' },
    { name: 'SHB without byte-order magic', tail: block({ type: 0x0a0d0d0a, body: Buffer.alloc(16) }), code: 'capture.pcapng.bad_section_header' },
    { name: 'SHB version 2', tail: shb({ major: 2 }), code: 'capture.pcapng.bad_section_header' },
  ] as const;

  it.each(corrupt)('$name → stop corrupt, earlier frames kept', async ({ tail, code }) => {
    const r = await readAll(concat(head, tail, epb()));
    expect(r.frames).toHaveLength(1);
    expect(r.summary.stop).toMatchObject({ kind: 'corrupt', code, atFrame: 2, atOffset: head.length });
  });

  it.each([
    { name: 'EPB', blk: epb({ interfaceId: 3 }) },
    { name: 'PB', blk: pb({ interfaceId: 1 }) },
    { name: 'ISB', blk: isb({ interfaceId: 9 }) },
  ])('$name naming an undefined interface is an anomaly and skipped', async ({ blk }) => {
    const r = await readAll(concat(head, blk, epb()));
    expect(r.frames.map((f) => f.frame)).toEqual([1, 2]);
    expect(r.summary.stop).toEqual({ kind: 'complete' });
    expect(r.anomalies.count('capture.pcapng.undefined_interface')).toBe(1);
  });

  it('SPB before any interface is an anomaly; interfaces of an old section are not visible in a new one', async () => {
    const r = await readAll(concat(shb(), spb(), idb(), epb(), shb({ le: false }), epb({ le: false })));
    expect(r.frames).toHaveLength(1);
    expect(r.anomalies.count('capture.pcapng.undefined_interface')).toBe(2);
  });

  it.each([
    { name: 'EPB captured > original', blk: epb({ data: Buffer.alloc(20), origLen: 10 }), code: 'capture.pcapng.caplen_gt_origlen', frames: 2 },
    { name: 'NRB record running past the block', blk: block({ type: 4, body: Buffer.from([1, 0, 200, 0, 192, 0, 2, 1]) }), code: 'capture.pcapng.bad_name_record', frames: 1 },
  ])('$name → anomaly $code', async ({ blk, code, frames }) => {
    const r = await readAll(concat(head, blk));
    expect(r.frames).toHaveLength(frames);
    expect(r.anomalies.count(code as AnomalyCode)).toBe(1);
    expect(r.summary.stop).toEqual({ kind: 'complete' });
  });

  it('options running past the block end are an anomaly, not a crash', async () => {
    const bad = block({ type: 1, body: Buffer.from([1, 0, 0, 0, 0, 0, 0, 0, 9, 0, 200, 0]) });
    const r = await readAll(concat(shb(), bad, epb()));
    expect(r.frames).toHaveLength(1);
    expect(r.anomalies.count('capture.pcapng.bad_option')).toBe(1);
  });

  it.each([
    { name: '10^-9', tsresol: 9, ts: 1_234_567_890_123_456_789n, want: 1_234_567_890_123_456_789n },
    { name: '10^-3', tsresol: 3, ts: 1_234_567_890_123n, want: 1_234_567_890_123_000_000n },
    { name: '10^-12', tsresol: 12, ts: 1_234_567_890_123_456_789_012n & 0xffffffffffffffffn, want: (1_234_567_890_123_456_789_012n & 0xffffffffffffffffn) / 1000n },
    { name: '2^-20', tsresol: 0x80 | 20, ts: (1n << 20n) * 3n + 1n, want: 3_000_000_953n }, // 1/2^20 s = 953.67 ns, truncated
    { name: '10^-6 beyond 2^53', tsresol: 6, ts: 1n << 60n, want: (1n << 60n) * 1000n },
    { name: 'negative tsoffset', tsresol: 6, ts: 5_000_000n, tsoffset: -2n, want: 3_000_000_000n },
  ])('timestamp resolution $name is exact', async ({ tsresol, ts, want, ...rest }) => {
    const tsoffset = 'tsoffset' in rest ? rest.tsoffset : undefined;
    const r = await readAll(concat(shb(), idb({ tsresol, ...(tsoffset !== undefined ? { tsoffset } : {}) }), epb({ ts })));
    expect(r.frames[0]!.tsNs).toBe(want);
  });
});
