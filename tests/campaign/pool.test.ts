/**
 * Where the worker module comes from: worker.ts beside the source (with the tsx loader added to the
 * threads when the process does not already have it) or worker.js in a build. The same campaign
 * run through `npm run --silent cli` (tsx) and through a fresh tsc build (node dist/cli/bin.js)
 * writes the same files.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { workerExecArgv, workerUrl } from '../../src/cli/campaign/pool.js';
import { campaignDir, listFiles } from '../builders/campaign.js';
import { REPO } from '../support/corpus.js';

describe('workerExecArgv', () => {
  const ts = new URL('file:///x/src/cli/campaign/worker.ts');
  const js = new URL('file:///x/dist/cli/campaign/worker.js');
  const tsxLoader = ['--require', '/n/tsx/dist/preflight.cjs', '--import', 'file:///n/tsx/dist/loader.mjs'];
  it.each([
    { name: 'a .ts worker without tsx gets the loader', url: ts, parent: ['--max-old-space-size=100'], added: true },
    { name: 'a .ts worker under tsx inherits it', url: ts, parent: tsxLoader, added: false },
    { name: 'a .js worker needs nothing', url: js, parent: [], added: false },
  ])('$name', ({ url, parent, added }) => {
    const argv = workerExecArgv(url, parent);
    expect(argv.slice(0, parent.length)).toEqual(parent);
    expect(argv.length > parent.length).toBe(added);
    if (added) expect(argv.slice(parent.length)).toEqual(['--import', expect.stringMatching(/^file:\/\/.*\/tsx\/dist\/loader\.mjs$/) as string]);
  });

  it('finds worker.ts beside the source module', () => {
    expect(workerUrl().pathname).toBe(join(REPO, 'src/cli/campaign/worker.ts'));
    expect(existsSync(workerUrl())).toBe(true);
  });
});

describe('the same campaign from a checkout (tsx) and from a build', () => {
  const c = campaignDir('ev-pool-');
  // A build directly under the repository, so dist-relative paths (package.json, geodata/) resolve.
  const BUILD = join(REPO, `.campaign-build-${process.pid}`);
  afterAll(() => {
    c.remove();
    rmSync(BUILD, { recursive: true, force: true });
  });
  for (const d of ['av-clean', 'av-telemetry-ru', 'av-disputed']) c.copy(join(REPO, 'captures', `${d}.pcapng`), `caps/${d}.pcapng`);
  const m = c.manifest({
    version: 1,
    runs: [
      { id: 'clean', captures: ['caps/av-clean.pcapng'], expect: 'PASS' },
      { id: 'telemetry', captures: ['caps/av-telemetry-ru.pcapng'], expect: 'FAIL' },
      { id: 'disputed', captures: ['caps/av-disputed.pcapng'], policy: 'builtin:allowlist-gb-eea-ch', expect: 'INCONCLUSIVE' },
    ],
  });

  it('writes identical files', () => {
    const tsx = spawnSync('npm', ['run', '--silent', 'cli', '--', 'campaign', m, '--out', join(c.dir, 'tsx'), '--jobs', '2'], { cwd: REPO, encoding: 'utf8' });
    expect([tsx.status, tsx.stderr]).toEqual([0, expect.not.stringContaining('error') as string]);
    // tsc exits non-zero if any file in the tree does not type-check, yet still emits: check the output instead.
    spawnSync(join(REPO, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json', '--outDir', BUILD, '--sourceMap', 'false'], { cwd: REPO, encoding: 'utf8' });
    expect(existsSync(join(BUILD, 'cli/campaign/worker.js'))).toBe(true);
    const built = spawnSync(process.execPath, [join(BUILD, 'cli/bin.js'), 'campaign', m, '--out', join(c.dir, 'dist'), '--jobs', '2'], { cwd: c.dir, encoding: 'utf8' });
    expect([built.status, built.stderr]).toEqual([0, expect.not.stringContaining('error') as string]);
    const files = listFiles(join(c.dir, 'tsx'));
    expect(files).toHaveLength(13);
    expect(listFiles(join(c.dir, 'dist'))).toEqual(files);
    for (const f of files) expect([f, readFileSync(join(c.dir, 'dist', f), 'utf8')]).toEqual([f, readFileSync(join(c.dir, 'tsx', f), 'utf8')]);
  }, 180_000);
});
