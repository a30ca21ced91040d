/**
 * The anti-virus scenarios of captures/ (issue 5, "Demo captures"): one workstation running an
 * anti-virus product that checks its licence, fetches signature updates over HTTPS (one mirror
 * over IPv6) and sends file-reputation look-ups over QUIC, with DNS before every first
 * connection. Variants add a telemetry upload to Russia, sample uploads to an address the
 * databases disagree on, and a resolver in Russia.
 *
 * Every server address was checked with `npm run --silent cli -- geo ADDRESS` against the
 * embedded databases (gwa built 2026-06-17, dbip built 2026-06-01); `location` records what they
 * said. Names are the allowlist example policy's declared placeholders (`*.vendor.example`,
 * `*.updates.example.net`); its declared CIDRs are documentation networks, which have no
 * location, so no flow here uses them.
 * @module synth/av-scenarios
 */
import { ALLOWLIST_POLICY, DEFAULT_POLICY, type Scenario, type ScenarioHost, type ScenarioLookup, type ScenarioSession } from './scenario.js';

/** The workstation: dual-stack, on the demo's LAN. */
const AV_HOST: ScenarioHost = { id: 'av-host', mac: '02:00:5e:10:00:14', ip4: '192.168.1.20', ip6: '2001:db8:1:1::20' };

const LAN4 = '192.168.1.1';
const LAN6 = '2001:db8:1:1::1';
/** Yandex public DNS (RU, AS13238). */
const RESOLVER_RU = '77.88.8.8';

const at = (resolver: string, ttl = 300, cname?: string): ScenarioLookup =>
  cname === undefined ? { resolver, ttl } : { resolver, ttl, cname };

/** The clean host's traffic, with its lookups sent to `r4` (IPv4) and `r6` (IPv6) resolvers. */
function baseSessions(r4: string, r6: string): ScenarioSession[] {
  const host = AV_HOST.id;
  return [
    { atMs: 0, host, kind: 'https', name: 'licence.vendor.example', server: '52.56.92.140', dns: at(r4, 600),
      up: [612], down: [1_840], rttMs: 14, purpose: 'licence check', location: 'GB (gwa, dbip); AS16509 Amazon' },
    { atMs: 1_200, host, kind: 'https', name: 'updates.vendor.example', server: '52.208.164.37', dns: at(r4, 120, 'eu-west-1.updates.vendor.example'),
      up: [480, 520], down: [3_900, 46_000], rttMs: 22, purpose: 'update manifest, then signature delta', location: 'IE (gwa, dbip); AS16509 Amazon' },
    { atMs: 4_000, host, kind: 'https', name: 'cdn.updates.example.net', server: '2a01:4f8:c17:2a10::5', dns: at(r6, 3_600),
      up: [510], down: [58_000], rttMs: 18, purpose: 'full definitions package over IPv6', location: 'DE (gwa, dbip); AS24940 Hetzner' },
    { atMs: 9_000, host, kind: 'quic', name: 'rep.vendor.example', server: '20.50.2.37', dns: at(r4, 60),
      up: [380], down: [260], rttMs: 12, purpose: 'file reputation look-up', location: 'NL (gwa, dbip); AS8075 Microsoft' },
    { atMs: 15_500, host, kind: 'quic', name: 'rep.vendor.example', server: '20.50.2.37', dns: null,
      up: [420], down: [240], rttMs: 12, purpose: 'file reputation look-up (cached answer)', location: 'NL (gwa, dbip); AS8075 Microsoft' },
    { atMs: 23_000, host, kind: 'quic', name: 'rep.vendor.example', server: '20.50.2.37', dns: null,
      up: [350, 360], down: [230, 250], rttMs: 12, purpose: 'two reputation look-ups (cached answer)', location: 'NL (gwa, dbip); AS8075 Microsoft' },
    { atMs: 30_000, host, kind: 'dns', name: 'status.vendor.example', server: '52.208.164.37', dns: at(r4, 60),
      up: [], down: [], rttMs: 10, purpose: 'connectivity probe (lookup only)', location: 'IE (gwa, dbip); AS16509 Amazon' },
  ];
}

const CLEAN_SUMMARY =
  'An anti-virus workstation (192.168.1.20, 2001:db8:1:1::20) checks its licence, fetches signature updates over HTTPS ' +
  '(one mirror over IPv6) and sends file-reputation look-ups over QUIC; every first connection follows a lookup at the LAN resolver. ' +
  'All servers are in GB, IE, DE and NL, and all names are the allowlist example\'s declared vendor endpoints. ' +
  '(Its declared CIDRs are documentation networks, which have no location, so no flow uses them.)';

const VARIANT = 'The traffic of av-clean.pcapng (same sessions, another seed).';

/** The clean host: PASS under both example policies. */
export const AV_CLEAN: Scenario = {
  file: 'av-clean.pcapng',
  title: 'Anti-virus host, clean',
  summary: CLEAN_SUMMARY,
  seed: 2026_07_14,
  start: '2026-07-14T09:00:00Z',
  hosts: [AV_HOST],
  sessions: baseSessions(LAN4, LAN6),
  expectations: [
    { policy: DEFAULT_POLICY, verdict: 'PASS', reasons: [], warnings: [],
      why: 'No destination is located in RU or BY; the lookups go to the LAN resolver, which is local and not judged.' },
    { policy: ALLOWLIST_POLICY, verdict: 'PASS', reasons: [], warnings: [],
      why: 'Every destination is in GB or the EEA and every name is a declared vendor endpoint.' },
  ],
};

/** The same host plus a telemetry upload to Yandex.Cloud in RU: FAIL. */
export const AV_TELEMETRY_RU: Scenario = {
  file: 'av-telemetry-ru.pcapng',
  title: 'Anti-virus host with a telemetry upload to Russia',
  summary: `${VARIANT} In addition it uploads 42 KB of telemetry over HTTPS to telemetry.vendor.example, which resolves to 51.250.64.19 (Yandex.Cloud), located in RU.`,
  seed: 2026_07_15,
  start: '2026-07-14T10:00:00Z',
  hosts: [AV_HOST],
  sessions: [
    ...baseSessions(LAN4, LAN6),
    { atMs: 12_000, host: AV_HOST.id, kind: 'https', name: 'telemetry.vendor.example', server: '51.250.64.19', dns: at(LAN4, 300),
      up: [24_000, 18_000], down: [310, 290], rttMs: 48, purpose: 'telemetry upload, 42 KB in two posts', location: 'RU (gwa, dbip); AS200350 Yandex.Cloud' },
  ],
  expectations: [
    { policy: DEFAULT_POLICY, verdict: 'FAIL', reasons: ['flow.denied_country'], warnings: [],
      why: 'The telemetry flow sends payload to an address both databases place in RU (rule location-ru-by).' },
    { policy: ALLOWLIST_POLICY, verdict: 'FAIL', reasons: ['flow.not_allowed_country'], warnings: [],
      why: 'A declared name does not make a location allowed: RU is in no allow rule.' },
  ],
};

/** The same host plus sample uploads to Fastly, NL by dbip and US by gwa: INCONCLUSIVE under the allowlist. */
export const AV_DISPUTED: Scenario = {
  file: 'av-disputed.pcapng',
  title: 'Anti-virus host uploading samples to a disputed address',
  summary: `${VARIANT} In addition it uploads 37 KB of suspicious samples over HTTPS to samples.vendor.example (CNAME vendor.map.fastly.net), ` +
    '151.101.9.57 (Fastly), which dbip places in NL and gwa in US.',
  seed: 2026_07_16,
  start: '2026-07-14T11:00:00Z',
  hosts: [AV_HOST],
  sessions: [
    ...baseSessions(LAN4, LAN6),
    { atMs: 12_000, host: AV_HOST.id, kind: 'https', name: 'samples.vendor.example', server: '151.101.9.57', dns: at(LAN4, 30, 'vendor.map.fastly.net'),
      up: [16_000, 21_000], down: [220, 240], rttMs: 9, purpose: 'sample upload, 37 KB in two posts', location: 'disputed: NL (dbip), US (gwa); AS54113 Fastly' },
  ],
  expectations: [
    { policy: ALLOWLIST_POLICY, verdict: 'INCONCLUSIVE', reasons: ['geo.disputed'], warnings: [],
      why: 'The sample upload may go to NL (allowed, EEA) or to US (not allowed): the databases disagree and the candidates lead to different outcomes.' },
    { policy: DEFAULT_POLICY, verdict: 'PASS', reasons: [], warnings: [],
      why: 'Under the denylist neither candidate (NL, US) is RU or BY, so the dispute does not change the outcome.' },
  ],
};

/** The clean host's traffic, but every lookup goes to Yandex DNS in RU: FAIL. */
export const AV_DNS_ABROAD: Scenario = {
  file: 'av-dns-abroad.pcapng',
  title: 'Anti-virus host resolving through a resolver in Russia',
  summary: 'The traffic of av-clean.pcapng (same sessions, another seed), but every lookup (A and AAAA, over IPv4) goes to 77.88.8.8 (Yandex public DNS, located in RU) instead of the LAN resolver.',
  seed: 2026_07_17,
  start: '2026-07-14T12:00:00Z',
  hosts: [AV_HOST],
  sessions: baseSessions(RESOLVER_RU, RESOLVER_RU),
  expectations: [
    { policy: DEFAULT_POLICY, verdict: 'FAIL', reasons: ['dns.query_to_disallowed_resolver', 'flow.denied_country'], warnings: [],
      why: 'The host asks a resolver located in RU, and the queries are payload sent to RU. The IPv6 download is named too: ' +
        'its AAAA answer went to the host\'s IPv4 address, and both addresses send from the host\'s one MAC, so the name ' +
        'carries `dns_client` 192.168.1.20 as evidence of that link.' },
  ],
};

/** Every scenario capture, in README order. */
export const AV_SCENARIOS: readonly Scenario[] = [AV_CLEAN, AV_TELEMETRY_RU, AV_DISPUTED, AV_DNS_ABROAD];
