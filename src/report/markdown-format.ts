/**
 * Markdown building blocks for the report: GFM tables, inline lists and numbers. Cells are
 * given already escaped (markdown-escape.ts); nothing here formats by locale or clock.
 * @module report/markdown-format
 */
import { escapeMarkdown } from './markdown-escape.js';
import { str } from './markdown-read.js';

/** Shown for a value that is absent. */
export const NONE = '—';

/** Column alignment: left or right (numbers). */
export type Align = 'l' | 'r';

/**
 * A GFM table (GFM spec §4.10). Every cell is padded with spaces, so a cell that ends in an
 * escaped backslash never escapes the column's pipe.
 */
export function table(head: readonly string[], align: readonly Align[], rows: readonly (readonly string[])[]): string[] {
  const line = (cells: readonly string[]): string => `| ${cells.map((c) => (c === '' ? NONE : c)).join(' | ')} |`;
  const rule = `|${head.map((_, i) => (align[i] === 'r' ? '---:' : '---')).join('|')}|`;
  return [line(head), rule, ...rows.map(line)];
}

/** A number (or bigint) as decimal text; a non-finite or absent one as `—`. */
export function int(v: number | bigint | undefined): string {
  if (v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return NONE;
  const s = v.toString();
  // A saved report may hold -1 or 1e+21: such text is escaped like any other.
  return /^\d+$/.test(s) ? s : escapeMarkdown(s);
}

/** `part` of `whole` as a percentage with one decimal (`—` when `whole` is 0). */
export function percent(part: number, whole: number): string {
  return whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : NONE;
}

/** A ratio 0..1 as a percentage with one decimal. */
export function ratio(v: number | undefined): string {
  return v === undefined ? NONE : `${(v * 100).toFixed(1)}%`;
}

/** An escaped, comma-separated list of the first `max` strings, then `+N more`. */
export function list(items: readonly string[], max: number, esc: (s: string) => string = escapeMarkdown): string {
  if (items.length === 0) return NONE;
  const shown = items.slice(0, max).map((s) => esc(s)).join(', ');
  return items.length > max ? `${shown} (+${items.length - max} more)` : shown;
}

/** An escaped string member, or `—`. */
export function text(v: unknown, esc: (s: string) => string = escapeMarkdown): string {
  const s = str(v);
  return s === undefined || s === '' ? NONE : esc(s);
}

/** Singular or plural noun after a count: `1 flow`, `2 flows`. */
export function plural(n: number | bigint, noun: string, nouns = `${noun}s`): string {
  return `${int(n)} ${n === 1 || n === 1n ? noun : nouns}`;
}
