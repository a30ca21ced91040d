/** src/geo imports only src/core (and node:, maxmind, ip-cidr); geodata jurisdiction groups are well-formed. */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

describe('geo layout', () => {
  it('src/geo imports nothing but ./, ../core/index.js, node:, maxmind and ip-cidr', () => {
    const dir = join(ROOT, 'src/geo');
    const bad: string[] = [];
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/from\s+['"]([^'"]+)['"]/g)) {
        const spec = m[1]!;
        if (!(spec.startsWith('./') || spec === '../core/index.js' || spec.startsWith('node:') || spec === 'maxmind' || spec === 'ip-cidr')) bad.push(`${f} -> ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('country groups: sorted unique ISO codes, a source and a date each, EEA ⊇ EU', () => {
    const { groups } = JSON.parse(readFileSync(join(ROOT, 'geodata/jurisdictions/country-groups.json'), 'utf8')) as {
      groups: Array<{ id: string; members: string[]; source: string; as_of: string }>;
    };
    for (const g of groups) {
      expect(g.members.every((c) => /^[A-Z]{2}$/.test(c))).toBe(true);
      expect([...new Set(g.members)].sort()).toEqual(g.members);
      expect(g.source.length).toBeGreaterThan(10);
      expect(g.as_of).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    const by = new Map(groups.map((g) => [g.id, g.members]));
    expect(by.get('EU')).toHaveLength(27);
    expect(by.get('EU')!.every((c) => by.get('EEA')!.includes(c))).toBe(true);
  });
});
