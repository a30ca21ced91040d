/**
 * Checks the JSON Schema cannot express: assigned ISO 3166-1 codes, CIDR and MAC syntax, regex
 * safety, ranges, group references, unique rule ids, rules without criteria, rules that cannot
 * take effect. Written defensively: it also runs on documents the schema rejected, so a user sees
 * every problem at once.
 * @module policy/semantic
 */
import { compileOrgPattern } from './as-org.js';
import { domainPatternProblem } from './domain.js';
import { isIso3166Alpha2, notACountryHint } from './iso3166.js';
import { normalizeMac, parseNetwork } from './network.js';
import { MAX_ASN, MAX_PORT, parseRange } from './ranges.js';
import type { CountryGroup } from './types.js';

/** One problem in a policy: where (`rules[2].countries[0]`, `""` for the whole document) and what. */
export interface PolicyIssue {
  readonly path: string;
  readonly message: string;
}

type Obj = Readonly<Record<string, unknown>>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);

/** Rule keys that are match criteria (a rule needs at least one). */
export const CRITERIA_KEYS = ['countries', 'groups', 'registered_countries', 'asns', 'as_org', 'cidrs', 'domains', 'ports', 'protocols'] as const;

/** Every semantic problem of a parsed document. */
export function semanticIssues(doc: unknown, groups: readonly CountryGroup[]): PolicyIssue[] {
  const out: PolicyIssue[] = [];
  if (!isObj(doc)) return out;
  const known = new Map(groups.map((g) => [g.id, g]));
  const monitored = doc['monitored'];
  if (isObj(monitored)) eachString(monitored['hosts'], 'monitored.hosts', out, hostProblem);
  const declared = doc['declared_endpoints'];
  if (isObj(declared)) {
    eachString(declared['domains'], 'declared_endpoints.domains', out, domainPatternProblem);
    eachString(declared['cidrs'], 'declared_endpoints.cidrs', out, networkProblem);
  }
  const ids = new Map<string, number>();
  arr(doc['rules']).forEach((rule, i) => {
    if (!isObj(rule)) return;
    ruleIssues(rule, `rules[${i}]`, known, out);
    const id = rule['id'];
    if (typeof id === 'string') {
      const first = ids.get(id);
      if (first !== undefined) out.push({ path: `rules[${i}].id`, message: `duplicate rule id ${JSON.stringify(id)} (also rules[${first}])` });
      else ids.set(id, i);
    }
  });
  modeIssues(doc, out);
  return out;
}

function ruleIssues(rule: Obj, path: string, groups: ReadonlyMap<string, CountryGroup>, out: PolicyIssue[]): void {
  if (!CRITERIA_KEYS.some((k) => k in rule)) {
    out.push({ path, message: `rule has no match criteria (give at least one of ${CRITERIA_KEYS.join(', ')})` });
  }
  eachString(rule['countries'], `${path}.countries`, out, countryProblem);
  eachString(rule['registered_countries'], `${path}.registered_countries`, out, countryProblem);
  eachString(rule['groups'], `${path}.groups`, out, (g) => groupProblem(g, groups));
  eachString(rule['domains'], `${path}.domains`, out, domainPatternProblem);
  eachString(rule['cidrs'], `${path}.cidrs`, out, networkProblem);
  eachString(rule['as_org'], `${path}.as_org`, out, (p) => {
    const c = compileOrgPattern(p);
    return c.ok ? undefined : c.message;
  });
  arr(rule['asns']).forEach((v, j) => rangeIssue(v, MAX_ASN, true, `${path}.asns[${j}]`, out));
  arr(rule['ports']).forEach((v, j) => rangeIssue(v, MAX_PORT, false, `${path}.ports[${j}]`, out));
}

/** Range text the schema's patterns accept (anything else is the schema's to report). */
const RANGE_TEXT = /^(?:as)?\d{1,10}(?:-(?:as)?\d{1,10})?$/i;

function rangeIssue(v: unknown, max: number, asPrefix: boolean, path: string, out: PolicyIssue[]): void {
  // Wrong types and out-of-range integers are the schema's to report; only strings are checked here.
  if (typeof v !== 'string' || !RANGE_TEXT.test(v)) return;
  const r = parseRange(v, max, asPrefix);
  if (typeof r === 'string') out.push({ path, message: r });
}

function modeIssues(doc: Obj, out: PolicyIssue[]): void {
  const rules = arr(doc['rules']).filter(isObj);
  if (doc['mode'] === 'denylist') {
    rules.forEach((r, i) => {
      if (r['action'] === 'allow') {
        out.push({ path: `rules[${i}].action`, message: 'an allow rule has no effect in denylist mode (everything not denied is allowed, and deny overrides allow)' });
      }
    });
  }
  if (doc['mode'] === 'allowlist' && Array.isArray(doc['rules']) && !rules.some((r) => r['action'] === 'allow')) {
    out.push({ path: 'rules', message: 'allowlist mode needs at least one allow rule (otherwise every flow is a violation)' });
  }
}

function eachString(v: unknown, path: string, out: PolicyIssue[], problem: (s: string) => string | undefined): void {
  arr(v).forEach((item, j) => {
    if (typeof item !== 'string') return;
    const p = problem(item);
    if (p !== undefined) out.push({ path: `${path}[${j}]`, message: p });
  });
}

function countryProblem(code: string): string | undefined {
  if (isIso3166Alpha2(code)) return undefined;
  if (!/^[A-Z]{2}$/.test(code)) return undefined; // the schema's pattern error says it
  const hint = notACountryHint(code);
  return `${JSON.stringify(code)} is not an ISO 3166-1 alpha-2 code${hint === undefined ? '' : ` (${hint})`}`;
}

function groupProblem(id: string, groups: ReadonlyMap<string, CountryGroup>): string | undefined {
  const g = groups.get(id);
  if (g === undefined) {
    const ids = [...groups.keys()].sort();
    return `unknown group ${JSON.stringify(id)} (known: ${ids.length === 0 ? 'none were provided' : ids.join(', ')})`;
  }
  const bad = g.members.filter((m) => !isIso3166Alpha2(m));
  return bad.length === 0 ? undefined : `group ${JSON.stringify(id)} has members that are not ISO 3166-1 alpha-2 codes: ${bad.join(', ')}`;
}

function networkProblem(text: string): string | undefined {
  const p = parseNetwork(text);
  return p.ok ? undefined : p.message;
}

function hostProblem(text: string): string | undefined {
  if (normalizeMac(text) !== undefined) return undefined;
  const p = parseNetwork(text);
  if (p.ok) return undefined;
  return text.includes('/') ? p.message : `${JSON.stringify(text)} is not an IP address, CIDR or MAC address`;
}
