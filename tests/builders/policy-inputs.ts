/**
 * Inputs for the policy engine, built in code (STYLE rule 10): geo evidence with the geo stage's
 * own consensus function, flows, DNS queries, capture context, and policies from plain objects.
 * Destination addresses are public look-alikes (11.0.0.0/8, 2a00::/16…): documentation ranges
 * are special-purpose and would be ignored as local.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { classifySpecial, consensusOf, normalizeIp, type GeoAnswer, type GeoEvidence } from '../../src/geo/index.js';
import {
  formatPolicyIssue,
  parsePolicy,
  type CaptureContext,
  type CountryGroup,
  type EvaluationContext,
  type EvaluationInput,
  type Policy,
  type PolicyDnsQuery,
  type PolicyFlow,
} from '../../src/policy/index.js';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The project's jurisdiction groups (EU, EEA, FIVE_EYES). */
export const GROUPS: readonly CountryGroup[] = (
  JSON.parse(readFileSync(resolve(REPO, 'geodata/jurisdictions/country-groups.json'), 'utf8')) as { groups: CountryGroup[] }
).groups;

/** One database answer (found, unless `status` says otherwise). */
export function answer(db: string, fields: Partial<Omit<GeoAnswer, 'db'>> = {}): GeoAnswer {
  return { db, type: `${db}-type`, build_date: '2026-06-17', sha256: `${db}`.padEnd(64, '0'), status: 'found', network: '11.0.0.0/8', ...fields };
}

/** Evidence for `ip` from `answers`, with the geo stage's consensus (special addresses: unknown/special). */
export function evidence(ip: string, answers: readonly GeoAnswer[]): GeoEvidence {
  const n = normalizeIp(ip);
  const special = n.status === 'ok' ? classifySpecial(n.parsed) : undefined;
  if (special !== undefined) return { ip, special, anycast: false, answers: [], consensus: { status: 'unknown', reason: 'special' } };
  return { ip, anycast: answers.some((a) => a.is_anycast === true), answers, consensus: consensusOf(answers) };
}

/** Both location databases (gwa, dbip) say `country`; the ASN database says AS64500 "Example Hosting". */
export function located(ip: string, country: string, extra: Partial<Omit<GeoAnswer, 'db'>> = {}): GeoEvidence {
  return evidence(ip, [answer('gwa', { country, ...extra }), answer('dbip', { country }), answer('asn', { asn: 64500, as_org: 'Example Hosting' })]);
}

/** Each database says its own country: `disputed(ip, { gwa: 'DE', dbip: 'NL' })`. */
export function disputed(ip: string, byDb: Readonly<Record<string, string>>): GeoEvidence {
  return evidence(ip, Object.entries(byDb).map(([db, country]) => answer(db, { country })));
}

/** No database has the address. */
export function unlocated(ip: string): GeoEvidence {
  return evidence(ip, [answer('gwa', { status: 'not_found' }), answer('dbip', { status: 'not_found' })]);
}

/**
 * The same evidence with a user CIDR override deciding the location (the geo stage's coming
 * `override` consensus; the databases' own consensus moves to `database_consensus`).
 */
export function overridden(ev: GeoEvidence, o: { country?: string; cidr: string; note?: string; source?: string }): GeoEvidence {
  const consensus = { status: 'override', cidr: o.cidr, note: o.note ?? 'test override', source: o.source ?? 'overrides.json', ...(o.country === undefined ? {} : { country: o.country }) };
  return { ...ev, consensus, database_consensus: ev.consensus } as unknown as GeoEvidence;
}

/** A consensus status this engine does not know (a later geo version). */
export function strangeConsensus(ev: GeoEvidence): GeoEvidence {
  return { ...ev, consensus: { status: 'teleported', country: 'DE' } } as unknown as GeoEvidence;
}

let uidCounter = 0;

/** A TCP flow from 192.168.1.10 with 500 payload bytes to `respH` (default located in DE). */
export function flow(o: Partial<PolicyFlow> = {}): PolicyFlow {
  const respH = o.respH ?? '11.0.0.1';
  const frame = o.firstFrame ?? ++uidCounter;
  return {
    uid: o.uid ?? `CF${String(frame).padStart(6, '0')}`,
    proto: 'tcp',
    ipProto: 6,
    origH: '192.168.1.10',
    origP: 50_000 + (frame % 10_000),
    respP: 443,
    firstFrame: frame,
    lastFrame: frame + 10,
    firstTsNs: 1_717_228_800_000_000_000n + BigInt(frame) * 1_000_000n,
    lastTsNs: 1_717_228_800_000_000_000n + BigInt(frame + 10) * 1_000_000n,
    origPkts: 6,
    respPkts: 5,
    origBytes: 500,
    respBytes: 4000,
    connState: 'SF',
    history: 'ShADadFf',
    names: [],
    name: null,
    nameFlags: [],
    ...o,
    respH,
    dest: o.dest ?? located(respH, 'DE'),
  };
}

/** A handshake without payload from the originator. */
export function handshake(o: Partial<PolicyFlow> = {}): PolicyFlow {
  return flow({ origBytes: 0, respBytes: 0, connState: 'S0', history: 'S', origPkts: 1, respPkts: 0, ...o });
}

/** A flow attributed to `name` by TLS SNI. */
export function named(name: string, o: Partial<PolicyFlow> = {}): PolicyFlow {
  return flow({ name, names: [{ value: name, source: 'tls_sni', frame: o.firstFrame ?? 1 }], ...o });
}

/** A DNS query from 192.168.1.10 to `resolver` (default located in DE). */
export function dnsQuery(o: Partial<PolicyDnsQuery> = {}): PolicyDnsQuery {
  const resolver = o.resolver ?? '11.0.9.9';
  return {
    client: '192.168.1.10',
    resolverP: 53,
    query: 'update.vendor.example',
    qtype: 'A',
    frame: 1,
    tsNs: 1_717_228_800_000_000_000n,
    ...o,
    resolver,
    resolverGeo: o.resolverGeo ?? located(resolver, 'DE'),
  };
}

let captureCounter = 0;

/** A capture read to its end; each gets a digest of its own (equal digests are a copy given twice). */
export function capture(o: Partial<CaptureContext> = {}): CaptureContext {
  return { input: 0, name: 'test.pcapng', sha256: (++captureCounter).toString(16).padStart(64, 'a'), stop: { kind: 'complete' }, interfaceDrops: 0, ...o };
}

/** A complete capture of 1000 frames, all decoded. */
export function context(o: Partial<EvaluationContext> = {}): EvaluationContext {
  return {
    captures: [capture()],
    coverage: { framesRead: 1000, framesDecoded: 1000, framesInFlows: 990, notAnalysable: {} },
    evidenceLoss: [],
    ...o,
  };
}

/** The engine's input. */
export function input(flows: readonly PolicyFlow[], o: { dnsQueries?: readonly PolicyDnsQuery[]; context?: EvaluationContext } = {}): EvaluationInput & { readonly flows: readonly PolicyFlow[] } {
  return { flows, dnsQueries: o.dnsQueries ?? [], context: o.context ?? context() };
}

/** A policy from a plain object (written as YAML first, so the parser is exercised); throws on issues. */
export function policyOf(doc: Readonly<Record<string, unknown>>, name = 'test.yaml'): Policy {
  const r = parsePolicy(stringify(doc), name, GROUPS);
  if (!r.ok) throw new Error(`test policy invalid:\n${r.issues.map(formatPolicyIssue).join('\n')}`);
  return r.policy;
}

/** A denylist policy with `rules` (plus any top-level overrides). */
export function denylist(rules: readonly Readonly<Record<string, unknown>>[], extra: Readonly<Record<string, unknown>> = {}): Policy {
  return policyOf({ version: 1, id: 'test-deny', mode: 'denylist', rules, ...extra });
}

/** An allowlist policy with `rules` (plus any top-level overrides). */
export function allowlist(rules: readonly Readonly<Record<string, unknown>>[], extra: Readonly<Record<string, unknown>> = {}): Policy {
  return policyOf({ version: 1, id: 'test-allow', mode: 'allowlist', rules, ...extra });
}

/** The example policy file `geodata/policies/<file>`. */
export function examplePolicy(file: string): Policy {
  const text = readFileSync(resolve(REPO, 'geodata/policies', file));
  const r = parsePolicy(text, file, GROUPS);
  if (!r.ok) throw new Error(`${file} invalid:\n${r.issues.map(formatPolicyIssue).join('\n')}`);
  return r.policy;
}
