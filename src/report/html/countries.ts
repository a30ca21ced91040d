/**
 * Payload bytes per country, from the `destinations` section: what the map shades and the
 * per-country table lists. A destination whose databases agree (or an override decided) counts
 * for its one country; a disputed one counts for every candidate country as "possibly here",
 * because the evidence cannot say which of them received the bytes.
 *
 * Disallowed countries: the report does not carry the policy's country list, so a country is
 * marked disallowed when a destination located there has a country-rule violation
 * (`flow.denied_country`, `flow.not_allowed_country`): for an agreed location, its country; for a
 * disputed one judged FAIL, every candidate (each of them violates, or the verdict would not be FAIL).
 * @module report/html/countries
 */
import { arr, cmpText, count, num, obj, str, strs, type JsonObject } from '../markdown-read.js';

/** Reason codes that mean "the location's country is not allowed". */
export const COUNTRY_RULE_CODES: ReadonlySet<string> = new Set(['flow.denied_country', 'flow.not_allowed_country']);

/** Totals for one country (or for `''`: destinations without a location country). */
export interface CountryTotals {
  readonly country: string;
  /** Destinations located here (agreed or decided by an override). */
  destinations: number;
  /** Disputed destinations with this country among the candidates. */
  disputedDestinations: number;
  flows: number;
  /** Payload bytes sent to destinations located here. */
  bytes: bigint;
  /** Payload bytes sent to disputed destinations that may be here. */
  possibleBytes: bigint;
  fail: number;
  inconclusive: number;
  /** A destination here broke a country rule (see module comment). */
  disallowed: boolean;
}

/** Candidate countries of a destination and whether they are a dispute. */
function candidates(d: JsonObject): { readonly countries: readonly string[]; readonly disputed: boolean } {
  const loc = obj(d['location']);
  const countries = [...new Set(strs(loc['countries']).filter((c) => c !== ''))];
  return { countries, disputed: countries.length > 1 || str(loc['status']) === 'disputed' };
}

function hasCountryRuleViolation(d: JsonObject): boolean {
  return arr(d['reasons']).some((r) => COUNTRY_RULE_CODES.has(str(obj(r)['code']) ?? ''));
}

function blank(country: string): CountryTotals {
  return { country, destinations: 0, disputedDestinations: 0, flows: 0, bytes: 0n, possibleBytes: 0n, fail: 0, inconclusive: 0, disallowed: false };
}

/**
 * Per-country totals, most bytes (located plus possible) first, then by code; the row for
 * destinations without a country (code `''`) last.
 */
export function countryTotals(report: JsonObject): CountryTotals[] {
  const by = new Map<string, CountryTotals>();
  const get = (c: string): CountryTotals => {
    let t = by.get(c);
    if (t === undefined) by.set(c, (t = blank(c)));
    return t;
  };
  for (const d of arr(report['destinations']).map(obj)) {
    const { countries, disputed } = candidates(d);
    const bytes = count(d['payload_bytes_sent']) ?? 0n;
    const verdict = str(d['verdict']);
    const violation = hasCountryRuleViolation(d) && (!disputed || verdict === 'FAIL');
    for (const c of countries.length === 0 ? [''] : countries) {
      const t = get(c);
      if (disputed) {
        t.disputedDestinations++;
        t.possibleBytes += bytes;
      } else {
        t.destinations++;
        t.bytes += bytes;
      }
      t.flows += num(d['flows']) ?? 0;
      if (verdict === 'FAIL') t.fail++;
      if (verdict === 'INCONCLUSIVE') t.inconclusive++;
      if (violation && c !== '') t.disallowed = true;
    }
  }
  return [...by.values()].sort((a, b) => {
    if ((a.country === '') !== (b.country === '')) return a.country === '' ? 1 : -1;
    const x = a.bytes + a.possibleBytes;
    const y = b.bytes + b.possibleBytes;
    return x > y ? -1 : x < y ? 1 : cmpText(a.country, b.country);
  });
}

/**
 * Shade class 1..6 of a byte count on a log scale, one class per factor of ten: < 100 B, < 1 kB,
 * < 10 kB, < 100 kB, < 1 MB, ≥ 1 MB; 0 for no payload. Integer comparisons only (deterministic).
 */
export function shadeClass(bytes: bigint): number {
  if (bytes <= 0n) return 0;
  let k = 1;
  for (let limit = 100n; bytes >= limit && k < SHADE_LIMITS.length + 1; limit *= 10n) k++;
  return k;
}

/** Upper bounds of shade classes 1..5 (class 6 has none), for the legend. */
export const SHADE_LIMITS: readonly string[] = ['100 B', '1 kB', '10 kB', '100 kB', '1 MB'];
