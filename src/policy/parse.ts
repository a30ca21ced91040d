/**
 * Policy text (YAML 1.2 or JSON, which is YAML) → validated `Policy`, or every problem with its
 * path. Strict on purpose: unknown keys, duplicate keys, unknown tags and anything a typo could
 * turn into a weaker policy are errors.
 * @module policy/parse
 */
import { createHash } from 'node:crypto';
import type { ValidateFunction } from 'ajv';
import { parseDocument } from 'yaml';
import { compareIssues, issueOfAjvError } from './issues.js';
import type { Policy } from './model.js';
import { normalizePolicy } from './normalize.js';
import { validate as generatedValidator } from './policy-validator.generated.js';
import { semanticIssues, type PolicyIssue } from './semantic.js';
import type { CountryGroup } from './types.js';

/** Largest policy text accepted (a policy is a few KiB; this bounds parsing work). */
export const MAX_POLICY_BYTES = 1 << 20;

/** YAML aliases expanded at most (bounds "billion laughs" documents). */
const MAX_ALIASES = 100;

/** The outcome of `parsePolicy`. */
export type PolicyParseResult =
  | { readonly ok: true; readonly policy: Policy; readonly sha256: string }
  | { readonly ok: false; readonly issues: readonly PolicyIssue[] };

/**
 * The schema validator: POLICY_SCHEMA compiled ahead of time (scripts/gen-policy-validator.ts), so
 * a run neither loads Ajv's compiler nor compiles the schema.
 */
function validate(): ValidateFunction {
  return generatedValidator as unknown as ValidateFunction;
}

/**
 * Parse and validate a policy. `text` as bytes (the sha256 is then of exactly those bytes) or as a
 * string (hashed as UTF-8). `groups`: the jurisdiction groups rules may name (their members are
 * copied into the policy). Pure and total: problems come back as issues, never as exceptions.
 */
export function parsePolicy(text: string | Uint8Array, sourceName: string, groups: readonly CountryGroup[] = []): PolicyParseResult {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  if (bytes.length > MAX_POLICY_BYTES) return fail([{ path: '', message: `the policy is larger than ${MAX_POLICY_BYTES} bytes` }]);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  let source: string;
  try {
    source = typeof text === 'string' ? text : new TextDecoder('utf-8', { fatal: true }).decode(text);
  } catch {
    return fail([{ path: '', message: 'the policy is not valid UTF-8' }]);
  }
  const loaded = loadYaml(source);
  if (!loaded.ok) return fail(loaded.issues);
  const doc = loaded.value;
  const issues: PolicyIssue[] = [];
  const v = validate();
  if (!v(doc)) issues.push(...(v.errors ?? []).map(issueOfAjvError));
  issues.push(...semanticIssues(doc, groups));
  if (issues.length > 0) return fail(issues);
  return { ok: true, policy: normalizePolicy(doc, { name: sourceName, sha256 }, groups), sha256 };
}

function fail(issues: readonly PolicyIssue[]): PolicyParseResult {
  const seen = new Set<string>();
  const unique = issues.filter((i) => {
    const k = `${i.path}\u0000${i.message}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
  return { ok: false, issues: unique.sort(compareIssues) };
}

function loadYaml(source: string): { ok: true; value: unknown } | { ok: false; issues: PolicyIssue[] } {
  const doc = parseDocument(source.replace(/^\uFEFF/, ''), { version: '1.2', schema: 'core', uniqueKeys: true, prettyErrors: true, strict: true });
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) {
    return { ok: false, issues: problems.map((e) => ({ path: '', message: `${at(e.linePos)}${firstLine(e.message)}` })) };
  }
  try {
    const value: unknown = doc.toJS({ maxAliasCount: MAX_ALIASES });
    if (value === null || value === undefined) return { ok: false, issues: [{ path: '', message: 'the policy is empty' }] };
    return { ok: true, value };
  } catch (e) {
    return { ok: false, issues: [{ path: '', message: `cannot read the YAML: ${firstLine((e as Error).message)}` }] };
  }
}

function at(pos: readonly { line: number; col: number }[] | undefined): string {
  const p = pos?.[0];
  return p === undefined ? '' : `line ${p.line}, column ${p.col}: `;
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
