/**
 * IPv4 (RFC 791 §3.2) and IPv6 (RFC 8200 §4.5) fragment reassembly: the only stateful part of the
 * decode stage, isolated here. Bounded by Limits (datagrams pending, bytes per datagram, bytes in
 * total) and timed out by frame timestamps (never the wall clock).
 *
 * Overlap policy: "first" (Suricata's `first`, BSD-like for the common cases): bytes already held
 * win, a later fragment only fills holes. Any overlap, including an exact duplicate, is reported
 * (`frag_overlap`) because overlaps are how IDS evasion works (RFC 5722 forbids them for IPv6).
 * @module decode/reassembly
 */
import type { AnomalyCode, IpAddr, Limits } from '../core/index.js';
import type { ExpiredFragments } from './types.js';

/** Outcomes of Reassembler.add. */
export const REASM_HELD = 0;
export const REASM_COMPLETE = 1;
export const REASM_REFUSED = 2;

const IPV4_MAX_DATAGRAM = 65_535;

/** One fragment as the walker hands it over (a mutable scratch reused per frame). */
export class FragmentInfo {
  key = '';
  version: 4 | 6 = 4;
  src = '' as IpAddr;
  dst = '' as IpAddr;
  /** IPv4 protocol, or the IPv6 fragment header's next header. */
  proto = 0;
  frame = 0;
  tsNs = 0n;
  /** BORROWED: the buffer the fragment is in. */
  buf: Uint8Array = new Uint8Array(0);
  ipOff = 0;
  /** IPv4: header length; IPv6: bytes before the fragment header (the unfragmentable part). */
  unfragLen = 0;
  /** IPv6: offset from the IP start of the next-header byte that named the fragment header. */
  prevNhRel = 0;
  fragOffset = 0;
  more = false;
  dataStart = 0;
  /** End of the captured fragment data. */
  dataEnd = 0;
  /** Fragment data length as the IP header claims it (larger than captured when snap-cut). */
  claimedLen = 0;
  /** Frames of an enclosing reassembled datagram (fragments inside fragments), accounted with this one. */
  extraFrames: readonly number[] = [];
}

interface Piece {
  readonly start: number;
  readonly end: number;
  readonly data: Uint8Array;
}

class Datagram {
  readonly pieces: Piece[] = [];
  readonly frames: number[] = [];
  header: Uint8Array | null = null;
  prevNhRel = 0;
  dataLength = -1;
  covered = 0;
  bytes = 0;
  constructor(
    readonly version: 4 | 6,
    readonly src: IpAddr,
    readonly dst: IpAddr,
    readonly proto: number,
    readonly firstTsNs: bigint,
  ) {}
}

/** The one named copy point for fragment bytes (STYLE rule 4). */
export function copyForReassembly(buf: Uint8Array, start: number, end: number): Uint8Array {
  return buf.slice(start, end);
}

function codeOf(version: 4 | 6, what: 'incomplete' | 'too_large' | 'cap'): AnomalyCode {
  return `decoder.ipv${version}.frag_${what}`;
}

function sortedUnique(a: number[]): number[] {
  if (a.length < 2) return a;
  a.sort((x, y) => x - y);
  let n = 1;
  for (let i = 1; i < a.length; i++) if (a[i] !== a[n - 1]) a[n++] = a[i]!;
  a.length = n;
  return a;
}

/** Holds fragments until their datagram is complete, expires, or hits a cap. */
export class Reassembler {
  readonly #limits: Limits;
  readonly #datagrams = new Map<string, Datagram>();
  #pending: ExpiredFragments[] = [];
  #bytes = 0;
  /** After REASM_COMPLETE: the reassembled datagram (owned) and its fragments' frames. */
  completed: Uint8Array = new Uint8Array(0);
  completedFrames: readonly number[] = [];
  /** After REASM_REFUSED: why. */
  refusedCode: AnomalyCode = 'decoder.ipv4.frag_cap';
  /** Whether the last add() saw an overlap. */
  overlap = false;
  completedCount = 0;
  expiredCount = 0;

  constructor(limits: Limits) {
    this.#limits = limits;
  }

  /** Datagrams pending and bytes they hold. */
  get pendingDatagrams(): number {
    return this.#datagrams.size;
  }
  get pendingBytes(): number {
    return this.#bytes;
  }

  /** Adds one fragment: REASM_HELD, REASM_COMPLETE (see `completed`) or REASM_REFUSED (see `refusedCode`). */
  add(f: FragmentInfo): number {
    this.overlap = false;
    let d = this.#datagrams.get(f.key);
    if (d !== undefined && f.tsNs - d.firstTsNs > this.#limits.fragmentTimeoutNs) {
      this.#drop(f.key, d, 'timeout', codeOf(d.version, 'incomplete'));
      d = undefined;
    }
    const captured = f.dataEnd - f.dataStart;
    const maxTotal = Math.min(this.#limits.maxFragmentBytes, f.version === 4 ? IPV4_MAX_DATAGRAM : Infinity);
    if (f.unfragLen + f.fragOffset + f.claimedLen > maxTotal) {
      return this.#giveUp(f, d, 'too-large', codeOf(f.version, 'too_large'));
    }
    if (this.#bytes + captured + f.unfragLen > this.#limits.maxFragmentTotalBytes) {
      if (d === undefined) return this.#refuse(f);
      return this.#giveUp(f, d, 'cap', codeOf(f.version, 'cap'));
    }
    if (d === undefined) {
      if (this.#datagrams.size >= this.#limits.maxFragmentDatagrams) return this.#refuse(f);
      d = new Datagram(f.version, f.src, f.dst, f.proto, f.tsNs);
      this.#datagrams.set(f.key, d);
    }
    if (d.frames[d.frames.length - 1] !== f.frame) d.frames.push(f.frame);
    for (const x of f.extraFrames) d.frames.push(x);
    this.#insert(d, f);
    if (d.header === null || d.dataLength < 0 || d.covered !== d.dataLength) return REASM_HELD;
    this.#complete(f.key, d);
    return REASM_COMPLETE;
  }

  #refuse(f: FragmentInfo): number {
    this.refusedCode = codeOf(f.version, 'cap');
    return REASM_REFUSED;
  }

  /** Drops the datagram (if any) with this fragment's frame added; the frames go to `pending`. */
  #giveUp(f: FragmentInfo, d: Datagram | undefined, reason: ExpiredFragments['reason'], code: AnomalyCode): number {
    if (d === undefined) {
      d = new Datagram(f.version, f.src, f.dst, f.proto, f.tsNs);
      this.#datagrams.set(f.key, d);
    }
    if (d.frames[d.frames.length - 1] !== f.frame) d.frames.push(f.frame);
    this.#drop(f.key, d, reason, code);
    return REASM_HELD;
  }

  #insert(d: Datagram, f: FragmentInfo): void {
    const s = f.fragOffset;
    let e = s + (f.dataEnd - f.dataStart);
    if (!f.more) this.#setLength(d, s + f.claimedLen);
    if (d.dataLength >= 0 && e > d.dataLength) {
      this.overlap = true;
      e = Math.max(s, d.dataLength);
    }
    let cur = s;
    const added: Piece[] = [];
    for (const p of d.pieces) {
      if (p.end <= cur) continue;
      if (p.start >= e) break;
      this.overlap = true;
      if (p.start > cur) added.push(this.#piece(f, s, cur, p.start));
      cur = p.end;
      if (cur >= e) break;
    }
    if (cur < e) added.push(this.#piece(f, s, cur, e));
    for (const p of added) {
      d.pieces.push(p);
      d.covered += p.end - p.start;
      d.bytes += p.end - p.start;
      this.#bytes += p.end - p.start;
    }
    if (added.length > 0) d.pieces.sort((a, b) => a.start - b.start);
    if (s === 0 && d.header === null) {
      d.header = copyForReassembly(f.buf, f.ipOff, f.ipOff + f.unfragLen);
      d.prevNhRel = f.prevNhRel;
      d.bytes += f.unfragLen;
      this.#bytes += f.unfragLen;
    }
  }

  #piece(f: FragmentInfo, s: number, a: number, b: number): Piece {
    return { start: a, end: b, data: copyForReassembly(f.buf, f.dataStart + (a - s), f.dataStart + (b - s)) };
  }

  /** The last fragment fixes the data length; held bytes beyond it are an overlap and dropped. */
  #setLength(d: Datagram, length: number): void {
    if (d.dataLength >= 0) {
      if (d.dataLength !== length) this.overlap = true;
      return;
    }
    d.dataLength = length;
    for (let i = d.pieces.length - 1; i >= 0; i--) {
      const p = d.pieces[i]!;
      if (p.end <= length) break;
      this.overlap = true;
      const keep = Math.max(0, length - p.start);
      const cut = p.end - p.start - keep;
      d.covered -= cut;
      d.bytes -= cut;
      this.#bytes -= cut;
      if (keep === 0) d.pieces.splice(i, 1);
      else d.pieces[i] = { start: p.start, end: length, data: p.data.subarray(0, keep) };
    }
  }

  #complete(key: string, d: Datagram): void {
    const header = d.header!;
    const out = new Uint8Array(header.length + d.dataLength);
    out.set(header, 0);
    for (const p of d.pieces) out.set(p.data, header.length + p.start);
    if (d.version === 4) {
      const total = out.length;
      out[2] = total >> 8;
      out[3] = total & 0xff;
      out[6] = out[6]! & 0x40; // keep DF, clear MF and the offset
      out[7] = 0;
    } else {
      const plen = out.length - 40;
      out[4] = plen >> 8;
      out[5] = plen & 0xff;
      out[d.prevNhRel] = d.proto; // unlink the fragment header (RFC 8200 §4.5)
    }
    this.#datagrams.delete(key);
    this.#bytes -= d.bytes;
    this.completed = out;
    this.completedFrames = sortedUnique(d.frames);
    this.completedCount++;
  }

  #drop(key: string, d: Datagram, reason: ExpiredFragments['reason'], code: AnomalyCode): void {
    this.#datagrams.delete(key);
    this.#bytes -= d.bytes;
    this.expiredCount++;
    this.#pending.push({
      code,
      reason,
      ipVersion: d.version,
      src: d.src,
      dst: d.dst,
      ipProto: d.proto,
      frames: sortedUnique(d.frames),
      firstTsNs: d.firstTsNs,
    });
  }

  /**
   * A reassembled datagram that then failed to decode: its fragments' frames are reported with
   * `code` (reason 'malformed') so none goes unaccounted.
   */
  reportMalformed(version: 4 | 6, src: IpAddr, dst: IpAddr, proto: number, frames: readonly number[], code: AnomalyCode, tsNs: bigint): void {
    this.expiredCount++;
    this.#pending.push({ code, reason: 'malformed', ipVersion: version, src, dst, ipProto: proto, frames: [...frames], firstTsNs: tsNs });
  }

  /** Datagrams whose first fragment is older than the timeout at `nowNs`, plus any dropped at caps. */
  expire(nowNs: bigint): ExpiredFragments[] {
    const timeout = this.#limits.fragmentTimeoutNs;
    for (const [key, d] of this.#datagrams) {
      if (nowNs - d.firstTsNs > timeout) this.#drop(key, d, 'timeout', codeOf(d.version, 'incomplete'));
    }
    return this.#takePending();
  }

  /** End of capture: every datagram still pending, plus any dropped at caps. */
  flush(): ExpiredFragments[] {
    for (const [key, d] of this.#datagrams) this.#drop(key, d, 'flush', codeOf(d.version, 'incomplete'));
    return this.#takePending();
  }

  #takePending(): ExpiredFragments[] {
    const out = this.#pending;
    this.#pending = [];
    return out;
  }
}
