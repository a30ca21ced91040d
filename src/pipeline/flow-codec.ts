/**
 * A finished flow and its names as one line of JSON, and back, for the flow spool: the record's
 * fields by position (no keys: a third smaller and faster to write), nanosecond times as decimal
 * text. Decoding gives a value deep-equal to the one encoded (tests/pipeline/flow-spool.test.ts
 * checks it on every flow of the real captures).
 * @module pipeline/flow-codec
 */
import type { FlowRecord } from '../flow/index.js';
import type { FlowNames, NameEvidence, ProxyRequest } from '../names/index.js';
import type { FinishedFlow } from '../report/index.js';

/** The record's fields, in the order they are written. */
const FIELDS = [
  'uid', 'proto', 'ipProto', 'ipVersion', 'origH', 'origP', 'respH', 'respP', 'vlan', 'origL2Addr', 'respL2Addr',
  'tunnels', 'firstTsNs', 'lastTsNs', 'firstFrame', 'lastFrame', 'origPkts', 'respPkts', 'origIpBytes', 'respIpBytes',
  'origBytes', 'respBytes', 'origRstBytes', 'respRstBytes', 'connState', 'history', 'communityId', 'icmpErrors',
  'sampleFrames', 'endReason',
] as const satisfies readonly (keyof FlowRecord)[];

/** Every field of FlowRecord is written (a field added to the record and not here fails to compile). */
type Unwritten = Exclude<keyof FlowRecord, (typeof FIELDS)[number]>;
const EVERY_FIELD_WRITTEN: [Unwritten] extends [never] ? true : Unwritten = true;
void EVERY_FIELD_WRITTEN;

const FIRST_TS = FIELDS.indexOf('firstTsNs');
const LAST_TS = FIELDS.indexOf('lastTsNs');
/** Optional fields: absent when written as null. */
const OPTIONAL: ReadonlySet<number> = new Set([FIELDS.indexOf('origL2Addr'), FIELDS.indexOf('respL2Addr')]);

type Mutable = { -readonly [K in keyof FlowRecord]: FlowRecord[K] };

/** One finished flow as a line of JSON (no newline). */
export function encodeFlow(rec: FlowRecord, names: FlowNames): string {
  const row: unknown[] = new Array(FIELDS.length + 1);
  for (let i = 0; i < FIELDS.length; i++) {
    const v = rec[FIELDS[i]!];
    row[i] = typeof v === 'bigint' ? v.toString() : v === undefined ? null : v;
  }
  row[FIELDS.length] = namesOut(names);
  return JSON.stringify(row);
}

/** The flow `encodeFlow` wrote. */
export function decodeFlow(line: string): FinishedFlow {
  const row = JSON.parse(line) as unknown[];
  const rec: Partial<Mutable> = {};
  const out = rec as Record<string, unknown>;
  for (let i = 0; i < FIELDS.length; i++) {
    const v = row[i];
    if (v === null && OPTIONAL.has(i)) continue;
    out[FIELDS[i]!] = i === FIRST_TS || i === LAST_TS ? BigInt(v as string) : v;
  }
  return { rec: rec as FlowRecord, names: namesIn(row[FIELDS.length] as Record<string, unknown>) };
}

/** Names with their nanosecond times as text (JSON has no bigint). */
function namesOut(n: FlowNames): unknown {
  if (n.names.length === 0 && n.proxied === undefined) return n;
  return { ...n, names: n.names.map(evidenceOut), ...(n.proxied === undefined ? {} : { proxied: n.proxied.map(proxyOut) }) };
}

function evidenceOut(e: NameEvidence): unknown {
  return e.tsNs === null ? e : { ...e, tsNs: e.tsNs.toString() };
}

function proxyOut(p: ProxyRequest): unknown {
  return { ...p, tsNs: p.tsNs.toString(), ...(p.names === undefined ? {} : { names: p.names.map(evidenceOut) }) };
}

function namesIn(n: Record<string, unknown>): FlowNames {
  const names = n['names'] as Record<string, unknown>[];
  const proxied = n['proxied'] as Record<string, unknown>[] | undefined;
  if (names.length === 0 && proxied === undefined) return n as unknown as FlowNames;
  for (const e of names) evidenceIn(e);
  for (const p of proxied ?? []) {
    p['tsNs'] = BigInt(p['tsNs'] as string);
    for (const e of (p['names'] as Record<string, unknown>[] | undefined) ?? []) evidenceIn(e);
  }
  return n as unknown as FlowNames;
}

function evidenceIn(e: Record<string, unknown>): void {
  if (e['tsNs'] !== null) e['tsNs'] = BigInt(e['tsNs'] as string);
}
