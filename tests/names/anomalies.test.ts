/**
 * STYLE rule 6: every names anomaly code is declared once, is dotted lowercase, and is asserted by
 * a table test in tests/names/ (the tables pin the exact code each hostile input produces).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NAMES_ANOMALY_CODES } from '../../src/names/index.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const TESTS = readdirSync(HERE).filter((f) => f.endsWith('.test.ts') && f !== 'anomalies.test.ts').map((f) => readFileSync(join(HERE, f), 'utf8')).join('\n');

describe('names anomaly codes', () => {
  it('are distinct, dotted and lowercase', () => {
    expect(new Set(NAMES_ANOMALY_CODES).size).toBe(NAMES_ANOMALY_CODES.length);
    for (const c of NAMES_ANOMALY_CODES) expect(c).toMatch(/^names\.(dns|tls|http|quic|tcp|flow)\.[a-z0-9_]+$/);
  });
  it.each(NAMES_ANOMALY_CODES.map((c) => [c]))('%s is expected by a test', (code) => {
    expect(TESTS.includes(`'${code}'`)).toBe(true);
  });
});
