/**
 * The common JUnit XML shape CI servers read (the Jenkins/Ant schema as GitLab and GitHub
 * reporters accept it): testsuites → testsuite → properties?, testcase*; a testcase has at most
 * one of failure | error | skipped, then system-out? and system-err?; counts are non-negative
 * integers and agree with the testcases. Returns the problems found (empty: valid).
 */
import type { XmlElement } from './xml.js';

const INT = /^(0|[1-9]\d*)$/;

export function junitProblems(root: XmlElement): string[] {
  const p: string[] = [];
  const ints = (e: XmlElement, keys: readonly string[]): void => {
    for (const k of keys) if (e.attrs[k] !== undefined && !INT.test(e.attrs[k]!)) p.push(`${e.name}@${k} is not a count`);
  };
  const only = (e: XmlElement, allowed: readonly string[]): void => {
    for (const c of e.children) if (!allowed.includes(c.name)) p.push(`<${c.name}> inside <${e.name}>`);
  };
  if (root.name !== 'testsuites') return [`root is <${root.name}>, not <testsuites>`];
  ints(root, ['tests', 'failures', 'errors']);
  only(root, ['testsuite']);
  let cases = 0;
  for (const s of root.children) {
    if (s.attrs['name'] === undefined) p.push('testsuite without name');
    ints(s, ['tests', 'failures', 'errors', 'skipped']);
    only(s, ['properties', 'testcase', 'system-out', 'system-err']);
    const tcs = s.children.filter((c) => c.name === 'testcase');
    cases += tcs.length;
    for (const pr of s.children.filter((c) => c.name === 'properties')) {
      only(pr, ['property']);
      for (const x of pr.children) if (x.attrs['name'] === undefined || x.attrs['value'] === undefined) p.push('property without name or value');
    }
    for (const t of tcs) {
      if (t.attrs['name'] === undefined || t.attrs['classname'] === undefined) p.push('testcase without name or classname');
      only(t, ['failure', 'error', 'skipped', 'system-out', 'system-err']);
      if (t.children.filter((c) => ['failure', 'error', 'skipped'].includes(c.name)).length > 1) p.push(`testcase ${t.attrs['name'] ?? ''} has more than one outcome`);
    }
    const count = (n: string): number => tcs.filter((t) => t.children.some((c) => c.name === n)).length;
    if (Number(s.attrs['tests']) !== tcs.length) p.push(`testsuite tests=${s.attrs['tests'] ?? ''} but ${tcs.length} testcases`);
    if (Number(s.attrs['failures']) !== count('failure')) p.push('testsuite failures count is wrong');
    if (Number(s.attrs['errors']) !== count('error')) p.push('testsuite errors count is wrong');
  }
  if (root.attrs['tests'] !== undefined && Number(root.attrs['tests']) !== cases) p.push('testsuites tests count is wrong');
  return p;
}

/** testcase name → its failure or error message (undefined: passed). */
export function junitOutcomes(root: XmlElement): Map<string, { kind: string; message: string; body: string } | undefined> {
  const out = new Map<string, { kind: string; message: string; body: string } | undefined>();
  for (const s of root.children) {
    for (const t of s.children.filter((c) => c.name === 'testcase')) {
      const o = t.children.find((c) => c.name === 'failure' || c.name === 'error');
      out.set(t.attrs['name']!, o === undefined ? undefined : { kind: o.name, message: o.attrs['message'] ?? '', body: o.text });
    }
  }
  return out;
}
