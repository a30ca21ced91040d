/**
 * Escaping for the HTML report. Every string in a report may come from the capture (names, SNI,
 * HTTP Host, DNS queries), from a database or from a saved report file: all of it is treated as
 * attacker-controlled. Escaped text is inert in HTML text content and in quoted attribute values
 * (HTML Living Standard §13.1.2.3 attribute values, §13.2.5 tokenization): it can open no tag,
 * comment, character reference, attribute or raw-text element, and it is never placed inside
 * `<script>`, `<style>`, a URL attribute or an event-handler attribute.
 * @module report/html/escape
 */

/** Longest capture-derived text shown in one place; the JSON report holds the whole value. */
export const HTML_MAX_TEXT = 200;

/**
 * Characters that are not shown as themselves: C0 and C1 controls and DEL (ANSI escape
 * sequences, NUL, CR/LF), format characters (bidirectional overrides that reorder what a reader
 * sees, zero-width characters, BOM), line and paragraph separators, and lone surrogates
 * (which have no UTF-8 encoding).
 */
const INVISIBLE = /^[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]$/u;

/** The five characters with a meaning in HTML text or a quoted attribute value. */
const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text needing no change: printable ASCII other than the five, and common letters. */
const PLAIN = /^[\x20-\x21\x23-\x25\x28-\x3b\x3d\x3f-\x7e]*$/;

/**
 * `s` as inert HTML text, safe in text content and in single- or double-quoted attribute
 * values. `& < > " '` become character references; a control character below 256 is shown as
 * `\ddd` (decimal, as RFC 1035 §5.1 presentation format and the names stage write them), any
 * other invisible character as `\u{XXXX}`, so what a reader sees is what the capture held.
 * Text longer than `max` code points is cut and marked with `…`. Total: any string in, one line
 * of text out.
 */
export function escapeHtml(s: string, max: number = HTML_MAX_TEXT): string {
  if (s.length <= max && PLAIN.test(s)) return s;
  let out = '';
  let n = 0;
  for (const ch of s) {
    if (n++ === max) return out + '…';
    const ent = ENTITIES[ch];
    if (ent !== undefined) out += ent;
    else if (INVISIBLE.test(ch)) out += invisibleText(ch.codePointAt(0)!);
    else out += ch;
  }
  return out;
}

function invisibleText(c: number): string {
  return c < 0x100 ? `\\${String(c).padStart(3, '0')}` : `\\u{${c.toString(16).toUpperCase().padStart(4, '0')}}`;
}
