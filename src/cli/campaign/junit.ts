/**
 * JUnit XML for CI (the common shape Jenkins, GitLab and GitHub readers accept): `testsuites` →
 * one `testsuite` (the campaign) → one `testcase` per run; an unmet expectation is a `failure`
 * whose message names it, a run that stopped on an error is an `error`. Text is escaped for XML 1.0
 * (§2.4 character data, §3.3.3 attribute values) and characters XML cannot carry (§2.2) are
 * replaced, so a hostile name in a capture cannot break the file.
 * @module cli/campaign/junit
 */
import type { CampaignSummary, RunSummary } from './summary.js';

/** The JUnit XML text of a campaign summary. */
export function renderJunit(s: CampaignSummary): string {
  const t = s.totals;
  const counts = `tests="${t.runs}" failures="${t.unmet}" errors="${t.errors}"`;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(`egress-verify campaign ${s.campaign.id}`)}" ${counts}>`,
    `  <testsuite name="${attr(s.campaign.id)}" ${counts} skipped="0">`,
    '    <properties>',
    `      <property name="tool" value="${attr(`${s.tool.name} ${s.tool.version}`)}"/>`,
    `      <property name="manifest" value="${attr(s.campaign.manifest)}"/>`,
    `      <property name="manifest_sha256" value="${attr(s.campaign.manifest_sha256)}"/>`,
    '    </properties>',
  ];
  for (const r of s.runs) out.push(...testcase(s.campaign.id, r));
  out.push('  </testsuite>', '</testsuites>');
  return `${out.join('\n')}\n`;
}

function testcase(suite: string, r: RunSummary): string[] {
  const head = `    <testcase name="${attr(r.id)}" classname="${attr(`${suite}.${r.scenario}`)}"`;
  const out = `      <system-out>${text(systemOut(r))}</system-out>`;
  if (r.status === 'met') return [`${head}>`, out, '    </testcase>'];
  if (r.status === 'error') {
    const e = r.error ?? { code: 'E_UNKNOWN', message: 'unknown error' };
    return [`${head}>`, `      <error type="${attr(e.code)}" message="${attr(e.message)}">${text(e.message)}</error>`, out, '    </testcase>'];
  }
  const first = r.problems[0] ?? `expected ${r.expect}`;
  return [
    `${head}>`,
    `      <failure type="expectation" message="${attr(first)}">${text(r.problems.join('\n'))}</failure>`,
    out,
    '    </testcase>',
  ];
}

function systemOut(r: RunSummary): string {
  return [
    `expected: ${r.expect}`,
    `verdict: ${r.verdict ?? 'none (error)'}`,
    `captures: ${r.captures.join(', ')}`,
    `policy: ${r.policy}`,
    ...(r.report === null ? [] : [`report: ${r.report}`]),
    ...(r.key === '' ? [] : [`key: ${r.key}`]),
  ].join('\n');
}

/** Characters XML 1.0 cannot carry at all (§2.2 Char), shown as `\u{XXXX}`. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function visible(s: string): string {
  return s.replace(NOT_XML, (c) => `\\u{${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}}`);
}

/** Character data. */
export function text(s: string): string {
  return visible(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** A double-quoted attribute value; white space other than space kept as references (§3.3.3). */
export function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}
