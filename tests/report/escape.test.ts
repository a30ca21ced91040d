import { describe, expect, it } from 'vitest';
import { escapeCsvField, escapeZeekField } from '../../src/report/index.js';

describe('escapeZeekField', () => {
  it.each([
    { name: 'unset', input: undefined, expected: '-' },
    { name: 'empty', input: '', expected: '(empty)' },
    { name: 'a lone dash is not the unset marker', input: '-', expected: '\\x2d' },
    { name: 'tab separator', input: 'a\tb', expected: 'a\\x09b' },
    { name: 'newline', input: 'a\nb', expected: 'a\\x0ab' },
    { name: 'backslash', input: 'a\\b', expected: 'a\\x5cb' },
    { name: 'DEL and C1 controls', input: '\u007f\u009b', expected: '\\x7f\\x9b' },
    { name: 'plain text and unicode pass', input: 'www.example.com ü', expected: 'www.example.com ü' },
  ])('$name', ({ input, expected }) => {
    expect(escapeZeekField(input)).toBe(expected);
  });
});

describe('escapeCsvField', () => {
  it.each([
    { name: 'number', input: 42, expected: '42' },
    { name: 'plain', input: 'abc', expected: 'abc' },
    { name: 'comma is quoted', input: 'a,b', expected: '"a,b"' },
    { name: 'quote is doubled', input: 'a"b', expected: '"a""b"' },
    { name: 'formula is neutralised', input: '=HYPERLINK("x")', expected: '"\'=HYPERLINK(""x"")"' },
    { name: 'plus, minus, at', input: '+1', expected: "'+1" },
    { name: 'newline never splits a row', input: 'a\nb', expected: 'a\\x0ab' },
    { name: 'undefined is empty', input: undefined, expected: '' },
  ])('$name', ({ input, expected }) => {
    expect(escapeCsvField(input)).toBe(expected);
  });
});
