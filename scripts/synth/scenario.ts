/**
 * Scenario descriptions: what the hosts of a small LAN do (DNS lookups, HTTPS, HTTP/1.1 and QUIC
 * sessions with their names, servers and payload sizes) and which verdict each policy should
 * give. The description is the source of a scenario capture; `generateScenario` (scenario-run.ts)
 * turns it into packets with the traffic model's session scripts, choosing only ports, sequence
 * numbers, ids and random content from the seed.
 * @module synth/scenario
 */

/** A verdict of `egress-verify analyze`, and its exit code. */
export type ExpectedVerdict = 'PASS' | 'FAIL' | 'INCONCLUSIVE';

/** Exit code of `analyze` for each verdict (README "Exit codes"). */
export const VERDICT_EXIT_CODE: Readonly<Record<ExpectedVerdict, number>> = { PASS: 0, FAIL: 1, INCONCLUSIVE: 2 };

/** A LAN host. Addresses are text (dotted quad, RFC 5952 IPv6); `mac` is colon-separated hex. */
export interface ScenarioHost {
  readonly id: string;
  readonly mac: string;
  readonly ip4: string;
  /** Needed for sessions to IPv6 servers and lookups over IPv6. */
  readonly ip6?: string;
}

/** The DNS lookup a session starts with (A or AAAA by the server's family). */
export interface ScenarioLookup {
  /** Resolver address; the query leaves from the host's address of the same family. */
  readonly resolver: string;
  /** If set, the answer goes through this CNAME to the server's address. */
  readonly cname?: string;
  /** TTL of the answer records, seconds. */
  readonly ttl: number;
}

/**
 * One thing a host does. `https`: TCP/443 with a TLS 1.3 ClientHello carrying `name` as SNI.
 * `http`: TCP/80 GET with `Host: name`. `quic`: UDP/443 QUIC v1 with protected Initials whose
 * ClientHello carries `name`. `dns`: the lookup alone (no connection follows).
 * `up`/`down` are application payload bytes per request/response round.
 */
export interface ScenarioSession {
  /** Start, ms after the scenario's start. */
  readonly atMs: number;
  /** A ScenarioHost id. */
  readonly host: string;
  readonly kind: 'https' | 'http' | 'quic' | 'dns';
  readonly name: string;
  /** Server address the name resolves to (and the connection goes to). */
  readonly server: string;
  /** Default 443 (https, quic) or 80 (http). */
  readonly port?: number;
  /** Lookup before the connection; null when the host had the answer cached. Required for `dns`. */
  readonly dns: ScenarioLookup | null;
  readonly up: readonly number[];
  readonly down: readonly number[];
  readonly rttMs: number;
  /** What the host is doing, for the README. */
  readonly purpose: string;
  /** Where the server is and whose it is, as checked with `egress-verify geo` (indicative). */
  readonly location: string;
}

/** The verdict a policy must give on the capture (asserted by tests/golden). */
export interface ScenarioExpectation {
  /** Repository-relative path of the policy file. */
  readonly policy: string;
  readonly verdict: ExpectedVerdict;
  /** Codes in the report's `verdict.reasons`, sorted. */
  readonly reasons: readonly string[];
  /** Codes in the report's `verdict.warnings`, sorted. */
  readonly warnings: readonly string[];
  /** Why, in one or two sentences, for the README. */
  readonly why: string;
}

/** A scenario capture: its file name, description, traffic and expected verdicts. */
export interface Scenario {
  /** File name under captures/. */
  readonly file: string;
  readonly title: string;
  /** One paragraph for the README. */
  readonly summary: string;
  readonly seed: number;
  /** RFC 3339 UTC time of the scenario's start. */
  readonly start: string;
  readonly hosts: readonly ScenarioHost[];
  readonly sessions: readonly ScenarioSession[];
  readonly expectations: readonly ScenarioExpectation[];
}

/** Repository-relative path of the default policy. */
export const DEFAULT_POLICY = 'geodata/policies/deny-ru-by.yaml';
/** Repository-relative path of the allowlist example policy. */
export const ALLOWLIST_POLICY = 'geodata/policies/allowlist-gb-eea-ch.yaml';

/** The policy's id: its file name without directory and extension. */
export function policyId(policy: string): string {
  const base = policy.slice(policy.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/** Golden report file (under tests/golden/) for a capture judged by a policy. */
export function goldenName(file: string, policy: string): string {
  return `${file.replace(/\.pcapng$/, '')}.${policyId(policy)}.json`;
}

/** The command that judges `file` (under captures/) by `policy`, as a user types it. */
export function analyzeCommand(file: string, policy: string): string {
  const p = policy === DEFAULT_POLICY ? '' : ` --policy ${policy}`;
  return `npm run --silent cli -- analyze captures/${file}${p}`;
}
