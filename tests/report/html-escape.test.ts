/**
 * HTML escaping (src/report/html/escape.ts) and the markup builder (markup.ts): the five
 * characters with a meaning in HTML become character references, invisible characters become
 * visible `\ddd` / `\u{XXXX}` text, long text is cut, and attribute values are always quoted and
 * escaped. Hostile names (`<script>`, attribute break-outs, `</style>`, `javascript:`, NUL, ANSI)
 * come out as inert text.
 */
import { describe, expect, it } from 'vitest';
import { escapeHtml, HTML_MAX_TEXT } from '../../src/report/index.js';
import { el, join, text, textOf } from '../../src/report/html/markup.js';
import { int, qty, timeText } from '../../src/report/html/format.js';
import { HOSTILE, inert } from './html-fixtures.js';

describe('escapeHtml', () => {
  it.each([
    { name: 'script element', input: '<script>alert(1)</script>', expected: '&lt;script&gt;alert(1)&lt;/script&gt;' },
    { name: 'attribute break-out', input: '"><img src=x onerror=alert(1)>', expected: '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;' },
    { name: 'single-quoted break-out', input: "' onmouseover='x", expected: '&#39; onmouseover=&#39;x' },
    { name: 'end of style', input: '</style>', expected: '&lt;/style&gt;' },
    { name: 'javascript: URL is only text', input: 'javascript:alert(1)', expected: 'javascript:alert(1)' },
    { name: 'ampersand, so references stay text', input: '&lt;&amp;', expected: '&amp;lt;&amp;amp;' },
    { name: 'NUL as \\000', input: 'a\u0000b', expected: 'a\\000b' },
    { name: 'ANSI escape as \\027', input: '\u001b[31mred', expected: '\\027[31mred' },
    { name: 'CR LF and tab', input: 'a\r\n\tb', expected: 'a\\013\\010\\009b' },
    { name: 'DEL and a C1 control', input: '\u007f\u009b', expected: '\\127\\155' },
    { name: 'bidi override, zero-width space, BOM', input: '\u202ex\u200b\ufeff', expected: '\\u{202E}x\\u{200B}\\u{FEFF}' },
    { name: 'line separator and a lone surrogate', input: '\u2028\ud800', expected: '\\u{2028}\\u{D800}' },
    { name: 'plain name unchanged', input: 'push.yandex.ru', expected: 'push.yandex.ru' },
    { name: 'non-ASCII letters unchanged', input: 'bücher.example', expected: 'bücher.example' },
    { name: 'backslash stays (presentation format)', input: 'a\\032b', expected: 'a\\032b' },
    { name: 'empty', input: '', expected: '' },
  ])('$name', ({ input, expected }) => {
    expect(escapeHtml(input)).toBe(expected);
  });

  it.each(HOSTILE.map((h) => ({ h })))('$h is inert after escaping', ({ h }) => {
    expect(inert(escapeHtml(h))).toBe(true);
  });

  it('the inertness check tells hostile text apart (javascript: text is harmless outside a URL)', () => {
    expect(HOSTILE.filter((h) => inert(h))).toEqual(['javascript:window.__pwned=1']);
  });

  it.each([
    { name: 'at the limit: whole', input: 'x'.repeat(HTML_MAX_TEXT), expected: 'x'.repeat(HTML_MAX_TEXT) },
    { name: 'one over: cut and marked', input: 'x'.repeat(HTML_MAX_TEXT + 1), expected: `${'x'.repeat(HTML_MAX_TEXT)}…` },
    { name: 'counted in code points, not code units', input: '😀'.repeat(3), max: 2, expected: '😀😀…' },
    { name: 'a reference is never cut in half', input: '<<<', max: 2, expected: '&lt;&lt;…' },
  ])('length cap: $name', ({ input, max, expected }) => {
    expect(escapeHtml(input, max)).toBe(expected);
  });
});

describe('markup builder', () => {
  it.each([
    { name: 'text child escaped', got: () => el('td', null, text('<b>')), expected: '<td>&lt;b&gt;</td>' },
    { name: 'attribute value escaped and double-quoted', got: () => el('tr', { 'data-ip': '"><x onload=y>' }), expected: '<tr data-ip="&quot;&gt;&lt;x onload=y&gt;"></tr>' },
    { name: 'attribute value never cut', got: () => el('p', { title: 'y'.repeat(300) }), expected: `<p title="${'y'.repeat(300)}"></p>` },
    { name: 'boolean attributes', got: () => el('details', { open: true, hidden: false, id: undefined }), expected: '<details open></details>' },
    { name: 'numbers as attributes', got: () => el('rect', { width: 14, height: Number.NaN }), expected: '<rect width="14" height=""></rect>' },
    { name: 'void element', got: () => el('meta', { charset: 'utf-8' }), expected: '<meta charset="utf-8">' },
    { name: 'lists and absent children', got: () => el('ul', null, [el('li', null, text('a')), el('li', null, text('b'))], undefined, false), expected: '<ul><li>a</li><li>b</li></ul>' },
    { name: 'join with a separator', got: () => join([text('a'), text('<'), undefined], ', '), expected: 'a, &lt;' },
    { name: 'absent member', got: () => textOf(undefined), expected: '—' },
    { name: 'member of the wrong type', got: () => textOf(42), expected: '—' },
  ])('$name', ({ got, expected }) => {
    expect(got()).toBe(expected);
  });
});

describe('numbers and times', () => {
  it.each([
    { name: 'int plain', got: () => int(13238), expected: '13238' },
    { name: 'qty grouped with thin spaces', got: () => qty(1234567), expected: '1\u2009234\u2009567' },
    { name: 'qty of a bigint beyond 2^53', got: () => qty(12345678901234567890n), expected: '12\u2009345\u2009678\u2009901\u2009234\u2009567\u2009890' },
    { name: 'qty small', got: () => qty(738), expected: '738' },
    { name: 'int absent', got: () => int(undefined), expected: '—' },
    { name: 'int negative (a tampered report) as text', got: () => int(-1), expected: '-1' },
    { name: 'report time as RFC 3339', got: () => timeText('1717228800.013310000'), expected: '2024-06-01T08:00:00.013310000Z' },
    { name: 'not a report time: escaped text', got: () => timeText('<now>'), expected: '&lt;now&gt;' },
    { name: 'absent time', got: () => timeText(null), expected: '—' },
  ])('$name', ({ got, expected }) => {
    expect(got()).toBe(expected);
  });
});
