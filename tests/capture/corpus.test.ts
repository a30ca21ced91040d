/**
 * The real corpus (read-only, outside the repo): frame counts against MANIFEST.tsv (capinfos),
 * sha256, link types, both pcap readers agreeing, and timestamps against tshark when installed.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openCapture, type CaptureSummary, type PcapReaderChoice } from '../../src/capture/index.js';
import { AnomalyLog, CaptureFormatError, DEFAULT_LIMITS } from '../../src/core/index.js';

const CORPUS = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/corpus/real');
const HAVE_CORPUS = existsSync(resolve(CORPUS, 'MANIFEST.tsv'));
const TSHARK = '/usr/bin/tshark';

interface Row {
  readonly file: string;
  readonly sha256: string;
  readonly format: string;
  readonly linktypes: string;
  readonly packets: number;
  readonly features: string;
}

function manifest(): Row[] {
  if (!HAVE_CORPUS) return [];
  const lines = readFileSync(resolve(CORPUS, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1);
  return lines.map((l) => {
    const [file = '', , , sha256 = '', format = '', linktypes = '', packets = '0', , features = ''] = l.split('\t');
    return { file, sha256, format, linktypes, packets: Number(packets), features };
  });
}

/** Damaged files: what our reader must report (every complete record before the damage is read). */
const DAMAGED: Readonly<Record<string, { frames: number; stop: string; code?: string }>> = {
  // Record 2's header (offset 228) claims 0x53fe6000 bytes. Wireshark instead guesses the old
  // "ss990417" modified-pcap variant (24-byte record headers) and reads 2 frames before a 16 MB claim.
  'suricata-verify__bug-6875-01__fuzz.pcap': { frames: 1, stop: 'corrupt', code: 'capture.pcap.record_too_large' },
  // Version 2.0 file (swapped length fields), one complete record, then 2 stray bytes.
  'ndpi__fuzz-2021-10-13.pcap': { frames: 1, stop: 'truncated' },
  // Last record cut short.
  'suricata-verify__http-mime-truncated__input.pcap': { frames: 2696, stop: 'truncated' },
};

async function read(file: string, pcapReader: PcapReaderChoice): Promise<{ frames: number; ts: bigint[]; summary: CaptureSummary }> {
  const path = resolve(CORPUS, file);
  const cap = await openCapture({ name: file, stream: createReadStream(path), path }, { limits: DEFAULT_LIMITS, firstFrame: 1, input: 0, anomalies: new AnomalyLog(5), pcapReader });
  const ts: bigint[] = [];
  for await (const f of cap) ts.push(f.tsNs);
  return { frames: ts.length, ts, summary: cap.summary() };
}

const rows = manifest();
const captures = rows.filter((r) => /^(gzip\+)?pcap/.test(r.format));

describe.skipIf(!HAVE_CORPUS)('real corpus', () => {
  it.each(captures)('$file ($format, $packets packets)', async (row) => {
    const native = await read(row.file, 'native');
    const viaParser = await read(row.file, 'pcap-parser');
    expect(viaParser.frames).toBe(native.frames);
    expect(viaParser.summary.stop).toEqual(native.summary.stop);
    expect(native.summary.sha256).toBe(row.sha256);
    const damaged = DAMAGED[row.file];
    if (damaged !== undefined) {
      expect(native.frames).toBe(damaged.frames);
      expect(native.summary.stop).toMatchObject({ kind: damaged.stop, atFrame: damaged.frames + 1, ...(damaged.code ? { code: damaged.code } : {}) });
      return;
    }
    expect(row.features).not.toContain('truncated-or-corrupt-file');
    expect(native.summary.stop).toEqual({ kind: 'complete' });
    if (row.features.includes('unsupported-linktype')) {
      // Wireshark refuses the link type and counts 0; we read the records regardless.
      expect(native.frames).toBeGreaterThan(0);
      return;
    }
    expect(native.frames).toBe(row.packets);
    const names = [...new Set(native.summary.interfaces.map((i) => i.linkTypeName))].sort().join(';');
    expect(names).toBe(row.linktypes.split(';').sort().join(';'));
  });

  it.each(rows.filter((r) => r.format === 'snoop'))('$file → CaptureFormatError', async (row) => {
    const p = read(row.file, 'native');
    await expect(p).rejects.toBeInstanceOf(CaptureFormatError);
    await expect(p).rejects.toThrow(/snoop/);
  });
});

const TS_FILES = [
  'tcpdump__dns_udp.pcap',
  'pcapplusplus__nanosecs_big_endian.pcap',
  'pcapplusplus__microsecs_big_endian.pcap',
  'tcpdump__tcp-handshake-nano.pcap',
  'zeek__pcapng-multi-interface.pcapng',
  'pcapplusplus__pcapng-example.pcapng',
  'pcapplusplus__many_interfaces-1.pcapng',
  'zeek__portmapper-many-unanswered-calls.pcapng.gz',
  'ndpi__quic-v2.pcapng',
  'tcpdump__vsock-1.pcapng',
];

/** tshark's frame.time_epoch ("1418145369.924505488") as epoch ns. */
function epochNs(s: string): bigint {
  const [sec = '0', frac = ''] = s.trim().split('.');
  return BigInt(sec) * 1_000_000_000n + BigInt((frac + '000000000').slice(0, 9));
}

describe.skipIf(!HAVE_CORPUS || !existsSync(TSHARK))('timestamps equal tshark frame.time_epoch', () => {
  it.each(TS_FILES)('%s', async (file) => {
    const out = execFileSync(TSHARK, ['-r', resolve(CORPUS, file), '-T', 'fields', '-e', 'frame.time_epoch'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 30_000 });
    const want = out.trim().split('\n').map(epochNs);
    const got = await read(file, 'native');
    expect(got.ts).toEqual(want);
  });
});
