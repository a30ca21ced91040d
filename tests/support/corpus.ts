/**
 * The shared real-capture corpus (../shared/corpus/real beside the repository): where it is,
 * its MANIFEST.tsv rows, and whether tshark is installed. Tests never copy these files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CORPUS_DIR = resolve(REPO, '../shared/corpus/real');
export const HAVE_CORPUS = existsSync(join(CORPUS_DIR, 'MANIFEST.tsv'));
export const HAVE_TSHARK = spawnSync('tshark', ['--version'], { stdio: 'ignore' }).status === 0;

export interface ManifestRow {
  readonly file: string;
  readonly path: string;
  readonly format: string;
  readonly linktypes: readonly string[];
  readonly packets: number;
  readonly bytes: number;
  readonly features: readonly string[];
}

/** Rows of MANIFEST.tsv (empty when the corpus is absent). */
export function manifest(): ManifestRow[] {
  if (!HAVE_CORPUS) return [];
  const [head, ...lines] = readFileSync(join(CORPUS_DIR, 'MANIFEST.tsv'), 'utf8').trim().split('\n');
  const cols = head!.split('\t');
  return lines.map((l) => {
    const v = l.split('\t');
    const get = (k: string): string => v[cols.indexOf(k)] ?? '';
    return {
      file: get('file'),
      path: join(CORPUS_DIR, get('file')),
      format: get('format'),
      linktypes: get('linktypes').split(';').filter(Boolean),
      packets: Number(get('packets')),
      bytes: Number(get('bytes')),
      features: get('features').split(',').filter(Boolean),
    };
  });
}
