/**
 * What `analyze` needs to judge: the policy file (default geodata/policies/deny-ru-by.yaml), the
 * jurisdiction groups, the geolocation databases and CIDR overrides. Only the CLI reads files.
 * @module cli/judgement
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EgressVerifyError, InputOpenError } from '../core/index.js';
import { Geolocator, describeDatabase, mergeOverrides, parseOverrides, staleness, type GeoDatabase, type GeoOverrides } from '../geo/index.js';
import { formatPolicyIssue, parsePolicy, type CountryGroup, type Policy } from '../policy/index.js';
import type { Judgement } from '../report/index.js';
import { loadGeoDatabases } from './geodata.js';
import { issuesLine, whyUnopened } from './errors.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
/** The policy `analyze` applies without --policy (named in the README). */
export const DEFAULT_POLICY = join(ROOT, 'geodata/policies/deny-ru-by.yaml');
const GROUPS = join(ROOT, 'geodata/jurisdictions/country-groups.json');

/** A policy file that does not validate: every issue, with its path. */
export class PolicyError extends EgressVerifyError {
  readonly code = 'E_POLICY';
  constructor(readonly source: string, readonly issues: readonly string[]) {
    super(`${source}: invalid policy: ${issuesLine(issues)}`);
  }
}

/** Read a file or throw InputOpenError naming it and what it is. */
export async function readInputFile(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    throw new InputOpenError(path, `${what} ${path}: ${whyUnopened(err)}`, { cause: err });
  }
}

/** The jurisdiction groups shipped in geodata/. */
export async function loadCountryGroups(): Promise<CountryGroup[]> {
  const doc = JSON.parse((await readInputFile(GROUPS, 'country groups')).toString('utf8')) as { groups?: { id: string; members: string[] }[] };
  return (doc.groups ?? []).map((g) => ({ id: g.id, members: g.members }));
}

/** Reads and validates the policy; the name in reports is relative to the project for bundled policies. */
export async function loadPolicy(path: string | undefined): Promise<Policy> {
  const file = path ?? DEFAULT_POLICY;
  const bytes = await readInputFile(file, 'policy');
  return policyFromBytes(bytes, path === undefined ? relative(ROOT, file) : path, file);
}

/** Parses policy bytes named `name` in reports; an invalid policy is a PolicyError naming `file`. */
export async function policyFromBytes(bytes: Uint8Array, name: string, file: string): Promise<Policy> {
  const r = parsePolicy(new Uint8Array(bytes), name, await loadCountryGroups());
  if (!r.ok) throw new PolicyError(file, r.issues.map(formatPolicyIssue));
  return r.policy;
}

/** The override files, merged (a CIDR in two files is an error). */
export async function loadOverrides(paths: readonly string[]): Promise<{ set: GeoOverrides | undefined; files: Judgement['overrides'] }> {
  const sets: GeoOverrides[] = [];
  const files: { source: string; sha256: string; entries: number }[] = [];
  for (const p of paths) {
    const bytes = await readInputFile(p, 'overrides');
    const set = parseOverrides(bytes.toString('utf8'), basename(p));
    sets.push(set);
    files.push({ source: basename(p), sha256: createHash('sha256').update(bytes).digest('hex'), entries: set.compiled().length });
  }
  return { set: sets.length === 0 ? undefined : mergeOverrides(sets), files };
}

/** Everything geolocation needs, loaded once. */
export interface GeoSetup {
  readonly dbs: readonly GeoDatabase[];
  readonly geolocator: Geolocator;
  readonly overrideFiles: Judgement['overrides'];
}

export async function loadGeoSetup(geoip: readonly string[], embedded: boolean, overrides: readonly string[], maxMemo?: number): Promise<GeoSetup> {
  const dbs = await loadGeoDatabases(geoip, embedded);
  const ov = await loadOverrides(overrides);
  const opts = { ...(ov.set === undefined ? {} : { overrides: ov.set }), ...(maxMemo === undefined ? {} : { maxMemo }) };
  return { dbs, geolocator: new Geolocator(dbs, opts), overrideFiles: ov.files };
}

/** The databases as the report lists them, with their age at the capture's first packet. */
export function databaseReports(dbs: readonly GeoDatabase[], captureStartMs: number | null, userPaths: readonly string[] = []): Judgement['databases'] {
  // User databases come last, in --geoip order (loadGeoDatabases): their source is the path given.
  const firstUser = dbs.length - userPaths.length;
  return dbs.map((d, i) => ({
    ...describeDatabase(d, i >= firstUser ? { source: userPaths[i - firstUser]! } : {}),
    staleness: captureStartMs === null ? null : staleness(d, captureStartMs),
  }));
}
