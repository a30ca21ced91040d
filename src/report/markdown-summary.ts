/**
 * The top of the Markdown report: the verdict in words, what was judged, the coverage line, the
 * reasons (why), and the warnings. Reads the `verdict`, `policy`, `coverage`, `captures`,
 * `destinations`, `anomalies` and `flow_table` sections of a parsed JSON report.
 * @module report/markdown-summary
 */
import { escapeMarkdown as esc } from './markdown-escape.js';
import { foldedSentences } from './folded.js';
import { int, list, NONE, percent, plural, ratio, table, text } from './markdown-format.js';
import { arr, cmpText, interfaceDropTotals, num, obj, str, strs, type JsonObject } from './markdown-read.js';

/** What each verdict means, in words. */
const VERDICT_WORDS: Readonly<Record<string, string>> = {
  FAIL: 'a monitored host sent data where the policy does not allow it.',
  INCONCLUSIVE: 'the evidence is not enough to say PASS or FAIL honestly; the reasons say what is missing.',
  PASS: 'every judged flow is clear and the evidence is complete.',
};

/** Examples listed per reason; the JSON report has them all. */
const MAX_EXAMPLES = 5;
/** Anomaly codes listed; the JSON report has them all. */
const MAX_ANOMALIES = 20;

/** Title, verdict sentence, what was judged, and the coverage line. */
export function headline(r: JsonObject): string[] {
  const v = obj(r['verdict']);
  const verdict = str(v['verdict']);
  if (verdict === undefined) {
    return ['# egress-verify report: no verdict', '', 'No verdict: the report carries no judgement (no policy was applied).', '', coverageLine(r)];
  }
  const words = VERDICT_WORDS[verdict];
  const shown = esc(verdict);
  const sentence = words === undefined ? `**${shown}**: a verdict this renderer does not know.` : `**${shown}**: ${words}`;
  return [`# egress-verify report: ${shown}`, '', sentence, '', judgedLine(r), '', coverageLine(r)];
}

function judgedLine(r: JsonObject): string {
  const c = obj(obj(r['verdict'])['counts']);
  const p = obj(r['policy']);
  const dest = arr(r['destinations']).map((d) => str(obj(d)['verdict']));
  const destFail = dest.filter((x) => x === 'FAIL').length;
  const destInc = dest.filter((x) => x === 'INCONCLUSIVE').length;
  return [
    `**Judged:** ${int(num(c['flows_counted']))} of ${int(num(c['flows']))} flows`,
    `(FAIL ${int(num(c['fail']))}, INCONCLUSIVE ${int(num(c['inconclusive']))}, PASS ${int(num(c['pass']))}; ${int(num(c['flows_ignored']))} not judged);`,
    `${int(num(c['destinations']))} destinations (FAIL ${destFail}, INCONCLUSIVE ${destInc});`,
    `${int(num(c['dns_queries']))} DNS queries.`,
    `Policy ${text(p['id'])} (${text(p['mode'])}).`,
  ].join(' ');
}

/** Frames read, in flows, not analysable (by reason), capture stops and interface drops. */
export function coverageLine(r: JsonObject): string {
  const c = obj(r['coverage']);
  const read = num(c['frames_read']) ?? 0;
  const inFlows = num(c['frames_in_flows']) ?? 0;
  const parts: [string, number][] = [
    ['malformed', num(c['frames_malformed']) ?? 0],
    ['incomplete fragments', num(c['fragments_incomplete']) ?? 0],
    ...byReason('not IP', c['frames_not_ip']),
    ...byReason('unsupported link', c['frames_unsupported_link']),
  ];
  const notAnalysable = parts.reduce((n, [, k]) => n + k, 0);
  const detail = parts.filter(([, k]) => k > 0).map(([w, k]) => `${w} ${k}`);
  const completeness = obj(obj(r['verdict'])['completeness']);
  const decoded = num(completeness['decoded_ratio']);
  const snap = num(c['frames_snap_truncated']) ?? 0;
  return [
    `**Coverage:** ${plural(read, 'frame')} read; ${int(inFlows)} in flows (${percent(inFlows, read)});`,
    `${int(notAnalysable)} not analysable${detail.length > 0 ? ` (${detail.join(', ')})` : ''};`,
    ...(snap > 0 ? [`${int(snap)} cut short by the snap length;`] : []),
    ...(decoded === undefined ? [] : [`decoded ${ratio(decoded)} (minimum ${ratio(num(completeness['min_decoded_ratio']))});`]),
    `capture stops: ${captureStops(r)};`,
    `interface drops: ${interfaceDrops(r)}.`,
  ].join(' ');
}

function byReason(what: string, v: unknown): [string, number][] {
  const o = obj(v);
  return Object.keys(o)
    .sort()
    .map((k): [string, number] => [`${what} ${esc(k)}`, num(o[k]) ?? 0]);
}

function captureStops(r: JsonObject): string {
  const caps = arr(r['captures']).map(obj);
  if (caps.length === 0) return NONE;
  const stops = caps.map((c) => {
    const s = obj(c['stop']);
    const kind = str(s['kind']) ?? '?';
    if (kind === 'complete') return { complete: true, text: `${text(c['name'])} complete` };
    const at = num(s['at_frame']);
    return { complete: false, text: `${text(c['name'])} ${esc(kind)}${at === undefined ? '' : ` at frame ${at}`} (${text(s['reason'])})` };
  });
  if (stops.every((s) => s.complete)) return caps.length === 1 ? 'complete' : `all ${caps.length} complete`;
  return stops.filter((s) => !s.complete).map((s) => s.text).join(', ');
}

function interfaceDrops(r: JsonObject): string {
  const d = interfaceDropTotals(r);
  if (d === null) return 'not recorded by the capture';
  return `${int(d.ifDrop)} by the interface, ${int(d.osDrop)} by the OS`;
}

/** One table of summary reasons (`verdict.reasons` or `verdict.warnings`). */
function reasonTable(rows: readonly unknown[]): string[] {
  return table(
    ['Effect', 'Reason', 'Count', 'Rules', 'First detail', 'Examples'],
    ['l', 'l', 'r', 'l', 'l', 'l'],
    rows.map(obj).map((x) => [
      text(x['effect']),
      text(x['code']),
      int(num(x['count'])),
      list(strs(x['rules']), 5),
      text(x['detail']),
      list(strs(x['examples']), MAX_EXAMPLES),
    ]),
  );
}

/** `## Why`: the reasons for the verdict, and what made the evidence incomplete. */
export function whySection(r: JsonObject): string[] {
  const v = obj(r['verdict']);
  if (str(v['verdict']) === undefined) return [];
  const reasons = arr(v['reasons']);
  const out = ['## Why', ''];
  if (reasons.length === 0) out.push('No reason stands against the verdict.');
  else out.push(...reasonTable(reasons));
  const incomplete = arr(obj(v['completeness'])['reasons']).map(obj);
  if (incomplete.length > 0) {
    out.push('', 'The evidence is incomplete:', '');
    for (const x of incomplete) out.push(`- ${text(x['code'])} (${text(x['effect'])}): ${text(x['detail'])}`);
  }
  return out;
}

/** `## Warnings`: reasons that did not decide, decoder anomalies, evicted flow state and folded rows. */
export function warningsSection(r: JsonObject): string[] {
  const warnings = arr(obj(r['verdict'])['warnings']);
  const anomalies = arr(r['anomalies']).map(obj);
  const evicted = num(obj(r['flow_table'])['evicted_at_cap']) ?? 0;
  const folded = foldedSentences(r);
  if (warnings.length === 0 && anomalies.length === 0 && evicted === 0 && folded.length === 0) return ['## Warnings', '', 'None.'];
  const out = ['## Warnings', ''];
  if (warnings.length > 0) out.push(...reasonTable(warnings), '');
  if (evicted > 0) out.push(`${plural(evicted, 'flow')} evicted from the flow table at its cap.`, '');
  for (const f of folded) out.push(f, '');
  if (anomalies.length > 0) {
    const sorted = [...anomalies].sort((a, b) => (num(b['count']) ?? 0) - (num(a['count']) ?? 0) || cmpText(str(a['code']) ?? '', str(b['code']) ?? ''));
    out.push(
      ...table(
        ['Anomaly', 'Count', 'Example frames'],
        ['l', 'r', 'l'],
        sorted.slice(0, MAX_ANOMALIES).map((a) => [text(a['code']), int(num(a['count'])), list(arr(a['example_frames']).map((f) => int(num(f))), 5, (s) => s)]),
      ),
    );
    if (sorted.length > MAX_ANOMALIES) out.push('', `${sorted.length - MAX_ANOMALIES} more anomaly codes in the JSON report.`);
    out.push('');
  }
  while (out[out.length - 1] === '') out.pop();
  return out;
}
