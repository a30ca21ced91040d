/**
 * Large regular files are read through the shared read ring and hashed in place by a worker
 * (file-source.ts). The frames, the report and the sha256 must be exactly those of the plain
 * stream path, including records that span chunks and a file damaged part-way.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCapture } from '../../src/capture/index.js';
import { AnomalyLog, DEFAULT_LIMITS } from '../../src/core/index.js';
import { pcapHeader, pcapRecord } from '../builders/pcap.js';
import { concat, epb, idb, shb } from '../builders/pcapng.js';

const dir = mkdtempSync(join(tmpdir(), 'ev-ring-'));

/** ~24 MiB of records of varied sizes, so many of them span the 1 MiB read chunks. */
function bigPcap(): Buffer {
  const parts: Uint8Array[] = [pcapHeader()];
  for (let i = 0; i < 20_000; i++) {
    const data = new Uint8Array(60 + ((i * 7919) % 1455)).fill(i & 0xff);
    data[0] = i >> 8;
    parts.push(pcapRecord({ tsSec: 1_700_000_000 + i, data }));
  }
  return Buffer.concat(parts);
}

function bigPcapng(): Buffer {
  const parts: Uint8Array[] = [shb(), idb()];
  for (let i = 0; i < 20_000; i++) parts.push(epb({ ts: BigInt(i) * 1000n, data: new Uint8Array(100 + ((i * 31) % 1400)).fill(i & 0xff) }));
  return concat(...parts);
}

interface Digest { frames: number; sum: string; sha256: string; stop: string }

async function digestOf(path: string, viaFile: boolean): Promise<Digest> {
  const size = statSync(path).size;
  const source = viaFile ? { name: path, stream: createReadStream(path), path, size } : { name: path, stream: createReadStream(path) };
  const cap = await openCapture(source, { limits: DEFAULT_LIMITS, firstFrame: 1, input: 0, anomalies: new AnomalyLog(5) });
  const h = createHash('sha256');
  let frames = 0;
  await cap.forEachFrame((f) => {
    frames++;
    h.update(f.data);
    h.update(String(f.tsNs));
  });
  const s = cap.summary();
  return { frames, sum: h.digest('hex'), sha256: s.sha256, stop: s.stop.kind };
}

describe('shared read ring for large files', () => {
  const cases = [
    { name: 'pcap', bytes: bigPcap() },
    { name: 'pcapng', bytes: bigPcapng() },
  ];
  it.each(cases)('$name: same frames and sha256 as the stream path', async ({ name, bytes }) => {
    expect(bytes.length).toBeGreaterThan(12 * 1024 * 1024);
    const path = join(dir, `big.${name}`);
    writeFileSync(path, bytes);
    const ring = await digestOf(path, true);
    const stream = await digestOf(path, false);
    expect(ring).toEqual(stream);
    expect(ring.frames).toBe(20_000);
    expect(ring.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('a file damaged part-way still gets the sha256 of all its bytes', async () => {
    const bytes = bigPcap();
    // Corrupt the record length of a record about 9 MiB in: reading stops there.
    let off = 24;
    while (off < 9 * 1024 * 1024) off += 16 + bytes.readUInt32LE(off + 8);
    bytes.writeUInt32LE(0x7fffffff, off + 8);
    const path = join(dir, 'damaged.pcap');
    writeFileSync(path, bytes);
    const ring = await digestOf(path, true);
    expect(ring.stop).toBe('corrupt');
    expect(ring.frames).toBeGreaterThan(1000);
    expect(ring.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(await digestOf(path, false)).toMatchObject({ frames: ring.frames, sum: ring.sum, stop: 'corrupt' });
  });

  it('a consumer that stops early releases the reader: no hash, a truncated stop, and the next read works', async () => {
    const path = join(dir, 'early.pcap');
    writeFileSync(path, bigPcap());
    const cap = await openCapture({ name: path, stream: createReadStream(path), path, size: statSync(path).size }, {
      limits: DEFAULT_LIMITS, firstFrame: 1, input: 0, anomalies: new AnomalyLog(5),
    });
    let frames = 0;
    for await (const f of cap) {
      expect(f.frame).toBe(++frames);
      if (frames === 5000) break;
    }
    const s = cap.summary();
    expect(s.stop).toMatchObject({ kind: 'truncated', atFrame: 5001 });
    expect(s.sha256).toBe('');
    // The same file again, to the end: the first reader's worker is gone, the second one works.
    expect(await digestOf(path, true)).toMatchObject({ frames: 20_000, stop: 'complete' });
  });

  it('the ring reads a file that is larger than the ring many times over, chunk boundaries anywhere', async () => {
    // 40 records of just over 1 MiB (chunk boundaries fall mid-record, some records span three
    // chunks) and one of 15 MiB, spanning sixteen chunks: longer than the ring.
    const parts: Uint8Array[] = [pcapHeader({ snapLength: 16 * 1024 * 1024 })];
    for (let i = 0; i < 40; i++) {
      const data = new Uint8Array(i === 20 ? 15 * 1024 * 1024 : 1024 * 1024 + 1 + i);
      for (let j = 0; j < data.length; j += 4096) data[j] = (i + j / 4096) & 0xff;
      parts.push(pcapRecord({ tsSec: i, data }));
    }
    const bytes = Buffer.concat(parts);
    const path = join(dir, 'large-records.pcap');
    writeFileSync(path, bytes);
    const ring = await digestOf(path, true);
    expect(ring).toEqual(await digestOf(path, false));
    expect(ring).toMatchObject({ frames: 40, stop: 'complete', sha256: createHash('sha256').update(bytes).digest('hex') });
  });

  // /proc/self/mem reads fail with EIO at offset 0 (Linux): the worker's read error must come back
  // as the input's one-line error, never a hang or a crash.
  it.skipIf(!existsSync('/proc/self/mem'))('a read error in the reader worker is the input\'s error', async () => {
    const source = { name: 'mem', stream: createReadStream('/dev/null'), path: '/proc/self/mem', size: 64 * 1024 * 1024 };
    const opened = openCapture(source, { limits: DEFAULT_LIMITS, firstFrame: 1, input: 0, anomalies: new AnomalyLog(5) });
    await expect(opened).rejects.toThrow(/read error: EIO/);
  });
});
