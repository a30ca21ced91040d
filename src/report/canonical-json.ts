/**
 * Canonical JSON: object keys sorted, bigint as decimal strings, undefined dropped, two-space
 * indent, trailing newline. Same value in, same bytes out (STYLE rule 9).
 * @module report/canonical-json
 */

/** A value the canonical serializer accepts. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | bigint
  | undefined
  | readonly JsonValue[]
  | { readonly [k: string]: JsonValue };

/** Serialize `value` canonically. Non-finite numbers become null (they are not JSON). */
export function canonicalJson(value: JsonValue): string {
  const out: string[] = [];
  write(value, '', out);
  out.push('\n');
  return out.join('');
}

function write(v: JsonValue, indent: string, out: string[]): void {
  if (v === null || v === undefined) {
    out.push('null');
  } else if (typeof v === 'string') {
    out.push(JSON.stringify(v));
  } else if (typeof v === 'number') {
    out.push(Number.isFinite(v) ? String(v) : 'null');
  } else if (typeof v === 'bigint') {
    out.push(JSON.stringify(v.toString()));
  } else if (typeof v === 'boolean') {
    out.push(v ? 'true' : 'false');
  } else if (Array.isArray(v)) {
    writeArray(v as readonly JsonValue[], indent, out);
  } else {
    writeObject(v as { readonly [k: string]: JsonValue }, indent, out);
  }
}

function writeArray(v: readonly JsonValue[], indent: string, out: string[]): void {
  if (v.length === 0) {
    out.push('[]');
    return;
  }
  const inner = indent + '  ';
  out.push('[\n');
  for (let i = 0; i < v.length; i++) {
    out.push(inner);
    write(v[i], inner, out);
    out.push(i < v.length - 1 ? ',\n' : '\n');
  }
  out.push(indent, ']');
}

function writeObject(v: { readonly [k: string]: JsonValue }, indent: string, out: string[]): void {
  const keys = Object.keys(v)
    .filter((k) => v[k] !== undefined)
    .sort();
  if (keys.length === 0) {
    out.push('{}');
    return;
  }
  const inner = indent + '  ';
  out.push('{\n');
  keys.forEach((k, i) => {
    out.push(inner, JSON.stringify(k), ': ');
    write(v[k], inner, out);
    out.push(i < keys.length - 1 ? ',\n' : '\n');
  });
  out.push(indent, '}');
}
