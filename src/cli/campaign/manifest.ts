/**
 * Campaign manifest text (YAML 1.2 or JSON) → validated `Manifest`, or every problem with its path.
 * Strict like the policy parser: unknown keys, duplicate keys and duplicate run ids are errors.
 * Paths are kept as written here; manifest-paths.ts resolves them against the manifest's folder.
 * @module cli/campaign/manifest
 */
import { isIP } from 'node:net';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { parseDocument } from 'yaml';
import { parseNat64Prefix } from '../../core/index.js';
import { pointerToPath } from '../../policy/index.js';
import type { Verdict } from '../../policy/index.js';
import { CAMPAIGN_SCHEMA } from './schema.js';

/** Settings given in `defaults` or on a run (a run's own replace the defaults, key by key). */
export interface RunSettings {
  readonly policy?: string;
  readonly geoip?: readonly string[];
  readonly embeddedGeo?: boolean;
  readonly geoOverrides?: readonly string[];
  readonly monitoredHosts?: readonly string[];
  /** NAT64 prefixes (canonical CIDR text), as `--nat64-prefix`. */
  readonly nat64Prefixes?: readonly string[];
}

/** Destinations a run must or must not contact (IP, CIDR, `name`, `*.name`). */
export interface ExpectedDestinations {
  readonly include: readonly string[];
  readonly exclude: readonly string[];
}

/** One run as written. */
export interface ManifestRun {
  readonly id: string;
  readonly scenario: string;
  readonly captures: readonly string[];
  /** The defaults with this run's own settings laid over them. */
  readonly settings: RunSettings;
  readonly expect: Verdict;
  readonly expectedDestinations: ExpectedDestinations | null;
}

/** A validated manifest. */
export interface Manifest {
  readonly id: string;
  readonly description: string;
  readonly runs: readonly ManifestRun[];
}

/** The outcome of `parseManifest`. */
export type ManifestParseResult = { readonly ok: true; readonly manifest: Manifest } | { readonly ok: false; readonly issues: readonly string[] };

/** Largest manifest accepted (bounds parsing work). */
export const MAX_MANIFEST_BYTES = 4 << 20;
const MAX_ALIASES = 100;

let validator: ValidateFunction | undefined;
function validate(): ValidateFunction {
  validator ??= new Ajv({ strict: true, allErrors: true, verbose: true, allowUnionTypes: true }).compile(CAMPAIGN_SCHEMA);
  return validator;
}

type RawSettings = { policy?: string; geoip?: string[]; embedded_geo?: boolean; geo_overrides?: string[]; monitored_hosts?: string[]; nat64_prefixes?: string[] };
type RawRun = RawSettings & { id: string; scenario?: string; captures: string[]; expect: Verdict; expected_destinations?: { include?: string[]; exclude?: string[] } };
type RawManifest = { version: 1; id?: string; description?: string; defaults?: RawSettings; runs: RawRun[] };

/**
 * Parse and validate a manifest. `fallbackId`: the campaign id when the manifest gives none.
 * Total: problems come back as issues (`path: message`), never as exceptions.
 */
export function parseManifest(text: string | Uint8Array, fallbackId: string): ManifestParseResult {
  if (text.length > MAX_MANIFEST_BYTES) return { ok: false, issues: [`(manifest): larger than ${MAX_MANIFEST_BYTES} bytes`] };
  let source: string;
  try {
    source = typeof text === 'string' ? text : new TextDecoder('utf-8', { fatal: true }).decode(text);
  } catch {
    return { ok: false, issues: ['(manifest): not valid UTF-8'] };
  }
  const doc = parseDocument(source.replace(/^\uFEFF/, ''), { version: '1.2', schema: 'core', uniqueKeys: true, strict: true });
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) return { ok: false, issues: problems.map((e) => `(manifest): ${e.message.split('\n')[0]}`) };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (e) {
    return { ok: false, issues: [`(manifest): cannot read the YAML: ${(e as Error).message.split('\n')[0]}`] };
  }
  const v = validate();
  if (!v(value)) return { ok: false, issues: unique((v.errors ?? []).map(formatAjvError)) };
  const raw = value as RawManifest;
  const issues = semanticIssues(raw);
  if (issues.length > 0) return { ok: false, issues };
  const defaults = settingsOf(raw.defaults ?? {});
  return {
    ok: true,
    manifest: {
      id: raw.id ?? fallbackId,
      description: raw.description ?? '',
      runs: raw.runs.map((r) => ({
        id: r.id,
        scenario: r.scenario ?? r.id,
        captures: r.captures,
        settings: { ...defaults, ...settingsOf(r) },
        expect: r.expect,
        expectedDestinations:
          r.expected_destinations === undefined ? null : { include: r.expected_destinations.include ?? [], exclude: r.expected_destinations.exclude ?? [] },
      })),
    },
  };
}

function settingsOf(s: RawSettings): RunSettings {
  return {
    ...(s.policy === undefined ? {} : { policy: s.policy }),
    ...(s.geoip === undefined ? {} : { geoip: s.geoip }),
    ...(s.embedded_geo === undefined ? {} : { embeddedGeo: s.embedded_geo }),
    ...(s.geo_overrides === undefined ? {} : { geoOverrides: s.geo_overrides }),
    ...(s.monitored_hosts === undefined ? {} : { monitoredHosts: s.monitored_hosts }),
    ...(s.nat64_prefixes === undefined ? {} : { nat64Prefixes: s.nat64_prefixes.map((t) => { const r = parseNat64Prefix(t); return 'prefix' in r ? r.prefix : t; }) }),
  };
}

/** Unique run ids, usable destination patterns, and embedded_geo: false only with a geoip file. */
function semanticIssues(raw: RawManifest): string[] {
  const issues: string[] = [];
  const seen = new Map<string, number>();
  const defaults = raw.defaults ?? {};
  const prefixes = (list: readonly string[] | undefined, at: string): void => {
    for (const [k, t] of (list ?? []).entries()) {
      const r = parseNat64Prefix(t);
      if ('problem' in r) issues.push(`${at}.nat64_prefixes[${k}]: ${JSON.stringify(t)}: ${r.problem}`);
    }
  };
  prefixes(defaults.nat64_prefixes, 'defaults');
  raw.runs.forEach((r, i) => {
    prefixes(r.nat64_prefixes, `runs[${i}]`);
    const first = seen.get(r.id);
    if (first !== undefined) issues.push(`runs[${i}].id: "${r.id}" is already the id of runs[${first}]`);
    else seen.set(r.id, i);
    const embedded = r.embedded_geo ?? defaults.embedded_geo ?? true;
    if (!embedded && (r.geoip ?? defaults.geoip ?? []).length === 0) issues.push(`runs[${i}].embedded_geo: false needs at least one geoip file`);
    for (const k of ['include', 'exclude'] as const) {
      (r.expected_destinations?.[k] ?? []).forEach((p, j) => {
        if (!isDestinationPattern(p)) issues.push(`runs[${i}].expected_destinations.${k}[${j}]: ${JSON.stringify(p)} is not an IP address, CIDR, name or *.name`);
      });
    }
  });
  return issues;
}

/** An IP address, a CIDR, a DNS name or `*.` followed by one. */
export function isDestinationPattern(p: string): boolean {
  const slash = p.indexOf('/');
  if (slash >= 0) {
    const ip = p.slice(0, slash);
    const len = p.slice(slash + 1);
    const v = isIP(ip);
    return v !== 0 && /^\d{1,3}$/.test(len) && Number(len) <= (v === 4 ? 32 : 128);
  }
  if (isIP(p) !== 0) return true;
  const name = p.startsWith('*.') ? p.slice(2) : p;
  return name.length <= 253 && /^(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.?$/i.test(name);
}

function formatAjvError(e: ErrorObject): string {
  const base = pointerToPath(e.instancePath);
  const p = e.params as Record<string, unknown>;
  const at = (key: string): string => (base === '' ? key : /^\d+$/.test(key) ? `${base}[${key}]` : `${base}.${key}`);
  switch (e.keyword) {
    case 'additionalProperties': {
      const allowed = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      return `${at(String(p['additionalProperty']))}: unknown key (allowed: ${allowed.join(', ')})`;
    }
    case 'required':
      return `${at(String(p['missingProperty']))}: required key is missing`;
    case 'enum':
      return `${base || '(manifest)'}: must be one of ${(p['allowedValues'] as unknown[]).join(', ')}`;
    case 'pattern':
      return `${base || '(manifest)'}: ${JSON.stringify(e.data)} is not a valid id (1-64 lower-case letters, digits, ".", "_" or "-")`;
    default:
      return `${base || '(manifest)'}: ${e.message ?? e.keyword}`;
  }
}

function unique(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}
