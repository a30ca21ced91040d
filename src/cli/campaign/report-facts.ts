/**
 * The parts of a JSON report that `diff` and `reproduce` read: verdict, inputs (captures, policy,
 * databases and overrides by sha256, tool), and destinations. Reading is defensive: a report is a
 * file from elsewhere, so a missing or odd field becomes an empty value, never an exception.
 * @module cli/campaign/report-facts
 */
import { readFile } from 'node:fs/promises';
import { whyUnopened } from '../errors.js';
import type { Verdict } from '../../policy/index.js';
import { InputOpenError } from '../../core/index.js';
import { ReportInputError } from './errors.js';

/** One destination as diff compares it. */
export interface DestinationFacts {
  readonly ip: string;
  readonly names: readonly string[];
  readonly countries: readonly string[];
  /** AS organisations, or `AS<n>` for an AS without one. */
  readonly operators: readonly string[];
  readonly bytes: number;
  readonly verdict: string;
}

/** What a report says about its run. */
export interface ReportFacts {
  readonly source: string;
  readonly verdict: Verdict | null;
  readonly reasons: readonly string[];
  readonly tool: string;
  readonly captures: readonly { readonly name: string; readonly sha256: string }[];
  readonly policy: { readonly id: string; readonly source: string; readonly sha256: string } | null;
  readonly databases: readonly { readonly id: string; readonly sha256: string; readonly source: string | null }[];
  readonly overrides: readonly { readonly source: string; readonly sha256: string }[];
  /** NAT64 prefixes the run was given (`--nat64-prefix`), which a re-run must be given too. */
  readonly nat64Options: readonly string[];
  readonly destinations: readonly DestinationFacts[];
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strs = (v: unknown): string[] => arr(v).filter((x): x is string => typeof x === 'string');

/** Read and parse a JSON report file; `ReportInputError` when it is not one. */
export async function readReport(path: string): Promise<{ readonly text: string; readonly value: Obj }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new InputOpenError(path, `${path}: ${whyUnopened(e)}`, { cause: e });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ReportInputError(path, `${path}: not a JSON report (${(e as Error).message.split('\n')[0]})`, { cause: e });
  }
  if (!/^egress-verify\/report@/.test(str(obj(value)['schema']))) throw new ReportInputError(path, `${path}: not an egress-verify JSON report (no "schema": "egress-verify/report@…")`);
  return { text, value: obj(value) };
}

/** The facts of a parsed report. */
export function reportFacts(source: string, r: Obj): ReportFacts {
  const v = obj(r['verdict']);
  const verdict = str(v['verdict']);
  const tool = obj(r['tool']);
  const policy = obj(r['policy']);
  return {
    source,
    verdict: verdict === 'PASS' || verdict === 'FAIL' || verdict === 'INCONCLUSIVE' ? verdict : null,
    reasons: arr(v['reasons']).map((x) => str(obj(x)['code'])),
    tool: `${str(tool['name'])} ${str(tool['version'])}`.trim(),
    captures: arr(r['captures']).map((c) => ({ name: str(obj(c)['name']), sha256: str(obj(c)['sha256']) })),
    policy: r['policy'] === undefined ? null : { id: str(policy['id']), source: str(policy['source']), sha256: str(policy['sha256']) },
    databases: arr(r['databases']).map((d) => ({ id: str(obj(d)['id']), sha256: str(obj(d)['sha256']), source: typeof obj(d)['source'] === 'string' ? str(obj(d)['source']) : null })),
    overrides: arr(r['geo_overrides']).map((o) => ({ source: str(obj(o)['source']), sha256: str(obj(o)['sha256']) })),
    nat64Options: arr(obj(r['names'])['nat64_prefixes']).map(obj).filter((p) => p['source'] === 'option').map((p) => str(p['prefix'])),
    destinations: arr(r['destinations']).map(destinationFacts),
  };
}

function destinationFacts(d: unknown): DestinationFacts {
  const o = obj(d);
  const loc = obj(o['location']);
  const orgs = strs(loc['as_orgs']);
  const asns = arr(loc['asns']).filter((n): n is number => typeof n === 'number');
  return {
    ip: str(o['ip']),
    names: strs(o['names']),
    countries: strs(loc['countries']),
    operators: orgs.length > 0 ? orgs : asns.map((n) => `AS${n}`),
    bytes: typeof o['payload_bytes_sent'] === 'number' ? o['payload_bytes_sent'] : 0,
    verdict: str(o['verdict']),
  };
}
