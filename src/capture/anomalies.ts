/**
 * The closed list of record-level anomaly codes the capture stage notes (STYLE rule 6).
 * Stops (reading ended early) are `CaptureStopCode`s in types.ts, not anomalies.
 * @module capture/anomalies
 */

/** Every anomaly code the capture readers can note. */
export type CaptureAnomalyCode =
  /** pcap record header says captured length > original length (still read). */
  | 'capture.pcap.caplen_gt_origlen'
  /** pcap fractional seconds ≥ 1e6 (µs) or ≥ 1e9 (ns); the frame is still produced, as tshark does. */
  | 'capture.pcap.bad_timestamp'
  /** pcapng block of a type we do not read (unknown, or a custom block 0x00000BAD / 0x40000BAD): skipped. */
  | 'capture.pcapng.unknown_block'
  /** pcapng packet or statistics block naming an interface its section never described: skipped. */
  | 'capture.pcapng.undefined_interface'
  /** pcapng options run past the end of their block, or an option has an impossible length. */
  | 'capture.pcapng.bad_option'
  /** pcapng EPB/PB captured length > original length (still read). */
  | 'capture.pcapng.caplen_gt_origlen'
  /** pcapng Name Resolution Block record malformed or over the cap. */
  | 'capture.pcapng.bad_name_record';
