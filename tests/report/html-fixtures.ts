/**
 * Shared by the HTML report tests (unit and browser): hostile strings, a report value poisoned
 * with them in every string, and a structural check of a rendered report: the only raw-text
 * elements are the report's own style sheet and script, every tag and attribute is one the
 * renderer writes, links only point inside the page, and all text is inert.
 */
import { REPORT_SCRIPT } from '../../src/report/html/script.js';
import { REPORT_STYLE } from '../../src/report/html/style.js';
import { dnsConversation, httpConversation, LAN_RESOLVER, scenarioPcap, tlsConversation } from '../builders/scenario.js';

/** Hostile strings a capture (or a tampered report file) can carry. */
export const HOSTILE = [
  '<script>window.__pwned=1</script>',
  '"><img src=x onerror=window.__pwned=1>',
  "'><svg onload=window.__pwned=1>",
  '</style><script>window.__pwned=1</script>',
  '</title><script>window.__pwned=1</script>',
  'javascript:window.__pwned=1',
  'nul\u0000byte',
  '\u001b[31mred\u001b[0m',
  '&lt;script&gt; &amp; &#x3c;',
  '\u202eevil\u200b\ufeff\u2028\ud800',
  '<!-- ]]> </textarea> <![CDATA[',
];

/** True when `s` is inert HTML text: no tag, no quote, no raw control, only known references. */
export function inert(s: string): boolean {
  return !/[<>"']/.test(s) && !/&(?!(amp|lt|gt|quot|#39);)/.test(s) && !/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u.test(s);
}

/**
 * `report` with a hostile string prepended to every string value (cycling through HOSTILE) and
 * hostile keys added to the maps whose keys are rendered (`coverage.frames_not_ip`, `limits`).
 */
export function poison(report: unknown): unknown {
  let i = 0;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return HOSTILE[i++ % HOSTILE.length]! + v;
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  const out = walk(report) as Record<string, Record<string, unknown>>;
  if (out['coverage'] !== undefined) out['coverage']['frames_not_ip'] = { [HOSTILE[0]!]: 1, [HOSTILE[1]!]: 2 };
  if (out['limits'] !== undefined) out['limits'][HOSTILE[3]!] = HOSTILE[4];
  return out;
}

/** Every element the renderer writes (HTML and inline SVG). */
const TAGS = new Set([
  'html', 'head', 'meta', 'title', 'style', 'body', 'header', 'h1', 'h2', 'h3', 'h4', 'p', 'strong', 'span', 'code', 'nav', 'ul', 'li', 'a',
  'main', 'section', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'div', 'details', 'summary', 'figure', 'figcaption', 'footer', 'script',
  'svg', 'defs', 'pattern', 'path', 'g', 'rect',
]);
/** Every attribute the renderer writes: none is an event handler, a style or a URL other than href. */
const ATTRS = new Set([
  'lang', 'charset', 'http-equiv', 'content', 'name', 'id', 'class', 'href', 'scope', 'data-v', 'data-verdict', 'data-ip', 'data-cc', 'data-filter',
  'open', 'role', 'aria-label', 'aria-labelledby', 'aria-hidden', 'xmlns', 'viewbox', 'width', 'height', 'patternunits', 'patterntransform', 'd',
]);

/** Problems found in a rendered report (empty: well-formed as far as these rules go). */
export function structureProblems(html: string): string[] {
  const problems: string[] = [];
  const count = (re: RegExp): number => (html.match(re) ?? []).length;
  if (count(/<script/gi) !== 1 || count(/<\/script/gi) !== 1) problems.push('not exactly one script element');
  if (count(/<style/gi) !== 1 || count(/<\/style/gi) !== 1) problems.push('not exactly one style element');
  if (!html.includes(`<script>${REPORT_SCRIPT}</script>`)) problems.push('script is not the report script');
  if (!html.includes(`<style>${REPORT_STYLE}</style>`)) problems.push('style is not the report style sheet');
  const head = '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; ';
  if (!html.startsWith(head)) problems.push('CSP is not the first thing in head');
  const body = html
    .replace(`<script>${REPORT_SCRIPT}</script>`, '')
    .replace(`<style>${REPORT_STYLE}</style>`, '')
    .replace(/^<!DOCTYPE html>\n/, '');
  const tag = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z][a-zA-Z-]*(?:="[^"<>]*")?)*)\s*>/g;
  for (const m of body.matchAll(tag)) {
    const name = m[2]!.toLowerCase();
    if (!TAGS.has(name)) problems.push(`unexpected element <${name}>`);
    for (const a of m[3]!.matchAll(/\s+([a-zA-Z][a-zA-Z-]*)(?:="([^"]*)")?/g)) {
      const attr = a[1]!.toLowerCase();
      if (!ATTRS.has(attr)) problems.push(`unexpected attribute ${attr} on <${name}>`);
      if (attr === 'href' && !(a[2] ?? '').startsWith('#')) problems.push(`link out of the page: ${a[2]}`);
      if (!inert(a[2] ?? '')) problems.push(`attribute ${attr} not inert`);
    }
  }
  const textOnly = body.replace(tag, '').replace(/\n/g, '');
  if (!inert(textOnly)) problems.push(`text is not inert: ${JSON.stringify(textOnly.match(/.{0,40}[<>"'\p{Cc}].{0,40}/u)?.[0])}`);
  return problems;
}

const HOST = '10.0.0.1';
/** Addresses the embedded databases place in RU (denied by the default policy), GB and US. */
export const RU = '5.255.255.158';
const GB = '212.58.233.71';
const US = '13.107.42.182';
const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

/**
 * A classic pcap whose names are hostile: TLS SNIs carrying a `<script>` element (to a RU
 * address, so it also lands in an evidence panel), an attribute break-out with an `onerror`
 * handler, `</style>` and `javascript:`; an HTTP Host with NUL, an ANSI escape and a tag. Each script
 * would set `window.__pwned` if it ever ran.
 */
export function hostileCapture(): Uint8Array {
  return scenarioPcap([
    dnsConversation(HOST, LAN_RESOLVER, 'x.example', [RU]),
    tlsConversation(HOST, RU, latin1('<script>window.__pwned=1</script>'), { up: 100 }),
    tlsConversation(HOST, GB, latin1('"><img src=x onerror=window.__pwned=1>'), { up: 100 }),
    tlsConversation(HOST, US, latin1('</style><script>window.__pwned=1</script>'), { up: 100 }),
    tlsConversation(HOST, US, latin1('javascript:window.__pwned=1'), { up: 100 }),
    httpConversation(HOST, US, 'nul\x00ansi\x1b[31m<b>bold'),
  ]);
}
