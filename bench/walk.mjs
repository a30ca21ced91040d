// Bare record walk: the floor the analyzer is measured against (PERFORMANCE.md "bare walk").
// Streams a pcap or pcapng file and walks the records, counting packets and captured bytes,
// with no decoding. Usage: node bench/walk.mjs FILE [--sync]
//   default: fs.createReadStream with 4 MiB chunks (the analyzer's process model: a Readable)
//   --sync : fs.readSync into one reused 4 MiB buffer (PERFORMANCE.md's floor.js model)
// Prints one JSON line: {"packets","bytes","format","maxRssKiB"}.
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';

const CHUNK = 4 << 20;
const PCAP_HDR = 24;
// pcapng block types (draft-ietf-opsawg-pcapng §4): SHB, EPB, SPB, obsolete PB
const SHB = 0x0a0d0d0a, EPB = 6, SPB = 3, PB = 2;

/** A push parser: feed(chunk) any number of times; keeps at most a 32-byte header carry. */
export function makeWalker() {
  const hdr = Buffer.alloc(32);
  let hl = 0, skip = 0, format = '', le = true;
  let packets = 0, bytes = 0, fileHdr = PCAP_HDR;
  const u32 = (b, o) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  // Header bytes a record needs before we can count it (pcapng: depends on block type).
  const need = (b, o) => {
    if (format === 'pcap') return 16;
    const t = u32(b, o);
    return t === EPB || t === PB ? 24 : t === SPB || t === SHB ? 12 : 8;
  };
  // Counts the record whose header is at b[o..], returns its total length.
  const record = (b, o) => {
    if (format === 'pcap') {
      const incl = u32(b, o + 8);
      packets++; bytes += incl;
      return 16 + incl;
    }
    const t = u32(b, o);
    if (t === SHB) le = b.readUInt32LE(o + 8) === 0x1a2b3c4d;
    const len = u32(b, o + 4);
    if (t === EPB || t === PB) { packets++; bytes += u32(b, o + 20); }
    else if (t === SPB) { packets++; bytes += Math.min(u32(b, o + 8), len - 16); }
    if (len < 12) throw new Error(`bad pcapng block length ${len}`);
    return len;
  };
  const start = (b) => {
    const m = b.readUInt32LE(0);
    if (m === 0xa1b2c3d4 || m === 0xa1b23c4d) { format = 'pcap'; le = true; }
    else if (m === 0xd4c3b2a1 || m === 0x4d3cb2a1) { format = 'pcap'; le = false; }
    else if (m === SHB) { format = 'pcapng'; fileHdr = 0; le = b.readUInt32LE(8) === 0x1a2b3c4d; }
    else throw new Error('not a pcap/pcapng file');
  };
  function feed(c) {
    let p = 0;
    const n = c.length;
    if (format === '') {
      // File header: gather the first 28 bytes (pcap header + 4, or SHB start) in `hdr`.
      const k = Math.min(28 - hl, n);
      c.copy(hdr, hl, 0, k);
      hl += k; p = k;
      if (hl < 28) return;
      start(hdr);
      hdr.copy(hdr, 0, fileHdr, 28);
      hl = 28 - fileHdr;
    }
    while (p < n) {
      if (skip > 0) { const k = Math.min(skip, n - p); skip -= k; p += k; continue; }
      if (hl === 0 && p + 24 <= n) { skip = record(c, p); continue; }
      // Slow path: the header straddles chunks; accumulate it in `hdr`.
      const want = hl < 8 ? 8 : need(hdr, 0);
      const k = Math.max(0, Math.min(want - hl, n - p));
      c.copy(hdr, hl, p, p + k);
      hl += k; p += k;
      finishCarry();
    }
    finishCarry();
  }
  function finishCarry() {
    if (hl >= 8 && hl >= need(hdr, 0)) { skip = record(hdr, 0) - hl; hl = 0; }
  }
  return { feed, result: () => ({ packets, bytes, format }) };
}

async function main() {
  const file = process.argv[2];
  if (!file) throw new Error('usage: walk.mjs FILE [--sync]');
  const w = makeWalker();
  if (process.argv.includes('--sync')) {
    const fd = openSync(file, 'r');
    const buf = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) break;
      w.feed(n === CHUNK ? buf : buf.subarray(0, n));
    }
    closeSync(fd);
  } else {
    for await (const chunk of createReadStream(file, { highWaterMark: CHUNK })) w.feed(chunk);
  }
  process.stdout.write(`${JSON.stringify({ ...w.result(), maxRssKiB: process.resourceUsage().maxRSS })}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
