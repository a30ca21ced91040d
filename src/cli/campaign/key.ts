/**
 * A run's cache key: the sha256 of everything that determines its report bytes, as canonical JSON
 * (sorted keys). Same key ⇒ same report, so a run whose result.json carries its key is skipped.
 * @module cli/campaign/key
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Limits } from '../../core/index.js';
import { canonicalJson, type JsonValue } from '../../report/index.js';
import { InputOpenError } from '../../core/index.js';

/** Bumped when what goes into a key, or what a run writes, changes. */
export const KEY_FORMAT = 'egress-verify/campaign-run-key@1';

/** The parts of a key. */
export interface KeyParts {
  readonly tool: { readonly name: string; readonly version: string };
  /** Capture names (as reports give them) and sha256 of their bytes, in reading order. */
  readonly captures: readonly { readonly name: string; readonly sha256: string }[];
  /** Policy, databases and overrides: names and sha256 (setup.ts `setupIdentity`). */
  readonly setup: object;
  readonly limits: Limits;
}

/** sha256 (hex) of the canonical JSON of the parts. */
export function runKey(parts: KeyParts): string {
  const limits = Object.fromEntries(Object.entries(parts.limits).map(([k, v]) => [k, typeof v === 'bigint' ? v.toString() : v]));
  const doc = { format: KEY_FORMAT, tool: parts.tool, captures: parts.captures, setup: parts.setup, limits } as unknown as JsonValue;
  return createHash('sha256').update(canonicalJson(doc)).digest('hex');
}

/** sha256 (hex) of a file's bytes, streamed. */
export async function fileSha256(path: string): Promise<string> {
  const h = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  } catch (e) {
    throw new InputOpenError(path, `${path}: ${(e as NodeJS.ErrnoException).code ?? 'cannot read'}`, { cause: e });
  }
  return h.digest('hex');
}
