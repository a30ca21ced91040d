/**
 * pcapng options: a list of (code u16, length u16, value padded to 4) ending with opt_endofopt
 * or the end of the block (draft-ietf-opsawg-pcapng §3.5). Every read is bounds-checked.
 * @module capture/pcapng-options
 */

/** opt_endofopt (§3.5). */
export const OPT_ENDOFOPT = 0;

/** Reads a u16/u32 in the section's byte order. */
export type ReadUint = (b: Uint8Array, off: number) => number;

/** One option: code and value range inside the block (BORROWED). */
export interface PcapngOption {
  readonly code: number;
  readonly start: number;
  readonly length: number;
}

/** Options found, and whether the list was well formed. */
export interface OptionList {
  readonly options: readonly PcapngOption[];
  readonly ok: boolean;
}

/** At most this many options are read from one block (bounds work on hostile input). */
const MAX_OPTIONS = 512;

/** Walk the options in `b[start, end)`; stops at opt_endofopt, the end, or the first bad length. */
export function readOptions(b: Uint8Array, start: number, end: number, u16: ReadUint): OptionList {
  const options: PcapngOption[] = [];
  let p = start;
  while (p + 4 <= end && options.length < MAX_OPTIONS) {
    const code = u16(b, p);
    const length = u16(b, p + 2);
    if (code === OPT_ENDOFOPT) return { options, ok: true };
    const valueStart = p + 4;
    if (valueStart + length > end) return { options, ok: false };
    options.push({ code, start: valueStart, length });
    p = valueStart + ((length + 3) & ~3);
  }
  return { options, ok: p >= end || options.length >= MAX_OPTIONS };
}

/** An option's value as UTF-8 text (NUL padding removed), capped at 256 bytes. */
export function optionText(b: Uint8Array, o: PcapngOption): string {
  let end = o.start + Math.min(o.length, 256);
  while (end > o.start && b[end - 1] === 0) end--;
  return Buffer.from(b.buffer, b.byteOffset + o.start, end - o.start).toString('utf8');
}

/** A u64 option value in the section's byte order, or undefined if the length is not 8. */
export function optionU64(b: Uint8Array, o: PcapngOption, u32: ReadUint, littleEndian: boolean): bigint | undefined {
  if (o.length !== 8) return undefined;
  const first = BigInt(u32(b, o.start));
  const second = BigInt(u32(b, o.start + 4));
  return littleEndian ? (second << 32n) | first : (first << 32n) | second;
}
