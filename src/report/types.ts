/**
 * The analysis a report is built from: plain data produced by the pipeline.
 * @module report/types
 */
import type { AnomalyRow, Limits } from '../core/index.js';
import type { CaptureSummary } from '../capture/index.js';
import type { FlowRecord } from '../flow/index.js';
import type { DnsTransaction, FlowNames, NameEvidence, NamesStats } from '../names/index.js';
import type { FoldedDestination, FoldedJudgements } from '../policy/index.js';

/** One outer encapsulation seen in the capture: a tunnel to a foreign server is a data flow too. */
export interface TunnelRecord {
  /** "T" + 17 base62 digits, from the first frame and the encapsulation depth (see tunnelUid). */
  readonly uid: string;
  readonly kind: string;
  /** Source MAC of the frame that carried the tunnel's first packet (its originator's), when the link has one. */
  readonly origL2Addr?: string;
  /** Endpoint that sent the first packet seen in the tunnel. */
  readonly origH: string;
  readonly respH: string;
  readonly ipProto: number;
  readonly origP: number;
  readonly respP: number;
  readonly origPkts: number;
  readonly respPkts: number;
  readonly origIpBytes: number;
  readonly respIpBytes: number;
  /**
   * What the tunnel carried from each side: the bytes of the innermost datagrams (headers
   * included: inner addresses and ports are data the tunnel's far end receives too).
   */
  readonly origBytes: number;
  readonly respBytes: number;
  readonly firstFrame: number;
  readonly lastFrame: number;
  readonly firstTsNs: bigint;
  readonly lastTsNs: bigint;
  /** Innermost datagrams carried, both directions. */
  readonly innerPackets: number;
  /** DNS answers naming the far end for the originator, current when the tunnel started (most recent first). */
  readonly names: readonly NameEvidence[];
}

/**
 * Where every frame went. The parts add up to `framesRead` (checked by tests):
 * inFlows + icmpErrorsAttached + icmpErrorsUnattributed + notIp + malformed + unsupportedLink + fragmentsIncomplete.
 */
export interface Coverage {
  readonly framesRead: number;
  /** Frames whose datagram was counted in a flow (fragments of a reassembled datagram included). */
  readonly framesInFlows: number;
  readonly icmpErrorsAttached: number;
  readonly icmpErrorsUnattributed: number;
  readonly framesNotIp: Readonly<Record<string, number>>;
  readonly framesMalformed: number;
  readonly framesUnsupportedLink: Readonly<Record<string, number>>;
  /** Fragments whose datagram never completed (missing pieces, timeout, caps). */
  readonly fragmentsIncomplete: number;
  /** IP datagrams after reassembly that were counted into flows. */
  readonly datagrams: number;
  /** Frames captured shorter than they were on the wire (snap length). */
  readonly framesSnapTruncated: number;
}

/** Records judged and then only counted, by verdict (`fail`: FAIL ones past the budget of those kept, pipeline/live MAX_KEPT_FAIL). */
export interface FoldedCounts {
  readonly pass: number;
  readonly ignored: number;
  readonly inconclusive: number;
  readonly fail: number;
}

export interface FlowTableStats {
  /**
   * Finished flows judged and then not kept for the report (monitor mode, so memory stays flat
   * over days; analyze beyond --max-report-flows or under memory pressure), by their verdict.
   */
  readonly folded?: FoldedCounts;
  /**
   * analyze: how many finished flows were kept before folding started, and why (a fold started by
   * memory pressure is reproduced as `--max-report-flows foldAfter`).
   */
  readonly foldAfter?: number;
  readonly foldReason?: 'max-report-flows' | 'memory';
  /** Folded counted flows whose destination is not in the destinations table (its cap was reached). */
  readonly foldedDestinationsNotListed?: number;
  readonly created: number;
  readonly evictedAtCap: number;
  readonly expiredIdle: number;
  readonly maxActive: number;
}

/** A finished flow and what the names stage knows about it. */
export interface FinishedFlow {
  readonly rec: FlowRecord;
  readonly names: FlowNames;
}

/**
 * The finished flows of an analysis, sorted by first frame. An array, or a list read back from
 * the temporary file a large analysis keeps them in (pipeline/flow-spool): iterate it once per
 * pass, never index it.
 */
export interface FlowList extends Iterable<FinishedFlow> {
  readonly length: number;
  /** Closes the file a spooled list is read from (it can no longer be iterated); absent for arrays. */
  readonly release?: () => void;
}

/** Everything `analyze` learnt, before any rendering. */
export interface Analysis {
  readonly tool: { readonly name: string; readonly version: string };
  readonly captures: readonly CaptureSummary[];
  /** Finished flows with their names, sorted by first frame. */
  readonly flows: FlowList;
  /** DNS transactions, in frame order. */
  readonly dns: readonly DnsTransaction[];
  readonly namesStats: NamesStats;
  /** Sorted by first frame. */
  readonly tunnels: readonly TunnelRecord[];
  /** Sorted by code. */
  readonly anomalies: readonly AnomalyRow[];
  readonly coverage: Coverage;
  readonly flowStats: FlowTableStats;
  /**
   * Monitor mode: DNS transactions judged as they completed and then not kept for the report,
   * by their verdict then (IGNORED: not a monitored client's, or a local resolver); absent for
   * analyze, which keeps every transaction.
   */
  readonly dnsFolded?: FoldedCounts;
  /** Packets carried in tunnels not tracked at the tunnel cap (pipeline/tunnels MAX_TUNNELS); absent when none. */
  readonly tunnelPacketsUntracked?: number;
  /** Destinations of flows judged and folded out of `flows` (monitor, analyze folding), for the destinations table. */
  readonly foldedDestinations?: readonly FoldedDestination[];
  /** Counts and reasons of the flows and DNS queries judged and folded out of the report (monitor, analyze folding). */
  readonly foldedJudgements?: FoldedJudgements;
  readonly limits: Limits;
}

/** Wall-clock facts about a run: the only non-reproducible part of a report. */
export interface RunInfo {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly elapsedMs: number;
  readonly argv: readonly string[];
  readonly node: string;
}
