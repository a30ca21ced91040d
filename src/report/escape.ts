/**
 * Escaping of capture-derived strings for each output format. Everything read from a capture
 * is attacker-controlled (names, SNI, HTTP headers): nothing reaches an output unescaped.
 * @module report/escape
 */

/**
 * Zeek ASCII log escaping: the separator, backslash and non-printable bytes become `\xNN`;
 * an empty string is `(empty)` and a missing value `-` (Zeek's #empty_field / #unset_field).
 */
export function escapeZeekField(v: string | undefined | null): string {
  if (v === undefined || v === null) return '-';
  if (v === '') return '(empty)';
  if (v === '-') return '\\x2d';
  let out = '';
  for (const ch of v) {
    const c = ch.codePointAt(0)!;
    if (c === 0x5c) out += '\\x5c';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c >= 0x80 && c <= 0x9f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out;
}

/**
 * RFC 4180 CSV field. Fields that a spreadsheet would read as a formula (leading = + - @ tab CR)
 * are prefixed with a single quote (OWASP CSV injection guidance); numbers are passed as numbers.
 */
export function escapeCsvField(v: string | number | undefined | null): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'number') return String(v);
  let s = v;
  if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
  // Control characters other than tab are made visible, so a row never spans lines.
  s = s.replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  if (/[",\n\r]/.test(s) || s !== s.trim()) return '"' + s.replace(/"/g, '""') + '"';
  return s;
}
