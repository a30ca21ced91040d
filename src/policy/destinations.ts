/**
 * Counted flows and DNS queries grouped by destination address (or host name, for requests an
 * HTTP proxy carried on to a host known only by name): names, evidence, flows, payload
 * sent, and the worst verdict.
 * @module policy/destinations
 */
import { ipSortKey } from '../core/index.js';
import type { GeoEvidence } from '../geo/index.js';
import { DESTINATION_EXAMPLE_UIDS, type DestinationAssessment, type ReasonCount, type Verdict } from './assessment.js';
import type { DnsDraft } from './dns.js';
import { normalizeName } from './domain.js';
import { addressBytes } from './network.js';
import type { FlowDraft } from './flows.js';
import type { FlowAssessment } from './assessment.js';
import type { PolicyFlow } from './types.js';
import type { LocationSummary } from './location.js';
import { cmp, compareReasons, type Reason } from './reasons.js';

const RANK: Readonly<Record<Verdict, number>> = { PASS: 0, INCONCLUSIVE: 1, FAIL: 2 };

interface Acc {
  readonly ip: string;
  readonly names: Set<string>;
  location: LocationSummary;
  evidence: GeoEvidence;
  flows: number;
  readonly uids: string[];
  firstFrame: number;
  lastFrame: number;
  payload: number;
  dns: number;
  verdict: Verdict;
  readonly reasons: Map<string, { code: Reason['code']; effect: Reason['effect']; count: number; rules: Set<string> }>;
}

/**
 * Counted flows to one destination that were judged and then folded out of the report (monitor
 * mode, analyze folding), pre-aggregated: what the destinations table needs from them. Their uids
 * are not kept (they have no row to point at).
 */
export interface FoldedDestination {
  readonly ip: string;
  readonly names: readonly string[];
  readonly location: LocationSummary;
  readonly evidence: GeoEvidence;
  readonly flows: number;
  readonly firstFrame: number;
  readonly lastFrame: number;
  readonly payload: number;
  /** Folded DNS queries to this resolver. */
  readonly dns: number;
  readonly verdict: Verdict;
  readonly reasons: readonly { readonly code: Reason['code']; readonly effect: Reason['effect']; readonly count: number; readonly rules: readonly string[] }[];
}

/** Destinations kept per run for folded flows; beyond, their flows are only counted (`notListed`). */
export const MAX_FOLDED_DESTINATIONS = 100_000;
/** Names kept per folded destination. */
const MAX_FOLDED_NAMES = 16;

/** Folded flows aggregated by destination, bounded (MAX_FOLDED_DESTINATIONS). */
export class FoldedDestinations {
  readonly #by = new Map<string, Acc>();
  readonly #max: number;
  #notListed = 0;

  constructor(max = MAX_FOLDED_DESTINATIONS) {
    this.#max = max;
  }

  /** Folded counted flows and DNS queries whose destination was not kept at the cap. */
  get notListed(): number {
    return this.#notListed;
  }

  /** A flow judged `a` and folded: counted into its destination (IGNORED and uncounted flows are not destinations). */
  add(f: PolicyFlow, a: FlowAssessment): void {
    if (!isDestination(a)) return;
    const acc = this.#acc(f.respH, a.location, f.dest, f.firstFrame);
    // Their uids are not examples: folded flows have no row to point at.
    if (acc !== undefined) countFlow(acc, f, a, MAX_FOLDED_NAMES, false);
  }

  /** A query judged `d` and folded: counted into its resolver's destination. */
  addDns(d: DnsDraft): void {
    const acc = this.#acc(d.assessment.resolver, d.location, d.evidence, d.assessment.frame);
    if (acc !== undefined) countDns(acc, d);
  }

  /** The destination `ip`'s accumulator, made if there is room; undefined (and counted as not listed) at the cap. */
  #acc(ip: string, location: LocationSummary, evidence: GeoEvidence, frame: number): Acc | undefined {
    let acc = this.#by.get(ip);
    if (acc === undefined) {
      if (this.#by.size >= this.#max) {
        this.#notListed++;
        return undefined;
      }
      acc = newAcc(ip, location, evidence, frame);
      this.#by.set(ip, acc);
    }
    return acc;
  }

  /** Plain-data copies, by address (a snapshot: adding more later does not change them). */
  list(): FoldedDestination[] {
    return [...this.#by.values()].map((a) => ({
      ip: a.ip, names: [...a.names].sort(), location: a.location, evidence: a.evidence, flows: a.flows,
      firstFrame: a.firstFrame, lastFrame: a.lastFrame, payload: a.payload, dns: a.dns, verdict: a.verdict,
      reasons: [...a.reasons.values()].map((r) => ({ code: r.code, effect: r.effect, count: r.count, rules: [...r.rules].sort() })),
    })).sort((x, y) => cmp(x.ip, y.ip));
  }
}

/** A counted, judged flow makes a destination row (IGNORED and uncounted flows do not). */
type DestinationFlow = FlowAssessment & { readonly location: LocationSummary; readonly verdict: Verdict };

function isDestination(a: FlowAssessment): a is DestinationFlow {
  return a.counted && a.location !== undefined && a.verdict !== 'IGNORED';
}

/** Counts flow `f` (judged `fa`) into `a`: names up to `maxNames`, frames, payload, verdict and reasons; its uid as an example when `example`. */
function countFlow(a: Acc, f: PolicyFlow, fa: DestinationFlow, maxNames: number, example: boolean): void {
  if (f.name !== null && f.name !== '' && a.names.size < maxNames) a.names.add(normalizeName(f.name));
  for (const n of f.names) if (a.names.size < maxNames) a.names.add(normalizeName(n.value));
  a.flows++;
  if (example && a.uids.length < DESTINATION_EXAMPLE_UIDS) a.uids.push(f.uid);
  a.firstFrame = Math.min(a.firstFrame, f.firstFrame);
  a.lastFrame = Math.max(a.lastFrame, f.lastFrame);
  a.payload += f.origBytes;
  note(a, fa.verdict, fa.reasons);
}

function newAcc(ip: string, location: LocationSummary, evidence: GeoEvidence, frame: number): Acc {
  return { ip, names: new Set(), location, evidence, flows: 0, uids: [], firstFrame: frame, lastFrame: frame, payload: 0, dns: 0, verdict: 'PASS', reasons: new Map() };
}

/**
 * Destinations of counted flows and queries, built a flow at a time: flows in frame order, then
 * the destinations of folded flows, then DNS queries; `list` sorts them by address.
 */
export class DestinationTable {
  readonly #by = new Map<string, Acc>();

  #get(ip: string, location: LocationSummary, evidence: GeoEvidence, frame: number): Acc {
    let a = this.#by.get(ip);
    if (a === undefined) {
      a = newAcc(ip, location, evidence, frame);
      this.#by.set(ip, a);
    }
    return a;
  }

  /** A judged flow (IGNORED and uncounted flows make no destination). */
  addFlow(d: FlowDraft): void {
    const f = d.flow;
    const fa = d.assessment;
    if (!isDestination(fa)) return;
    countFlow(this.#get(f.respH, fa.location, f.dest, f.firstFrame), f, fa, Number.POSITIVE_INFINITY, true);
  }

  /** Destinations of flows judged and folded out of the report, pre-aggregated. */
  addFolded(folded: readonly FoldedDestination[]): void {
    for (const fd of folded) {
      const a = this.#get(fd.ip, fd.location, fd.evidence, fd.firstFrame);
      for (const n of fd.names) a.names.add(n);
      a.flows += fd.flows;
      a.firstFrame = Math.min(a.firstFrame, fd.firstFrame);
      a.lastFrame = Math.max(a.lastFrame, fd.lastFrame);
      a.payload += fd.payload;
      a.dns += fd.dns;
      if (RANK[fd.verdict] > RANK[a.verdict]) a.verdict = fd.verdict;
      for (const r of fd.reasons) {
        const k = `${r.code}\u0000${r.effect}`;
        const e = a.reasons.get(k) ?? { code: r.code, effect: r.effect, count: 0, rules: new Set<string>() };
        e.count += r.count;
        for (const x of r.rules) e.rules.add(x);
        a.reasons.set(k, e);
      }
    }
  }

  /** Judged DNS queries: their resolvers are destinations too. */
  addDns(dns: readonly DnsDraft[]): void {
    for (const q of dns) countDns(this.#get(q.assessment.resolver, q.location, q.evidence, q.assessment.frame), q);
  }

  /** The destinations, sorted by address; hosts known only by name (requests an HTTP proxy carried on) after every address. */
  list(): DestinationAssessment[] {
    // Sort keys computed once per destination (compareIp would compute them per comparison).
    const keyed = [...this.#by.values()].map((d) => ({ d, k: addressBytes(d.ip) === undefined ? `~${d.ip}` : ipSortKey(d.ip) }));
    keyed.sort((x, y) => (x.k < y.k ? -1 : x.k > y.k ? 1 : 0) || cmp(x.d.ip, y.d.ip));
    return keyed.map((x) => finish(x.d));
  }
}

/** Counts the judged query `d` into its resolver's destination `a`. */
function countDns(a: Acc, d: DnsDraft): void {
  const q = d.assessment;
  a.dns++;
  a.firstFrame = Math.min(a.firstFrame, q.frame);
  a.lastFrame = Math.max(a.lastFrame, q.frame);
  note(a, q.verdict, q.reasons);
}

function note(a: Acc, verdict: Verdict, reasons: readonly Reason[]): void {
  if (RANK[verdict] > RANK[a.verdict]) a.verdict = verdict;
  for (const r of reasons) {
    if (r.effect === 'info') continue;
    const k = `${r.code}\u0000${r.effect}`;
    const e = a.reasons.get(k) ?? { code: r.code, effect: r.effect, count: 0, rules: new Set<string>() };
    e.count++;
    if (r.rule !== undefined) e.rules.add(r.rule);
    a.reasons.set(k, e);
  }
}

function finish(a: Acc): DestinationAssessment {
  const reasons: ReasonCount[] = [...a.reasons.values()]
    .map((e) => ({ code: e.code, effect: e.effect, count: e.count, rules: [...e.rules].sort() }))
    .sort((x, y) => compareReasons({ ...x, detail: '' }, { ...y, detail: '' }));
  return {
    // A copy: the list grown by push keeps spare room for 16 more.
    ip: a.ip, names: [...a.names].sort(), location: a.location, evidence: a.evidence, flows: a.flows, exampleUids: a.uids.slice(),
    firstFrame: a.firstFrame, lastFrame: a.lastFrame, payloadBytesSent: a.payload, dnsQueries: a.dns, verdict: a.verdict, reasons,
  };
}
