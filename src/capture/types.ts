/**
 * The capture stage's public vocabulary: bytes of capture files or streams → frames.
 * @module capture/types
 */
import type { AnomalyLog, Frame, Limits } from '../core/index.js';

export type CaptureFormat = 'pcap' | 'pcap-ns' | 'pcapng';

/** Where one input's bytes come from. The CLI opens files; this stage only sees streams. */
export interface CaptureSource {
  /** Name used in reports and errors ('-' for standard input). */
  readonly name: string;
  /** Raw bytes of the input (possibly gzip-compressed). */
  readonly stream: NodeJS.ReadableStream;
  /** Path of a regular file, when there is one (lets the sha256 be computed in parallel). */
  readonly path?: string;
  /** Size in bytes when known (for progress). */
  readonly size?: number;
}

/** Stable codes for why reading stopped early. */
export type CaptureStopCode =
  | 'capture.pcap.record_too_large'
  | 'capture.pcap.bad_record_header'
  | 'capture.pcapng.bad_block_length'
  | 'capture.pcapng.block_length_mismatch'
  | 'capture.pcapng.bad_section_header'
  | 'capture.pcapng.no_interface'
  | 'capture.pcapng.block_too_large'
  | 'capture.pcapng.bad_packet_length'
  | 'capture.gzip.corrupt'
  | 'capture.read_error';

export type CaptureStop =
  | { readonly kind: 'complete' }
  /** The input ended inside a record: `atFrame` is the frame that could not be completed. */
  | { readonly kind: 'truncated'; readonly atFrame: number; readonly atOffset: number; readonly missingBytes: number; readonly reason: string }
  /** Something impossible was read; nothing after `atOffset` was used. */
  | { readonly kind: 'corrupt'; readonly atFrame: number; readonly atOffset: number; readonly code: CaptureStopCode; readonly reason: string };

/** Drop and packet counters an interface recorded (pcapng ISB; RFC draft §4.6 options). */
export interface InterfaceStatistics {
  readonly ifRecv?: bigint;
  readonly ifDrop?: bigint;
  readonly osDrop?: bigint;
  readonly filterAccept?: bigint;
  readonly usrDeliv?: bigint;
}

export interface CaptureInterface {
  /** Interface id as frames carry it (pcapng: index over the whole file, sections concatenated). */
  readonly id: number;
  readonly section: number;
  readonly linkType: number;
  /** tshark/capinfos-style short name when known ('ether', 'linux-sll', 'rawip', …), else `dlt-N`. */
  readonly linkTypeName: string;
  readonly snapLength: number;
  readonly name?: string;
  readonly description?: string;
  /** Timestamp resolution as a power of ten or two, e.g. '1e-6', '1e-9', '2^-10'. */
  readonly tsResolution: string;
  readonly tsOffsetSeconds: number;
  /** Last statistics block seen for this interface, if any. */
  readonly statistics?: InterfaceStatistics;
}

/** A name record from a pcapng Name Resolution Block. */
export interface NameResolutionRecord {
  readonly ip: string;
  readonly names: readonly string[];
}

export interface CaptureSummary {
  readonly name: string;
  readonly format: CaptureFormat;
  readonly compression: 'gzip' | 'none';
  /** sha256 of the input's raw bytes as given (before decompression), hex. */
  readonly sha256: string;
  /** Bytes of raw input consumed. */
  readonly bytes: number;
  readonly interfaces: readonly CaptureInterface[];
  /** Frames produced by this input. */
  readonly frames: number;
  readonly firstFrame: number;
  readonly firstTsNs: bigint | null;
  readonly lastTsNs: bigint | null;
  readonly stop: CaptureStop;
  readonly nameRecords: readonly NameResolutionRecord[];
  /** Name records not kept because of the cap. */
  readonly nameRecordsDropped: number;
}

/** One input being read. Iterating yields its frames; `summary()` is complete once iteration ended. */
export interface Capture extends AsyncIterable<Frame> {
  readonly name: string;
  readonly format: CaptureFormat;
  summary(): CaptureSummary;
  /**
   * Read every frame through a callback: the fast path (no promise per frame). The frame is
   * BORROWED for the call only; returning true stops reading (as breaking out of for-await does).
   */
  forEachFrame(onFrame: (f: Frame) => boolean | void): Promise<void>;
}

export interface OpenOptions {
  readonly limits: Limits;
  /** Number given to this input's first frame (continuous numbering across inputs). */
  readonly firstFrame: number;
  /** Index of this input among all inputs. */
  readonly input: number;
  /** Where record-level irregularities are noted (codes `capture.*`). */
  readonly anomalies: AnomalyLog;
  /**
   * Which classic-pcap reader to use: our own record walker ('native', the default) or the
   * npm `pcap-parser` package behind an adapter. pcapng always uses our reader.
   */
  readonly pcapReader?: PcapReaderChoice;
  /** Called now and then (about once per input chunk) with the raw bytes read so far from this input. */
  readonly onProgress?: (bytesRead: number) => void;
}

/** The classic-pcap readers available (see `OpenOptions.pcapReader`). */
export type PcapReaderChoice = 'pcap-parser' | 'native';

/** Options for `openCaptures`: as `OpenOptions`, with numbering and input index managed for you. */
export type OpenManyOptions = Omit<OpenOptions, 'firstFrame' | 'input' | 'onProgress'> & {
  /** Number of the first frame of the first input (default 1). */
  readonly firstFrame?: number;
  /** Raw bytes read so far from input `input`. */
  readonly onProgress?: (input: number, bytesRead: number) => void;
};

/**
 * Several inputs read one after another as one continuous capture: frame numbers continue
 * across inputs; each frame says which `input` it came from and its `inputFrame` number there.
 */
export interface MultiCapture extends AsyncIterable<Frame> {
  /** One summary per input, in input order; complete once iteration has ended. */
  summaries(): readonly CaptureSummary[];
}
