/**
 * tshark's name sets per corpus file (ORACLE.tsv of the shared corpus) and the comparison the
 * names differential tests make: equal sets, or a listed difference that must still differ (so
 * the list cannot go stale).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { CORPUS_DIR, HAVE_CORPUS } from './corpus.js';

export type NameField = 'dns' | 'sni' | 'http';

/** One file's sets: DNS query names, TLS SNI values, HTTP Host values (lower-cased). */
export interface OracleRow { readonly file: string; readonly dns: Set<string>; readonly sni: Set<string>; readonly http: Set<string> }

/** Back from presentation escapes to raw text, lower-cased, as tshark prints names. */
export function plain(s: string): string {
  return s.replace(/\\(\d{3})/g, (_m, d: string) => String.fromCharCode(Number(d))).replace(/\\(.)/g, '$1').toLowerCase();
}

/** The rows tshark read without error (empty without the corpus); `host` maps each Host value. */
export function oracleRows(host: (x: string) => string = (x) => x): OracleRow[] {
  if (!HAVE_CORPUS) return [];
  const [head, ...lines] = readFileSync(join(CORPUS_DIR, 'ORACLE.tsv'), 'utf8').trim().split('\n');
  const cols = head!.split('\t');
  // ORACLE percent-encodes %, ;, tab, CR and LF inside values (README.md).
  const set = (v: string[], k: string, f: (x: string) => string = (x) => x): Set<string> =>
    new Set((v[cols.indexOf(k)] ?? '').split(';').filter(Boolean).map((x) => f(decodeURIComponent(x).toLowerCase())));
  return lines.map((l) => l.split('\t')).filter((v) => v[cols.indexOf('tshark_rc')] === '0')
    .map((v) => ({ file: v[0]!, dns: set(v, 'dns_qnames'), sni: set(v, 'sni_names'), http: set(v, 'http_hosts', host) }));
}

const sorted = (s: Set<string>): string[] => [...s].sort();

/** Each field equals tshark's, unless `known` lists it with a reason; then it must still differ. */
export function expectNameSets(file: string, got: Readonly<Record<NameField, Set<string>>>, row: OracleRow, known: Partial<Record<NameField, string>> | undefined): void {
  for (const field of ['dns', 'sni', 'http'] as const) {
    const same = JSON.stringify(sorted(got[field])) === JSON.stringify(sorted(row[field]));
    const why = known?.[field];
    if (why === undefined) expect(sorted(got[field]), `${field} of ${file}`).toEqual(sorted(row[field]));
    else expect(same, `${field} of ${file} is listed as differing (${why}) but agrees`).toBe(false);
  }
}
