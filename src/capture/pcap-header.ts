/**
 * The classic pcap file header (draft-ietf-opsawg-pcap §4) and the shared per-record checks.
 * @module capture/pcap-header
 */
import { readU16BE, readU16LE, readU32BE, readU32LE } from '../core/index.js';
import type { Limits } from '../core/index.js';
import { linkTypeName } from './linktypes.js';
import type { TsOut } from './timestamp.js';
import { PCAP_MAGIC_NS, PCAP_MAGIC_US } from './sniff.js';
import type { CaptureInterface } from './types.js';

/** File header length (§4). */
export const PCAP_FILE_HEADER_LEN = 24;
/** Record header length: ts sec, ts frac, incl_len, orig_len (§5). */
export const PCAP_RECORD_HEADER_LEN = 16;
/** LinkType field: the low 26 bits are the link type; the FCS bits sit above (§4, LinkType). */
const LINKTYPE_MASK = 0x03ffffff;
/** Whatever the snap length claims, no record above this is buffered (memory bound). */
export const PCAP_HARD_RECORD_CAP = 16 * 1024 * 1024;

/** A parsed classic pcap file header. */
export interface PcapHeader {
  readonly littleEndian: boolean;
  readonly nanoseconds: boolean;
  readonly versionMajor: number;
  readonly versionMinor: number;
  readonly snapLength: number;
  readonly linkType: number;
  /**
   * Files before version 2.3 wrote incl_len and orig_len the other way round; 2.3 files may
   * have either order (libpcap sf-pcap.c `swapped`, Wireshark libpcap.c `lengths_swapped`).
   */
  readonly lengths: PcapLengthOrder;
}

/** Order of the two length fields in record headers (see `PcapHeader.lengths`). */
export type PcapLengthOrder = 'normal' | 'swapped' | 'maybe-swapped';

/** Parse outcome; `reason` is for the CaptureFormatError message. */
export type PcapHeaderResult =
  | { readonly ok: true; readonly header: PcapHeader }
  | { readonly ok: false; readonly reason: string };

/** Parse the 24-byte file header at the start of `b`. */
export function parsePcapHeader(b: Uint8Array): PcapHeaderResult {
  if (b.length < PCAP_FILE_HEADER_LEN) {
    return { ok: false, reason: `truncated pcap file header: ${b.length} of ${PCAP_FILE_HEADER_LEN} bytes` };
  }
  const be = readU32BE(b, 0);
  const littleEndian = be !== PCAP_MAGIC_US && be !== PCAP_MAGIC_NS;
  const magic = littleEndian ? readU32LE(b, 0) : be;
  if (magic !== PCAP_MAGIC_US && magic !== PCAP_MAGIC_NS) return { ok: false, reason: 'not a pcap magic number' };
  const u16 = littleEndian ? readU16LE : readU16BE;
  const u32 = littleEndian ? readU32LE : readU32BE;
  const versionMajor = u16(b, 4);
  const versionMinor = u16(b, 6);
  // pcap-parser writes `major != 2 && minor != 4`; the format only defines major version 2.
  if (versionMajor !== 2) return { ok: false, reason: `unsupported pcap version ${versionMajor}.${versionMinor}` };
  return {
    ok: true,
    header: {
      littleEndian,
      nanoseconds: magic === PCAP_MAGIC_NS,
      versionMajor,
      versionMinor,
      snapLength: u32(b, 16),
      linkType: (u32(b, 20) & LINKTYPE_MASK) >>> 0,
      lengths: versionMinor < 3 ? 'swapped' : versionMinor === 3 ? 'maybe-swapped' : 'normal',
    },
  };
}

/** Largest captured length accepted: max(snap length, limits.maxFrameBytes), hard-capped. */
export function pcapRecordCap(h: PcapHeader, limits: Pick<Limits, 'maxFrameBytes'>): number {
  return Math.max(Math.min(h.snapLength, PCAP_HARD_RECORD_CAP), limits.maxFrameBytes);
}

/** Stop reason text for a record over the cap (same wording from both readers). */
export function recordTooLargeReason(incl: number, cap: number): string {
  return `record claims ${incl} captured bytes, more than the limit of ${cap} (max of snap length and maxFrameBytes)`;
}

/** The single interface a classic pcap file has. */
export function pcapInterface(h: PcapHeader): CaptureInterface {
  return {
    id: 0,
    section: 0,
    linkType: h.linkType,
    linkTypeName: linkTypeName(h.linkType),
    snapLength: h.snapLength,
    tsResolution: h.nanoseconds ? '1e-9' : '1e-6',
    tsOffsetSeconds: 0,
  };
}

/**
 * A record's timestamp (ts_sec, and ts_frac in µs or in ns) as `Frame.tsSec`/`tsNsec` parts, into
 * `out`. A fraction of a second or more (a damaged record) carries into the seconds; numbers only,
 * exact (ts_sec and ts_frac are 32-bit).
 */
export function pcapTsParts(sec: number, frac: number, nanoseconds: boolean, out: TsOut): void {
  const per = nanoseconds ? 1_000_000_000 : 1_000_000;
  const carry = frac >= per ? Math.floor(frac / per) : 0;
  out.sec = sec + carry;
  out.nsec = nanoseconds ? frac - carry * per : (frac - carry * per) * 1000;
  out.exact = null;
}
