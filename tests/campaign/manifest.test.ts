/**
 * Campaign manifests: schema and semantic checks with paths, defaults laid under runs, the schema
 * file kept equal to the code, and path resolution (globs, and paths that leave the folder refused).
 */
import { mkdirSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputOpenError } from '../../src/core/index.js';
import { ManifestError } from '../../src/cli/campaign/errors.js';
import { isDestinationPattern, parseManifest } from '../../src/cli/campaign/manifest.js';
import { resolveRuns } from '../../src/cli/campaign/manifest-paths.js';
import { campaignSchemaJson } from '../../src/cli/campaign/schema.js';
import { campaignDir } from '../builders/campaign.js';
import { REPO } from '../support/corpus.js';

const RUN = 'runs:\n  - id: a\n    captures: [x.pcap]\n    expect: PASS\n';

describe('parseManifest', () => {
  it.each([
    { name: 'unknown top-level key', text: `version: 1\nrunz: []\n${RUN}`, issue: 'runz: unknown key' },
    { name: 'wrong version', text: `version: 2\n${RUN}`, issue: 'version: must be equal to constant' },
    { name: 'missing runs', text: 'version: 1\n', issue: 'runs: required key is missing' },
    { name: 'bad expectation', text: 'version: 1\nruns:\n  - id: a\n    captures: [x]\n    expect: OK\n', issue: 'runs[0].expect: must be one of PASS, FAIL, INCONCLUSIVE' },
    { name: 'bad run id', text: 'version: 1\nruns:\n  - id: A/B\n    captures: [x]\n    expect: PASS\n', issue: 'runs[0].id: "A/B" is not a valid id' },
    { name: 'missing captures', text: 'version: 1\nruns:\n  - id: a\n    expect: PASS\n', issue: 'runs[0].captures: required key is missing' },
    { name: 'empty captures', text: 'version: 1\nruns:\n  - id: a\n    captures: []\n    expect: PASS\n', issue: 'runs[0].captures: must NOT have fewer than 1 items' },
    { name: 'typo in a run key', text: 'version: 1\nruns:\n  - id: a\n    captures: [x]\n    expect: PASS\n    polcy: p.yaml\n', issue: 'runs[0].polcy: unknown key' },
    { name: 'duplicate run id', text: `version: 1\n${RUN}  - id: a\n    captures: [y]\n    expect: FAIL\n`, issue: 'runs[1].id: "a" is already the id of runs[0]' },
    { name: 'duplicate YAML key', text: `version: 1\nversion: 1\n${RUN}`, issue: 'Map keys must be unique' },
    {
      name: 'bad destination pattern',
      text: 'version: 1\nruns:\n  - id: a\n    captures: [x]\n    expect: PASS\n    expected_destinations:\n      exclude: ["1.2.3.4/40"]\n',
      issue: 'runs[0].expected_destinations.exclude[0]: "1.2.3.4/40" is not an IP address, CIDR, name or *.name',
    },
    {
      name: 'a NAT64 prefix of a length RFC 6052 does not define',
      text: 'version: 1\ndefaults:\n  nat64_prefixes: ["2001:db8:64::/96"]\nruns:\n  - id: a\n    captures: [x]\n    expect: PASS\n    nat64_prefixes: ["2001:db8:64::/80"]\n',
      issue: 'runs[0].nat64_prefixes[0]: "2001:db8:64::/80": a NAT64 prefix is an IPv6 prefix of length 32, 40, 48, 56, 64, 96',
    },
    {
      name: 'no databases at all',
      text: 'version: 1\ndefaults:\n  embedded_geo: false\nruns:\n  - id: a\n    captures: [x]\n    expect: PASS\n',
      issue: 'runs[0].embedded_geo: false needs at least one geoip file',
    },
  ])('rejects $name', ({ text, issue }) => {
    const r = parseManifest(text, 'fallback');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.join('\n')).toContain(issue);
  });

  it('lays run settings over the defaults, key by key', () => {
    const r = parseManifest(
      [
        'version: 1',
        'defaults: { policy: p.yaml, geoip: [a.mmdb], monitored_hosts: [10.0.0.1] }',
        'runs:',
        '  - { id: one, captures: [x], expect: PASS }',
        '  - { id: two, scenario: telemetry, captures: [y], expect: FAIL, geoip: [b.mmdb], embedded_geo: false, expected_destinations: { include: ["*.example"] } }',
      ].join('\n'),
      'fallback',
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.manifest.id).toBe('fallback');
    expect(r.manifest.runs.map((x) => [x.id, x.scenario, x.settings, x.expectedDestinations])).toEqual([
      ['one', 'one', { policy: 'p.yaml', geoip: ['a.mmdb'], monitoredHosts: ['10.0.0.1'] }, null],
      ['two', 'telemetry', { policy: 'p.yaml', geoip: ['b.mmdb'], embeddedGeo: false, monitoredHosts: ['10.0.0.1'] }, { include: ['*.example'], exclude: [] }],
    ]);
  });

  it('keeps NAT64 prefixes in canonical text', () => {
    const r = parseManifest('version: 1\nruns:\n  - { id: a, captures: [x], expect: FAIL, nat64_prefixes: ["2001:DB8:64:0::/96"] }\n', 'f');
    expect(r.ok && r.manifest.runs[0]!.settings).toEqual({ nat64Prefixes: ['2001:db8:64::/96'] });
  });

  it('reads JSON too', () => {
    const r = parseManifest(JSON.stringify({ version: 1, id: 'rel-2', runs: [{ id: 'a', captures: ['x'], expect: 'INCONCLUSIVE' }] }), 'f');
    expect(r.ok && r.manifest.id).toBe('rel-2');
  });

  it('keeps geodata/schemas/campaign.schema.json equal to the schema in code', () => {
    expect(readFileSync(resolve(REPO, 'geodata/schemas/campaign.schema.json'), 'utf8')).toBe(campaignSchemaJson());
  });
});

describe('isDestinationPattern', () => {
  it.each([
    ['192.0.2.1', true],
    ['2001:db8::1', true],
    ['198.51.100.0/24', true],
    ['2001:db8::/32', true],
    ['10.0.0.0/33', false],
    ['vendor.example', true],
    ['*.vendor.example', true],
    ['*', false],
    ['bad name.example', false],
    ['a..b', false],
  ])('%s → %s', (p, ok) => {
    expect(isDestinationPattern(p)).toBe(ok);
  });
});

describe('resolveRuns', () => {
  const c = campaignDir();
  afterAll(() => c.remove());
  for (const n of ['caps/b.pcap', 'caps/a.pcap', 'caps/sub/c.pcap', 'caps/.hidden.pcap', 'caps/notes.txt', 'pol.yaml', 'db.mmdb']) c.save(n, 'x');
  // tcpdump -C's rotated files: written as cap, cap1, cap2, …, cap10.
  for (const n of ['rot/cap', 'rot/cap1', 'rot/cap2', 'rot/cap10', 'rot/cap11', 'rot/cap9']) c.save(n, 'x');
  const outside = campaignDir();
  afterAll(() => outside.remove());
  outside.save('secret.pcap', 'x');
  mkdirSync(join(c.dir, 'links'));
  symlinkSync(join(outside.dir, 'secret.pcap'), join(c.dir, 'links/secret.pcap'));

  const resolveOne = async (run: object): Promise<ReturnType<typeof resolveRuns>> => {
    const text = JSON.stringify({ version: 1, runs: [{ id: 'r', expect: 'PASS', ...run }] });
    const m = parseManifest(text, 'm');
    if (!m.ok) throw new Error(m.issues.join('; '));
    return resolveRuns(m.manifest, c.manifest({}, 'm.yaml'));
  };

  it.each([
    { name: 'a file', captures: ['caps/b.pcap'], names: ['caps/b.pcap'] },
    { name: 'a glob, sorted, hidden files left out', captures: ['caps/*.pcap'], names: ['caps/a.pcap', 'caps/b.pcap'] },
    { name: '** across folders', captures: ['caps/**/*.pcap'], names: ['caps/a.pcap', 'caps/b.pcap', 'caps/sub/c.pcap'] },
    { name: 'a class and ?', captures: ['caps/[ab].pca?'], names: ['caps/a.pcap', 'caps/b.pcap'] },
    { name: 'files and globs in order', captures: ['caps/sub/c.pcap', 'caps/?.pcap'], names: ['caps/sub/c.pcap', 'caps/a.pcap', 'caps/b.pcap'] },
    { name: 'rotated files in the order they were written (not cap1, cap10, cap2)', captures: ['rot/cap*'], names: ['rot/cap', 'rot/cap1', 'rot/cap2', 'rot/cap9', 'rot/cap10', 'rot/cap11'] },
  ])('expands $name', async ({ captures, names }) => {
    const [run] = await resolveOne({ captures });
    expect(run!.captures.map((x) => x.name)).toEqual(names);
    expect(run!.captures.map((x) => x.path)).toEqual(names.map((n) => join(realpathSync(c.dir), n)));
  });

  it('names the default and builtin policies as analyze does, and user files relative to the manifest', async () => {
    const [a] = await resolveOne({ captures: ['caps/a.pcap'] });
    const [b] = await resolveOne({ captures: ['caps/a.pcap'], policy: 'builtin:allowlist-gb-eea-ch' });
    const [u] = await resolveOne({ captures: ['caps/a.pcap'], policy: 'pol.yaml', geoip: ['db.mmdb'] });
    expect([a!.policy.name, b!.policy.name, u!.policy.name, u!.geoip[0]!.name]).toEqual([
      'geodata/policies/deny-ru-by.yaml',
      'geodata/policies/allowlist-gb-eea-ch.yaml',
      'pol.yaml',
      'db.mmdb',
    ]);
  });

  it.each([
    { name: '.. in a capture', run: { captures: ['../x.pcap'] }, issue: 'runs[0].captures[0]: "../x.pcap" leads out of the manifest\'s folder' },
    { name: 'an absolute path elsewhere', run: { captures: ['/etc/passwd'] }, issue: 'leads out of the manifest\'s folder' },
    { name: '.. in a glob', run: { captures: ['../*/secret.pcap'] }, issue: 'runs[0].captures[0]' },
    { name: 'a policy outside', run: { captures: ['caps/a.pcap'], policy: '../p.yaml' }, issue: 'runs[0].policy: "../p.yaml" leads out' },
    { name: 'a database outside', run: { captures: ['caps/a.pcap'], geoip: ['../../db.mmdb'] }, issue: 'runs[0].geoip[0]' },
    { name: 'a symbolic link pointing out', run: { captures: ['links/secret.pcap'] }, issue: 'is a link that leads out' },
    { name: 'a glob matching a link pointing out', run: { captures: ['links/*.pcap'] }, issue: 'is a link that leads out' },
  ])('refuses $name', async ({ run, issue }) => {
    const e = await resolveOne(run).then(() => null, (x: unknown) => x);
    expect(e).toBeInstanceOf(ManifestError);
    expect((e as Error).message).toContain(issue);
  });

  it.each([
    { name: 'a missing file', run: { captures: ['caps/none.pcap'] }, msg: 'no such file' },
    { name: 'a glob matching nothing', run: { captures: ['caps/*.pcapng'] }, msg: 'matches no file' },
    { name: 'a missing builtin policy', run: { captures: ['caps/a.pcap'], policy: 'builtin:nope' }, msg: 'no such file' },
    { name: 'a folder as a capture', run: { captures: ['caps/sub'] }, msg: 'not a regular file' },
  ])('reports $name as an input error', async ({ run, msg }) => {
    const e = await resolveOne(run).then(() => null, (x: unknown) => x);
    expect(e).toBeInstanceOf(InputOpenError);
    expect((e as Error).message).toContain(msg);
  });
});

describe('naturalCompare', () => {
  it('orders digit runs by value, the rest by code units, and is a total order', async () => {
    const { naturalCompare } = await import('../../src/cli/campaign/glob.js');
    const names = ['x10', 'x9', 'x', 'x09', 'x9a', 'X1', 'a_00002_2024.pcapng', 'a_00010_2024.pcapng', 'a_00001_2024.pcapng', 'x010', 'x1.pcap', 'x1.pcap.gz'];
    const sorted = [...names].sort(naturalCompare);
    // x09 and x9 have the same value: code units decide, at the end (after x9a's suffix would).
    expect(sorted).toEqual(['X1', 'a_00001_2024.pcapng', 'a_00002_2024.pcapng', 'a_00010_2024.pcapng', 'x', 'x1.pcap', 'x1.pcap.gz', 'x09', 'x9', 'x9a', 'x010', 'x10']);
    // Antisymmetric, and 0 only for equal strings.
    for (const a of names) for (const b of names) {
      expect(Math.sign(naturalCompare(a, b)) + Math.sign(naturalCompare(b, a))).toBe(0);
      if (a !== b) expect(naturalCompare(a, b)).not.toBe(0);
    }
  });
});
