/**
 * Domain patterns: `name.example` (exact) and `*.name.example` (every proper subdomain), compared
 * case-insensitively without the root's trailing dot (RFC 4343 §2, RFC 1034 §3.1).
 * @module policy/domain
 */

/** One label: letters, digits, `_` and `-` (not at either end), at most 63 octets (RFC 1035 §2.3.4). */
const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;

/** Why `pattern` is not a valid domain pattern, or `undefined` when it is. */
export function domainPatternProblem(pattern: string): string | undefined {
  const body = pattern.startsWith('*.') ? pattern.slice(2) : pattern;
  const name = normalizeName(body);
  if (name.includes('*')) return `${JSON.stringify(pattern)}: a wildcard is only allowed as the whole first label ("*.example.com")`;
  if (name.length === 0 || name.length > 253) return `${JSON.stringify(pattern)} is not a domain name`;
  for (const label of name.split('.')) {
    if (!LABEL.test(label)) return `${JSON.stringify(pattern)} is not a domain name (bad label ${JSON.stringify(label)}; use punycode "xn--" for IDNs)`;
  }
  return undefined;
}

/** Lower case, one trailing root dot removed. */
export function normalizeName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** Exact names and wildcard suffixes. */
export class DomainSet {
  readonly #exact = new Set<string>();
  readonly #suffixes = new Set<string>();

  constructor(patterns: readonly string[]) {
    for (const p of patterns) {
      if (p.startsWith('*.')) this.#suffixes.add(normalizeName(p.slice(2)));
      else this.#exact.add(normalizeName(p));
    }
  }

  /** True when the (normalised) name equals an exact entry or lies strictly below a wildcard one. */
  matches(name: string): boolean {
    if (this.#exact.has(name)) return true;
    if (this.#suffixes.size === 0) return false;
    for (let i = name.indexOf('.'); i > 0; i = name.indexOf('.', i + 1)) {
      if (this.#suffixes.has(name.slice(i + 1))) return true;
    }
    return false;
  }
}
