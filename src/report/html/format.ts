/**
 * Numbers, times, verdict badges and lists for the HTML report. Nothing here reads a locale or
 * the clock: digit grouping and dates are written by hand, so the same report gives the same bytes
 * on every host.
 * @module report/html/format
 */
import { formatRfc3339Ns } from '../time.js';
import { str } from '../markdown-read.js';
import { el, join, NONE, text, trusted, type Html } from './markup.js';

/** An integer as plain decimal text (frame numbers, ports, AS numbers, small counts); `—` when absent. */
export function int(v: number | bigint | undefined): Html {
  if (v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return NONE;
  const s = v.toString();
  // A saved report may hold -1 or 1e+21: such text is shown escaped.
  return /^\d+$/.test(s) ? trusted(s) : text(s);
}

/** A quantity (bytes, frames) with thin-space digit groups (`13 472`, SI style), exact for bigint. */
export function qty(v: number | bigint | undefined): Html {
  const plain = int(v);
  return /^\d+$/.test(plain) ? trusted(plain.replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009')) : plain;
}

/** `part` of `whole` as a percentage with one decimal (`—` when `whole` is 0). */
export function percent(part: number, whole: number): Html {
  return whole > 0 ? trusted(`${((part / whole) * 100).toFixed(1)}%`) : NONE;
}

/** A ratio 0..1 as a percentage with one decimal. */
export function ratio(v: number | undefined): Html {
  return v === undefined ? NONE : trusted(`${(v * 100).toFixed(1)}%`);
}

/** Singular or plural noun after a count: `1 flow`, `2 flows`. */
export function plural(n: number | bigint, noun: string, nouns = `${noun}s`): Html {
  return join([int(n), trusted(' '), text(n === 1 || n === 1n ? noun : nouns)]);
}

/** `1717228800.000000000` (report time text) as RFC 3339 UTC, or the escaped text when it is not one. */
export function timeText(v: unknown): Html {
  const s = str(v);
  if (s === undefined) return NONE;
  const m = /^(-?)(\d{1,15})\.(\d{9})$/.exec(s);
  if (m === null) return text(s);
  const ns = BigInt(m[2]!) * 1_000_000_000n + BigInt(m[3]!);
  const t = formatRfc3339Ns(m[1] === '-' ? -ns : ns);
  return t === null ? text(s) : trusted(t);
}

/** CSS class of a verdict (a closed list: report text never becomes a class name). */
export function verdictClass(v: string | undefined): string {
  switch (v) {
    case 'FAIL':
      return 'v-fail';
    case 'INCONCLUSIVE':
      return 'v-inconclusive';
    case 'PASS':
      return 'v-pass';
    case 'IGNORED':
      return 'v-ignored';
    default:
      return 'v-other';
  }
}

/** A verdict as a coloured badge (the word is always shown: colour is never the only signal). */
export function badge(v: unknown): Html {
  const s = str(v);
  if (s === undefined) return NONE;
  return el('span', { class: `badge ${verdictClass(s)}` }, text(s));
}

/** The first `max` items joined by `, `, then `(+N more)`; `—` when empty. */
export function list(items: readonly Html[], max: number): Html {
  if (items.length === 0) return NONE;
  const shown = join(items.slice(0, max), ', ');
  return items.length > max ? join([shown, trusted(` (+${items.length - max} more)`)]) : shown;
}

/** Escaped strings joined (see list). */
export function textList(items: readonly string[], max: number): Html {
  return list(items.map((s) => text(s)), max);
}

/** Code-like text (reason codes, uids, hashes) in a monospace span. */
export function code(v: unknown): Html {
  const s = str(v);
  return s === undefined || s === '' ? NONE : el('code', null, text(s));
}
