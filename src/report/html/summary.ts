/**
 * The top of the HTML report: the verdict in words and what was judged, the reasons (why), the
 * evidence's completeness, and the warnings (reasons that did not decide, decoder anomalies,
 * evicted flow state). Reads `verdict`, `policy`, `destinations`, `anomalies` and `flow_table`.
 * @module report/html/summary
 */
import { arr, cmpText, num, obj, str, strs, type JsonObject } from '../markdown-read.js';
import { foldedSentences } from '../folded.js';
import { badge, code, int, list, plural, textList } from './format.js';
import { el, join, table, td, text, textOf, trusted, type Html } from './markup.js';

/** What each verdict means, in words. */
const VERDICT_WORDS: Readonly<Record<string, string>> = {
  FAIL: 'a monitored host sent data where the policy does not allow it.',
  INCONCLUSIVE: 'the evidence is not enough to say PASS or FAIL honestly; the reasons say what is missing.',
  PASS: 'every judged flow is clear and the evidence is complete.',
};

/** Examples listed per reason and anomaly codes listed; the JSON report has them all. */
const MAX_EXAMPLES = 5;
const MAX_ANOMALIES = 50;

/** The verdict header: title, the verdict in words, what was judged, and under which policy. */
export function verdictHeader(r: JsonObject): Html {
  const verdict = str(obj(r['verdict'])['verdict']);
  const words = verdict === undefined ? undefined : VERDICT_WORDS[verdict];
  const sentence =
    verdict === undefined
      ? trusted('No verdict: the report carries no judgement (no policy was applied).')
      : join([el('strong', null, text(verdict)), trusted(': '), words === undefined ? trusted('a verdict this renderer does not know.') : text(words)]);
  return el(
    'header',
    { class: 'head', id: 'verdict' },
    el('h1', null, trusted('egress-verify report: '), verdict === undefined ? trusted('no verdict') : badge(verdict)),
    el('p', { class: 'sentence' }, sentence),
    verdict === undefined ? undefined : el('p', null, judgedLine(r)),
  );
}

function judgedLine(r: JsonObject): Html {
  const c = obj(obj(r['verdict'])['counts']);
  const p = obj(r['policy']);
  const dest = arr(r['destinations']).map((d) => str(obj(d)['verdict']));
  const n = (k: string): Html => int(num(c[k]));
  return join([
    trusted('Judged '), n('flows_counted'), trusted(' of '), n('flows'), trusted(' flows (FAIL '), n('fail'), trusted(', INCONCLUSIVE '), n('inconclusive'),
    trusted(', PASS '), n('pass'), trusted('; '), n('flows_ignored'), trusted(' not judged); '), n('destinations'),
    trusted(` destinations (FAIL ${dest.filter((x) => x === 'FAIL').length}, INCONCLUSIVE ${dest.filter((x) => x === 'INCONCLUSIVE').length}); `),
    n('dns_queries'), trusted(' DNS queries. Policy '), el('strong', null, textOf(p['id'])), trusted(' ('), textOf(p['mode']), trusted(').'),
  ]);
}

/** A table of summary reasons (`verdict.reasons` or `verdict.warnings`). */
function reasonTable(rows: readonly unknown[], id: string): Html {
  return table(
    { class: 'reasons', id },
    ['Effect', 'Reason', 'Count', 'Rules', 'First detail', 'Examples'],
    rows.map(obj).map((x) =>
      el(
        'tr',
        null,
        td(textOf(x['effect'])),
        td(code(x['code'])),
        td(int(num(x['count'])), { num: true }),
        td(textList(strs(x['rules']), 5)),
        td(textOf(x['detail']), { cls: 'name' }),
        td(list(strs(x['examples']).map((e) => code(e)), MAX_EXAMPLES)),
      ),
    ),
    new Set([2]),
  );
}

/** `Why`: the reasons for the verdict, and what made the evidence incomplete. */
export function whySection(r: JsonObject): Html | undefined {
  const v = obj(r['verdict']);
  if (str(v['verdict']) === undefined) return undefined;
  const reasons = arr(v['reasons']);
  const incomplete = arr(obj(v['completeness'])['reasons']).map(obj);
  return el(
    'section',
    { id: 'why' },
    el('h2', null, trusted('Why')),
    reasons.length === 0 ? el('p', null, trusted('No reason stands against the verdict.')) : reasonTable(reasons, 'reasons-table'),
    incomplete.length === 0
      ? undefined
      : join([
          el('p', null, trusted('The evidence is incomplete:')),
          el('ul', null, incomplete.map((x) => el('li', null, code(x['code']), trusted(' ('), textOf(x['effect']), trusted('): '), textOf(x['detail'])))),
        ]),
  );
}

function anomaliesTable(anomalies: readonly JsonObject[]): Html {
  const sorted = [...anomalies].sort((a, b) => (num(b['count']) ?? 0) - (num(a['count']) ?? 0) || cmpText(str(a['code']) ?? '', str(b['code']) ?? ''));
  const rows = sorted
    .slice(0, MAX_ANOMALIES)
    .map((a) => el('tr', null, td(code(a['code'])), td(int(num(a['count'])), { num: true }), td(list(arr(a['example_frames']).map((f) => int(num(f))), 5))));
  return join([
    table({ class: 'anomalies' }, ['Anomaly', 'Count', 'Example frames'], rows, new Set([1])),
    sorted.length > MAX_ANOMALIES ? el('p', null, trusted(`${sorted.length - MAX_ANOMALIES} more anomaly codes in the JSON report.`)) : undefined,
  ]);
}

/** `Warnings`: reasons that did not decide, decoder anomalies, evicted flow state and folded rows. */
export function warningsSection(r: JsonObject): Html {
  const warnings = arr(obj(r['verdict'])['warnings']);
  const anomalies = arr(r['anomalies']).map(obj);
  const evicted = num(obj(r['flow_table'])['evicted_at_cap']) ?? 0;
  const folded = foldedSentences(r);
  const none = warnings.length === 0 && anomalies.length === 0 && evicted === 0 && folded.length === 0;
  return el(
    'section',
    { id: 'warnings' },
    el('h2', null, trusted('Warnings')),
    none ? el('p', null, trusted('None.')) : undefined,
    warnings.length > 0 ? reasonTable(warnings, 'warnings-table') : undefined,
    evicted > 0 ? el('p', null, plural(evicted, 'flow'), trusted(' evicted from the flow table at its cap.')) : undefined,
    ...folded.map((f) => el('p', { class: 'folded' }, text(f))),
    anomalies.length > 0 ? anomaliesTable(anomalies) : undefined,
  );
}
