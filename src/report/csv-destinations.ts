/**
 * Destinations as CSV (RFC 4180): one row per judged destination address, worst verdict first —
 * the table a vendor or auditor sorts and filters in a spreadsheet. Formula-like cells neutralised.
 * @module report/csv-destinations
 */
import type { DestinationAssessment, GeoAnswerLike } from './csv-destinations-types.js';
import { escapeCsvField } from './escape.js';
import type { Judgement } from './verdict.js';

const COLUMNS = [
  'verdict', 'ip', 'names', 'location_status', 'countries', 'registered_countries', 'asns', 'as_orgs',
  'flows', 'payload_bytes_sent', 'dns_queries', 'first_frame', 'last_frame', 'reasons', 'databases', 'example_uids',
] as const;

const RANK: Readonly<Record<string, number>> = { FAIL: 0, INCONCLUSIVE: 1, PASS: 2 };

/** Every database's answer in one cell: `gwa=RU AS13238; dbip=RU`. */
function answersCell(answers: readonly GeoAnswerLike[]): string {
  return answers
    .map((a) => `${a.db}=${a.status === 'found' ? [a.country ?? '-', a.asn === undefined ? '' : `AS${a.asn}`].filter(Boolean).join(' ') : a.status}`)
    .join('; ');
}

/** The destinations table (header row first, CRLF line ends); empty of rows without a judgement. */
export function* destinationsCsvChunks(j?: Judgement): Generator<string> {
  yield COLUMNS.join(',') + '\r\n';
  if (j === undefined) return;
  const rows = [...j.assessment.destinations].sort(
    (a, b) => (RANK[a.verdict] ?? 3) - (RANK[b.verdict] ?? 3) || b.payloadBytesSent - a.payloadBytesSent || a.firstFrame - b.firstFrame,
  );
  for (const d of rows) yield row(d) + '\r\n';
}

function row(d: DestinationAssessment): string {
  const l = d.location;
  const cells: (string | number)[] = [
    d.verdict, d.ip, d.names.join(' '), l.status, l.countries.join(' '), l.registeredCountries.join(' '),
    l.asns.join(' '), l.asOrgs.join(' | '), d.flows, d.payloadBytesSent, d.dnsQueries, d.firstFrame, d.lastFrame,
    d.reasons.map((r) => `${r.code}x${r.count}`).join(' '), answersCell(d.evidence.answers), d.exampleUids.join(' '),
  ];
  return cells.map(escapeCsvField).join(',');
}
