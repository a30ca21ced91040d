/**
 * Detail text of reasons: short, deterministic, built only from the evidence (names and
 * addresses are capture text; renderers escape them).
 * @module policy/details
 */
import type { LocationSummary } from './location.js';
import type { ReasonCode } from './reasons.js';
import type { EndpointFacts, UnknownCause, World, WorldOutcome } from './rules.js';

const FACT_NAMES: Readonly<Record<UnknownCause, string>> = {
  location: 'location country',
  registered: 'registration country',
  asn: 'AS number',
  asOrg: 'AS organisation',
  name: 'name',
};

/** `RU or BY`; `null` is a local address, `undefined` no data. */
export function alternatives(values: readonly (string | number | null | undefined)[]): string {
  const text = values.map((v) => (v === null ? 'no country (local address)' : v === undefined ? 'unknown' : String(v)));
  return [...new Set(text)].join(' or ');
}

/** The detail of a violation found in `worlds`. */
export function hitDetail(code: ReasonCode, f: EndpointFacts, worlds: readonly World[]): string {
  const where = f.tunnel !== undefined
    ? f.proto === f.tunnel ? `${f.tunnel} tunnel to ${f.ipText}` : `${f.tunnel} tunnel (${f.proto}${f.port === 0 ? '' : `/${f.port}`}) to ${f.ipText}`
    : f.viaProxy !== undefined ? `${f.proto}/${f.port} to ${f.ipText} via proxy ${f.viaProxy}` : `${f.proto}/${f.port} to ${f.ipText}`;
  switch (code) {
    case 'flow.denied_country':
    case 'flow.not_allowed_country':
      return `${where} located in ${alternatives(worlds.map((w) => w.location))}`;
    case 'flow.denied_registered_country':
      return `${where} registered in ${alternatives(worlds.map((w) => w.registered))}`;
    case 'flow.denied_network':
      return `${where} in AS ${alternatives(worlds.map((w) => w.asn))} (${alternatives(worlds.map((w) => w.asOrg))})`;
    case 'flow.denied_domain':
      return `${where} for ${f.name ?? '(no name)'}`;
    case 'flow.undeclared_endpoint':
      return f.name === null
        ? `${where}: no name observed and the address is in no declared CIDR`
        : `${where} for ${f.name}: neither the name nor the address is declared`;
    case 'flow.not_allowed':
      return `${where}${f.name === null ? '' : ` for ${f.name}`} located in ${alternatives(worlds.map((w) => w.location))}: no allow rule matches`;
    default:
      return `${where}${f.name === null ? '' : ` for ${f.name}`}`;
  }
}

/** `RU violates, DE is permitted, unknown is unknown`. */
export function splitDetail(judged: readonly { readonly world: World; readonly outcome: WorldOutcome }[]): string {
  const by = new Map<string, string[]>();
  for (const j of judged) {
    const verb = j.outcome.kind === 'violation' ? 'violates' : j.outcome.kind === 'clear' ? 'is permitted' : 'is undecided';
    const label = worldLabel(j.world);
    const list = by.get(verb) ?? [];
    if (!list.includes(label)) list.push(label);
    by.set(verb, list);
  }
  return [...by.entries()].map(([verb, labels]) => `${labels.join(', ')} ${verb}`).join('; ');
}

function worldLabel(w: World): string {
  const parts = [w.location, w.registered, w.asn, w.asOrg].filter((x) => x !== undefined).map((x) => (x === null ? 'local' : String(x)));
  return parts.length === 0 ? 'no data' : parts.join('/');
}

/**
 * `no data for the location country (unknown (no_data))`; for a host reached through an HTTP
 * proxy, which host and which proxy first (the host is then often a name with no address).
 */
export function unknownDetail(causes: ReadonlySet<UnknownCause>, loc: LocationSummary, f?: EndpointFacts): string {
  const facts = [...causes].filter((c) => c !== 'name').map((c) => FACT_NAMES[c]);
  const what = `no data for the ${facts.join(', ')} (${loc.detail})`;
  return f?.viaProxy === undefined ? what : `${f.proto}/${f.port} to ${f.ipText} via proxy ${f.viaProxy}: ${what}`;
}
