/**
 * Campaign fixtures: a temporary folder holding a manifest (written from an object as YAML),
 * its captures and policies, and an output folder; plus helpers to read what a campaign wrote.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { stringify } from 'yaml';

export interface CampaignDir {
  readonly dir: string;
  /** Write `bytes` at `name` (relative to the folder, sub-folders made); returns the path. */
  save(name: string, bytes: Uint8Array | string): string;
  /** Copy `src` to `name` inside the folder; returns the path. */
  copy(src: string, name: string): string;
  /** Write a manifest from an object (YAML); returns its path. */
  manifest(doc: object, name?: string): string;
  remove(): void;
}

/** A fresh temporary campaign folder. */
export function campaignDir(prefix = 'ev-campaign-'): CampaignDir {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const save = (name: string, bytes: Uint8Array | string): string => {
    const p = join(dir, name);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, bytes);
    return p;
  };
  return {
    dir,
    save,
    copy: (src, name) => {
      const p = join(dir, name);
      mkdirSync(dirname(p), { recursive: true });
      copyFileSync(src, p);
      return p;
    },
    manifest: (doc, name = 'campaign.yaml') => save(name, stringify(doc)),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Every file under `dir`, relative, sorted ('/' separators). */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  if (!existsSync(dir)) return out;
  const walk = (d: string): void => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

/** Parsed summary.json of an output folder. */
export function readSummary(out: string): {
  totals: { runs: number; met: number; unmet: number; errors: number };
  runs: { id: string; verdict: string | null; status: string; problems: string[]; key: string; error: { code: string; message: string } | null }[];
} {
  return JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as ReturnType<typeof readSummary>;
}
