/**
 * Hostile names from the capture (a DNS query name, a TLS SNI, HTTP Host headers) carrying a
 * spreadsheet formula (`=cmd|' /C calc'!A0`), pipes, backticks, `<script>`, an ANSI escape
 * (ESC [31m), newlines, NUL, commas and double quotes, through the real CLI in every format:
 * JSON stays valid with no control character in any value, conn.log keeps one line per flow with
 * every column in place (Zeek escaping), CSV keeps RFC 4180 records with formulas neutralised.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { dnsConversation, httpConversation, LAN_RESOLVER, scenarioDir, scenarioPcap, tlsConversation } from '../builders/scenario.js';

const HOST = '10.0.0.1';
const GB = '212.58.233.71';
const US = '13.107.42.182';
const FORMULA = "=cmd|' /C calc'!A0";
/** A DNS name (labels ≤ 63 bytes, so the message is valid): every hostile piece in some label. */
const DNS_NAME = `${FORMULA}.a|b.\`id\`.<script>x</script>.\x1b[31mred.a\nb.c\x00d.q"u,o.example`;
const SNI = `${FORMULA}|\`id\`<script>\x1b[31m\nx\x00,"q`;
/** HTTP Host values: a header line cannot hold CR or LF, everything else goes. */
const LEADS = ['=', '+', '-', '@'] as const;
const hostFor = (lead: string): string => `${lead}SUM(1+1)|\`id\`<script>\x1b[31m\x00,"q`;
const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

const { save } = scenarioDir();
const CAPTURE = save('hostile.pcap', scenarioPcap([
  dnsConversation(HOST, LAN_RESOLVER, DNS_NAME, [GB]),
  tlsConversation(HOST, GB, latin1(SNI), { up: 100 }),
  ...LEADS.map((l) => httpConversation(HOST, US, hostFor(l))),
]));
/** One DNS flow, one TLS flow, one HTTP flow per leading character. */
const FLOWS = 2 + LEADS.length;

async function render(format: 'json' | 'conn' | 'csv'): Promise<string> {
  const r = await runCli(['analyze', '--reproducible', '--format', format, CAPTURE]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0); // GB and US under the default policy: the names change nothing
  return r.stdout;
}

/** Control characters other than the ones a format's own structure uses. */
const controls = (allowed: string): RegExp => new RegExp(`[^\\P{Cc}${allowed}]`, 'u');

/** RFC 4180 records (CRLF line ends; quoted fields with doubled quotes). Throws on bad syntax. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new Error('unterminated quoted field');
        field += text.slice(i, q);
        i = q + 1;
        if (text[i] !== '"') break;
        field += '"';
        i++;
      }
    } else {
      const m = /[,\r\n"]/.exec(text.slice(i));
      const end = m === null ? text.length : i + m.index;
      if (text[end] === '"') throw new Error(`bare quote in an unquoted field at ${end}`);
      field = text.slice(i, end);
      i = end;
    }
    row.push(field);
    if (text[i] === ',') i++;
    else if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else throw new Error(`expected , or CRLF at ${i}`);
  }
  if (row.length > 0) throw new Error('last record without CRLF');
  return rows;
}

describe('hostile names: neutralised in every format', () => {
  it('JSON: valid, no control character anywhere, the names are there in escaped form', async () => {
    const out = await render('json');
    const rep = JSON.parse(out) as { flows: { name: string | null; names: { value: string }[] }[]; dns: { query: string }[] };
    expect(out).not.toMatch(controls('\\n'));
    const values = [...rep.flows.flatMap((f) => [f.name ?? '', ...f.names.map((n) => n.value)]), ...rep.dns.map((d) => d.query)];
    for (const v of values) expect(v).not.toMatch(controls(''));
    // The names were kept (a test that dropped them would prove nothing): the DNS name and the
    // SNI (each in the TLS flow's names, the SNI as its name too), and every Host.
    const distinct = (needle: string): number => new Set(values.filter((v) => v.includes(needle))).size;
    expect(distinct('calc')).toBe(2);
    expect(rep.dns).toHaveLength(1);
    expect(rep.dns[0]!.query).toMatch(/calc.*<script>/);
    expect(distinct('sum(1+1)')).toBe(LEADS.length);
  });

  it('conn.log: one line per flow, every line with all the #fields columns, no raw control character', async () => {
    const out = await render('conn');
    const lines = out.split('\n');
    expect(lines.pop()).toBe('');
    const fields = lines.find((l) => l.startsWith('#fields\t'))!.split('\t').slice(1);
    const data = lines.filter((l) => !l.startsWith('#'));
    expect(data).toHaveLength(FLOWS);
    for (const l of data) {
      expect(l).not.toMatch(controls('\\t'));
      expect(l.split('\t')).toHaveLength(fields.length);
    }
    const name = fields.indexOf('name');
    const names = data.map((l) => l.split('\t')[name]!);
    expect(names.filter((n) => n.includes('calc') && n.includes('<script>'))).toHaveLength(1);
    expect(names.filter((n) => n.includes('sum(1+1)'))).toHaveLength(LEADS.length);
    // Zeek escaping: the backslash of the names stage's \DDD escapes is itself escaped.
    for (const n of names) expect(n).not.toMatch(/\\(?!x[0-9a-f]{2})/);
  });

  it('CSV: RFC 4180 records, one per flow, formulas neutralised, no raw control character', async () => {
    const out = await render('csv');
    expect(out.replace(/\r\n/g, '')).not.toMatch(controls(''));
    const [header, ...rows] = parseCsv(out);
    expect(rows).toHaveLength(FLOWS);
    for (const r of rows) expect(r).toHaveLength(header!.length);
    const col = (k: string): number => header!.indexOf(k);
    const named = rows.filter((r) => r[col('name')] !== '');
    expect(named).toHaveLength(FLOWS - 1);
    for (const r of named) {
      for (const k of ['name', 'names']) {
        const v = r[col(k)]!;
        expect(v, `${k} ${v}`).not.toMatch(/^[=+\-@\t\r]/);
        expect(v, `${k} ${v}`).toMatch(/^'[=+\-@]/);
      }
    }
    const hosts = named.map((r) => r[col('name')]!).filter((v) => v.includes('sum(1+1)')).map((v) => v[1]).sort();
    expect(hosts).toEqual([...LEADS].sort());
    // Fields holding a comma or a quote were quoted (the parse above would have split them).
    expect(named.some((r) => r[col('name')]!.includes(',"q'))).toBe(true);
  });
});
