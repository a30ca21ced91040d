/**
 * Where the data went: the world map and the per-country table. Both come from the same totals
 * (countries.ts), so the map's shades, hatching and outlines and the table's rows always agree.
 * @module report/html/geography
 */
import { obj, str, strs, type JsonObject } from '../markdown-read.js';
import { countryTotals, type CountryTotals } from './countries.js';
import { int, qty } from './format.js';
import { countryLabel, mapLegend, mapSvg, notOnMap } from './map.js';
import { el, join, NONE, table, td, text, trusted, type Html } from './markup.js';

function countryRow(t: CountryTotals, drawn: boolean): Html {
  return el(
    'tr',
    { 'data-cc': t.country },
    td(text(countryLabel(t.country))),
    td(int(t.destinations), { num: true, sortKey: String(t.destinations) }),
    td(int(t.disputedDestinations), { num: true, sortKey: String(t.disputedDestinations) }),
    td(int(t.flows), { num: true, sortKey: String(t.flows) }),
    td(qty(t.bytes), { num: true, sortKey: t.bytes.toString() }),
    td(t.possibleBytes === 0n ? NONE : qty(t.possibleBytes), { num: true, sortKey: t.possibleBytes.toString() }),
    td(findingsText(t)),
    td(t.disallowed ? el('strong', null, trusted('yes')) : NONE),
    td(drawn ? trusted('yes') : trusted('no')),
  );
}

/** `FAIL 2, INCONCLUSIVE 1`, only the verdicts that occur. */
function findingsText(t: CountryTotals): Html {
  const parts = [t.fail > 0 ? `FAIL ${t.fail}` : '', t.inconclusive > 0 ? `INCONCLUSIVE ${t.inconclusive}` : ''].filter((p) => p !== '');
  return parts.length === 0 ? NONE : trusted(parts.join(', '));
}

/** `Where the data went`: the map, its legend, and the per-country table. */
export function geographySection(r: JsonObject): Html {
  const totals = countryTotals(r);
  // In denylist mode the policy's denied countries are outlined even where nothing went.
  const policy = obj(r['policy']);
  const policyDenied = str(policy['mode']) === 'denylist' ? strs(obj(policy['rule_countries'])['deny']) : [];
  const missing = new Set(notOnMap(totals));
  const missingShown = [...missing].filter((c) => c !== '');
  return el(
    'section',
    { id: 'map' },
    el('h2', null, trusted('Where the data went')),
    el(
      'figure',
      { class: 'map' },
      mapSvg(totals, policyDenied),
      el(
        'figcaption',
        null,
        el('p', null, trusted('Countries shaded by payload bytes the monitored hosts sent to destinations located there (log scale: one shade per factor of ten). A disputed destination counts for each country the databases name.')),
        mapLegend(totals, policyDenied),
        missingShown.length === 0
          ? undefined
          : el('p', null, trusted('Not on the map (too small at this scale): '), join(missingShown.map((c) => text(countryLabel(c))), ', '), trusted('.')),
      ),
    ),
    el('h3', { id: 'countries' }, trusted('Per country')),
    totals.length === 0
      ? el('p', null, trusted('No destination was judged.'))
      : table(
          { class: 'sortable', id: 'countries-table' },
          ['Country', 'Destinations', 'Disputed destinations', 'Flows', 'Payload bytes sent', 'Possibly (disputed)', 'Findings', 'Country rule broken', 'On the map'],
          totals.map((t) => countryRow(t, !missing.has(t.country))),
          new Set([1, 2, 3, 4, 5]),
        ),
  );
}
