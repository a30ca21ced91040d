/**
 * `monitored_hosts` in a manifest: the policy format has `monitored.hosts`, so a run that names its
 * own hosts gets a derived policy, the original text with only that key replaced (comments kept),
 * written under OUT/policies/ with a content-addressed name. The run's report names it
 * `policies/<file>` (relative to OUT, so reports do not depend on where OUT is) with its sha256,
 * so `reproduce --policy OUT/policies/…` can check it like any policy.
 * @module cli/campaign/policy-derive
 */
import { createHash } from 'node:crypto';
import { basename, extname, join } from 'node:path';
import { parseDocument } from 'yaml';

/** The folder under OUT that holds derived policies. */
export const DERIVED_POLICY_DIR = 'policies';

/**
 * The policy text with `monitored.hosts` set to `hosts`. Null when the text is not YAML the
 * replacement can be made in (the original is then used, and its own errors are reported).
 */
export function derivePolicyText(text: string, hosts: readonly string[], from: { readonly name: string; readonly sha256: string }): string | null {
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { version: '1.2', uniqueKeys: true });
  if (doc.errors.length > 0 || doc.contents === null) return null;
  try {
    doc.setIn(['monitored', 'hosts'], doc.createNode([...hosts], { flow: true }));
  } catch {
    return null;
  }
  const note = ` Derived by egress-verify campaign from ${from.name} (sha256 ${from.sha256}):\n monitored.hosts replaced by the manifest's monitored_hosts.`;
  doc.commentBefore = doc.commentBefore === null || doc.commentBefore === undefined ? note : `${note}\n\n${doc.commentBefore}`;
  return doc.toString();
}

/** Where a derived policy is written: OUT/policies/<stem>.<first 12 hex of its sha256>.yaml. */
export function derivedPolicyPath(outDir: string, originalName: string, text: string): string {
  const stem = basename(originalName, extname(originalName)).replace(/[^A-Za-z0-9._-]/g, '_');
  const sha = createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 12);
  return join(outDir, DERIVED_POLICY_DIR, `${stem}.${sha}.yaml`);
}
