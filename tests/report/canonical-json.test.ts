import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/report/index.js';

describe('canonicalJson', () => {
  it.each([
    { name: 'sorts keys at every depth', input: { b: 1, a: { d: 2, c: 3 } }, expected: '{\n  "a": {\n    "c": 3,\n    "d": 2\n  },\n  "b": 1\n}\n' },
    { name: 'bigint as a decimal string', input: { n: 12345678901234567890n }, expected: '{\n  "n": "12345678901234567890"\n}\n' },
    { name: 'drops undefined members', input: { a: undefined, b: null }, expected: '{\n  "b": null\n}\n' },
    { name: 'non-finite numbers become null', input: [Number.NaN, Number.POSITIVE_INFINITY], expected: '[\n  null,\n  null\n]\n' },
    { name: 'empty containers', input: { a: [], o: {} }, expected: '{\n  "a": [],\n  "o": {}\n}\n' },
    { name: 'escapes control characters and quotes', input: { s: '"\u0000\n<script>' }, expected: '{\n  "s": "\\"\\u0000\\n<script>"\n}\n' },
    { name: 'lone surrogates stay valid JSON', input: { s: '\ud800' }, expected: '{\n  "s": "\\ud800"\n}\n' },
  ])('$name', ({ input, expected }) => {
    expect(canonicalJson(input)).toBe(expected);
  });

  it('is independent of insertion order', () => {
    expect(canonicalJson({ x: 1, y: [{ q: 1, p: 2 }] })).toBe(canonicalJson({ y: [{ p: 2, q: 1 }], x: 1 }));
  });

  it('round-trips through JSON.parse', () => {
    const v = { a: [1, 'two', { three: true }], b: 'ü' };
    expect(JSON.parse(canonicalJson(v))).toEqual(v);
  });
});

describe('canonicalJson rows', () => {
  it('writes each element of a top-level array on its own line, keys sorted', () => {
    const v = { rows: [{ b: 2, a: 1n }, { c: [1, 2], a: 'x\ny' }], n: 1 };
    expect(canonicalJson(v)).toBe('{\n  "n": 1,\n  "rows": [\n    {"a":"1","b":2},\n    {"a":"x\\ny","c":[1,2]}\n  ]\n}\n');
  });
});
