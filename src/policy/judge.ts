/**
 * Judging one endpoint: enumerate the worlds the geo candidates allow, test the rules in each,
 * and combine. Every world violating is a decided violation; every world clear is decided clear
 * (so a disagreement where all candidates lead to the same outcome decides); anything else is
 * uncertain, unless the policy's uncertainty settings say to take the worst case.
 * @module policy/judge
 */
import type { CompiledPolicy, GeoFact } from './compile.js';
import type { GeoCandidates, LocationSummary } from './location.js';
import type { Reason } from './reasons.js';
import { declaredCheck, factsUsed, worldOutcome, type EndpointFacts, type Hit, type UnknownCause, type World, type WorldOutcome } from './rules.js';
import { hitDetail, splitDetail, unknownDetail } from './details.js';

/** Candidate worlds enumerated at most; beyond this the endpoint is uncertain. */
export const MAX_WORLDS = 1024;

/** The judgement of one endpoint, before payload and thresholds. */
export interface EndpointJudgement {
  readonly status: 'violation' | 'clear' | 'uncertain';
  /** Violations (effect fail), uncertainty (inconclusive) and notes. */
  readonly reasons: readonly Reason[];
  readonly location: LocationSummary;
  /** The allow rule that permitted the endpoint (allowlist mode, decided clear). */
  readonly allowedBy?: string;
}

interface Judged {
  readonly world: World;
  readonly outcome: WorldOutcome;
}

/** Judge an endpoint against a compiled policy. */
export function judgeEndpoint(c: CompiledPolicy, f: EndpointFacts, g: GeoCandidates): EndpointJudgement {
  const unrecognised = g.summary.status === 'unrecognised';
  const notes = noteReasons(g);
  const worlds = enumerateWorlds(g, factsUsed(c));
  if (worlds === undefined) {
    const r: Reason = { code: 'geo.disputed', effect: 'inconclusive', detail: `more than ${MAX_WORLDS} combinations of candidate facts: ${g.summary.detail}` };
    return { status: 'uncertain', reasons: [r, ...notes], location: g.summary };
  }
  const declared = declaredCheck(c, f);
  const judged: Judged[] = worlds.map((w) => ({ world: w, outcome: worldOutcome(c, f, w, declared) }));
  const combined = combine(c, f, g, judged, unrecognised);
  return unrecognised ? unrecognisedStatus(combined, notes, g) : { ...combined, reasons: [...combined.reasons, ...notes] };
}

/**
 * A consensus status this engine does not know: the location is treated as unknown (never as a
 * worst case), and anything short of a violation proven without it is inconclusive.
 */
function unrecognisedStatus(j: EndpointJudgement, notes: readonly Reason[], g: GeoCandidates): EndpointJudgement {
  const r: Reason = { code: 'geo.unrecognised_consensus', effect: j.status === 'violation' ? 'info' : 'inconclusive', detail: g.summary.detail };
  const rest = j.reasons.filter((x) => !(x.code === 'geo.unknown' && j.status === 'uncertain'));
  return { ...j, status: j.status === 'violation' ? 'violation' : 'uncertain', reasons: [...rest, r, ...notes] };
}

function noteReasons(g: GeoCandidates): Reason[] {
  const out: Reason[] = [];
  if (g.override !== undefined) out.push({ code: 'geo.override', effect: 'info', detail: g.override });
  for (const m of g.majority) out.push({ code: 'geo.majority_decided', effect: 'warning', detail: m });
  return out;
}

/** Cartesian product of the candidates of the facts in use (others stay `undefined`: no rule reads them). */
function enumerateWorlds(g: GeoCandidates, used: readonly GeoFact[]): World[] | undefined {
  const pick = (fact: GeoFact): readonly (string | number | null | undefined)[] => {
    if (!used.includes(fact)) return [undefined];
    return fact === 'location' ? g.location : fact === 'registered' ? g.registered : fact === 'asn' ? g.asn : g.asOrg;
  };
  const [loc, reg, asn, org] = [pick('location'), pick('registered'), pick('asn'), pick('asOrg')];
  if (loc.length * reg.length * asn.length * org.length > MAX_WORLDS) return undefined;
  const out: World[] = [];
  for (const l of loc) {
    for (const r of reg) {
      for (const a of asn) {
        for (const o of org) {
          out.push({ location: l as World['location'], registered: r as World['registered'], asn: a as World['asn'], asOrg: o as World['asOrg'] });
        }
      }
    }
  }
  return out;
}

function combine(c: CompiledPolicy, f: EndpointFacts, g: GeoCandidates, judged: readonly Judged[], unrecognised: boolean): EndpointJudgement {
  const v = judged.filter((j) => j.outcome.kind === 'violation');
  const clear = judged.filter((j) => j.outcome.kind === 'clear');
  const unknown = judged.filter((j) => j.outcome.kind === 'unknown');
  const n = judged.length;
  const loc = g.summary;
  if (v.length === n) {
    const note = n > 1 ? ` (databases disagree: ${loc.detail}; every candidate violates)` : '';
    return { status: 'violation', reasons: violationReasons(f, v, note), location: loc };
  }
  if (clear.length === n) {
    const first = clear[0]!.outcome;
    const allowedBy = first.kind === 'clear' ? first.allowedBy : undefined;
    const reasons: Reason[] = n > 1 ? [{ code: 'geo.disputed', effect: 'info', detail: `${loc.detail}; every candidate is permitted` }] : [];
    return allowedBy === undefined ? { status: 'clear', reasons, location: loc } : { status: 'clear', reasons, location: loc, allowedBy };
  }
  const causes = new Set<UnknownCause>(unknown.flatMap((j) => (j.outcome.kind === 'unknown' ? [...j.outcome.causes] : [])));
  const split = v.length + clear.length > 0 && n > 1;
  const geoUnknown = [...causes].some((x) => x !== 'name');
  const u = c.policy.uncertainty;
  if (split && v.length > 0 && u.disputed === 'worst_case') {
    const outcomes = splitDetail(judged);
    const reasons = [...violationReasons(f, v, ' (worst case: databases disagree)'), { code: 'geo.disputed', effect: 'fail', detail: `${loc.detail}: ${outcomes}; treated as a violation (uncertainty.disputed: worst_case)` } as const];
    return { status: 'violation', reasons, location: loc };
  }
  if (geoUnknown && !causes.has('name') && u.unknown === 'worst_case' && !unrecognised) {
    const reasons = [...violationReasons(f, v, ' (worst case)'), { code: 'geo.unknown', effect: 'fail', detail: `${unknownDetail(causes, loc, f)}; treated as a violation (uncertainty.unknown: worst_case)` } as const];
    return { status: 'violation', reasons, location: loc };
  }
  const reasons: Reason[] = [];
  if (split) reasons.push({ code: 'geo.disputed', effect: 'inconclusive', detail: `${loc.detail}: ${splitDetail(judged)}` });
  if (geoUnknown) reasons.push({ code: 'geo.unknown', effect: 'inconclusive', detail: unknownDetail(causes, loc, f) });
  if (causes.has('name')) reasons.push({ code: 'name.none', effect: 'inconclusive', detail: 'no name was observed and a name criterion decides (uncertainty.no_name: inconclusive)' });
  return { status: 'uncertain', reasons, location: loc };
}

/** One reason per (code, rule) over the violating worlds. */
function violationReasons(f: EndpointFacts, v: readonly Judged[], note: string): Reason[] {
  const by = new Map<string, { hit: Hit; worlds: World[] }>();
  for (const j of v) {
    if (j.outcome.kind !== 'violation') continue;
    for (const h of j.outcome.hits) {
      const k = `${h.code}\u0000${h.rule ?? ''}`;
      const e = by.get(k) ?? { hit: h, worlds: [] };
      e.worlds.push(j.world);
      by.set(k, e);
    }
  }
  return [...by.values()].map(({ hit, worlds }) => {
    const r = { code: hit.code, effect: 'fail' as const, detail: `${hitDetail(hit.code, f, worlds)}${note}` };
    return hit.rule === undefined ? r : { ...r, rule: hit.rule };
  });
}
