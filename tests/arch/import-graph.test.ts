/**
 * STYLE rule 1: imports run one way along the pipeline, only through each stage's index.ts,
 * and core imports nothing from other stages.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');
const ORDER = ['core', 'capture', 'decode', 'flow', 'names', 'geo', 'policy', 'report', 'pipeline', 'cli'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

interface Edge { readonly from: string; readonly file: string; readonly target: string }

function edges(): Edge[] {
  const out: Edge[] = [];
  for (const f of files(SRC)) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/g)) {
      const target = resolve(dirname(f), m[1]!);
      out.push({ from: f, file: relative(SRC, f), target: relative(SRC, target) });
    }
  }
  return out;
}

const stageOf = (rel: string): string => rel.split(sep)[0]!;

describe('import graph', () => {
  const all = edges();

  it('finds imports to check', () => {
    expect(all.length).toBeGreaterThan(10);
  });

  it('only imports earlier stages (or core), never later ones', () => {
    const bad = all.filter((e) => {
      const a = ORDER.indexOf(stageOf(e.file));
      const b = ORDER.indexOf(stageOf(e.target));
      return a === -1 || b === -1 || b > a || (stageOf(e.file) === 'core' && b !== a);
    });
    expect(bad.map((e) => `${e.file} -> ${e.target}`)).toEqual([]);
  });

  it('crosses stage boundaries only through index.ts', () => {
    const bad = all.filter((e) => stageOf(e.file) !== stageOf(e.target) && !/index\.js$/.test(e.target));
    expect(bad.map((e) => `${e.file} -> ${e.target}`)).toEqual([]);
  });

  it('keeps files, flags and exit codes in cli/ only', () => {
    const bad = files(SRC)
      .filter((f) => !relative(SRC, f).startsWith('cli'))
      .filter((f) => /process\.(exit|argv|exitCode)|console\./.test(readFileSync(f, 'utf8')));
    expect(bad.map((f) => relative(SRC, f))).toEqual([]);
  });
});
