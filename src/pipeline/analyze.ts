/**
 * The one loop that wires the stages together (Suricata's FlowWorker): capture → decode → flow.
 * Streams: memory grows with the number of flows, never with the capture's length.
 * @module pipeline/analyze
 */
import type { Logger } from 'pino';
import { AnomalyLog, type AnomalyCode, type Frame, type IpAddr, type Limits } from '../core/index.js';
import { openCapture, type CaptureSource, type CaptureSummary, type OpenOptions } from '../capture/index.js';
import { PacketDecoder, type DecodeOutcome, type Packet } from '../decode/index.js';
import { FlowTable, type FlowRecord } from '../flow/index.js';
import { NameAttributor, type DnsTransaction, type EncryptedDnsList, type FlowNames } from '../names/index.js';
import { nrbNames } from './nrb.js';
import type { Analysis, FinishedFlow, FlowList } from '../report/index.js';
import { FoldedDestinations, FoldedTally } from '../policy/index.js';
import { CoverageCounter } from './coverage.js';
import { TunnelTable } from './tunnels.js';
import type { DnsVerdict, LiveHooks } from './live-hooks.js';
import { FlowSpool, type SpoolOptions } from './flow-spool.js';

/** Housekeeping (idle flows, stale fragments) runs every this many frames. */
const HOUSEKEEPING_EVERY = 4096;

export interface AnalyzeOptions {
  readonly limits: Limits;
  readonly tool: { readonly name: string; readonly version: string };
  readonly log?: Logger;
  /** Called now and then with the raw bytes read so far of the current input. */
  readonly onProgress?: (input: number, bytesRead: number) => void;
  /** Extra reader options passed through to the capture stage. */
  readonly captureOptions?: Partial<OpenOptions>;
  /** Known DNS-over-HTTPS endpoints (flows to them are flagged `encrypted_dns`). */
  readonly encryptedDns?: EncryptedDnsList;
  /** NAT64 prefixes the capture's network translates under, known beforehand (`parseNat64Prefix` text). */
  readonly nat64Prefixes?: readonly string[];
  /** Live hooks (monitor mode): the first originator payload of each flow, and each finished flow. */
  readonly live?: LiveHooks;
  /** Sees every frame before it is decoded (monitor mode saves them as evidence); `frame.data` is BORROWED. */
  readonly onFrame?: (frame: Frame) => void;
  /** Receives, once reading starts, a function giving the analysis as it stands (rolling reports). */
  readonly onSnapshotReady?: (snapshot: () => Analysis) => void;
  /**
   * Finished flows past `memoryFlows` go to a temporary file until the report is written
   * (pipeline/flow-spool); without, all stay in memory. The caller releases the file with
   * `releaseAnalysis` once the report is written.
   */
  readonly spool?: SpoolOptions;
}

/** Closes the temporary file holding `a`'s flows, if any (its flows can no longer be read). */
export function releaseAnalysis(a: Analysis): void {
  a.flows.release?.();
}

/** `LiveFlow.mark` bit: the first originator payload was reported to the live hooks. */
const MARK_PAYLOAD_SEEN = 1;

/** Analyse inputs as one continuous capture. Throws CaptureFormatError when an input is not a capture. */
export async function analyzeCaptures(sources: readonly CaptureSource[], opts: AnalyzeOptions): Promise<Analysis> {
  const run = new AnalysisRun(opts);
  const summaries: CaptureSummary[] = [];
  let current: { summary(): CaptureSummary } | null = null;
  opts.onSnapshotReady?.(() => run.snapshot(current === null ? [...summaries] : [...summaries, current.summary()]));
  for (let i = 0; i < sources.length; i++) {
    const source = sources[i]!;
    const capture = await openCapture(source, {
      ...opts.captureOptions,
      limits: opts.limits,
      firstFrame: run.coverage.framesRead + 1,
      input: i,
      anomalies: run.anomalies,
      ...(opts.onProgress === undefined ? {} : { onProgress: (n: number) => opts.onProgress?.(i, n) }),
    } as OpenOptions);
    opts.log?.debug({ input: source.name, format: capture.format }, 'reading capture');
    current = capture;
    await capture.forEachFrame((frame) => run.onFrame(frame));
    current = null;
    const summary = capture.summary();
    summaries.push(summary);
    if (summary.stop.kind !== 'complete') {
      opts.log?.info({ input: source.name, stop: { ...summary.stop } }, `reading stopped early: ${summary.stop.reason}`);
    }
  }
  return run.finish(summaries);
}

/** State of one analysis; exported for tests that feed frames directly. */
export class AnalysisRun {
  readonly anomalies: AnomalyLog;
  readonly coverage = new CoverageCounter();
  readonly #opts: AnalyzeOptions;
  readonly #decoder: PacketDecoder;
  readonly #flows: FlowTable;
  readonly #tunnels: TunnelTable;
  readonly #names: NameAttributor;
  readonly #finished: FlowSpool;
  readonly #folded = { pass: 0, ignored: 0, inconclusive: 0, fail: 0 };
  /** Destinations of folded flows, for the destinations table. */
  readonly #foldedDestinations = new FoldedDestinations();
  /** The verdict's counts and reasons of folded flows and DNS queries. */
  readonly #foldedTally = new FoldedTally();
  readonly #dnsFolded = { pass: 0, ignored: 0, inconclusive: 0, fail: 0 };
  #maxActive = 0;

  constructor(opts: AnalyzeOptions) {
    this.#opts = opts;
    this.anomalies = new AnomalyLog(opts.limits.maxAnomalyExamples);
    this.#finished = new FlowSpool(opts.spool);
    this.#decoder = new PacketDecoder(opts.limits);
    this.#tunnels = new TunnelTable({
      ...(opts.live?.onNewTunnel === undefined ? {} : { onNew: opts.live.onNewTunnel }),
      namesOf: (t, pkt) => this.#names.dnsNamesFor(t.origH as IpAddr, pkt.outerSrcMac, t.origH.includes(':') ? 6 : 4, t.respH as IpAddr, pkt.tsNs),
    });
    const onDns = opts.live?.onDnsTransaction;
    this.#names = new NameAttributor({
      limits: opts.limits, anomalies: this.anomalies,
      ...(opts.encryptedDns === undefined ? {} : { encryptedDns: opts.encryptedDns }),
      ...(opts.nat64Prefixes === undefined ? {} : { nat64Prefixes: opts.nat64Prefixes }),
      ...(onDns === undefined ? {} : { onDnsTransaction: (t: DnsTransaction) => this.#keepDns(onDns(t)) }),
    });
    this.#flows = new FlowTable(opts.limits, {
      onFinished: (rec, annex, origMac) => {
        const names = this.#names.finish(rec, annex, origMac);
        const live = opts.live?.onFinished(rec, names);
        if (live === undefined || live.keep) this.#finished.add(rec, names);
        else {
          fold(this.#folded, live.verdict);
          for (const j of live.judged ?? []) {
            this.#foldedDestinations.add(j.flow, j.assessment);
            this.#foldedTally.addFlow(j.assessment);
          }
        }
      },
      onL2Source: (mac, ip, version) => this.#names.noteL2Source(mac, ip, version),
    });
  }

  /** Account for one frame. */
  onFrame(frame: Frame): void {
    this.#opts.onFrame?.(frame);
    const cov = this.coverage;
    cov.framesRead++;
    if (frame.capturedLength < frame.originalLength) cov.framesSnapTruncated++;
    const out = this.#decoder.decode(frame);
    this.#onOutcome(out, frame);
    if (cov.framesRead % HOUSEKEEPING_EVERY === 0) this.#housekeeping(frame.tsNs);
  }

  #onOutcome(out: DecodeOutcome, frame: Frame): void {
    switch (out.kind) {
      case 'ip':
        this.#noteAll(out.anomalies, frame.frame);
        this.#onPacket(out.packet);
        return;
      case 'fragment-held':
        this.#noteAll(out.anomalies, frame.frame);
        return;
      case 'not-ip':
        this.coverage.noteNotIp(out.what);
        return;
      case 'malformed':
        this.#noteAll(out.anomalies, frame.frame);
        this.anomalies.note(out.anomaly, frame.frame);
        this.coverage.framesMalformed++;
        return;
      case 'unsupported-link':
        this.anomalies.note('decoder.link.unsupported', frame.frame);
        this.coverage.noteUnsupportedLink(out.linkType);
        return;
      default: {
        const never: never = out;
        throw new Error(`unhandled decode outcome ${JSON.stringify(never)}`);
      }
    }
  }

  /** Indexed, not for-of: this runs per packet and an array iterator is an allocation per call. */
  #noteAll(codes: readonly AnomalyCode[], frame: number): void {
    for (let i = 0; i < codes.length; i++) this.anomalies.note(codes[i]!, frame);
  }

  #onPacket(pkt: Packet): void {
    const cov = this.coverage;
    const frames = pkt.fragmentFrames.length === 0 ? 1 : pkt.fragmentFrames.length;
    if (pkt.tunnels.length > 0) this.#tunnels.observe(pkt);
    const obs = this.#flows.observe(pkt);
    switch (obs.kind) {
      case 'flow':
        cov.framesInFlows += frames;
        cov.datagrams++;
        this.#names.observe(obs.flow, obs.dir, pkt);
        // A 1-byte TCP segment is most often a keep-alive probe (RFC 9293 §3.8.4), not data: such
        // flows are judged when they finish, with sequence-based byte counts.
        if (this.#opts.live !== undefined && obs.dir === 'orig' && pkt.payloadLength > (pkt.ipProto === 6 ? 1 : 0)) {
          const flow = obs.flow;
          const live = this.#opts.live;
          if ((flow.mark & MARK_PAYLOAD_SEEN) === 0) {
            flow.mark |= MARK_PAYLOAD_SEEN;
            this.#names.takeNewProxied(flow);
            this.#names.takeNewNames(flow);
            live.onFirstPayload(flow, pkt, () => this.#names.liveNames(flow));
          } else if (live.onNewNames !== undefined && this.#names.takeNewNames(flow)) {
            this.#names.takeNewProxied(flow);
            live.onNewNames(flow, pkt, () => this.#names.liveNames(flow));
          } else if (live.onNewProxied !== undefined && this.#names.takeNewProxied(flow)) {
            live.onNewProxied(flow, pkt, () => this.#names.liveNames(flow));
          }
        }
        break;
      case 'icmp-error':
        cov.icmpErrorsAttached += frames;
        break;
      case 'icmp-error-unattributed':
        cov.icmpErrorsUnattributed += frames;
        this.anomalies.note(obs.reason === 'no-flow' ? 'flow.icmp_error_no_flow' : 'flow.icmp_error_no_ports', pkt.frame);
        break;
      default: {
        const never: never = obs;
        throw new Error(`unhandled flow observation ${JSON.stringify(never)}`);
      }
    }
  }

  #keepDns(live: DnsVerdict): boolean {
    if (!live.keep) {
      fold(this.#dnsFolded, live.verdict);
      if (live.judged !== undefined) {
        this.#foldedTally.addDns(live.judged.assessment);
        this.#foldedDestinations.addDns(live.judged);
      }
    }
    return live.keep;
  }

  #housekeeping(nowNs: bigint): void {
    for (const inc of this.#decoder.expire(nowNs)) this.#onIncompleteFragments(inc.frames, inc.code);
    this.#flows.expireIdle(nowNs); // finished records reach #finished through onFinished
    // Monitor mode only (after the idle flows' joins): analyze's inputs may be merged out of time order.
    if (this.#opts.live?.expireDnsAnswers === true) this.#names.expireDns(nowNs);
    const active = this.#flows.stats.active;
    if (active > this.#maxActive) this.#maxActive = active;
  }

  #onIncompleteFragments(frames: readonly number[], code: Parameters<AnomalyLog['note']>[0]): void {
    this.coverage.fragmentsIncomplete += frames.length;
    this.anomalies.note(code, frames[0] ?? 0);
  }

  /** End of all inputs: flush fragments and flows, and build the analysis. */
  finish(captures: readonly CaptureSummary[]): Analysis {
    for (const inc of this.#decoder.flush()) this.#onIncompleteFragments(inc.frames, inc.code);
    const active = this.#flows.stats.active;
    if (active > this.#maxActive) this.#maxActive = active;
    this.#flows.flush();
    const accounted = this.coverage.accounted;
    if (accounted !== this.coverage.framesRead) {
      this.#opts.log?.error({ accounted, read: this.coverage.framesRead }, 'frame accounting mismatch');
      this.anomalies.note('flow.accounting_mismatch', 0);
    }
    return this.#build(captures, this.#finished.list(nrbNames(captures)));
  }

  /**
   * The analysis as it stands now, without finishing anything: flows finished so far plus the
   * live ones (end reason 'active', names known so far). For reports written while reading.
   */
  snapshot(captures: readonly CaptureSummary[]): Analysis {
    const live = this.#flows.liveRecords().map(({ rec, flow }) => ({ rec, names: this.#names.liveNames(flow) }));
    live.sort((a, b) => a.rec.firstFrame - b.rec.firstFrame);
    return this.#build(captures, mergedByFirstFrame(this.#finished.list(), live, nrbNames(captures)));
  }

  #build(captures: readonly CaptureSummary[], flows: FlowList): Analysis {
    const st = this.#flows.stats;
    return {
      tool: this.#opts.tool,
      captures,
      flows,
      dns: sortTransactions(this.#names.transactions),
      namesStats: this.#names.stats,
      tunnels: this.#tunnels.records(),
      ...(this.#tunnels.untrackedPackets === 0 ? {} : { tunnelPacketsUntracked: this.#tunnels.untrackedPackets }),
      anomalies: this.anomalies.rows(),
      coverage: this.coverage.snapshot(),
      flowStats: {
        created: st.created, evictedAtCap: st.evictedAtCap, expiredIdle: st.expiredIdle, maxActive: this.#maxActive,
        ...(this.#opts.live === undefined ? {} : { folded: { ...this.#folded } }),
        ...(this.#foldedDestinations.notListed === 0 ? {} : { foldedDestinationsNotListed: this.#foldedDestinations.notListed }),
      },
      ...(this.#opts.live === undefined ? {} : { foldedDestinations: this.#foldedDestinations.list() }),
      ...(this.#opts.live === undefined ? {} : { dnsFolded: { ...this.#dnsFolded }, foldedJudgements: this.#foldedTally.snapshot() }),
      limits: this.#opts.limits,
    };
  }
}

/**
 * Finished flows (`done`, possibly read back from the spool file) and live ones (`live`), both in
 * first-frame order, as one list in that order (a finished flow first on the same frame), names
 * passed through `names`; never held in memory all at once.
 */
function mergedByFirstFrame(done: FlowList, live: readonly FinishedFlow[], names: (rec: FlowRecord, n: FlowNames) => FlowNames): FlowList {
  return {
    length: done.length + live.length,
    *[Symbol.iterator](): Iterator<FinishedFlow> {
      const named = (f: FinishedFlow): FinishedFlow => ({ rec: f.rec, names: names(f.rec, f.names) });
      let j = 0;
      for (const f of done) {
        while (j < live.length && live[j]!.rec.firstFrame < f.rec.firstFrame) yield named(live[j++]!);
        yield named(f);
      }
      for (; j < live.length; j++) yield named(live[j]!);
    },
  };
}

/** Counts a folded flow or DNS transaction by its verdict (PASS, IGNORED, FAIL past its budget, else INCONCLUSIVE). */
function fold(f: { pass: number; ignored: number; inconclusive: number; fail: number }, verdict: string): void {
  if (verdict === 'PASS') f.pass++;
  else if (verdict === 'IGNORED') f.ignored++;
  else if (verdict === 'FAIL') f.fail++;
  else f.inconclusive++;
}

/** DNS transactions in frame order (query frame, or response frame when the query was not seen). */
function sortTransactions(t: readonly DnsTransaction[]): DnsTransaction[] {
  const at = (x: DnsTransaction): number => x.queryFrame ?? x.responseFrame ?? 0;
  return [...t].sort((a, b) => at(a) - at(b) || (a.responseFrame ?? 0) - (b.responseFrame ?? 0));
}
