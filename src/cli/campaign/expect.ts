/**
 * Checking a run against its expectations: the verdict, and the destinations it must (include)
 * or must not (exclude) contact. Patterns: an IP address, a CIDR, a name, or `*.name` (every name
 * below it, as the policy's `domains` criterion). Each unmet expectation is one problem line.
 * @module cli/campaign/expect
 */
import { BlockList, isIP } from 'node:net';
import type { Verdict } from '../../policy/index.js';
import type { ExpectedDestinations } from './manifest.js';
import type { DestinationRow, RunRecord } from './task.js';

/** How a run fared against its expectations. */
export interface ExpectationOutcome {
  readonly status: 'met' | 'unmet';
  /** One line per unmet expectation (empty when met). */
  readonly problems: readonly string[];
}

/** Compare a finished run with what the manifest expects of it. */
export function checkExpectations(expect: Verdict, destinations: ExpectedDestinations | null, record: RunRecord): ExpectationOutcome {
  const problems: string[] = [];
  if (record.verdict !== expect) {
    const why = record.reasons.length === 0 ? '' : ` (${[...new Set(record.reasons)].join(', ')})`;
    problems.push(`verdict: expected ${expect}, got ${record.verdict}${why}`);
  }
  for (const p of destinations?.include ?? []) {
    if (!record.destinations.some((d) => matches(p, d))) problems.push(`destination ${p}: expected, but not contacted`);
  }
  for (const p of destinations?.exclude ?? []) {
    const hits = record.destinations.filter((d) => matches(p, d));
    if (hits.length > 0) problems.push(`destination ${p}: must not be contacted, but was: ${hits.slice(0, 3).map(describe).join(', ')}${hits.length > 3 ? ` (+${hits.length - 3})` : ''}`);
  }
  return { status: problems.length === 0 ? 'met' : 'unmet', problems };
}

/** Whether a destination pattern matches a destination. */
export function matches(pattern: string, d: DestinationRow): boolean {
  const slash = pattern.indexOf('/');
  if (slash >= 0 || isIP(pattern) !== 0) {
    const family = isIP(d.ip) === 6 ? 'ipv6' : 'ipv4';
    const ip = slash >= 0 ? pattern.slice(0, slash) : pattern;
    const pf = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
    if (pf !== family) return false;
    const list = new BlockList();
    if (slash >= 0) list.addSubnet(ip, Number(pattern.slice(slash + 1)), pf);
    else list.addAddress(ip, pf);
    return list.check(d.ip, family);
  }
  const want = pattern.toLowerCase().replace(/\.$/, '');
  return d.names.some((n) => {
    const name = n.toLowerCase().replace(/\.$/, '');
    return want.startsWith('*.') ? name.endsWith(want.slice(1)) : name === want;
  });
}

function describe(d: DestinationRow): string {
  return d.names.length === 0 ? d.ip : `${d.ip} (${d.names.slice(0, 2).join(', ')})`;
}
