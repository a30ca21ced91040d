/**
 * pcapng non-packet block bodies: Section Header, Interface Description, Interface Statistics
 * and Name Resolution (draft-ietf-opsawg-pcapng §4.1, §4.2, §4.6, §4.5). Pure; every read is
 * inside the block, whose total length the caller has already checked.
 * @module capture/pcapng-blocks
 */
import { formatIpv4, formatIpv6 } from '../core/index.js';
import { linkTypeName } from './linktypes.js';
import { optionText, optionU64, readOptions, type ReadUint } from './pcapng-options.js';
import { DEFAULT_TSRESOL, tsScale, type TsScale } from './timestamp.js';
import type { CaptureInterface, InterfaceStatistics, NameResolutionRecord } from './types.js';

/** Block types (§4, §11.1 block type registry). */
export const PCAPNG_BLOCK_IDB = 0x00000001;
export const PCAPNG_BLOCK_PB = 0x00000002; // obsolete Packet Block (Appendix A)
export const PCAPNG_BLOCK_SPB = 0x00000003;
export const PCAPNG_BLOCK_NRB = 0x00000004;
export const PCAPNG_BLOCK_ISB = 0x00000005;
export const PCAPNG_BLOCK_EPB = 0x00000006;
/** Known blocks that carry nothing we need (IRIG, ARINC, systemd journal, decryption secrets, Sysdig). */
export const PCAPNG_BLOCKS_IGNORED: ReadonlySet<number> = new Set([0x7, 0x8, 0x9, 0xa, 0x80000001, 0x80000002, 0x80000003, 0x80000004]);
/** Byte-order magic of the SHB (§4.1). */
export const PCAPNG_BYTE_ORDER_MAGIC = 0x1a2b3c4d;

/** Smallest legal total length of each block we read (header, fixed fields, trailer). */
export const PCAPNG_MIN_LEN: ReadonlyMap<number, number> = new Map([
  [0x0a0d0d0a, 28],
  [PCAPNG_BLOCK_IDB, 20],
  [PCAPNG_BLOCK_PB, 32],
  [PCAPNG_BLOCK_SPB, 16],
  [PCAPNG_BLOCK_NRB, 12],
  [PCAPNG_BLOCK_ISB, 24],
  [PCAPNG_BLOCK_EPB, 32],
]);

/** Readers for one section's byte order. */
export interface SectionOrder {
  readonly littleEndian: boolean;
  readonly u16: ReadUint;
  readonly u32: ReadUint;
}

/** An interface as the reader keeps it (statistics update as ISBs arrive). */
export interface PcapngInterface {
  readonly info: CaptureInterface;
  readonly scale: TsScale;
  statistics?: InterfaceStatistics;
}

/** IDB options (§4.2). */
const IF_NAME = 2;
const IF_DESCRIPTION = 3;
const IF_TSRESOL = 9;
const IF_TSOFFSET = 14;

/** Parse an IDB at `p` of total length `len`; `id` is the file-wide interface index. */
export function parseIdb(b: Uint8Array, p: number, len: number, o: SectionOrder, id: number, section: number): { iface: PcapngInterface; optionsOk: boolean } {
  const linkType = o.u16(b, p + 8);
  const snapLength = o.u32(b, p + 12);
  const opts = readOptions(b, p + 16, p + len - 4, o.u16);
  let tsresol = DEFAULT_TSRESOL;
  let offset = 0n;
  let name: string | undefined;
  let description: string | undefined;
  for (const opt of opts.options) {
    if (opt.code === IF_TSRESOL && opt.length >= 1) tsresol = b[opt.start]!;
    else if (opt.code === IF_TSOFFSET && opt.length === 8) offset = BigInt.asIntN(64, optionU64(b, opt, o.u32, o.littleEndian)!);
    else if (opt.code === IF_NAME) name = optionText(b, opt);
    else if (opt.code === IF_DESCRIPTION) description = optionText(b, opt);
  }
  const scale = tsScale(tsresol, offset);
  const info: CaptureInterface = {
    id,
    section,
    linkType,
    linkTypeName: linkTypeName(linkType),
    snapLength,
    ...(name !== undefined ? { name } : {}),
    ...(description !== undefined ? { description } : {}),
    tsResolution: scale.label,
    tsOffsetSeconds: Number(offset),
  };
  return { iface: { info, scale }, optionsOk: opts.ok };
}

/** ISB options (§4.6.1): counters are u64. */
const ISB_COUNTERS: ReadonlyMap<number, keyof InterfaceStatistics> = new Map([
  [4, 'ifRecv'],
  [5, 'ifDrop'],
  [6, 'filterAccept'],
  [7, 'osDrop'],
  [8, 'usrDeliv'],
]);

/** Parse an ISB's interface id and counters. */
export function parseIsb(b: Uint8Array, p: number, len: number, o: SectionOrder): { localId: number; stats: InterfaceStatistics; optionsOk: boolean } {
  const localId = o.u32(b, p + 8);
  const opts = readOptions(b, p + 20, p + len - 4, o.u16);
  const stats: { -readonly [K in keyof InterfaceStatistics]: bigint } = {};
  for (const opt of opts.options) {
    const key = ISB_COUNTERS.get(opt.code);
    const v = key === undefined ? undefined : optionU64(b, opt, o.u32, o.littleEndian);
    if (key !== undefined && v !== undefined) stats[key] = v;
  }
  return { localId, stats, optionsOk: opts.ok };
}

/** NRB record types (§4.5). */
const NRB_END = 0;
const NRB_IPV4 = 1;
const NRB_IPV6 = 2;

/** Parse NRB records into `out` up to `room` records; returns how many were dropped and whether all were well formed. */
export function parseNrb(b: Uint8Array, p: number, len: number, o: SectionOrder, out: NameResolutionRecord[], room: number): { dropped: number; ok: boolean } {
  const end = p + len - 4;
  let q = p + 8;
  let dropped = 0;
  while (q + 4 <= end) {
    const type = o.u16(b, q);
    const vlen = o.u16(b, q + 2);
    if (type === NRB_END) return { dropped, ok: true };
    const v = q + 4;
    if (v + vlen > end) return { dropped, ok: false };
    const addrLen = type === NRB_IPV4 ? 4 : type === NRB_IPV6 ? 16 : -1;
    if (addrLen > 0 && vlen > addrLen) {
      if (out.length < room) {
        const ip = addrLen === 4 ? formatIpv4(b, v) : formatIpv6(b, v);
        out.push({ ip, names: nulTerminated(b, v + addrLen, v + vlen) });
      } else dropped++;
    }
    q = v + ((vlen + 3) & ~3);
  }
  return { dropped, ok: q >= end };
}

/** At most this many names are kept per record. */
const MAX_NAMES_PER_RECORD = 16;

function nulTerminated(b: Uint8Array, start: number, end: number): string[] {
  const names: string[] = [];
  let s = start;
  for (let i = start; i < end && names.length < MAX_NAMES_PER_RECORD; i++) {
    if (b[i] !== 0) continue;
    if (i > s) names.push(Buffer.from(b.buffer, b.byteOffset + s, Math.min(i - s, 255)).toString('utf8'));
    s = i + 1;
  }
  return names;
}
