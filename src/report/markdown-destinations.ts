/**
 * The destinations table (worst verdict first, then payload bytes sent) and, for each FAIL or
 * INCONCLUSIVE destination, the evidence: what every database said, the consensus, overrides.
 * Reads the `destinations` section of a parsed JSON report.
 * @module report/markdown-destinations
 */
import { escapeMarkdown as esc, escapeMarkdownValue as addr } from './markdown-escape.js';
import { int, list, NONE, plural, table, text } from './markdown-format.js';
import { arr, num, obj, str, strs, verdictRank, type JsonObject } from './markdown-read.js';

/** Destinations shown in the table, and evidence blocks shown; the JSON report has them all. */
export const MD_MAX_DESTINATIONS = 50;
/** Names shown per destination. */
const MAX_NAMES = 3;

/** Destinations sorted worst verdict first, then most payload bytes sent; ties keep the JSON order. */
export function sortedDestinations(r: JsonObject): JsonObject[] {
  return arr(r['destinations'])
    .map(obj)
    .sort((a, b) => verdictRank(str(a['verdict'])) - verdictRank(str(b['verdict'])) || (num(b['payload_bytes_sent']) ?? 0) - (num(a['payload_bytes_sent']) ?? 0));
}

/** Location status with its candidate countries and registration countries. */
function locationCell(l: JsonObject): string {
  const countries = strs(l['countries']);
  const reg = strs(l['registered_countries']);
  const where = countries.length === 0 ? NONE : countries.map((c) => esc(c)).join(' / ');
  return `${text(l['status'])}: ${where}${reg.length === 0 ? '' : `; registered ${reg.map((c) => esc(c)).join(' / ')}`}`;
}

function asCell(l: JsonObject): string {
  const asns = arr(l['asns']).map((a) => num(a)).filter((a): a is number => a !== undefined);
  const orgs = strs(l['as_orgs']);
  if (asns.length === 0 && orgs.length === 0) return NONE;
  return [list(asns.map((a) => `AS${int(a)}`), 3, (s) => s), ...(orgs.length > 0 ? [list(orgs, 3)] : [])].join(' ');
}

function reasonsCell(d: JsonObject): string {
  const rs = arr(d['reasons']).map(obj);
  return list(
    rs.map((x) => `${text(x['code'])}${x['count'] === undefined ? '' : ` ×${int(num(x['count']))}`}`),
    4,
    (s) => s,
  );
}

/** `## Destinations`: one row per destination, capped. */
export function destinationsSection(r: JsonObject): string[] {
  const all = sortedDestinations(r);
  const out = ['## Destinations', ''];
  if (all.length === 0) return [...out, 'No destination was judged.'];
  out.push(
    ...table(
      ['Verdict', 'Address', 'Names', 'Location', 'AS', 'Flows', 'Payload bytes sent', 'Reasons'],
      ['l', 'l', 'l', 'l', 'l', 'r', 'r', 'l'],
      all.slice(0, MD_MAX_DESTINATIONS).map((d) => {
        const l = obj(d['location']);
        return [text(d['verdict']), text(d['ip'], addr), list(strs(d['names']), MAX_NAMES), locationCell(l), asCell(l), int(num(d['flows'])), int(num(d['payload_bytes_sent'])), reasonsCell(d)];
      }),
    ),
  );
  if (all.length > MD_MAX_DESTINATIONS) out.push('', `${all.length - MD_MAX_DESTINATIONS} more destinations in the JSON report.`);
  return out;
}

/** The consensus (or an override's) in words. */
export function consensusText(v: unknown): string {
  const c = obj(v);
  const status = str(c['status']);
  switch (status) {
    case 'agree':
      return `agree: ${text(c['country'])} (${list(strs(c['dbs']), 10)})`;
    case 'disputed': {
      const votes = arr(c['votes']).map(obj).map((x) => `${text(x['country'])} (${list(strs(x['dbs']), 10)})`);
      return `disputed: ${votes.length === 0 ? NONE : votes.join(' vs ')}`;
    }
    case 'unknown':
      return `unknown (${text(c['reason'])})`;
    case 'override':
      return `override: ${c['country'] === undefined ? 'no country' : text(c['country'])} for ${text(c['cidr'], addr)} from ${text(c['source'])}: ${text(c['note'])}`;
    default:
      return status === undefined ? NONE : `${esc(status)} (not known to this renderer)`;
  }
}

function answerRow(a: JsonObject): string[] {
  const asn = num(a['asn']);
  return [
    text(a['db']),
    text(a['status']),
    text(a['country']),
    text(a['registered_country']),
    asn === undefined ? NONE : `AS${int(asn)}`,
    text(a['as_org']),
    text(a['network'], addr),
    a['is_anycast'] === true ? 'anycast' : NONE,
  ];
}

/** Facts about the address that are not answers: special-purpose block, anycast, override. */
function addressFacts(ev: JsonObject): string[] {
  const out: string[] = [];
  const special = obj(ev['special']);
  if (str(special['block']) !== undefined) {
    out.push(`- Special-purpose address: ${text(special['name'])} (${text(special['block'], addr)}, ${text(special['rfc'])})`);
  }
  if (str(ev['looked_up_as']) !== undefined) out.push(`- Looked up as ${text(ev['looked_up_as'], addr)}`);
  if (ev['anycast'] === true) out.push('- A database flags the address as anycast: its location is not a jurisdiction.');
  if (ev['database_consensus'] !== undefined) out.push(`- The databases alone: ${consensusText(ev['database_consensus'])}`);
  return out;
}

/** One destination's evidence block. */
function evidenceBlock(d: JsonObject): string[] {
  const ev = obj(d['evidence']);
  const rs = arr(d['reasons']).map(obj);
  const reasons = rs.map((x) => `${text(x['code'])} (${text(x['effect'])}) ×${int(num(x['count']))}${strs(x['rules']).length > 0 ? `, rules ${list(strs(x['rules']), 5)}` : ''}`);
  return [
    `### ${text(d['ip'], addr)}: ${text(d['verdict'])}`,
    '',
    `- Names: ${list(strs(d['names']), 10)}`,
    `- Reasons: ${reasons.length === 0 ? NONE : reasons.join('; ')}`,
    `- Location: ${text(obj(d['location'])['status'])}, ${text(obj(d['location'])['detail'])}`,
    // The databases' consensus in full when the policy's view of the location is not simply it.
    ...(str(obj(ev['consensus'])['status']) === str(obj(d['location'])['status']) ? [] : [`- Consensus: ${consensusText(ev['consensus'])}`]),
    ...addressFacts(ev),
    `- Flows: ${int(num(d['flows']))} (frames ${int(num(d['first_frame']))}–${int(num(d['last_frame']))}), ${int(num(d['payload_bytes_sent']))} payload bytes sent, ${plural(num(d['dns_queries']) ?? 0, 'DNS query', 'DNS queries')}; examples: ${list(strs(d['example_uids']), 5)}`,
    '',
    ...table(
      ['Database', 'Answer', 'Country', 'Registered country', 'AS', 'AS organisation', 'Network', 'Anycast'],
      ['l', 'l', 'l', 'l', 'l', 'l', 'l', 'l'],
      arr(ev['answers']).map(obj).map(answerRow),
    ),
  ];
}

/** `## Evidence`: every FAIL and INCONCLUSIVE destination with what every database said. */
export function evidenceSection(r: JsonObject): string[] {
  const bad = sortedDestinations(r).filter((d) => str(d['verdict']) === 'FAIL' || str(d['verdict']) === 'INCONCLUSIVE');
  if (bad.length === 0) return [];
  const out = ['## Evidence for FAIL and INCONCLUSIVE destinations'];
  for (const d of bad.slice(0, MD_MAX_DESTINATIONS)) out.push('', ...evidenceBlock(d));
  if (bad.length > MD_MAX_DESTINATIONS) out.push('', `Evidence for ${bad.length - MD_MAX_DESTINATIONS} more destinations in the JSON report.`);
  return out;
}
