/**
 * The judgement parts of the report: the verdict with its reasons, the policy and databases that
 * made it (provenance), destinations with every database's evidence, and per-flow and per-query
 * verdicts. Row keys are written in sorted order (canonical rows skip the sorted copy).
 * @module report/verdict
 */
import type { GeoDatabaseReport, GeoStaleness } from '../geo/index.js';
import type {
  Assessment,
  AssessmentReason,
  DestinationAssessment,
  DnsQueryAssessment,
  FlowAssessment,
  LocationSummary,
  Reason,
} from '../policy/index.js';
import type { JsonValue } from './canonical-json.js';
import type { FinishedFlow } from './types.js';

type Obj = { [k: string]: JsonValue };

/** What the report needs besides the analysis to state a verdict. */
export interface Judgement {
  /** For a spooled analysis, `assessment.flows` lists its tunnels only: see `flowAssessments`. */
  readonly assessment: Assessment;
  /**
   * For an analysis whose flows are read back from the spool file: a flow's assessments (its
   * own, then its proxied requests'), judged again as `assessment` judged them (pipeline/assess).
   */
  readonly flowAssessments?: (f: FinishedFlow) => readonly FlowAssessment[];
  /** Every database consulted, in evidence order, with its age at the capture's date. */
  readonly databases: readonly (GeoDatabaseReport & { readonly staleness: GeoStaleness | null })[];
  /** Override files applied, by name and sha256. */
  readonly overrides: readonly { readonly source: string; readonly sha256: string; readonly entries: number }[];
}

/** The assessments a flow row shows: the flow's own, and those of its proxied requests by uid. */
export interface RowAssessments {
  readonly own: FlowAssessment | undefined;
  readonly byUid: (uid: string) => FlowAssessment | undefined;
}

/**
 * How every writer finds the assessments of a row: by uid in `assessment.flows` (which also holds
 * the tunnels'), or, for a spooled analysis whose assessment lists only the tunnels, by judging
 * the flow again (`flowAssessments`). One place, so no writer misses the second way.
 */
export class AssessmentLookup {
  readonly #byUid: ReadonlyMap<string, FlowAssessment>;
  readonly #again: Judgement['flowAssessments'];

  constructor(j: Judgement | undefined) {
    this.#byUid = new Map((j?.assessment.flows ?? []).map((f) => [f.uid, f]));
    this.#again = j?.flowAssessments;
  }

  /** An assessment listed in `assessment.flows` (a tunnel's, or any flow's when not spooled). */
  uid(uid: string): FlowAssessment | undefined {
    return this.#byUid.get(uid);
  }

  /** The assessments of flow `f`'s row. */
  row(f: FinishedFlow): RowAssessments {
    if (this.#again === undefined) return { own: this.#byUid.get(f.rec.uid), byUid: (uid) => this.#byUid.get(uid) };
    const list = this.#again(f);
    return { own: list[0], byUid: (uid) => list.find((x) => x.uid === uid) };
  }
}

/** One reason (keys sorted). */
export function reasonRow(r: Reason): Obj {
  const o: Obj = { code: r.code, detail: r.detail, effect: r.effect };
  if (r.rule !== undefined) o['rule'] = r.rule;
  return o;
}

function summaryRow(r: AssessmentReason): Obj {
  return { code: r.code, count: r.count, detail: r.detail, effect: r.effect, examples: [...r.examples], rules: [...r.rules] };
}

/** The top-level `verdict` section. */
export function verdictSection(a: Assessment): Obj {
  const c = a.counts;
  return {
    completeness: {
      decoded_ratio: a.completeness.decodedRatio,
      min_decoded_ratio: a.completeness.minDecodedRatio,
      reasons: a.completeness.reasons.map(reasonRow),
    },
    counts: {
      destinations: c.destinations,
      dns_queries: c.dnsQueries,
      fail: c.fail,
      flows: c.flows,
      flows_counted: c.counted,
      flows_ignored: c.ignored,
      inconclusive: c.inconclusive,
      pass: c.pass,
    },
    reasons: a.reasons.map(summaryRow),
    verdict: a.verdict,
    warnings: a.warnings.map(summaryRow),
  };
}

/** The `policy` section (provenance). */
export function policySection(a: Assessment): Obj {
  return {
    id: a.policy.id,
    mode: a.policy.mode,
    rule_countries: { allow: [...a.policy.ruleCountries.allow], deny: [...a.policy.ruleCountries.deny] },
    sha256: a.policy.sha256,
    source: a.policy.sourceName,
  };
}

/** The `databases` section (provenance, attribution lines, staleness). */
export function databasesSection(j: Judgement): JsonValue[] {
  return j.databases.map((d) => ({
    attribution: d.attribution,
    build_date: d.build_date,
    description: d.description,
    id: d.id,
    ip_versions: [...d.ip_versions],
    licence: d.licence,
    sha256: d.sha256,
    source: d.source,
    staleness: d.staleness === null ? null : { ...d.staleness },
    type: d.type,
  }));
}

/** A location summary (keys sorted). */
export function locationRow(l: LocationSummary): Obj {
  return {
    as_orgs: [...l.asOrgs],
    asns: [...l.asns],
    countries: [...l.countries],
    detail: l.detail,
    registered_countries: [...l.registeredCountries],
    status: l.status,
  };
}

/** The geo evidence as reported: snake_case throughout (the special-purpose entry's keys converted). */
function evidenceRow(ev: DestinationAssessment['evidence']): JsonValue {
  if (ev.special === undefined) return ev as unknown as JsonValue;
  const sp: Obj = {};
  for (const [k, v] of Object.entries(ev.special)) sp[k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = v as JsonValue;
  return { ...(ev as unknown as Obj), special: sp };
}

/** One destination with its evidence. */
export function destinationRow(d: DestinationAssessment): Obj {
  return {
    dns_queries: d.dnsQueries,
    evidence: evidenceRow(d.evidence),
    example_uids: [...d.exampleUids],
    first_frame: d.firstFrame,
    flows: d.flows,
    ip: d.ip,
    last_frame: d.lastFrame,
    location: locationRow(d.location),
    names: [...d.names],
    payload_bytes_sent: d.payloadBytesSent,
    reasons: d.reasons.map((r) => ({ code: r.code, count: r.count, effect: r.effect, rules: [...r.rules] })),
    verdict: d.verdict,
  };
}

/** The verdict fields added to a DNS transaction row. */
export function dnsVerdictFields(q: DnsQueryAssessment | undefined): Obj {
  return q === undefined ? { verdict: null, verdict_reasons: [] } : { verdict: q.verdict, verdict_reasons: q.reasons.map(reasonRow) };
}
