/**
 * Bad input end to end: every corpus file (damaged ones included) and every prefix of a small
 * capture give either a clear typed error or a report whose stop says where and why reading
 * ended, with every frame accounted for. Never a stack trace, a hang, or a lost frame.
 */
import { Readable } from 'node:stream';
import { createReadStream } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CaptureFormatError, DEFAULT_LIMITS, EgressVerifyError } from '../../src/core/index.js';
import { analyzeCaptures } from '../../src/pipeline/index.js';
import type { Analysis } from '../../src/report/index.js';
import { pcap } from '../builders/pcap.js';
import { concat, epb, idb, shb } from '../builders/pcapng.js';
import { ethernet, fragmentIpv4, ipv4, tcp, udp } from '../builders/packets.js';
import { HAVE_CORPUS, manifest } from '../support/corpus.js';

const TOOL = { name: 'egress-verify', version: 'test' };

async function analyzeBytes(bytes: Uint8Array): Promise<Analysis> {
  return analyzeCaptures([{ name: 'mem', stream: Readable.from([Buffer.from(bytes)]) }], { limits: DEFAULT_LIMITS, tool: TOOL });
}

/** Every frame lands in exactly one coverage bucket. */
function expectAccounted(a: Analysis): void {
  const c = a.coverage;
  const notIp = Object.values(c.framesNotIp).reduce((x, y) => x + y, 0);
  const unsupported = Object.values(c.framesUnsupportedLink).reduce((x, y) => x + y, 0);
  expect(c.framesInFlows + c.icmpErrorsAttached + c.icmpErrorsUnattributed + c.framesMalformed + c.fragmentsIncomplete + notIp + unsupported).toBe(c.framesRead);
  expect(c.framesRead).toBe(a.captures.reduce((n, s) => n + s.frames, 0));
  const inFlows = [...a.flows].reduce((n, { rec: f }) => n + f.origPkts + f.respPkts, 0);
  expect(inFlows).toBe(c.datagrams);
  expect(a.anomalies.find((r) => r.code === 'flow.accounting_mismatch')).toBeUndefined();
}

/** A small capture: TCP, UDP, and one IPv4 datagram in three fragments. */
function smallPackets(): Uint8Array[] {
  const big = ipv4(udp({ srcPort: 5353, dstPort: 53, payload: new Uint8Array(100).fill(7) }), { src: '10.0.0.1', dst: '198.51.100.7', proto: 17, id: 77 });
  return [
    ethernet(ipv4(tcp({ flags: 0x02 }), { src: '10.0.0.1', dst: '203.0.113.5' })),
    ethernet(ipv4(tcp({ flags: 0x12, srcPort: 443, dstPort: 49152 }), { src: '203.0.113.5', dst: '10.0.0.1' })),
    ...fragmentIpv4(big, 60).map((f) => ethernet(f)),
    ethernet(ipv4(udp({ payload: new Uint8Array(20) }), { src: '10.0.0.2', dst: '192.0.2.53', proto: 17 })),
  ];
}

describe('every prefix of a small capture', () => {
  const packets = smallPackets();
  const files = {
    pcap: pcap({}, packets.map((data, i) => ({ tsSec: 1_700_000_000 + i, data }))),
    pcapng: concat(shb(), idb(), ...packets.map((data, i) => epb({ ts: BigInt(1_700_000_000 + i) * 1_000_000n, data }))),
  };
  it.each(Object.entries(files))('%s: a report or a typed error at every cut, nothing lost', async (_fmt, whole) => {
    const full = await analyzeBytes(whole);
    expect(full.coverage.framesRead).toBe(packets.length);
    expect(full.captures[0]!.stop).toEqual({ kind: 'complete' });
    expectAccounted(full);
    let reports = 0;
    for (let cut = 0; cut < whole.length; cut++) {
      let a: Analysis;
      try {
        a = await analyzeBytes(whole.subarray(0, cut));
      } catch (e) {
        expect(e).toBeInstanceOf(CaptureFormatError);
        continue;
      }
      reports++;
      expectAccounted(a);
      const stop = a.captures[0]!.stop;
      expect(stop.kind, `cut at ${cut}`).not.toBe('corrupt');
      if (stop.kind === 'truncated') expect(stop.atFrame).toBe(a.coverage.framesRead + 1);
      expect(a.coverage.framesRead).toBeLessThanOrEqual(packets.length);
    }
    expect(reports).toBeGreaterThan(whole.length - 100);
  }, 300_000);
});

const rows = manifest();

describe.skipIf(!HAVE_CORPUS)('every real capture, damaged ones included', () => {
  it.each(rows.map((r) => [r.file, r] as const))('%s', async (_name, row) => {
    let a: Analysis;
    try {
      a = await analyzeCaptures([{ name: row.file, stream: createReadStream(row.path), path: row.path }], { limits: DEFAULT_LIMITS, tool: TOOL });
    } catch (e) {
      // Only a typed, one-line input error is acceptable, and only for what is not a capture.
      expect(e).toBeInstanceOf(EgressVerifyError);
      expect(row.format === 'snoop' || row.packets === 0).toBe(true);
      return;
    }
    expectAccounted(a);
    const stop = a.captures[0]!.stop;
    if (row.features.includes('truncated-or-corrupt-file')) expect(stop.kind).not.toBe('complete');
    else expect(stop).toEqual({ kind: 'complete' });
    if (row.packets > 0 && !row.features.includes('truncated-or-corrupt-file')) expect(a.coverage.framesRead).toBe(row.packets);
    expect(a.captures[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

if (!HAVE_CORPUS) it.skip('real captures need ../shared/corpus/real beside the repository', () => {});
