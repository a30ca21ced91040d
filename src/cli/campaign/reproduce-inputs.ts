/**
 * The inputs of `reproduce`, each checked against what the report names: the tool version, every
 * capture (sha256, in order), the policy (sha256), every geolocation database (sha256, in evidence
 * order) and every override file (name and sha256). A mismatch is a `ReproduceInputError` naming
 * the input and both digests. Also the report's limits, turned back into `Limits`.
 * @module cli/campaign/reproduce-inputs
 */
import { existsSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, normalize } from 'node:path';
import { withLimits, type Limits } from '../../core/index.js';
import type { JudgementSetup } from '../judged-run.js';
import { DEFAULT_POLICY, loadGeoSetup, policyFromBytes, readInputFile } from '../judgement.js';
import { loadEncryptedDns } from '../resolvers.js';
import type { ReproduceArgs } from './args.js';
import { ReproduceInputError } from './errors.js';
import { fileSha256 } from './key.js';
import type { ReportFacts } from './report-facts.js';
import { createHash } from 'node:crypto';

const TOOL_ROOT = join(dirname(DEFAULT_POLICY), '../..');

const short = (s: string): string => (s === '' ? '(none)' : s.slice(0, 16));

/** The report must come from this very tool version (another version may judge differently). */
export function checkTool(f: ReportFacts, tool: { readonly name: string; readonly version: string }): void {
  const here = `${tool.name} ${tool.version}`;
  if (f.tool !== here) throw new ReproduceInputError('tool', `tool: the report was made by ${f.tool || '(unknown)'}; this is ${here}`);
}

/** Check each capture given against the report's, in order. Returns them with the report's names. */
export async function checkCaptures(f: ReportFacts, files: readonly string[]): Promise<{ path: string; name: string }[]> {
  if (files.length !== f.captures.length) {
    throw new ReproduceInputError('captures', `captures: the report names ${f.captures.length} (${f.captures.map((c) => c.name).join(', ')}), ${files.length} given with --capture`);
  }
  const out: { path: string; name: string }[] = [];
  for (const [i, path] of files.entries()) {
    const want = f.captures[i]!;
    const got = await fileSha256(path);
    if (got !== want.sha256) {
      throw new ReproduceInputError(path, `capture ${i + 1} ${path}: sha256 ${short(got)}… is not the report's ${want.name} (sha256 ${short(want.sha256)}…)`);
    }
    out.push({ path, name: want.name });
  }
  return out;
}

/** Load the policy (given, or the tool's own the report names), databases and overrides, each checked. */
export async function checkedSetup(f: ReportFacts, args: ReproduceArgs): Promise<JudgementSetup> {
  if (f.policy === null) throw new ReproduceInputError('policy', 'policy: the report names no policy (made without a judgement), so there is nothing to reproduce');
  const file = args.policy ?? bundledPolicy(f.policy.source);
  const bytes = await readInputFile(file, 'policy');
  const sha = createHash('sha256').update(bytes).digest('hex');
  if (sha !== f.policy.sha256) {
    throw new ReproduceInputError(file, `policy ${file}: sha256 ${short(sha)}… is not the report's ${f.policy.source} (sha256 ${short(f.policy.sha256)}…)`);
  }
  const policy = await policyFromBytes(bytes, f.policy.source, file);
  for (const [i, p] of args.geoOverrides.entries()) {
    const want = f.overrides[i];
    if (want !== undefined && basename(p) !== want.source) {
      throw new ReproduceInputError(p, `overrides ${p}: the report names ${want.source} here; reports name override files by file name, so give it under that name`);
    }
  }
  const geo = await loadGeoSetup(args.geoip, args.embeddedGeo, args.geoOverrides);
  checkDatabases(f, geo.dbs.map((d) => ({ id: d.id, sha256: d.sha256 })));
  const got = geo.overrideFiles;
  if (got.length !== f.overrides.length || got.some((o, i) => o.sha256 !== f.overrides[i]!.sha256)) {
    const i = got.findIndex((o, j) => o.sha256 !== f.overrides[j]?.sha256);
    const which = i >= 0 ? `${args.geoOverrides[i]!}: sha256 ${short(got[i]!.sha256)}… is not the report's ${f.overrides[i]?.source ?? '(none)'}` : `the report names ${f.overrides.length}, ${got.length} given`;
    throw new ReproduceInputError('geo-overrides', `overrides ${which}`);
  }
  const firstUser = geo.dbs.length - args.geoip.length;
  const names = args.geoip.map((p, i) => f.databases[firstUser + i]?.source ?? p);
  // Prefixes the original run was given are facts about its network: re-applied from the report.
  return { policy, geo, geoip: names, encryptedDns: await loadEncryptedDns(), nat64Prefixes: f.nat64Options };
}

function checkDatabases(f: ReportFacts, got: readonly { readonly id: string; readonly sha256: string }[]): void {
  const ids = (xs: readonly { readonly id: string }[]): string => xs.map((x) => x.id).join(', ') || 'none';
  if (got.length !== f.databases.length) {
    throw new ReproduceInputError(
      'databases',
      `databases: the report names ${f.databases.length} (${ids(f.databases)}), the re-run would use ${got.length} (${ids(got)}); give each of the report's own with --geoip (and --no-embedded-geo if it used no embedded one)`,
    );
  }
  for (const [i, d] of got.entries()) {
    const want = f.databases[i]!;
    if (d.sha256 !== want.sha256) {
      throw new ReproduceInputError(d.id, `database ${i + 1} '${d.id}': sha256 ${short(d.sha256)}… is not the report's '${want.id}'${want.source === null ? '' : ` (${want.source})`} (sha256 ${short(want.sha256)}…)`);
    }
  }
}

/** A policy the report names by a path inside the tool (geodata/policies/…): where it is here. */
function bundledPolicy(source: string): string {
  const rel = normalize(source);
  const path = join(TOOL_ROOT, rel);
  if (!isAbsolute(source) && rel.startsWith(`geodata${'/'}policies`) && existsSync(path)) return path;
  throw new ReproduceInputError('policy', `policy: the report's policy is ${source}, which is not one of the tool's; give it with --policy FILE`);
}

/** The report's `limits` section back as Limits (defaults for anything it does not give). */
export function reportLimits(limits: unknown): Limits {
  const l = (limits !== null && typeof limits === 'object' ? limits : {}) as Record<string, unknown>;
  const num = (k: string): number | undefined => (typeof l[k] === 'number' && Number.isFinite(l[k]) ? (l[k] as number) : undefined);
  const ns = (k: string): bigint | undefined => {
    const s = num(k);
    return s === undefined ? undefined : BigInt(Math.round(s * 1e9));
  };
  const o: { -readonly [K in keyof Limits]?: Limits[K] } = {};
  const set = <K extends keyof Limits>(k: K, v: Limits[K] | undefined): void => {
    if (v !== undefined) o[k] = v;
  };
  set('maxFrameBytes', num('max_frame_bytes'));
  set('maxActiveFlows', num('max_active_flows'));
  set('maxFragmentDatagrams', num('max_fragment_datagrams'));
  set('tcpIdleTimeoutNs', ns('tcp_idle_timeout_s'));
  set('udpIdleTimeoutNs', ns('udp_idle_timeout_s'));
  set('otherIdleTimeoutNs', ns('other_idle_timeout_s'));
  set('fragmentTimeoutNs', ns('fragment_timeout_s'));
  return withLimits(o);
}
