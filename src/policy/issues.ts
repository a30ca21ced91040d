/**
 * Ajv errors → policy issues with a readable path (`rules[2].countries[0]`) and a message that
 * says what is wrong with the value, not which schema keyword failed.
 * @module policy/issues
 */
import type { ErrorObject } from 'ajv';
import type { PolicyIssue } from './semantic.js';
import { PROTOCOL_NUMBERS } from './schema.js';

/** `/rules/2/countries/0` → `rules[2].countries[0]` (JSON Pointer, RFC 6901 §4). */
export function pointerToPath(pointer: string): string {
  if (pointer === '') return '';
  return pointer
    .slice(1)
    .split('/')
    .map((seg) => seg.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((path, seg) => joinPath(path, seg), '');
}

/** `path` + one more key or index. */
export function joinPath(path: string, seg: string): string {
  if (/^\d+$/.test(seg)) return `${path}[${seg}]`;
  const key = /^[A-Za-z_][A-Za-z0-9_]*$/.test(seg) ? seg : JSON.stringify(seg);
  return path === '' ? key : /^"/.test(key) ? `${path}[${key}]` : `${path}.${key}`;
}

const PATTERN_MESSAGES: ReadonlyMap<string, (v: string) => string> = new Map([
  ['^[A-Z]{2}$', (v) => `${JSON.stringify(v)} is not an ISO 3166-1 alpha-2 code${/^[a-z]{2}$/i.test(v) ? ' (codes are upper case)' : ''}`],
  ['^[a-z0-9][a-z0-9._-]{0,63}$', (v) => `${JSON.stringify(v)} is not a valid id (1-64 lower-case letters, digits, ".", "_" or "-")`],
  ['^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$', (v) => `${JSON.stringify(v)} is not a valid group id`],
  [
    '^(?:[Aa][Ss])?[0-9]{1,10}(?:-(?:[Aa][Ss])?[0-9]{1,10})?$',
    (v) => `${JSON.stringify(v)} is not an AS number or range (13238, "AS13238", "64512-65534")`,
  ],
  ['^[0-9]{1,5}-[0-9]{1,5}$', (v) => `${JSON.stringify(v)} is not a port range ("8000-8099"; write single ports as numbers)`],
  [
    `^(?:${[...PROTOCOL_NUMBERS.keys()].join('|')})$`,
    (v) => `${JSON.stringify(v)} is not a known protocol (${[...PROTOCOL_NUMBERS.keys()].join(', ')}, or a number 0-255)`,
  ],
]);

/** One ajv error as an issue. */
export function issueOfAjvError(e: ErrorObject): PolicyIssue {
  const path = pointerToPath(e.instancePath);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(p['additionalProperty']);
      const allowed = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      return { path: joinPath(path, key), message: `unknown key${suggestion(key, allowed)} (allowed: ${allowed.join(', ')})` };
    }
    case 'required':
      return { path: joinPath(path, String(p['missingProperty'])), message: 'required key is missing' };
    case 'type':
      return { path, message: `expected ${String(p['type']).replaceAll(',', ' or ')}, got ${describe(e.data)}` };
    case 'enum':
      return { path, message: `${describe(e.data)} is not one of: ${(p['allowedValues'] as unknown[]).join(', ')}` };
    case 'const':
      return { path, message: `must be ${JSON.stringify(p['allowedValue'])}, got ${describe(e.data)}` };
    case 'minimum':
    case 'maximum':
      return { path, message: `${describe(e.data)} is ${e.keyword === 'minimum' ? 'below the minimum' : 'above the maximum'} ${String(p['limit'])}` };
    case 'minItems':
      return { path, message: 'must not be empty' };
    case 'minLength':
      return { path, message: 'must not be empty' };
    case 'maxLength':
      return { path, message: `is longer than ${String(p['limit'])} characters` };
    case 'pattern': {
      const f = PATTERN_MESSAGES.get(String(p['pattern']));
      return { path, message: f === undefined ? `${describe(e.data)} does not match ${String(p['pattern'])}` : f(String(e.data)) };
    }
    default:
      return { path, message: e.message ?? e.keyword };
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return JSON.stringify(v.length > 80 ? `${v.slice(0, 80)}…` : v);
  return `${typeof v} ${String(v)}`;
}

/** ` (did you mean "countries"?)` for a key within edit distance 2 of an allowed one. */
function suggestion(key: string, allowed: readonly string[]): string {
  let best: string | undefined;
  let bestD = 3;
  for (const a of allowed) {
    const d = editDistance(key.toLowerCase(), a);
    if (d < bestD) [best, bestD] = [a, d];
  }
  return best === undefined ? '' : ` (did you mean ${JSON.stringify(best)}?)`;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** Sort key: indexes zero-padded so rules[10] follows rules[9]. */
export function compareIssues(a: PolicyIssue, b: PolicyIssue): number {
  const k = (i: PolicyIssue): string => `${i.path.replace(/\d+/g, (d) => d.padStart(8, '0'))}\u0000${i.message}`;
  const ka = k(a);
  const kb = k(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** `rules[2].countries[0]: "RUS" is not an ISO 3166-1 alpha-2 code` (the document itself is `(policy)`). */
export function formatPolicyIssue(issue: PolicyIssue): string {
  return `${issue.path === '' ? '(policy)' : issue.path}: ${issue.message}`;
}
