/**
 * The world map of the HTML report, drawn to inline SVG when the report is rendered: Natural
 * Earth 1:110m country shapes (world-atlas, TopoJSON, decoded with topojson-client) in the Equal
 * Earth projection (d3-geo; equal-area, so a shaded country's size is its real size), fitted to a
 * fixed 960-unit width, coordinates rounded to tenths. Countries are shaded by payload bytes sent
 * on a log scale (countries.ts), hatched when a disputed destination may be there, and outlined
 * when a country rule was broken there. The geometry is computed once per process; only the
 * classes change per report. Deterministic: same totals, same bytes.
 * @module report/html/map
 */
import { createRequire } from 'node:module';
import { geoEqualEarth, geoPath, type GeoPermissibleObjects } from 'd3-geo';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { alpha2FromNumeric, countryName } from './iso-numeric.js';
import { shadeClass, SHADE_LIMITS, type CountryTotals } from './countries.js';
import { plural, qty } from './format.js';
import { compactPath } from './svg-path.js';
import { el, join, text, trusted, type Html } from './markup.js';

/** Map width in SVG units; the height follows from the projection. */
export const MAP_WIDTH = 960;
const PAD = 4;

/** One country's outline: ISO alpha-2 code (if it has one) and compact path data. */
interface CountryShape {
  readonly alpha2: string | undefined;
  readonly d: string;
}

interface BaseMap {
  readonly height: number;
  readonly shapes: readonly CountryShape[];
  /** All outlines in one path: the unshaded land. */
  readonly land: string;
  readonly byCode: ReadonlyMap<string, string>;
}

/** Shapes without an ISO numeric id in world-atlas that the databases do locate: Kosovo (XK). */
const NAMED_WITHOUT_ID: ReadonlyMap<string, string> = new Map([['Kosovo', 'XK']]);
/** Antarctica: no destination is there, and it would take a fifth of the height. */
const LEFT_OUT = new Set(['010']);

let cached: BaseMap | undefined;

/** The projected country outlines (computed on first use). */
function baseMap(): BaseMap {
  if (cached !== undefined) return cached;
  const require = createRequire(import.meta.url);
  const topo = require('world-atlas/countries-110m.json') as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const all = feature(topo, topo.objects.countries).features;
  const features = all.filter((f) => !LEFT_OUT.has(String(f.id)));
  const collection = { type: 'FeatureCollection', features } as GeoPermissibleObjects;
  const projection = geoEqualEarth().fitWidth(MAP_WIDTH - 2 * PAD, collection);
  const [x, y] = projection.translate();
  projection.translate([x + PAD, y + PAD]);
  const path = geoPath(projection).digits(1);
  const height = Math.ceil(path.bounds(collection)[1][1] + PAD);
  const shapes = features.map((f): CountryShape => {
    const alpha2 = f.id === undefined ? NAMED_WITHOUT_ID.get(f.properties.name) : alpha2FromNumeric(String(f.id));
    return { alpha2, d: compactPathOf(path(f)) };
  });
  const byCode = new Map<string, string>();
  for (const s of shapes) if (s.alpha2 !== undefined) byCode.set(s.alpha2, (byCode.get(s.alpha2) ?? '') + s.d);
  cached = { height, shapes, land: shapes.map((s) => s.d).join(''), byCode };
  return cached;
}

function compactPathOf(d: string | null): string {
  return d === null ? '' : compactPath(d);
}

/** The country code with its English name, for titles and tables. */
export function countryLabel(code: string): string {
  if (code === '') return 'no country';
  const name = countryName(code);
  return name === undefined ? code : `${code} ${name}`;
}

/** Tooltip of a shaded country. */
function tooltip(t: CountryTotals): Html {
  const parts = [text(countryLabel(t.country)), trusted(': ')];
  parts.push(qty(t.bytes), trusted(' payload bytes sent'));
  if (t.possibleBytes > 0n) parts.push(trusted(', '), qty(t.possibleBytes), trusted(' more possibly (disputed)'));
  parts.push(trusted('; '), plural(t.destinations + t.disputedDestinations, 'destination'));
  if (t.disallowed) parts.push(trusted('; a country rule was broken here'));
  return join(parts);
}

/** Codes of countries with totals that the map cannot draw (too small at 1:110m, or no country). */
export function notOnMap(totals: readonly CountryTotals[]): string[] {
  const map = baseMap();
  return totals.map((t) => t.country).filter((c) => !map.byCode.has(c));
}

/**
 * The `<svg>` of the map for these totals. `policyDenied`: countries the policy's deny rules name
 * (denylist mode), outlined dashed whether or not any traffic went there.
 */
export function mapSvg(totals: readonly CountryTotals[], policyDenied: readonly string[] = []): Html {
  const map = baseMap();
  const drawn = totals.filter((t) => map.byCode.has(t.country));
  const shaded = drawn.map((t) =>
    el('path', { class: `country s${shadeClass(t.bytes + t.possibleBytes)}`, 'data-cc': t.country, d: map.byCode.get(t.country)! }, el('title', null, tooltip(t))),
  );
  const hatched = drawn.filter((t) => t.disputedDestinations > 0).map((t) => el('path', { class: 'hatch', d: map.byCode.get(t.country)! }));
  const denied = drawn.filter((t) => t.disallowed).map((t) => el('path', { class: 'deny', d: map.byCode.get(t.country)! }));
  const ruled = policyDenied.filter((c) => map.byCode.has(c)).map((c) => el('path', { class: 'policy-deny', 'data-cc': c, d: map.byCode.get(c)! }));
  return el(
    'svg',
    { xmlns: 'http://www.w3.org/2000/svg', class: 'world', viewBox: `0 0 ${MAP_WIDTH} ${map.height}`, role: 'img', 'aria-labelledby': 'map-title' },
    el('title', { id: 'map-title' }, trusted('Payload bytes sent per country')),
    el('defs', null, el('pattern', { id: 'hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' }, el('path', { class: 'hatch-line', d: 'M0 0v6' }))),
    el('path', { class: 'land', d: map.land }),
    el('g', { class: 'shaded' }, shaded),
    el('g', { class: 'disputed' }, hatched),
    el('g', { class: 'policy-denied' }, ruled),
    el('g', { class: 'disallowed' }, denied),
  );
}

/** A small legend swatch. */
function swatch(cls: string): Html {
  return el('svg', { class: 'swatch', viewBox: '0 0 14 14', width: 14, height: 14, 'aria-hidden': 'true' }, el('rect', { class: cls, width: 14, height: 14 }));
}

/** The legend: the shade classes in use and what hatching and outlines mean. */
export function mapLegend(totals: readonly CountryTotals[], policyDenied: readonly string[] = []): Html {
  const used = new Set(totals.map((t) => shadeClass(t.bytes + t.possibleBytes)));
  const bounds = ['no payload', ...SHADE_LIMITS.map((l, i) => (i === 0 ? `< ${l}` : `${SHADE_LIMITS[i - 1]} – ${l}`)), `≥ ${SHADE_LIMITS.at(-1)!}`];
  const items = bounds.map((b, k) => el('li', { class: used.has(k) ? undefined : 'unused' }, swatch(`s${k}`), text(b)));
  return el(
    'ul',
    { class: 'legend' },
    items,
    el('li', null, swatch('hatch-swatch'), trusted('hatched: a disputed destination may be here (the databases disagree)')),
    el('li', null, swatch('deny-swatch'), trusted('outlined: a flow here broke a country rule of the policy')),
    policyDenied.length === 0 ? undefined : el('li', null, swatch('policy-deny-swatch'), trusted('dashed: a country the policy’s deny rules name')),
  );
}
