/**
 * Command-line parsing (node:util parseArgs). Only the CLI knows flags.
 * @module cli/args
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DEFAULT_LIMITS, parseNat64Prefix, UsageError, withLimits, type Limits } from '../core/index.js';
import { LOG_LEVELS, type LogLevel } from './logger.js';
import type { GeoArgs } from './geo-command.js';
import type { MonitorArgs } from './monitor-command.js';
import { parseReportArgs, type ReportRenderArgs } from './report-command.js';
import { parseCampaign, parseDiff, parseReproduce, type CampaignArgs, type DiffArgs, type ReproduceArgs } from './campaign/args.js';

export type ReportFormat = 'json' | 'conn' | 'csv' | 'csv-destinations' | 'md' | 'html';
const FORMATS: readonly ReportFormat[] = ['json', 'conn', 'csv', 'csv-destinations', 'md', 'html'];

export interface AnalyzeArgs {
  readonly command: 'analyze';
  readonly inputs: readonly string[];
  readonly format: ReportFormat;
  readonly out: string | undefined;
  readonly logLevel: LogLevel;
  readonly limits: Limits;
  readonly pcapReader: 'native' | 'pcap-parser' | undefined;
  /** Omit the wall-clock `run` section (byte-identical reports for the same inputs). */
  readonly reproducible: boolean;
  readonly progress: boolean | undefined;
  /** Policy file; undefined: the default policy. */
  readonly policy: string | undefined;
  readonly geoip: readonly string[];
  readonly embeddedGeo: boolean;
  readonly geoOverrides: readonly string[];
  /** NAT64 prefixes the capture's network translates under (RFC 6052), canonical CIDR text. */
  readonly nat64Prefixes: readonly string[];
  /** Also write every format into this directory. */
  readonly reportDir: string | undefined;
  /** Also print the HTML report to this PDF file (headless Chromium). */
  readonly pdf?: string;
  /** Finished flows listed in full before PASS/IGNORED ones are only counted (default: unlimited, memory permitting). */
  readonly maxReportFlows: number;
}

export type ParsedArgs =
  | AnalyzeArgs
  | MonitorArgs
  | GeoArgs
  | CampaignArgs
  | DiffArgs
  | ReproduceArgs
  | ReportRenderArgs
  | { readonly command: 'help'; readonly topic?: string }
  | { readonly command: 'version' };

export { USAGE } from './usage.js';

/** Parse argv (without node and script). Throws UsageError with a one-line message. */
export function parseCliArgs(argv: readonly string[]): ParsedArgs {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    return { command: 'help' };
  }
  if (command === '--version' || command === 'version') return { command: 'version' };
  if (command === 'geo') return parseGeo(rest);
  if (command === 'monitor') return parseMonitor(rest);
  if (command === 'campaign') return parseCampaign(rest);
  if (command === 'diff') return parseDiff(rest);
  if (command === 'reproduce') return parseReproduce(rest);
  if (command === 'report') return parseReportArgs(rest);
  if (command !== 'analyze') throw new UsageError(`unknown command '${command}' (try --help)`);
  return parseAnalyze(rest);
}

function parseGeo(argv: readonly string[]): ParsedArgs {
  const parsed = strictParse(argv, {
    json: { type: 'boolean', default: false },
    geoip: { type: 'string', multiple: true },
    'no-embedded': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  });
  const v = parsed.values;
  if (v.help === true) return { command: 'help', topic: 'geo' };
  if (parsed.positionals.length === 0) throw new UsageError('geo needs at least one IP address');
  const geoip = v.geoip ?? [];
  if (v['no-embedded'] === true && geoip.length === 0) throw new UsageError('--no-embedded needs at least one --geoip database');
  return { command: 'geo', ips: parsed.positionals, json: v.json === true, geoip, embedded: v['no-embedded'] !== true };
}

/** Where and how the report is written (analyze and monitor). */
const REPORT_OPTIONS = {
  format: { type: 'string', default: 'json' },
  out: { type: 'string', short: 'o' },
  'report-dir': { type: 'string' },
  'log-level': { type: 'string', default: 'warn' },
  reproducible: { type: 'boolean', default: false },
} as const;

/** The flow table's and reader's limits (see limitsFrom). */
const LIMIT_OPTIONS = {
  'max-flows': { type: 'string' },
  'tcp-timeout': { type: 'string' },
  'udp-timeout': { type: 'string' },
  'other-timeout': { type: 'string' },
  'fragment-timeout': { type: 'string' },
  'max-frame-bytes': { type: 'string' },
} as const;

/** The policy and the geolocation it is judged with. */
const JUDGEMENT_OPTIONS = {
  policy: { type: 'string' },
  geoip: { type: 'string', multiple: true },
  'no-embedded-geo': { type: 'boolean', default: false },
  'geo-overrides': { type: 'string', multiple: true },
  'nat64-prefix': { type: 'string', multiple: true },
} as const;

/** The checked values of REPORT_OPTIONS. */
function reportArgs(v: { format?: string; out?: string; 'report-dir'?: string; 'log-level'?: string; reproducible?: boolean }) {
  const format = v.format as ReportFormat;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not '${v.format}'`);
  const logLevel = v['log-level'] as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
  return { format, out: v.out, reportDir: v['report-dir'], logLevel, reproducible: v.reproducible === true };
}

/** The checked values of JUDGEMENT_OPTIONS. */
function judgementArgs(v: { policy?: string; geoip?: string[]; 'no-embedded-geo'?: boolean; 'geo-overrides'?: string[]; 'nat64-prefix'?: string[] }) {
  if (v['no-embedded-geo'] === true && (v.geoip ?? []).length === 0) throw new UsageError('--no-embedded-geo needs at least one --geoip database');
  const nat64Prefixes = (v['nat64-prefix'] ?? []).map((t) => {
    const r = parseNat64Prefix(t);
    if ('problem' in r) throw new UsageError(`--nat64-prefix '${t}': ${r.problem}`);
    return r.prefix;
  });
  return { policy: v.policy, geoip: v.geoip ?? [], embeddedGeo: v['no-embedded-geo'] !== true, geoOverrides: v['geo-overrides'] ?? [], nat64Prefixes };
}

function parseAnalyze(argv: readonly string[]): ParsedArgs {
  const parsed = strictParse(argv, {
    ...REPORT_OPTIONS,
    ...LIMIT_OPTIONS,
    ...JUDGEMENT_OPTIONS,
    'pcap-reader': { type: 'string' },
    'max-report-flows': { type: 'string' },
    pdf: { type: 'string' },
    progress: { type: 'boolean' },
    'no-progress': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  const v = parsed.values;
  if (v.help === true) return { command: 'help', topic: 'analyze' };
  if (parsed.positionals.length === 0) throw new UsageError('analyze needs at least one capture file (or - for standard input)');
  if (parsed.positionals.filter((p) => p === '-').length > 1) throw new UsageError("standard input ('-') can be given only once");
  const reader = v['pcap-reader'];
  if (reader !== undefined && reader !== 'native' && reader !== 'pcap-parser') {
    throw new UsageError("--pcap-reader must be 'native' or 'pcap-parser'");
  }
  return {
    command: 'analyze',
    inputs: parsed.positionals,
    ...reportArgs(v),
    ...judgementArgs(v),
    limits: limitsFrom(v),
    pcapReader: reader,
    progress: v['no-progress'] === true ? false : v.progress,
    maxReportFlows: v['max-report-flows'] === undefined ? Number.POSITIVE_INFINITY : positiveInt('--max-report-flows', v['max-report-flows']),
    ...(v.pdf === undefined ? {} : { pdf: v.pdf }),
  };
}

/** node:util parseArgs with positionals, strict, and its errors as one-line UsageErrors. */
function strictParse<O extends NonNullable<ParseArgsConfig['options']>>(argv: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...argv], allowPositionals: true, strict: true, options });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0] ?? 'bad arguments', { cause: e });
  }
}

function limitsFrom(v: Record<string, string | boolean | string[] | undefined>): Limits {
  const o: { -readonly [K in keyof Limits]?: Limits[K] } = {};
  if (v['max-flows'] !== undefined) o.maxActiveFlows = positiveInt('--max-flows', v['max-flows']);
  if (v['max-frame-bytes'] !== undefined) o.maxFrameBytes = positiveInt('--max-frame-bytes', v['max-frame-bytes']);
  if (v['tcp-timeout'] !== undefined) o.tcpIdleTimeoutNs = seconds('--tcp-timeout', v['tcp-timeout']);
  if (v['udp-timeout'] !== undefined) o.udpIdleTimeoutNs = seconds('--udp-timeout', v['udp-timeout']);
  if (v['other-timeout'] !== undefined) o.otherIdleTimeoutNs = seconds('--other-timeout', v['other-timeout']);
  if (v['fragment-timeout'] !== undefined) o.fragmentTimeoutNs = seconds('--fragment-timeout', v['fragment-timeout']);
  return withLimits(o);
}

function positiveInt(flag: string, s: string | boolean | string[]): number {
  const n = Number(s);
  if (typeof s !== 'string' || !/^\d+$/.test(s) || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`${flag} needs a positive integer, not '${String(s)}'`);
  }
  return n;
}

function seconds(flag: string, s: string | boolean | string[]): bigint {
  if (typeof s !== 'string' || !/^\d+(\.\d{1,9})?$/.test(s) || Number(s) <= 0) {
    throw new UsageError(`${flag} needs a positive number of seconds, not '${String(s)}'`);
  }
  const [whole = '0', frac = ''] = s.split('.');
  return BigInt(whole) * 1_000_000_000n + BigInt(frac.padEnd(9, '0'));
}

function parseMonitor(argv: readonly string[]): ParsedArgs {
  const parsed = strictParse(argv, {
    interface: { type: 'string', short: 'i' },
    ...REPORT_OPTIONS,
    ...LIMIT_OPTIONS,
    ...JUDGEMENT_OPTIONS,
    'status-every': { type: 'string', default: '10' },
    'alert-cmd': { type: 'string' },
    save: { type: 'string' },
    'report-every': { type: 'string' },
    'max-report-flows': { type: 'string', default: '100000' },
    'max-report-dns': { type: 'string' },
    rotate: { type: 'string', default: '100M' },
    keep: { type: 'string', default: '10' },
    help: { type: 'boolean', short: 'h' },
  });
  const v = parsed.values;
  if (v.help === true) return { command: 'help', topic: 'monitor' };
  if (parsed.positionals.length > 1 || (parsed.positionals.length === 1 && parsed.positionals[0] !== '-')) {
    throw new UsageError("monitor reads standard input ('-') or --interface, not files (use analyze for files)");
  }
  return {
    command: 'monitor',
    interface: v.interface,
    ...reportArgs(v),
    ...judgementArgs(v),
    limits: limitsFrom(v),
    statusEverySeconds: positiveInt('--status-every', v['status-every'] ?? '10'),
    alertCmd: v['alert-cmd'],
    reportEverySeconds: v['report-every'] === undefined ? undefined : positiveInt('--report-every', v['report-every']),
    maxReportFlows: positiveInt('--max-report-flows', v['max-report-flows'] ?? '100000'),
    maxReportDns: positiveInt('--max-report-dns', v['max-report-dns'] ?? v['max-report-flows'] ?? '100000'),
    save: v.save === undefined ? undefined : { dir: v.save, rotateBytes: byteSize('--rotate', v.rotate ?? '100M'), keep: positiveInt('--keep', v.keep ?? '10') },
  };
}

/** `100M`, `2G`, `512K` or a number of bytes. */
function byteSize(flag: string, s: string): number {
  const m = /^(\d+)([KMG]?)$/i.exec(s);
  const n = m === null ? NaN : Number(m[1]) * ({ '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 } as Record<string, number>)[m[2]!.toUpperCase()]!;
  if (!Number.isSafeInteger(n) || n < 4096) throw new UsageError(`${flag} needs a size of at least 4096 bytes (e.g. 100M), not '${s}'`);
  return n;
}
