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
}
