/**
 * Provenance: what produced the verdict, so a vendor or a third party can reproduce it. Tool
 * version, every capture's sha256, the policy's, every database's id, type, build date, age,
 * sha256 and attribution line (CC BY 4.0 §3(a)(1) requires the attribution with every use of the
 * data, so it is never shortened), overrides, parameters, and the `run` section when present.
 * Also the notes shown under the verdict when a database is stale or newer than the capture.
 * @module report/html/provenance
 */
import { arr, num, obj, str, strs, type JsonObject } from '../markdown-read.js';
import { code, int, plural, qty, textList, timeText } from './format.js';
import { el, join, NONE, table, td, text, textOf, trusted, type Html } from './markup.js';

function capturesTable(r: JsonObject): Html {
  const caps = arr(r['captures']).map(obj);
  if (caps.length === 0) return el('p', null, trusted('No capture recorded.'));
  return table(
    { class: 'captures' },
    ['#', 'Capture', 'Format', 'Frames', 'Bytes', 'First packet (UTC)', 'Last packet (UTC)', 'SHA-256'],
    caps.map((c) =>
      el(
        'tr',
        null,
        td(int(num(c['input'])), { num: true }),
        td(textOf(c['name']), { cls: 'name' }),
        td(join([textOf(c['format']), str(c['compression']) === 'gzip' ? trusted(', gzip') : undefined])),
        td(qty(num(c['frames'])), { num: true }),
        td(qty(num(c['bytes'])), { num: true }),
        td(timeText(c['first_ts'])),
        td(timeText(c['last_ts'])),
        td(code(c['sha256']), { cls: 'hash' }),
      ),
    ),
    new Set([0, 3, 4]),
  );
}

function ageText(st: JsonObject): Html {
  const age = num(st['age_days']);
  if (age === undefined) return NONE;
  if (st['built_after_capture'] === true || age < 0) return join([trusted('built '), plural(Math.abs(age), 'day'), trusted(' after')]);
  return join([plural(age, 'day'), st['stale'] === true ? trusted(' (stale)') : undefined]);
}

function databasesTable(dbs: readonly JsonObject[]): Html {
  return table(
    { class: 'databases' },
    ['Database', 'Type', 'Source', 'Build date', 'Age at capture', 'SHA-256'],
    dbs.map((d) =>
      el('tr', null, td(code(d['id'])), td(textOf(d['type'])), td(textOf(d['source'], Infinity)), td(textOf(d['build_date'])), td(ageText(obj(d['staleness']))), td(code(d['sha256']), { cls: 'hash' })),
    ),
  );
}

/** Attribution lines, never shortened: the licences require them whole. */
function attributions(dbs: readonly JsonObject[]): Html {
  return el(
    'ul',
    { class: 'attribution' },
    dbs.map((d) => {
      const a = str(d['attribution']);
      if (a !== undefined && a !== '') return el('li', null, code(d['id']), trusted(': '), text(a, Infinity));
      return el('li', null, code(d['id']), trusted(': no attribution line recorded; licence: '), str(d['licence']) === undefined ? trusted('not recorded') : text(str(d['licence'])!, Infinity));
    }),
  );
}

/** Notes when a database was built after the capture or is older than its maximum age. */
export function stalenessNotes(r: JsonObject): Html[] {
  const dbs = arr(r['databases']).map(obj);
  const after = dbs.filter((d) => obj(d['staleness'])['built_after_capture'] === true);
  const out: Html[] = [];
  if (after.length > 0) {
    const ids = join(after.map((d) => code(d['id'])), ', ');
    const one = after.length === 1;
    out.push(join([trusted(one ? 'Database ' : 'Databases '), ids, trusted(one ? ' was built after the capture: it describes' : ' were built after the capture: they describe'), trusted(' the Internet as it was later, and an address may have moved since the capture was taken.')]));
  }
  for (const d of dbs.filter((x) => obj(x['staleness'])['stale'] === true)) {
    const st = obj(d['staleness']);
    out.push(join([trusted('Database '), code(d['id']), trusted(' was '), int(num(st['age_days'])), trusted(' days old at the capture’s date (more than '), int(num(st['max_age_days'])), trusted('): its answers may be out of date.')]));
  }
  return out;
}

function item(label: string, value: Html): Html {
  return el('tr', null, el('th', { scope: 'row' }, text(label)), el('td', null, value));
}

function facts(r: JsonObject): Html {
  const tool = obj(r['tool']);
  const p = obj(r['policy']);
  const l = obj(r['limits']);
  const ovs = arr(r['geo_overrides']).map(obj);
  const run = r['run'] === undefined ? undefined : obj(r['run']);
  const rows: Html[] = [
    item('Tool', join([textOf(tool['name']), trusted(' '), textOf(tool['version']), trusted('; report schema '), code(r['schema'])])),
    item('Policy', str(p['id']) === undefined ? trusted('none recorded') : join([textOf(p['id']), trusted(' ('), textOf(p['mode']), trusted(') from '), textOf(p['source']), trusted(', SHA-256 '), code(p['sha256'])])),
    item('Geolocation overrides', ovs.length === 0 ? trusted('none') : join(ovs.map((o) => join([textOf(o['source']), trusted(': '), plural(num(o['entries']) ?? 0, 'entry', 'entries'), trusted(', SHA-256 '), code(o['sha256'])])), '; ')),
    item('Parameters', Object.keys(l).length === 0 ? trusted('none recorded') : join(Object.keys(l).sort().map((k) => join([code(k), trusted(' '), typeof l[k] === 'number' ? int(l[k] as number) : textOf(l[k])])), '; ')),
  ];
  if (run !== undefined) {
    rows.push(
      item('Run', join([trusted('started '), textOf(run['started_at']), trusted(', finished '), textOf(run['finished_at']), trusted(' ('), int(num(run['elapsed_ms'])), trusted(' ms), Node.js '), textOf(run['node'])])),
      item('Arguments', textList(strs(run['argv']), 20)),
    );
  }
  return el('table', { class: 'kv' }, el('tbody', null, rows));
}

/** `Provenance`. */
export function provenanceSection(r: JsonObject): Html {
  const dbs = arr(r['databases']).map(obj);
  return el(
    'section',
    { id: 'provenance' },
    el('h2', null, trusted('Provenance')),
    facts(r),
    el('h3', null, trusted('Captures')),
    capturesTable(r),
    el('h3', null, trusted('Geolocation databases')),
    dbs.length === 0
      ? el('p', null, trusted('No database recorded.'))
      : join([databasesTable(dbs), el('p', null, trusted('Attribution (required by the databases’ licences):')), attributions(dbs)]),
  );
}
