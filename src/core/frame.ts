/**
 * The unit a capture reader hands to the decoders: one captured record.
 * @module core/frame
 */

/** A tcpdump.org LINKTYPE_* value (https://www.tcpdump.org/linktypes.html). */
export type LinkType = number;

/**
 * One record of a capture, as read from pcap or pcapng.
 *
 * `frame` is 1-based and equals Wireshark's `frame.number` for a single file; when several
 * files are read as one continuous capture, numbering continues across them and
 * `input`/`inputFrame` name the file and its own frame number.
 *
 * BORROWED as a whole: a reader refills the same object for the next record, so a consumer that
 * keeps a frame past the iterator's next step copies the fields it needs (and the bytes).
 */
export interface Frame {
  /** 1-based frame number over the whole (possibly multi-file) capture. */
  readonly frame: number;
  /** Index of the input (file) this frame came from, 0-based. */
  readonly input: number;
  /** 1-based frame number inside that input: what Wireshark shows when opening that file alone. */
  readonly inputFrame: number;
  /** Epoch nanoseconds; pcap µs/ns and pcapng if_tsresol/if_tsoffset are normalised. */
  readonly tsNs: bigint;
  /**
   * The same instant as numbers, for the per-packet path (no BigInt per frame): whole seconds
   * (floor of tsNs / 1e9) and the nanoseconds past them (0 ≤ tsNsec < 1e9). `tsExact` is null
   * unless tsSec cannot be exact (|tsSec| ≥ 2^53, from absurd pcapng timestamps): then it holds
   * tsNs. See `tsOfParts`.
   */
  readonly tsSec: number;
  readonly tsNsec: number;
  readonly tsExact: bigint | null;
  readonly linkType: LinkType;
  /** pcapng interface id (0 for classic pcap). */
  readonly interfaceId: number;
  readonly capturedLength: number;
  /** Length on the wire; larger than capturedLength when the snap length cut the packet. */
  readonly originalLength: number;
  /** Byte offset of the record in the (decompressed) input, for error messages. */
  readonly fileOffset: number;
  /** BORROWED: the captured bytes, valid only until the iterator advances. */
  readonly data: Uint8Array;
  /**
   * BORROWED: a buffer holding the captured bytes at `dataOffset` (`capturedLength` of them):
   * the reader's chunk, so the per-packet path needs no view per record (`data` is made from it on
   * first access). For a frame built around its own bytes, `data` itself at offset 0.
   */
  readonly buf: Uint8Array;
  readonly dataOffset: number;
}

/** Nanoseconds per second, as a number. */
export const NS_PER_SEC = 1_000_000_000;

/** An instant as `Frame.tsSec`, `tsNsec` and `tsExact` hold it. */
export interface TsParts {
  readonly sec: number;
  readonly nsec: number;
  readonly exact: bigint | null;
}

/** Epoch ns of parts (exact): `exact` when set, else sec·1e9 + nsec. */
export function tsOfParts(sec: number, nsec: number, exact: bigint | null): bigint {
  return exact ?? BigInt(sec) * 1_000_000_000n + BigInt(nsec);
}

/** Parts of epoch ns `ns` (floor division, so nsec ≥ 0 before the epoch too). */
export function tsParts(ns: bigint): TsParts {
  let q = ns / 1_000_000_000n;
  let r = ns - q * 1_000_000_000n;
  if (r < 0n) {
    q -= 1n;
    r += 1_000_000_000n;
  }
  const sec = Number(q);
  return { sec, nsec: Number(r), exact: Number.isSafeInteger(sec) ? null : ns };
}

/** The instant as a double (ns, about 256 ns precision): for timeouts and cheap ordering. */
export function tsApprox(sec: number, nsec: number): number {
  return sec * NS_PER_SEC + nsec;
}

/** Whether instant a is later than instant b (exact). */
export function tsAfter(aSec: number, aNsec: number, aExact: bigint | null, bSec: number, bNsec: number, bExact: bigint | null): boolean {
  if (aExact !== null || bExact !== null) return tsOfParts(aSec, aNsec, aExact) > tsOfParts(bSec, bNsec, bExact);
  return aSec > bSec || (aSec === bSec && aNsec > bNsec);
}
