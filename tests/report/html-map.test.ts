/**
 * The map of the HTML report: per-country totals (agreed vs disputed bytes, country-rule
 * violations), the log-scale shade classes, the compact SVG path data (read back, it is d3-geo's
 * geometry rounded to tenths), the ISO 3166-1 numeric → alpha-2 table (against the policy stage's
 * alpha-2 list and every world-atlas shape), and the SVG drawn for a report.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { geoEqualEarth, geoPath } from 'd3-geo';
import { ISO3166_ALPHA2 } from '../../src/policy/iso3166.js';
import { countryTotals, shadeClass } from '../../src/report/html/countries.js';
import { alpha2FromNumeric, countryName, isoNumericPairs } from '../../src/report/html/iso-numeric.js';
import { mapSvg, notOnMap } from '../../src/report/html/map.js';
import { compactPath, tenths } from '../../src/report/html/svg-path.js';

type Dest = Record<string, unknown>;
const dest = (countries: string[], bytes: number, o: Dest = {}): Dest => ({
  ip: '198.51.100.1',
  verdict: 'PASS',
  flows: 1,
  payload_bytes_sent: bytes,
  reasons: [],
  location: { status: countries.length > 1 ? 'disputed' : countries.length === 1 ? 'agree' : 'unknown', countries },
  ...o,
});
const denied = [{ code: 'flow.denied_country', count: 1, effect: 'fail', rules: ['r'] }];

describe('countryTotals', () => {
  it.each([
    {
      name: 'agreed bytes add up per country, most bytes first',
      input: [dest(['DE'], 10), dest(['US'], 5), dest(['DE'], 7)],
      expected: [{ country: 'DE', destinations: 2, bytes: 17n, possibleBytes: 0n }, { country: 'US', destinations: 1, bytes: 5n, possibleBytes: 0n }],
    },
    {
      name: 'a disputed destination counts as possible for every candidate',
      input: [dest(['NL', 'US'], 100), dest(['US'], 1)],
      expected: [{ country: 'US', destinations: 1, bytes: 1n, possibleBytes: 100n }, { country: 'NL', destinations: 0, bytes: 0n, possibleBytes: 100n }],
    },
    {
      name: 'no country: one row, last',
      input: [dest([], 50), dest(['GB'], 1)],
      expected: [{ country: 'GB', destinations: 1, bytes: 1n, possibleBytes: 0n }, { country: '', destinations: 1, bytes: 50n, possibleBytes: 0n }],
    },
    {
      name: 'bytes as decimal text (bigint counters) are exact',
      input: [dest(['DE'], 0, { payload_bytes_sent: '18446744073709551616' })],
      expected: [{ country: 'DE', destinations: 1, bytes: 18446744073709551616n, possibleBytes: 0n }],
    },
  ])('$name', ({ input, expected }) => {
    const got = countryTotals({ destinations: input }).map(({ country, destinations, bytes, possibleBytes }) => ({ country, destinations, bytes, possibleBytes }));
    expect(got).toEqual(expected);
  });

  it.each([
    { name: 'agreed location with a denied-country reason', input: dest(['RU'], 9, { verdict: 'FAIL', reasons: denied }), expected: ['RU'] },
    { name: 'not-allowed country (allowlist)', input: dest(['RU'], 9, { verdict: 'FAIL', reasons: [{ code: 'flow.not_allowed_country' }] }), expected: ['RU'] },
    { name: 'disputed and FAIL: every candidate violates', input: dest(['BY', 'RU'], 9, { verdict: 'FAIL', reasons: denied }), expected: ['BY', 'RU'] },
    { name: 'disputed and INCONCLUSIVE: which candidate is unknown', input: dest(['NL', 'US'], 9, { verdict: 'INCONCLUSIVE', reasons: [{ code: 'geo.disputed' }, ...denied] }), expected: [] },
    { name: 'a non-country rule (domain) marks no country', input: dest(['DE'], 9, { verdict: 'FAIL', reasons: [{ code: 'flow.denied_domain' }] }), expected: [] },
  ])('disallowed: $name', ({ input, expected }) => {
    expect(countryTotals({ destinations: [input] }).filter((t) => t.disallowed).map((t) => t.country).sort()).toEqual(expected);
  });
});

describe('shadeClass (log scale, one class per factor of ten)', () => {
  it.each([
    [0n, 0], [1n, 1], [99n, 1], [100n, 2], [999n, 2], [1000n, 3], [9999n, 3], [10_000n, 4], [100_000n, 5], [999_999n, 5], [1_000_000n, 6], [10n ** 30n, 6],
  ])('%s bytes → class %s', (bytes, expected) => {
    expect(shadeClass(bytes)).toBe(expected);
  });
});

/** Absolute points of path data in the compact form (M x y, l dx dy …, z), in tenths. */
function readCompact(d: string): number[][] {
  const rings: number[][] = [];
  let x = 0;
  let y = 0;
  for (const m of d.matchAll(/([Mlz])([^Mlz]*)/g)) {
    const nums = (m[2]!.match(/-?(\d+\.?\d*|\.\d+)/g) ?? []).map((s) => Math.round(Number(s) * 10));
    if (m[1] === 'M') rings.push([(x = nums[0]!), (y = nums[1]!)]);
    else if (m[1] === 'l') for (let i = 0; i < nums.length; i += 2) rings.at(-1)!.push((x += nums[i]!), (y += nums[i + 1]!));
  }
  return rings;
}

/** Absolute points of d3-geo path data (M x,y L x,y … Z), in tenths, repeated points dropped. */
function readD3(d: string): number[][] {
  const rings: number[][] = [];
  for (const m of d.matchAll(/([MLZ])([^MLZ]*)/g)) {
    const [x, y] = m[2]!.split(',').map((s) => Math.round(Number(s) * 10));
    if (m[1] === 'M') rings.push([x!, y!]);
    else if (m[1] === 'L') {
      const r = rings.at(-1)!;
      if (r.at(-2) !== x || r.at(-1) !== y) r.push(x!, y!);
    }
  }
  return rings;
}

describe('compact SVG path data', () => {
  it.each([
    [0, '0'], [5, '.5'], [-5, '-.5'], [15, '1.5'], [-15, '-1.5'], [20, '2'], [-20, '-2'], [9601, '960.1'],
  ])('tenths(%s) = %s', (n, expected) => {
    expect(tenths(n)).toBe(expected);
  });

  it.each([
    { name: 'relative line-tos, no separator before - or a second point', input: 'M10,10L11.5,10L11.5,9.5L11,10Z', expected: 'M10 10l1.5 0 0-.5-.5.5z' },
    { name: 'repeated points dropped', input: 'M1,1L1,1L2,1Z', expected: 'M1 1l1 0z' },
    { name: 'several rings', input: 'M0,0L1,0ZM5,5L5,6Z', expected: 'M0 0l1 0zM5 5l0 1z' },
  ])('$name', ({ input, expected }) => {
    expect(compactPath(input)).toBe(expected);
  });

  it('every country of the atlas reads back as d3-geo drew it, rounded to tenths', () => {
    const topo = createRequire(import.meta.url)('world-atlas/countries-110m.json') as { objects: { countries: unknown } };
    return import('topojson-client').then(({ feature }) => {
      const fc = feature(topo as never, topo.objects.countries as never) as unknown as { features: unknown[] };
      const path = geoPath(geoEqualEarth().fitWidth(952, fc as never)).digits(1);
      let points = 0;
      for (const f of fc.features) {
        const d = path(f as never) ?? '';
        const want = readD3(d);
        expect(readCompact(compactPath(d))).toEqual(want);
        points += want.flat().length;
      }
      expect(points).toBeGreaterThan(10_000);
    });
  });
});

describe('ISO 3166-1 numeric → alpha-2', () => {
  it('covers exactly the officially assigned alpha-2 codes, with unique three-digit numerics', () => {
    const pairs = isoNumericPairs();
    expect(pairs.map(([, a]) => a).sort()).toEqual([...ISO3166_ALPHA2].sort());
    expect(new Set(pairs.map(([n]) => n)).size).toBe(pairs.length);
    for (const [n] of pairs) expect(n).toMatch(/^\d{3}$/);
  });

  it.each([
    ['643', 'RU', 'Russian Federation'], ['840', 'US', 'United States of America'], ['826', 'GB', 'United Kingdom'], ['004', 'AF', 'Afghanistan'],
    ['276', 'DE', 'Germany'], ['528', 'NL', 'Netherlands'], ['112', 'BY', 'Belarus'], ['158', 'TW', 'Taiwan'], ['275', 'PS', 'Palestine, State of'],
  ])('%s → %s (%s)', (numeric, alpha2, name) => {
    expect(alpha2FromNumeric(numeric)).toBe(alpha2);
    expect(countryName(alpha2)).toBe(name);
  });

  it('maps every world-atlas shape that has an id', () => {
    const topo = createRequire(import.meta.url)('world-atlas/countries-110m.json') as { objects: { countries: { geometries: { id?: string }[] } } };
    const ids = topo.objects.countries.geometries.map((g) => g.id).filter((id): id is string => id !== undefined);
    expect(ids.length).toBeGreaterThan(170);
    expect(ids.filter((id) => alpha2FromNumeric(id) === undefined)).toEqual([]);
  });
});

describe('the map SVG', () => {
  const svg = mapSvg(countryTotals({
    destinations: [dest(['RU'], 2504, { verdict: 'FAIL', reasons: denied }), dest(['NL', 'US'], 3700), dest(['US'], 20_117), dest(['SG'], 10), dest([], 3)],
  }));

  it('shades each drawn country once, with its class and a tooltip', () => {
    const shaded = [...svg.matchAll(/<path class="country (s\d)" data-cc="([A-Z]{2})"/g)].map((m) => [m[2], m[1]]);
    expect(shaded).toEqual([['US', 's4'], ['NL', 's3'], ['RU', 's3']]);
    expect(svg).toContain('<title>RU Russian Federation: 2\u2009504 payload bytes sent; 1 destination; a country rule was broken here</title>');
  });

  it('hatches countries a disputed destination may be in, and outlines broken country rules', () => {
    expect(svg.match(/<path class="hatch"/g)).toHaveLength(2);
    expect(svg.match(/<path class="deny"/g)).toHaveLength(1);
  });

  it('lists what it cannot draw (too small at 1:110m, or no country)', () => {
    expect(notOnMap(countryTotals({ destinations: [dest(['SG'], 1), dest(['RU'], 1), dest([], 1)] }))).toEqual(['SG', '']);
  });

  it('has a fixed size, rounded coordinates, and the same bytes every time', () => {
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="world" viewBox="0 0 960 \d+"/);
    expect(svg).not.toMatch(/\d\.\d\d/);
    expect(mapSvg(countryTotals({ destinations: [dest(['US'], 20_117)] }))).toBe(mapSvg(countryTotals({ destinations: [dest(['US'], 20_117)] })));
    expect(svg.length).toBeLessThan(90_000);
  });
});
