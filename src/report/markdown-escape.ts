/**
 * Escaping for the Markdown report. Every string in a report may come from the capture (names,
 * SNI, HTTP Host, DNS queries) or from a database or a saved report file: all are treated as
 * attacker-controlled. The escaped text is inert in CommonMark 0.31 and GFM: no link, image,
 * autolink, HTML, entity, mention, issue reference, maths, emphasis, heading, list or table break.
 * @module report/markdown-escape
 */

/**
 * ASCII punctuation that means something to CommonMark, GFM or common extensions. CommonMark §2.4:
 * any ASCII punctuation character may be backslash-escaped and is then literal. Beyond the
 * CommonMark syntax: `|` (GFM table cells), `~` (strikethrough), `:` and `.` (GFM extended
 * autolinks `http://x.y`, `www.x.y`, and mail clients' link detection), `@` (e-mail autolinks,
 * GitHub mentions), `#` (issue references), `$` (GitHub maths), `&` (entity references), `=`
 * (setext underlines, `==mark==`).
 */
const META = new Set('\\`*_{}[]<>()#+-.!|~&:@$='.split(''));

/**
 * Characters that are not shown as themselves: C0 and C1 controls and DEL (ANSI escape
 * sequences, NUL, CR/LF that would end a table row), format characters (bidirectional overrides
 * that reorder what a reader sees, zero-width characters, BOM), line and paragraph separators,
 * and lone surrogates.
 */
const INVISIBLE = /^[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]$/u;

/** Longest capture-derived text shown in a cell; the JSON report holds the whole value. */
export const MD_MAX_TEXT = 200;

/**
 * `s` as inert Markdown inline text. Metacharacters are backslash-escaped; a control character
 * below 256 is shown as `\ddd` (decimal, as RFC 1035 §5.1 presentation format and the names stage
 * write them), any other invisible character as `\u{XXXX}`; a literal backslash stays a backslash,
 * so names already in presentation format read the same as in the JSON report. Text longer than
 * `max` code points is cut and marked with `…`. Total: any string in, one line out.
 */
export function escapeMarkdown(s: string, max: number = MD_MAX_TEXT): string {
  let out = '';
  let n = 0;
  for (const ch of s) {
    if (n++ === max) return out + '…';
    if (META.has(ch)) out += '\\' + ch;
    else if (INVISIBLE.test(ch)) out += '\\\\' + invisibleText(ch.codePointAt(0)!);
    else out += ch;
  }
  return out;
}

function invisibleText(c: number): string {
  return c < 0x100 ? String(c).padStart(3, '0') : `u\\{${c.toString(16).toUpperCase().padStart(4, '0')}\\}`;
}

/** Text that is safe in Markdown as it is: letters, digits, spaces and harmless punctuation. */
const PLAIN = /^[A-Za-z0-9 ,;/?%'"^]*$/;

/**
 * Like `escapeMarkdown`, but IPv4 and IPv6 addresses and networks and `YYYY-MM-DD` dates
 * (well-formed text only) are kept as they are, so the usual values in a report stay readable:
 * inside a line, digits with dots, colons or dashes start no Markdown construct and no autolink.
 */
export function escapeMarkdownValue(s: string): string {
  if (PLAIN.test(s) && s.length <= MD_MAX_TEXT) return s;
  if (/^\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?$/.test(s)) return s;
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return s;
  if (s.length <= 50 && /^[0-9a-f]{0,4}(:[0-9a-f]{0,4}){2,7}(\/\d{1,3})?$/.test(s)) return s;
  return escapeMarkdown(s);
}
