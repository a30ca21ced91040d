/**
 * `egress-verify geo <ip...>`: what every database says about each address, as a table or JSON.
 * @module cli/geo-command
 */
import { Geolocator, type GeoEvidence } from '../geo/index.js';
import { canonicalJson, type JsonValue } from '../report/index.js';
import { loadGeoDatabases } from './geodata.js';

export interface GeoArgs {
  readonly command: 'geo';
  readonly ips: readonly string[];
  readonly json: boolean;
  readonly geoip: readonly string[];
  readonly embedded: boolean;
}

/** Print the evidence for each address; returns nothing (errors are thrown as input errors). */
export async function runGeo(args: GeoArgs, out: NodeJS.WritableStream): Promise<void> {
  const dbs = await loadGeoDatabases(args.geoip, args.embedded);
  const geo = new Geolocator(dbs);
  const evidence = args.ips.map((ip) => geo.geolocate(ip));
  if (args.json) {
    out.write(
      canonicalJson({
        databases: dbs.map((d) => ({ id: d.id, type: d.databaseType, build_epoch: d.buildEpoch, sha256: d.sha256, ip_version: d.ipVersion })),
        addresses: evidence as unknown as JsonValue,
      }),
    );
    return;
  }
  out.write(evidence.map(renderText).join('\n'));
}

/** Control characters from database strings or arguments never reach the terminal. */
function clean(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function consensusText(e: GeoEvidence): string {
  const c = e.consensus;
  switch (c.status) {
    case 'agree':
      return `${c.country} (all ${c.dbs.length} location databases agree)`;
    case 'disputed':
      return `DISPUTED: ${c.votes.map((v) => `${v.country} by ${v.dbs.join('+')}`).join('; ')}`;
    case 'unknown':
      return `unknown (${c.reason})`;
    case 'override':
      return `${c.country ?? 'no country'} (override ${clean(c.cidr)} from ${clean(c.source)}: ${clean(c.note)})`;
    default: {
      const never: never = c;
      return String(never);
    }
  }
}

function renderText(e: GeoEvidence): string {
  const lines = [`${clean(e.ip)}${e.unmapped_from === undefined ? '' : ` (from ${clean(e.unmapped_from)})`}: ${consensusText(e)}`];
  if (e.special !== undefined) {
    const how = e.special.nonPublic
      ? 'not public, never looked up'
      : e.looked_up_as !== undefined
        ? `delivered to ${clean(e.looked_up_as)}, looked up as that`
        : 'globally reachable per IANA, looked up';
    lines.push(`  special-purpose: ${clean(e.special.name)} (${clean(e.special.rfc)}) — ${how}`);
  }
  for (const a of e.answers) {
    const facts = [
      a.status === 'found' ? '' : a.status.replace(/_/g, ' '),
      a.country === undefined ? '' : `country ${a.country}`,
      a.registered_country === undefined ? '' : `registered ${a.registered_country}`,
      a.asn === undefined ? '' : `AS${a.asn}`,
      a.as_org === undefined ? '' : clean(a.as_org),
      a.network === undefined ? '' : `in ${a.network}`,
    ].filter((s) => s !== '');
    lines.push(`  ${a.db.padEnd(6)} ${facts.join(', ')}  [${a.type}, built ${a.build_date}]`);
  }
  return lines.join('\n') + '\n';
}
