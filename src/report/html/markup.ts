/**
 * A tiny HTML builder that makes escaping structural: markup is the branded type `Html`, and a
 * plain string becomes `Html` only through `text()` (escaped) or `trusted()` (code constants,
 * never report data). Elements take their children as `Html`, so a report string cannot reach the
 * output unescaped without a visible `trusted(...)` in the code. Attribute values are always
 * escaped and double-quoted; attribute names and tag names are code constants.
 * @module report/html/markup
 */
import { escapeHtml, HTML_MAX_TEXT } from './escape.js';
import { str } from '../markdown-read.js';

declare const HTML: unique symbol;
/** A fragment of well-formed, escaped markup. */
export type Html = string & { readonly [HTML]: true };

/** Attribute values: text (escaped), a number, `true` (a bare attribute); false/undefined: left out. */
export type Attrs = Readonly<Record<string, string | number | boolean | undefined>>;

/** A child: markup, a list of markup, or nothing. */
export type Child = Html | readonly Html[] | undefined | false;

/** Shown for a value that is absent. */
export const NONE = '—' as Html;

/** Escaped text (see escapeHtml); `max` code points at most. */
export function text(s: string, max: number = HTML_MAX_TEXT): Html {
  return escapeHtml(s, max) as Html;
}

/** Markup written in the code itself (never a value from a report). */
export function trusted(s: string): Html {
  return s as Html;
}

/** Void elements (HTML §13.1.2): no end tag. */
const VOID = new Set(['br', 'hr', 'img', 'input', 'meta', 'wbr', 'col']);

/** `<tag attrs>children</tag>`; attributes in the order given. */
export function el(tag: string, attrs: Attrs | null, ...children: Child[]): Html {
  let open = `<${tag}`;
  if (attrs !== null) {
    for (const name of Object.keys(attrs)) {
      const v = attrs[name];
      if (v === undefined || v === false) continue;
      open += v === true ? ` ${name}` : ` ${name}="${typeof v === 'number' ? numberAttr(v) : escapeHtml(v, Infinity)}"`;
    }
  }
  if (VOID.has(tag)) return `${open}>` as Html;
  return `${open}>${join(children)}</${tag}>` as Html;
}

function numberAttr(v: number): string {
  return Number.isFinite(v) ? String(v) : '';
}

/** Children concatenated, with an optional separator written by the code. */
export function join(children: readonly Child[], sep = ''): Html {
  const parts: string[] = [];
  for (const c of children) {
    if (c === undefined || c === false) continue;
    if (typeof c === 'string') parts.push(c);
    else parts.push(c.join(sep));
  }
  return parts.join(sep) as Html;
}

/** An escaped string member, or `—` when absent or empty. */
export function textOf(v: unknown, max: number = HTML_MAX_TEXT): Html {
  const s = str(v);
  return s === undefined || s === '' ? NONE : text(s, max);
}

/** A table: head cells, then rows of cells (each `<td>` or `<th>` built by the caller). */
export function table(attrs: Attrs, head: readonly (Html | string)[], rows: readonly Html[], numeric: ReadonlySet<number> = new Set()): Html {
  const ths = head.map((h, i) => el('th', { scope: 'col', class: numeric.has(i) ? 'num' : undefined }, typeof h === 'string' ? text(h) : h));
  return el('table', attrs, el('thead', null, el('tr', null, ths)), el('tbody', null, rows));
}

/** A data cell; `sortKey` (a number) is what the sorting script compares. */
export function td(content: Html, o: { readonly num?: boolean; readonly sortKey?: string; readonly cls?: string } = {}): Html {
  const cls = [o.num === true ? 'num' : '', o.cls ?? ''].filter((c) => c !== '').join(' ');
  return el('td', { class: cls === '' ? undefined : cls, 'data-v': o.sortKey }, content);
}
