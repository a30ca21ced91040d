/**
 * Issue 5 acceptance scenarios, end to end: a capture built in code → the real CLI `main` with the
 * real embedded geolocation databases (pinned, so the countries of these public addresses are
 * stable facts, checked with `egress-verify geo`) → exit code, verdict and reason codes.
 *
 * Addresses: 5.255.255.158 and 77.88.8.8 RU (Yandex; both databases agree), 2a02:6b8::2:242 RU,
 * 212.58.233.71 and 212.58.224.10 GB (BBC), 2a00:1098::1 GB, 13.107.42.182 US (Microsoft),
 * 104.21.190.18 disputed (gwa US, dbip CA). The monitored host is 10.0.0.1 (fd00::10 for IPv6).
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { REPO } from '../support/corpus.js';
import { buildMmdb, flat, FIXTURES } from '../builders/mmdb.js';
import { tlsClientHello, tlsRecords } from '../builders/tls.js';
import {
  dnsConversation, GATEWAY_MAC, handshakeOnly, httpConversation, LAN_RESOLVER, resolvedTls, scenarioDir, scenarioPcap, scenarioPcapng,
  tlsConversation, truncated, withCorruptRecord, type Conversation,
} from '../builders/scenario.js';

const HOST = '10.0.0.1';
const HOST6 = 'fd00::10';
const RU = '5.255.255.158';
const RU_RESOLVER = '77.88.8.8';
const RU6 = '2a02:6b8::2:242';
const GB = '212.58.233.71';
const GB2 = '212.58.224.10';
const GB6 = '2a00:1098::1';
const US = '13.107.42.182';
const DISPUTED = '104.21.190.18';

const { save } = scenarioDir();
const ALLOWLIST = `${REPO}/geodata/policies/allowlist-gb-eea-ch.yaml`;
const policy = (id: string, body: string): string => save(`${id}.yaml`, `version: 1\nid: ${id}\n${body}`);
const DENY_US = policy('deny-us', 'mode: denylist\nrules:\n  - id: us\n    action: deny\n    countries: [US]\n');
const DENY_NA = policy('deny-na', 'mode: denylist\nrules:\n  - id: na\n    action: deny\n    countries: [US, CA]\n');
const ALLOW_NA = policy('allow-na', 'mode: allowlist\nrules:\n  - id: na\n    action: allow\n    countries: [CA, US]\n');
const MONITOR_9 = policy('monitor-9', 'mode: denylist\nmonitored:\n  hosts: [10.0.0.9]\nrules:\n  - id: ru\n    action: deny\n    countries: [RU]\n');
const DENY_NAMES = policy('deny-names', 'mode: denylist\nrules:\n  - id: ru-names\n    action: deny\n    domains: ["*.example.ru"]\n');
const DENY_NAMES_IN_RU = policy('deny-names-in-ru', 'mode: denylist\nrules:\n  - id: ru-names-ru\n    action: deny\n    domains: ["*.example.ru"]\n    countries: [RU]\n');
const THRESHOLD_1000 = policy('threshold-1000', 'mode: denylist\nthresholds:\n  payload_bytes: 1000\nrules:\n  - id: ru\n    action: deny\n    countries: [RU]\n');
const ALLOW_VENDOR_GB = policy('allow-vendor-gb', 'mode: allowlist\nrules:\n  - id: vendor\n    action: allow\n    countries: [GB]\n    domains: ["*.vendor.example"]\n');
const HOST_MAC = '02:00:5e:00:00:01';
/** A global (public) IPv6 address of the monitored host, as real dual-stack hosts have. */
const GUA6 = '2a00:23c8:1234:5678::10';
/** Monitors the host by its MAC, written as users do (upper case, dashes). */
const MONITOR_MAC = policy('monitor-mac', 'mode: denylist\nmonitored:\n  hosts: [02-00-5E-00-00-01]\nrules:\n  - id: ru\n    action: deny\n    countries: [RU]\n');
const DROPS_WARN = policy('drops-warn', 'mode: denylist\nrules:\n  - id: ru\n    action: deny\n    countries: [RU]\ncompleteness:\n  interface_drops: warning\n');
/** Documentation ranges (tests/builders/mmdb.ts) plus the BBC's /19 in GB: nothing for RU or US. */
const FIXTURE_DB = save('fixture.mmdb', buildMmdb([...FIXTURES.flat, ['212.58.224.0/19', flat('GB')]]));
const overrides = (name: string, list: readonly object[]): string =>
  save(name, JSON.stringify({ format: 'egress-verify-geo-overrides/1', overrides: list }));
const RU_TO_GB = overrides('ru-to-gb.json', [{ cidr: '5.255.255.0/24', country: 'GB', note: 'our lab in Manchester' }]);
const GB_TO_RU = overrides('gb-to-ru.json', [{ cidr: '212.58.233.0/24', country: 'RU', note: 'actually relayed to RU' }]);
const RU6_TO_GB = overrides('ru6-to-gb.json', [{ cidr: '2a02:6b8::/32', country: 'GB', note: 'IPv6 lab' }]);

const pcapOf = (convs: readonly Conversation[]): Uint8Array => scenarioPcap(convs);
/** A TLS connection whose ClientHello carries an ECH outer extension and the public name `outer` as its SNI. */
const echConversation = (client: string, server: string, outer: string): Conversation =>
  ({ kind: 'tcp', client, server, request: tlsRecords(tlsClientHello({ sni: [outer], ech: 'outer' })), up: 2000 });
const ruTls = (o: { up?: number; down?: number } = {}): Conversation[] => resolvedTls(HOST, RU, 'api.yandex.ru', { up: 2000, down: 4000, ...o });
const gbTls = (): Conversation[] => resolvedTls(HOST, GB, 'www.bbc.co.uk', { up: 300, down: 5000 });
const lanDns = { verdict: 'IGNORED', codes: ['info:flow.local_destination'] } as const;

type Verdict = 'PASS' | 'FAIL' | 'INCONCLUSIVE';
const EXIT: Readonly<Record<Verdict, number>> = { PASS: 0, FAIL: 1, INCONCLUSIVE: 2 };

interface Scenario {
  readonly name: string;
  readonly capture: () => Uint8Array;
  readonly ext?: 'pcap' | 'pcapng';
  readonly args?: readonly string[];
  readonly verdict: Verdict;
  /** Overall reasons, `effect:code`, exactly. */
  readonly reasons: readonly string[];
  /** Overall warnings, `effect:code`, exactly, when given. */
  readonly warnings?: readonly string[];
  /** By `resp_h:resp_p`: every flow to it has this verdict and exactly these reasons. */
  readonly flows?: Readonly<Record<string, { readonly verdict: string; readonly codes: readonly string[] }>>;
  /** Standard error must match (default: empty). */
  readonly stderr?: RegExp;
  readonly check?: (report: Report) => void;
}

interface Reason { code: string; effect: string; rule?: string; detail: string; rules?: string[] }
interface Report {
  verdict: { verdict: Verdict; reasons: Reason[]; warnings: Reason[]; completeness: { reasons: Reason[] } };
  flows: { resp_h: string; resp_p: number; name: string | null; name_source: string | null; verdict: string; verdict_reasons: Reason[] }[];
  dns: { resolver: string; query: string; verdict: string | null; verdict_reasons: Reason[] }[];
  destinations: { ip: string; verdict: string; location: { status: string; countries: string[] }; evidence: Record<string, unknown>; reasons: { code: string }[] }[];
  geo_overrides: { source: string; sha256: string; entries: number }[];
}
const codes = (rs: readonly Reason[]): string[] => rs.map((r) => `${r.effect}:${r.code}`);
const dest = (r: Report, ip: string): Report['destinations'][number] => {
  const d = r.destinations.find((x) => x.ip === ip);
  expect(d, `destination ${ip}`).toBeDefined();
  return d!;
};

const SCENARIOS: Scenario[] = [
  // 1. Denylisted country.
  {
    name: '1 denylisted country: payload to RU fails, the GB flow beside it passes',
    capture: () => pcapOf([...ruTls(), ...gbTls()]),
    verdict: 'FAIL', reasons: ['fail:flow.denied_country'], warnings: [],
    flows: { [`${RU}:443`]: { verdict: 'FAIL', codes: ['fail:flow.denied_country'] }, [`${GB}:443`]: { verdict: 'PASS', codes: [] }, [`${LAN_RESOLVER}:53`]: lanDns },
    check: (r) => {
      expect(r.verdict.reasons[0]!.rules).toEqual(['location-ru-by']);
      expect(dest(r, RU).verdict).toBe('FAIL');
      expect(dest(r, RU).location).toMatchObject({ status: 'agree', countries: ['RU'] });
      expect(dest(r, GB).verdict).toBe('PASS');
    },
  },
  {
    name: '1b HTTP (Host header only) to RU fails',
    capture: () => pcapOf([httpConversation(HOST, RU, 'update.yandex.ru')]),
    verdict: 'FAIL', reasons: ['fail:flow.denied_country'],
    flows: { [`${RU}:80`]: { verdict: 'FAIL', codes: ['fail:flow.denied_country'] } },
    check: (r) => expect(r.flows[0]).toMatchObject({ name: 'update.yandex.ru', name_source: 'http_host' }),
  },
  {
    name: '1c QUIC Initial to RU fails, named from the decrypted ClientHello',
    capture: () => pcapOf([dnsConversation(HOST, LAN_RESOLVER, 'yandex.ru', [RU]), { kind: 'quic', client: HOST, server: RU, sni: 'yandex.ru' }]),
    verdict: 'FAIL', reasons: ['fail:flow.denied_country'], warnings: [],
    flows: { [`${RU}:443`]: { verdict: 'FAIL', codes: ['fail:flow.denied_country'] } },
    check: (r) => expect(r.flows.find((f) => f.resp_h === RU)).toMatchObject({ name: 'yandex.ru', name_source: 'quic_sni' }),
  },
  {
    name: '1d clean host: GB only passes',
    capture: () => pcapOf(gbTls()),
    verdict: 'PASS', reasons: [], warnings: [],
    flows: { [`${GB}:443`]: { verdict: 'PASS', codes: [] } },
  },
  // 2. Allowlist violation.
  {
    name: '2 allowlist: a declared vendor name on a US address fails, the same name in GB passes',
    capture: () => pcapOf([...resolvedTls(HOST, US, 'telemetry.vendor.example', { up: 800 }), ...resolvedTls(HOST, GB2, 'api.vendor.example', { up: 800 })]),
    args: ['--policy', ALLOWLIST],
    verdict: 'FAIL', reasons: ['fail:flow.not_allowed_country'], warnings: [],
    flows: { [`${US}:443`]: { verdict: 'FAIL', codes: ['fail:flow.not_allowed_country'] }, [`${GB2}:443`]: { verdict: 'PASS', codes: [] } },
  },
  // 3. Undeclared endpoint.
  {
    name: '3 allowlist: an undeclared name in an allowed country (GB) fails',
    capture: () => pcapOf([...resolvedTls(HOST, GB, 'www.bbc.co.uk', { up: 800 }), ...resolvedTls(HOST, GB2, 'api.vendor.example', { up: 800 })]),
    args: ['--policy', ALLOWLIST],
    verdict: 'FAIL', reasons: ['fail:flow.undeclared_endpoint'], warnings: [],
    flows: { [`${GB}:443`]: { verdict: 'FAIL', codes: ['fail:flow.undeclared_endpoint'] }, [`${GB2}:443`]: { verdict: 'PASS', codes: [] } },
  },
  // 4. Disputed geolocation.
  {
    name: '4 disputed US/CA under deny US: the candidates differ → inconclusive',
    capture: () => pcapOf(resolvedTls(HOST, DISPUTED, 'cdn.example.com', { up: 500 })),
    args: ['--policy', DENY_US],
    verdict: 'INCONCLUSIVE', reasons: ['inconclusive:geo.disputed'], warnings: [],
    flows: { [`${DISPUTED}:443`]: { verdict: 'INCONCLUSIVE', codes: ['inconclusive:geo.disputed'] } },
    check: (r) => expect(dest(r, DISPUTED).location).toMatchObject({ status: 'disputed', countries: ['CA', 'US'] }),
  },
  {
    name: '4b disputed US/CA under allowlist CA+US: both candidates allowed → pass',
    capture: () => pcapOf(resolvedTls(HOST, DISPUTED, 'cdn.example.com', { up: 500 })),
    args: ['--policy', ALLOW_NA],
    verdict: 'PASS', reasons: [], warnings: [],
    flows: { [`${DISPUTED}:443`]: { verdict: 'PASS', codes: ['info:geo.disputed'] } },
  },
  {
    name: '4c disputed US/CA under the default deny RU,BY: both candidates permitted → pass',
    capture: () => pcapOf(resolvedTls(HOST, DISPUTED, 'cdn.example.com', { up: 500 })),
    verdict: 'PASS', reasons: [],
    flows: { [`${DISPUTED}:443`]: { verdict: 'PASS', codes: ['info:geo.disputed'] } },
  },
  {
    name: '4d disputed US/CA under deny US+CA: both candidates violate → fail',
    capture: () => pcapOf(resolvedTls(HOST, DISPUTED, 'cdn.example.com', { up: 500 })),
    args: ['--policy', DENY_NA],
    verdict: 'FAIL', reasons: ['fail:flow.denied_country'],
    flows: { [`${DISPUTED}:443`]: { verdict: 'FAIL', codes: ['fail:flow.denied_country'] } },
    check: (r) => expect(dest(r, DISPUTED).location.status).toBe('disputed'),
  },
  // 5. Unknown geolocation.
  {
    name: '5 unknown: a fixture database without data for the RU address → inconclusive, never pass',
    capture: () => pcapOf([...ruTls(), ...gbTls()]),
    args: ['--no-embedded-geo', '--geoip', FIXTURE_DB],
    verdict: 'INCONCLUSIVE', reasons: ['inconclusive:geo.unknown'], warnings: [],
    flows: { [`${RU}:443`]: { verdict: 'INCONCLUSIVE', codes: ['inconclusive:geo.unknown'] }, [`${GB}:443`]: { verdict: 'PASS', codes: [] } },
    check: (r) => expect(dest(r, RU).location.status).toBe('unknown'),
  },
  // 6. Handshake-only contact.
  {
    name: '6 handshake-only contact with RU (SYN, SYN-ACK, ACK, FINs) is a warning, not a failure',
    capture: () => pcapOf([dnsConversation(HOST, LAN_RESOLVER, 'api.yandex.ru', [RU]), handshakeOnly(HOST, RU)]),
    verdict: 'PASS', reasons: [], warnings: ['warning:contact.handshake_only', 'warning:flow.denied_country'],
    flows: { [`${RU}:443`]: { verdict: 'PASS', codes: ['warning:contact.handshake_only', 'warning:flow.denied_country'] } },
  },
  {
    name: '6b the same contact with one payload byte more fails',
    capture: () => pcapOf([dnsConversation(HOST, LAN_RESOLVER, 'api.yandex.ru', [RU]), handshakeOnly(HOST, RU, { up: 1 })]),
    verdict: 'FAIL', reasons: ['fail:flow.denied_country'],
    flows: { [`${RU}:443`]: { verdict: 'FAIL', codes: ['fail:flow.denied_country'] } },
  },
  // 7. Truncated capture.
  {
    name: '7 truncated capture without a violation → inconclusive',
    capture: () => truncated(pcapOf(gbTls()), 10),
    verdict: 'INCONCLUSIVE', reasons: ['inconclusive:capture.truncated'],
    flows: { [`${GB}:443`]: { verdict: 'PASS', codes: [] } },
    stderr: /^egress-verify: warning: .*truncated at frame \d+/,
    check: (r) => expect(codes(r.verdict.completeness.reasons)).toEqual(['inconclusive:capture.truncated']),
  },
  {
    name: '7b truncated capture with a violation before the cut → fail, truncation still listed',
    capture: () => truncated(pcapOf([...ruTls(), ...gbTls()]), 10),
    verdict: 'FAIL', reasons: ['fail:flow.denied_country', 'inconclusive:capture.truncated'],
    flows: { [`${RU}:443`]: { verdict: 'FAIL', codes: ['fail:flow.denied_country'] } },
    stderr: /truncated at frame/,
    check: (r) => expect(codes(r.verdict.completeness.reasons)).toEqual(['inconclusive:capture.truncated']),
  },
  {
    name: '7c handshake-only RU contact in a truncated capture → inconclusive (not pass, not fail)',
    capture: () => truncated(pcapOf([dnsConversation(HOST, LAN_RESOLVER, 'api.yandex.ru', [RU]), handshakeOnly(HOST, RU), ...gbTls()]), 5),
    verdict: 'INCONCLUSIVE', reasons: ['inconclusive:capture.truncated'],
    stderr: /truncated at frame/,
  },
  {
    name: '7d capture corrupt after a clean flow → inconclusive',
    capture: () => withCorruptRecord(pcapOf(gbTls())),
    verdict: 'INCONCLUSIVE', reasons: ['inconclusive:capture.corrupt'],
    stderr: /corrupt at frame/,
  },
  {
    name: '7e capture corrupt after a violation → fail, corruption listed',
    capture: () => withCorruptRecord(pcapOf(ruTls())),
    verdict: 'FAIL', reasons: ['fail:flow.denied_country', 'inconclusive:capture.corrupt'],
    stderr: /corrupt at frame/,
  },
  // 8. Drops recorded by the capturing interface.
  {
    name: '8 pcapng ISB if_drop 5 → inconclusive',
    capture: () => scenarioPcapng(gbTls(), { stats: { ifRecv: 100n, ifDrop: 5n } }), ext: 'pcapng',
    verdict: 'INCONCLUSIVE', reasons: ['inconclusive:capture.interface_drops'], warnings: [],
    flows: { [`${GB}:443`]: { verdict: 'PASS', codes: [] } },
    check: (r) => expect(codes(r.verdict.completeness.reasons)).toEqual(['inconclusive:capture.interface_drops']),
  },
  {
    name: '8b pcapng ISB if_drop 0 → pass',
    capture: () => scenarioPcapng(gbTls(), { stats: { ifRecv: 100n, ifDrop: 0n } }), ext: 'pcapng',
    verdict: 'PASS', reasons: [], warnings: [],
  },
  {
    name: '8c pcapng ISB osdrop 3 only → inconclusive',
    capture: () => scenarioPcapng(gbTls(), { stats: { osDrop: 3n } }), ext: 'pcapng',
    verdict: 'INCONCLUSIVE', reasons: ['inconclusive:capture.interface_drops'],
  },
  {
    name: '8d drops under completeness.interface_drops: warning → pass with the warning',
    capture: () => scenarioPcapng(gbTls(), { stats: { ifDrop: 5n } }), ext: 'pcapng',
    args: ['--policy', DROPS_WARN],
    verdict: 'PASS', reasons: [], warnings: ['warning:capture.interface_drops'],
  },
  {
    name: '8e drops and a violation → fail, drops listed',
    capture: () => scenarioPcapng(ruTls(), { stats: { ifDrop: 5n } }), ext: 'pcapng',
    verdict: 'FAIL', reasons: ['fail:flow.denied_country', 'inconclusive:capture.interface_drops'],
  },
  // 9. DNS to a resolver in a disallowed jurisdiction.
  {
    name: '9 DNS query to a resolver in RU fails (the destination it resolves is GB)',
    capture: () => pcapOf([dnsConversation(HOST, RU_RESOLVER, 'www.bbc.co.uk', [GB]), tlsConversation(HOST, GB, 'www.bbc.co.uk', { up: 300 })]),
    verdict: 'FAIL', reasons: ['fail:dns.query_to_disallowed_resolver', 'fail:flow.denied_country'], warnings: [],
    flows: { [`${RU_RESOLVER}:53`]: { verdict: 'FAIL', codes: ['fail:flow.denied_country'] }, [`${GB}:443`]: { verdict: 'PASS', codes: [] } },
    check: (r) => {
      expect(r.dns).toHaveLength(1);
      expect(r.dns[0]).toMatchObject({ resolver: RU_RESOLVER, query: 'www.bbc.co.uk', verdict: 'FAIL' });
      expect(codes(r.dns[0]!.verdict_reasons)).toContain('fail:dns.query_to_disallowed_resolver');
    },
  },
  {
    name: '9b DNS query to RU without a response still fails',
    capture: () => pcapOf([dnsConversation(HOST, RU_RESOLVER, 'a.example', [], { answers: null })]),
    verdict: 'FAIL', reasons: ['fail:dns.query_to_disallowed_resolver', 'fail:flow.denied_country'],
  },
  // 9c–9e. A query for a name a domain-only deny rule matches, through the LAN resolver: the name
  // reaches the domain's own name servers (DNS tunnelling). It passed before; a rule with other
  // criteria (here: countries) describes connections and does not apply to queries.
  {
    name: '9c DNS query through the LAN resolver for a denied domain fails, the GB flow beside it passes',
    capture: () => pcapOf([dnsConversation(HOST, LAN_RESOLVER, 'k4pzq2a.telemetry.example.ru', [], { answers: null }), ...gbTls()]),
    args: ['--policy', DENY_NAMES],
    verdict: 'FAIL', reasons: ['fail:dns.query_for_denied_domain'],
    check: (r) => {
      const q = r.dns.find((x) => x.query === 'k4pzq2a.telemetry.example.ru')!;
      expect(q.verdict).toBe('FAIL');
      expect(q.verdict_reasons.find((x) => x.code === 'dns.query_for_denied_domain')).toMatchObject({
        rule: 'ru-names',
        detail: `query k4pzq2a.telemetry.example.ru (A) from ${HOST} to ${LAN_RESOLVER}:53: the name reaches the domain's own name servers whichever resolver forwards it`,
      });
      expect(r.dns.find((x) => x.query === 'www.bbc.co.uk')!.verdict).toBeNull();
    },
  },
  {
    name: '9d a query for a name outside the denied domain through the LAN resolver is not judged',
    capture: () => pcapOf([dnsConversation(HOST, LAN_RESOLVER, 'example.ru.example.com', [], { answers: null }), ...gbTls()]),
    args: ['--policy', DENY_NAMES],
    verdict: 'PASS', reasons: [],
    check: (r) => expect(r.dns.every((x) => x.verdict === null)).toBe(true),
  },
  {
    name: '9e a deny rule with domains and countries does not apply to queries',
    capture: () => pcapOf([dnsConversation(HOST, LAN_RESOLVER, 'a.telemetry.example.ru', [], { answers: null }), ...gbTls()]),
    args: ['--policy', DENY_NAMES_IN_RU],
    verdict: 'PASS', reasons: [],
  },
  // 9f–9h. One CDN address, two names from the LAN resolver, a TLS connection without SNI: the
  // flow could be for either name. The most recent answer used to decide alone, so the order of
  // the two lookups gave PASS (9f) or FAIL (9g) for the same traffic.
  {
    name: '9f allowlist: the undeclared name, then the vendor\'s, for one GB address, no SNI → inconclusive (it passed before)',
    capture: () => pcapOf([
      dnsConversation(HOST, LAN_RESOLVER, 'collect.tracker.example', [GB]), dnsConversation(HOST, LAN_RESOLVER, 'api.vendor.example', [GB]),
      tlsConversation(HOST, GB, null, { up: 2000 }),
    ]),
    args: ['--policy', ALLOW_VENDOR_GB],
    verdict: 'INCONCLUSIVE', reasons: ['inconclusive:name.ambiguous'],
    flows: { [`${GB}:443`]: { verdict: 'INCONCLUSIVE', codes: ['inconclusive:name.ambiguous'] } },
    check: (r) => {
      const f = r.flows.find((x) => x.resp_h === GB)!;
      expect(f).toMatchObject({ name: 'api.vendor.example', name_source: 'dns' });
      expect(f.verdict_reasons[0]!.detail).toBe(
        `no server name from the client (no SNI or Host), and DNS gave ${GB} to ${HOST} under 2 names with different outcomes: `
        + 'api.vendor.example: permitted; collect.tracker.example: violation flow.not_allowed');
    },
  },
  {
    name: '9g the same lookups in the other order → inconclusive too (it failed before)',
    capture: () => pcapOf([
      dnsConversation(HOST, LAN_RESOLVER, 'api.vendor.example', [GB]), dnsConversation(HOST, LAN_RESOLVER, 'collect.tracker.example', [GB]),
      tlsConversation(HOST, GB, null, { up: 2000 }),
    ]),
    args: ['--policy', ALLOW_VENDOR_GB],
    verdict: 'INCONCLUSIVE', reasons: ['inconclusive:name.ambiguous'],
  },
  {
    name: '9h with the SNI the client sent, the same lookups decide nothing: PASS for the vendor\'s name',
    capture: () => pcapOf([
      dnsConversation(HOST, LAN_RESOLVER, 'collect.tracker.example', [GB]), dnsConversation(HOST, LAN_RESOLVER, 'api.vendor.example', [GB]),
      tlsConversation(HOST, GB, 'api.vendor.example', { up: 2000 }),
    ]),
    args: ['--policy', ALLOW_VENDOR_GB],
    verdict: 'PASS', reasons: [],
  },
  // 9i–9j. Encrypted Client Hello: the SNI is only the public outer name (draft-ietf-tls-esni §6.1), which
  // the client chooses; the DNS answer that gave the address is the evidence of the inner one.
  // The outer name used to decide: a false FAIL (9i) and a false PASS (9j).
  {
    name: '9i ECH: outer name cloudflare-ech.com, DNS named the address api.vendor.example → PASS under the allowlist (it failed before)',
    capture: () => pcapOf([dnsConversation(HOST, LAN_RESOLVER, 'api.vendor.example', [GB]), echConversation(HOST, GB, 'cloudflare-ech.com')]),
    args: ['--policy', ALLOW_VENDOR_GB],
    verdict: 'PASS', reasons: [],
    flows: { [`${GB}:443`]: { verdict: 'PASS', codes: ['warning:name.ech', 'warning:name.sni_not_in_dns'] } },
  },
  {
    name: '9j ECH: outer name api.vendor.example, DNS named the address collect.tracker.example → FAIL (it passed before)',
    capture: () => pcapOf([dnsConversation(HOST, LAN_RESOLVER, 'collect.tracker.example', [GB]), echConversation(HOST, GB, 'api.vendor.example')]),
    args: ['--policy', ALLOW_VENDOR_GB],
    verdict: 'FAIL', reasons: ['fail:flow.not_allowed'],
    flows: { [`${GB}:443`]: { verdict: 'FAIL', codes: ['fail:flow.not_allowed', 'warning:name.ech', 'warning:name.sni_not_in_dns'] } },
  },
  {
    name: '9k ECH with two DNS names that disagree → inconclusive, saying the SNI is the outer name',
    capture: () => pcapOf([
      dnsConversation(HOST, LAN_RESOLVER, 'collect.tracker.example', [GB]), dnsConversation(HOST, LAN_RESOLVER, 'api.vendor.example', [GB]),
      echConversation(HOST, GB, 'api.vendor.example'),
    ]),
    args: ['--policy', ALLOW_VENDOR_GB],
    verdict: 'INCONCLUSIVE', reasons: ['inconclusive:name.ambiguous'],
    check: (r) => expect(r.flows.find((x) => x.resp_h === GB)!.verdict_reasons[0]!.detail).toMatch(/^the ClientHello hides the server name \(ECH: api\.vendor\.example is the public outer name\), and DNS gave /),
  },
  // 6c–6d. A payload threshold: small uploads split over a service's addresses add up (6c passed before).
  {
    name: '6c threshold 1000: 600 bytes to each of two RU addresses → FAIL together',
    capture: () => pcapOf([handshakeOnly(HOST, RU, { up: 600 }), handshakeOnly(HOST, RU_RESOLVER, { up: 600 })]),
    args: ['--policy', THRESHOLD_1000],
    verdict: 'FAIL', reasons: ['fail:flow.denied_country', 'fail:threshold.cumulative_exceeded'],
    check: (r) => expect(r.flows.find((f) => f.resp_h === RU)!.verdict_reasons.find((x) => x.code === 'threshold.cumulative_exceeded')!.detail)
      .toBe('1200 payload bytes sent to 2 destinations in 2 violating flows of at most 1000 bytes each, threshold 1000'),
  },
  {
    name: '6d threshold 1000: 400 bytes to each of two RU addresses stay below it → PASS with warnings',
    capture: () => pcapOf([handshakeOnly(HOST, RU, { up: 400 }), handshakeOnly(HOST, RU_RESOLVER, { up: 400 })]),
    args: ['--policy', THRESHOLD_1000],
    verdict: 'PASS', reasons: [],
  },
  // 10. IPv6 destination.
  {
    name: '10 IPv6 destination in RU fails',
    capture: () => pcapOf(resolvedTls(HOST6, RU6, 'yandex.ru', { up: 700 })),
    verdict: 'FAIL', reasons: ['fail:flow.denied_country'],
    flows: { [`${RU6}:443`]: { verdict: 'FAIL', codes: ['fail:flow.denied_country'] } },
    check: (r) => expect(dest(r, RU6).location).toMatchObject({ status: 'agree', countries: ['RU'] }),
  },
  {
    name: '10b IPv6 destination in GB passes',
    capture: () => pcapOf(resolvedTls(HOST6, GB6, 'www.mythic-beasts.com', { up: 700 })),
    verdict: 'PASS', reasons: [], warnings: [],
    flows: { [`${GB6}:443`]: { verdict: 'PASS', codes: [] } },
  },
  // 11. Monitored-host filter.
  {
    name: '11 monitored 10.0.0.9 only: an RU flow from 10.0.0.1 is ignored; nothing judged → inconclusive',
    capture: () => pcapOf(ruTls()),
    args: ['--policy', MONITOR_9],
    verdict: 'INCONCLUSIVE', reasons: ['inconclusive:monitor.no_monitored_flows'],
    flows: { [`${RU}:443`]: { verdict: 'IGNORED', codes: ['info:monitor.origin_not_monitored'] } },
  },
  {
    name: '11b monitored 10.0.0.9 only: RU from 10.0.0.1 ignored, GB from 10.0.0.9 judged → pass',
    capture: () => pcapOf([...ruTls(), ...resolvedTls('10.0.0.9', GB, 'www.bbc.co.uk', { up: 300 })]),
    args: ['--policy', MONITOR_9],
    verdict: 'PASS', reasons: [],
    flows: { [`${RU}:443`]: { verdict: 'IGNORED', codes: ['info:monitor.origin_not_monitored'] }, [`${GB}:443`]: { verdict: 'PASS', codes: [] } },
  },
  {
    name: '11c monitored 10.0.0.9 only: RU from 10.0.0.9 fails',
    capture: () => pcapOf(resolvedTls('10.0.0.9', RU, 'api.yandex.ru', { up: 300 })),
    args: ['--policy', MONITOR_9],
    verdict: 'FAIL', reasons: ['fail:flow.denied_country'],
  },
  {
    name: '11d monitored 10.0.0.9 only: 10.0.0.1 asking a resolver in RU is not judged',
    capture: () => pcapOf([dnsConversation(HOST, RU_RESOLVER, 'x.example', [GB]), ...resolvedTls('10.0.0.9', GB, 'www.bbc.co.uk', { up: 300 })]),
    args: ['--policy', MONITOR_9],
    verdict: 'PASS', reasons: [],
    flows: { [`${RU_RESOLVER}:53`]: { verdict: 'IGNORED', codes: ['info:monitor.origin_not_monitored'] } },
    check: (r) => expect(r.dns.find((q) => q.resolver === RU_RESOLVER)!.verdict).toBeNull(),
  },
  {
    name: '11e monitored by MAC: an RU flow from the host with that MAC fails (the MAC is read from the frames)',
    capture: () => pcapOf(resolvedTls(HOST, RU, 'api.yandex.ru', { up: 300, clientMac: HOST_MAC })),
    args: ['--policy', MONITOR_MAC],
    verdict: 'FAIL', reasons: ['fail:flow.denied_country'],
    flows: { [`${RU}:443`]: { verdict: 'FAIL', codes: ['fail:flow.denied_country'] } },
    check: (r) => expect(r.flows.find((f) => f.resp_h === RU)).toMatchObject({ orig_l2_addr: HOST_MAC, resp_l2_addr: GATEWAY_MAC }),
  },
  {
    name: '11f monitored by MAC: the same flow from another MAC is ignored; nothing judged → inconclusive',
    capture: () => pcapOf(resolvedTls(HOST, RU, 'api.yandex.ru', { up: 300, clientMac: '02:00:5e:00:00:02' })),
    args: ['--policy', MONITOR_MAC],
    verdict: 'INCONCLUSIVE', reasons: ['inconclusive:monitor.no_monitored_flows'],
    flows: { [`${RU}:443`]: { verdict: 'IGNORED', codes: ['info:monitor.origin_not_monitored'] } },
  },
  {
    name: '11g monitored by MAC: the host asking a resolver in RU is judged (its address originated monitored flows)',
    capture: () => pcapOf([dnsConversation(HOST, RU_RESOLVER, 'x.example', [GB], { clientMac: HOST_MAC }), tlsConversation(HOST, GB, 'x.example', { up: 300, clientMac: HOST_MAC })]),
    args: ['--policy', MONITOR_MAC],
    verdict: 'FAIL', reasons: ['fail:dns.query_to_disallowed_resolver', 'fail:flow.denied_country'],
    check: (r) => expect(r.dns.find((q) => q.resolver === RU_RESOLVER)!.verdict).toBe('FAIL'),
  },
  {
    name: '11h default monitoring: a dual-stack host\'s global IPv6 address is judged as the host (one MAC with its private IPv4)',
    capture: () => pcapOf([
      ...resolvedTls(HOST, GB, 'www.bbc.co.uk', { up: 300, clientMac: HOST_MAC }),
      tlsConversation(GUA6, RU6, 'yandex.ru', { up: 2000, clientMac: HOST_MAC }),
    ]),
    verdict: 'FAIL', reasons: ['fail:flow.denied_country'],
    flows: { [`${RU6}:443`]: { verdict: 'FAIL', codes: ['fail:flow.denied_country', 'warning:name.sni_not_in_dns', 'info:monitor.same_host_by_mac'] } },
    check: (r) => expect(r.flows.find((f) => f.resp_h === RU6)!.verdict_reasons.find((x) => x.code === 'monitor.same_host_by_mac')!.detail).toBe(`${GUA6} is the same host as ${HOST} (one MAC sent from both)`),
  },
  {
    name: '11i without the MAC link the same IPv6 flow stays unjudged (a public origin, maybe not a monitored host)',
    capture: () => pcapOf([
      ...resolvedTls(HOST, GB, 'www.bbc.co.uk', { up: 300, clientMac: HOST_MAC }),
      tlsConversation(GUA6, RU6, 'yandex.ru', { up: 2000, clientMac: '02:00:5e:00:00:77' }),
    ]),
    verdict: 'INCONCLUSIVE', reasons: ['inconclusive:monitor.public_origin_unjudged'],
  },
  {
    name: '11j a MAC that sent from two IPv4 addresses is not one host: its IPv6 flow stays unjudged',
    capture: () => pcapOf([
      ...resolvedTls(HOST, GB, 'www.bbc.co.uk', { up: 300, clientMac: HOST_MAC }),
      ...resolvedTls('10.0.0.9', GB, 'www.bbc.co.uk', { up: 300, clientMac: HOST_MAC }),
      tlsConversation(GUA6, RU6, 'yandex.ru', { up: 2000, clientMac: HOST_MAC }),
    ]),
    verdict: 'INCONCLUSIVE', reasons: ['inconclusive:monitor.public_origin_unjudged'],
  },
  {
    name: '11k monitored 10.0.0.9 by address: its global IPv6 address (same MAC) is monitored too',
    capture: () => pcapOf([
      ...resolvedTls('10.0.0.9', GB, 'www.bbc.co.uk', { up: 300, clientMac: HOST_MAC }),
      tlsConversation(GUA6, RU6, 'yandex.ru', { up: 2000, clientMac: HOST_MAC }),
    ]),
    args: ['--policy', MONITOR_9],
    verdict: 'FAIL', reasons: ['fail:flow.denied_country'],
  },
  // 12. CIDR override.
  {
    name: '12 override: the RU /24 mapped to GB → pass, override in the evidence',
    capture: () => pcapOf(ruTls()),
    args: ['--geo-overrides', RU_TO_GB],
    verdict: 'PASS', reasons: [], warnings: [],
    flows: { [`${RU}:443`]: { verdict: 'PASS', codes: ['info:geo.override'] } },
    check: (r) => {
      const d = dest(r, RU);
      expect(d.location).toMatchObject({ status: 'override', countries: ['GB'] });
      expect(d.evidence['override']).toMatchObject({ cidr: '5.255.255.0/24', country: 'GB', source: 'ru-to-gb.json' });
      expect(d.evidence['database_consensus']).toMatchObject({ status: 'agree', country: 'RU' });
      expect(r.geo_overrides).toEqual([{ source: 'ru-to-gb.json', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), entries: 1 }]);
    },
  },
  {
    name: '12b override the other way: a GB /24 mapped to RU → fail',
    capture: () => pcapOf(gbTls()),
    args: ['--geo-overrides', GB_TO_RU],
    verdict: 'FAIL', reasons: ['fail:flow.denied_country'],
    flows: { [`${GB}:443`]: { verdict: 'FAIL', codes: ['fail:flow.denied_country', 'info:geo.override'] } },
  },
  {
    name: '12c an override of another network leaves the RU verdict alone',
    capture: () => pcapOf(ruTls()),
    args: ['--geo-overrides', GB_TO_RU],
    verdict: 'FAIL', reasons: ['fail:flow.denied_country'],
    flows: { [`${RU}:443`]: { verdict: 'FAIL', codes: ['fail:flow.denied_country'] } },
  },
  {
    name: '12d IPv6 override: the RU /32 mapped to GB → pass',
    capture: () => pcapOf(resolvedTls(HOST6, RU6, 'yandex.ru', { up: 700 })),
    args: ['--geo-overrides', RU6_TO_GB],
    verdict: 'PASS', reasons: [],
    flows: { [`${RU6}:443`]: { verdict: 'PASS', codes: ['info:geo.override'] } },
  },
];

describe('issue 5 acceptance scenarios (CLI, embedded databases)', () => {
  it.each(SCENARIOS)('$name', async (s) => {
    const file = save(`${s.name.split(' ')[0]}.${s.ext ?? 'pcap'}`, s.capture());
    const r = await runCli(['analyze', '--reproducible', ...(s.args ?? []), file]);
    if (s.stderr === undefined) expect(r.stderr).toBe('');
    else expect(r.stderr).toMatch(s.stderr);
    const rep = JSON.parse(r.stdout) as Report;
    expect(rep.verdict.verdict).toBe(s.verdict);
    expect(r.code).toBe(EXIT[s.verdict]);
    expect(codes(rep.verdict.reasons)).toEqual(s.reasons);
    if (s.warnings !== undefined) expect(codes(rep.verdict.warnings)).toEqual(s.warnings);
    for (const [key, want] of Object.entries(s.flows ?? {})) {
      const rows = rep.flows.filter((f) => `${f.resp_h}:${f.resp_p}` === key);
      expect(rows.length, `flows to ${key}`).toBeGreaterThan(0);
      for (const f of rows) expect({ key, verdict: f.verdict, codes: codes(f.verdict_reasons) }).toEqual({ key, ...want });
    }
    s.check?.(rep);
  });

  it('covers at least the twelve scenarios the issue names', () => {
    const numbered = new Set(SCENARIOS.map((s) => Number.parseInt(s.name, 10)));
    for (let n = 1; n <= 12; n++) expect(numbered.has(n), `scenario ${n}`).toBe(true);
  });
});
