/**
 * A tiny capture reader for the decode tests only (classic pcap, either byte order, µs/ns, and
 * pcapng EPB/SPB with per-interface link types; gzip via node:zlib). The real readers live in
 * src/capture; this one exists so the decode tests do not depend on them.
 * @module tests/decode/mini-reader
 */
import { gunzipSync } from 'node:zlib';
import { tsParts, type Frame } from '../../src/core/index.js';

/** The byte fields of a frame around `data`. */
const bytes = (data: Uint8Array): Pick<Frame, 'data' | 'buf' | 'dataOffset'> => ({ data, buf: data, dataOffset: 0 });

/** The timestamp fields of a frame at epoch ns `tsNs`. */
const at = (tsNs: bigint): Pick<Frame, 'tsNs' | 'tsSec' | 'tsNsec' | 'tsExact'> => {
  const t = tsParts(tsNs);
  return { tsNs, tsSec: t.sec, tsNsec: t.nsec, tsExact: t.exact };
};

function u32(b: Uint8Array, o: number, le: boolean): number {
  return le ? (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0 : ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}
function u16(b: Uint8Array, o: number, le: boolean): number {
  return le ? b[o]! | (b[o + 1]! << 8) : (b[o]! << 8) | b[o + 1]!;
}

function* pcap(b: Uint8Array): Generator<Frame> {
  const m = u32(b, 0, true);
  const le = m === 0xa1b2c3d4 || m === 0xa1b23c4d;
  const ns = m === 0xa1b23c4d || m === 0x4d3cb2a1;
  const linkType = u32(b, 20, le) & 0x0fffffff;
  let off = 24;
  let n = 0;
  while (off + 16 <= b.length) {
    const incl = u32(b, off + 8, le);
    const orig = u32(b, off + 12, le);
    if (incl > 0x4000000 || off + 16 + incl > b.length) return;
    const ts = BigInt(u32(b, off, le)) * 1_000_000_000n + BigInt(u32(b, off + 4, le)) * (ns ? 1n : 1000n);
    n++;
    yield { frame: n, input: 0, inputFrame: n, ...at(ts), linkType, interfaceId: 0, capturedLength: incl, originalLength: orig, fileOffset: off, ...bytes(b.subarray(off + 16, off + 16 + incl)) };
    off += 16 + incl;
  }
}

function* pcapng(b: Uint8Array): Generator<Frame> {
  let off = 0;
  let le = true;
  let links: number[] = [];
  let n = 0;
  while (off + 12 <= b.length) {
    let type = u32(b, off, le);
    if (type === 0x0a0d0d0a) {
      le = u32(b, off + 8, true) === 0x1a2b3c4d;
      type = 0x0a0d0d0a;
      links = [];
    }
    const len = u32(b, off + 4, le);
    if (len < 12 || off + len > b.length) return;
    if (type === 1) links.push(u16(b, off + 8, le));
    else if (type === 6 || type === 3) {
      const iface = type === 6 ? u32(b, off + 8, le) : 0;
      const incl = type === 6 ? u32(b, off + 20, le) : Math.min(u32(b, off + 8, le), len - 16);
      const orig = type === 6 ? u32(b, off + 24, le) : u32(b, off + 8, le);
      const start = off + (type === 6 ? 28 : 12);
      const ts = type === 6 ? (BigInt(u32(b, off + 12, le)) << 32n) | BigInt(u32(b, off + 16, le)) : 0n;
      n++;
      yield { frame: n, input: 0, inputFrame: n, ...at(ts * 1000n), linkType: links[iface] ?? -1, interfaceId: iface, capturedLength: incl, originalLength: orig, fileOffset: off, ...bytes(b.subarray(start, Math.min(start + incl, off + len))) };
    }
    off += len;
  }
}

/** Frames of a capture file's bytes (nothing for unknown formats). */
export function readFrames(bytes: Uint8Array): Frame[] {
  let b = bytes;
  if (b[0] === 0x1f && b[1] === 0x8b) b = gunzipSync(b);
  if (b.length < 24) return [];
  const m = u32(b, 0, true);
  if (m === 0x0a0d0d0a) return [...pcapng(b)];
  if ([0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1].includes(m)) return [...pcap(b)];
  return [];
}
