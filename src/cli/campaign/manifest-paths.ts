/**
 * A manifest's paths → files: relative to the manifest's folder, globs expanded, and every path
 * that leads out of that folder (`..`, an absolute path elsewhere, a symbolic link pointing out)
 * refused, so a manifest from someone else cannot make the tool read arbitrary files.
 * @module cli/campaign/manifest-paths
 */
import { realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputOpenError } from '../../core/index.js';
import { DEFAULT_POLICY } from '../judgement.js';
import { ManifestError } from './errors.js';
import { expandGlob, isGlob } from './glob.js';
import type { ExpectedDestinations, Manifest, RunSettings } from './manifest.js';
import type { Verdict } from '../../policy/index.js';

/** A file to read (absolute path) and the name reports give it (relative to the manifest, '/'). */
export interface InputFile {
  readonly path: string;
  readonly name: string;
}

/** A run with every file found. */
export interface ResolvedRun {
  readonly id: string;
  readonly scenario: string;
  readonly expect: Verdict;
  readonly expectedDestinations: ExpectedDestinations | null;
  readonly captures: readonly InputFile[];
  readonly policy: InputFile;
  /** Replaces the policy's monitored.hosts (a derived policy is written); null: the policy's own. */
  readonly monitoredHosts: readonly string[] | null;
  readonly geoip: readonly InputFile[];
  readonly embeddedGeo: boolean;
  readonly geoOverrides: readonly InputFile[];
  /** NAT64 prefixes (canonical CIDR text). */
  readonly nat64Prefixes: readonly string[];
}

/** The tool's folder (geodata/ lives there); bundled policies are named relative to it. */
const TOOL_ROOT = join(dirname(DEFAULT_POLICY), '../..');
const BUILTIN = /^builtin:([a-z0-9][a-z0-9._-]{0,63})$/;

/** Resolve every run's files. Throws ManifestError (paths leaving the folder) or InputOpenError (missing files). */
export async function resolveRuns(manifest: Manifest, manifestPath: string): Promise<ResolvedRun[]> {
  const base = await realpath(dirname(resolve(manifestPath)));
  const ctx: Ctx = { base, manifestPath, escapes: [] };
  const runs: ResolvedRun[] = [];
  for (const [i, r] of manifest.runs.entries()) {
    const captures: InputFile[] = [];
    for (const [j, c] of r.captures.entries()) captures.push(...(await files(ctx, c, `runs[${i}].captures[${j}]`)));
    runs.push({
      id: r.id,
      scenario: r.scenario,
      expect: r.expect,
      expectedDestinations: r.expectedDestinations,
      captures,
      ...(await settings(ctx, r.settings, `runs[${i}]`)),
    });
  }
  if (ctx.escapes.length > 0) throw new ManifestError(manifestPath, ctx.escapes);
  return runs;
}

interface Ctx {
  readonly base: string;
  readonly manifestPath: string;
  readonly escapes: string[];
}

async function settings(ctx: Ctx, s: RunSettings, at: string): Promise<Omit<ResolvedRun, 'id' | 'scenario' | 'expect' | 'expectedDestinations' | 'captures'>> {
  const many = async (list: readonly string[] | undefined, key: string): Promise<InputFile[]> => {
    const out: InputFile[] = [];
    for (const [j, p] of (list ?? []).entries()) out.push(...(await files(ctx, p, `${at}.${key}[${j}]`, false)));
    return out;
  };
  return {
    policy: await policyFile(ctx, s.policy, `${at}.policy`),
    monitoredHosts: s.monitoredHosts ?? null,
    geoip: await many(s.geoip, 'geoip'),
    embeddedGeo: s.embeddedGeo ?? true,
    geoOverrides: await many(s.geoOverrides, 'geo_overrides'),
    nat64Prefixes: s.nat64Prefixes ?? [],
  };
}

async function policyFile(ctx: Ctx, p: string | undefined, at: string): Promise<InputFile> {
  if (p === undefined) return { path: DEFAULT_POLICY, name: toPosix(relative(TOOL_ROOT, DEFAULT_POLICY)) };
  const m = BUILTIN.exec(p);
  if (m !== null) {
    const path = join(TOOL_ROOT, 'geodata/policies', `${m[1]!}.yaml`);
    await mustExist(path, `${ctx.manifestPath}: ${at}`, p);
    return { path, name: toPosix(relative(TOOL_ROOT, path)) };
  }
  const [one] = await files(ctx, p, at, false);
  return one ?? { path: resolve(ctx.base, p), name: p };
}

/** The files one manifest entry names: itself, or what its glob matches (at least one). */
async function files(ctx: Ctx, p: string, at: string, globs = true): Promise<InputFile[]> {
  if (leaves(ctx.base, resolve(ctx.base, p))) {
    ctx.escapes.push(`${at}: ${JSON.stringify(p)} leads out of the manifest's folder`);
    return [];
  }
  if (!globs || !isGlob(p)) {
    const path = resolve(ctx.base, p);
    await mustExist(path, `${ctx.manifestPath}: ${at}`, p);
    return (await inside(ctx, path, at, p)) ? [{ path, name: toPosix(relative(ctx.base, path)) }] : [];
  }
  const rel = toPosix(relative(ctx.base, resolve(ctx.base, p)));
  const matches = await expandGlob(ctx.base, rel);
  if (matches.length === 0) throw new InputOpenError(p, `${ctx.manifestPath}: ${at}: ${JSON.stringify(p)} matches no file`);
  const out: InputFile[] = [];
  for (const name of matches) {
    const path = join(ctx.base, name);
    if (await inside(ctx, path, at, name)) out.push({ path, name });
  }
  return out;
}

/** After symbolic links: is the file still inside the folder? (Records an issue when not.) */
async function inside(ctx: Ctx, path: string, at: string, shown: string): Promise<boolean> {
  let real: string;
  try {
    real = await realpath(path);
  } catch (e) {
    throw new InputOpenError(path, `${ctx.manifestPath}: ${at}: ${shown}: ${(e as NodeJS.ErrnoException).code ?? 'cannot open'}`, { cause: e });
  }
  if (!leaves(ctx.base, real)) return true;
  ctx.escapes.push(`${at}: ${JSON.stringify(shown)} is a link that leads out of the manifest's folder`);
  return false;
}

async function mustExist(path: string, at: string, shown: string): Promise<void> {
  let st;
  try {
    st = await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputOpenError(path, `${at}: ${shown}: ${code === 'ENOENT' ? 'no such file' : (code ?? 'cannot open')}`, { cause: e });
  }
  if (!st.isFile()) throw new InputOpenError(path, `${at}: ${shown}: not a regular file`);
}

function leaves(base: string, abs: string): boolean {
  const rel = relative(base, abs);
  return rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}
