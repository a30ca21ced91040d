/**
 * Provenance: what produced the verdict, so a vendor or a third party can reproduce it. Tool
 * version, every capture's sha256, the policy's, every database's id, type, build date, sha256
 * and attribution line (CC BY 4.0 §3(a)(1) requires the attribution with every copy of the data's
 * use), overrides, parameters, and the `run` section when present.
 * @module report/markdown-provenance
 */
import { escapeMarkdown as esc, escapeMarkdownValue as value } from './markdown-escape.js';
import { int, list, NONE, plural, table, text } from './markdown-format.js';
import { arr, num, obj, str, strs, type JsonObject } from './markdown-read.js';
import { formatRfc3339Ns } from './time.js';

/** `1717228800.000000000` (report time text) as RFC 3339, or the escaped text when it is not one. */
function timeText(v: unknown): string {
  const s = str(v);
  if (s === undefined) return NONE;
  const m = /^(-?)(\d{1,15})\.(\d{9})$/.exec(s);
  if (m === null) return esc(s);
  const ns = BigInt(m[2]!) * 1_000_000_000n + BigInt(m[3]!);
  return formatRfc3339Ns(m[1] === '-' ? -ns : ns) ?? esc(s);
}

function capturesTable(r: JsonObject): string[] {
  const caps = arr(r['captures']).map(obj);
  if (caps.length === 0) return ['No capture recorded.'];
  return table(
    ['#', 'Capture', 'Format', 'Frames', 'Bytes', 'First packet', 'Last packet', 'SHA-256'],
    ['r', 'l', 'l', 'r', 'r', 'l', 'l', 'l'],
    caps.map((c) => [
      int(num(c['input'])),
      text(c['name']),
      `${text(c['format'])}${str(c['compression']) === 'gzip' ? ', gzip' : ''}`,
      int(num(c['frames'])),
      int(num(c['bytes'])),
      timeText(c['first_ts']),
      timeText(c['last_ts']),
      text(c['sha256']),
    ]),
  );
}

function ageText(st: JsonObject): string {
  const age = num(st['age_days']);
  if (age === undefined) return NONE;
  if (st['built_after_capture'] === true || age < 0) return `built ${int(Math.abs(age))} days after`;
  return `${plural(age, 'day')}${st['stale'] === true ? ' (stale)' : ''}`;
}

function databasesTable(dbs: readonly JsonObject[]): string[] {
  return table(
    ['Database', 'Type', 'Build date', 'Age at capture', 'SHA-256'],
    ['l', 'l', 'l', 'l', 'l'],
    dbs.map((d) => [text(d['id']), text(d['type']), text(d['build_date'], value), ageText(obj(d['staleness'])), text(d['sha256'])]),
  );
}

/** Attribution lines, never shortened: the licences require them whole. */
function attributions(dbs: readonly JsonObject[]): string[] {
  return dbs.map((d) => {
    const a = str(d['attribution']);
    const id = text(d['id']);
    if (a !== undefined && a !== '') return `- ${id}: ${esc(a, Infinity)}`;
    return `- ${id}: no attribution line recorded; licence: ${str(d['licence']) === undefined ? 'not recorded' : esc(str(d['licence'])!, Infinity)}`;
  });
}

/** Notes when a database was built after the capture or is older than its maximum age. */
export function stalenessNotes(dbs: readonly JsonObject[]): string[] {
  const after = dbs.filter((d) => obj(d['staleness'])['built_after_capture'] === true);
  const stale = dbs.filter((d) => obj(d['staleness'])['stale'] === true);
  const out: string[] = [];
  if (after.length > 0) {
    const ids = after.map((d) => esc(str(d['id']) ?? '?')).join(', ');
    out.push(`> **Note:** ${after.length === 1 ? 'database' : 'databases'} ${ids} ${after.length === 1 ? 'was' : 'were'} built after the capture: ${after.length === 1 ? 'it describes' : 'they describe'} the Internet as it was later, and an address may have moved since the capture was taken.`);
  }
  for (const d of stale) {
    const st = obj(d['staleness']);
    out.push(`> **Note:** database ${text(d['id'])} was ${int(num(st['age_days']))} days old at the capture's date (more than ${int(num(st['max_age_days']))}): its answers may be out of date.`);
  }
  return out;
}

function policyLine(r: JsonObject): string {
  const p = obj(r['policy']);
  if (str(p['id']) === undefined) return '- Policy: none recorded';
  return `- Policy: ${text(p['id'])} (${text(p['mode'])}) from ${text(p['source'])}, SHA-256 ${text(p['sha256'])}`;
}

function parametersLine(r: JsonObject): string {
  const l = obj(r['limits']);
  const keys = Object.keys(l).sort();
  if (keys.length === 0) return '- Parameters: none recorded';
  return `- Parameters: ${keys.map((k) => `${esc(k)} ${typeof l[k] === 'number' ? int(l[k] as number) : text(l[k])}`).join('; ')}`;
}

function overridesLines(r: JsonObject): string[] {
  const ovs = arr(r['geo_overrides']).map(obj);
  if (ovs.length === 0) return ['- Geolocation overrides: none'];
  return ['- Geolocation overrides:', ...ovs.map((o) => `  - ${text(o['source'])}: ${plural(num(o['entries']) ?? 0, 'entry', 'entries')}, SHA-256 ${text(o['sha256'])}`)];
}

function runLines(r: JsonObject): string[] {
  if (r['run'] === undefined) return [];
  const run = obj(r['run']);
  return [
    '',
    '### Run',
    '',
    `- Started ${text(run['started_at'])}, finished ${text(run['finished_at'])} (${int(num(run['elapsed_ms']))} ms), Node.js ${text(run['node'])}`,
    `- Arguments: ${list(strs(run['argv']), 20)}`,
  ];
}

/** `## Provenance`. */
export function provenanceSection(r: JsonObject): string[] {
  const tool = obj(r['tool']);
  const dbs = arr(r['databases']).map(obj);
  return [
    '## Provenance',
    '',
    `- Tool: ${text(tool['name'])} ${text(tool['version'])}; report schema ${text(r['schema'])}`,
    policyLine(r),
    ...overridesLines(r),
    parametersLine(r),
    '',
    '### Captures',
    '',
    ...capturesTable(r),
    '',
    '### Geolocation databases',
    '',
    ...(dbs.length === 0 ? ['No database recorded.'] : [...databasesTable(dbs), '', 'Attribution (required by the databases\' licences):', '', ...attributions(dbs)]),
    ...runLines(r),
  ];
}
