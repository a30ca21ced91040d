/**
 * The JSON report against geodata/schemas/report.schema.json (ajv, strict mode): the demo
 * capture's report validates, with and without the `run` section; mutated reports fail at the
 * right place; the schema's reason codes are the engine's; and two runs give byte-identical
 * JSON and Markdown.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { REASON_CODES } from '../../src/policy/index.js';
import { REPO } from '../support/corpus.js';
import { runCli, type CliResult } from '../cli/run-cli.js';

const SCHEMA = JSON.parse(readFileSync(join(REPO, 'geodata/schemas/report.schema.json'), 'utf8')) as {
  definitions: { reasonCode: { enum: string[] } };
};
const validate = new Ajv({ strict: true, allErrors: true }).compile(SCHEMA);

type Json = { [k: string]: unknown };

/** `analyze captures/demo.pcapng` run in-process from the repository root. */
async function demo(...extra: string[]): Promise<CliResult> {
  const cwd = process.cwd();
  process.chdir(REPO);
  try {
    const r = await runCli(['analyze', ...extra, 'captures/demo.pcapng']);
    expect(r.code).toBe(1); // FAIL: the demo sends data to RU
    return r;
  } finally {
    process.chdir(cwd);
  }
}

const runs: Record<'json1' | 'json2' | 'md1' | 'md2' | 'withRun', string> = { json1: '', json2: '', md1: '', md2: '', withRun: '' };

beforeAll(async () => {
  runs.json1 = (await demo('--reproducible')).stdout;
  runs.json2 = (await demo('--reproducible')).stdout;
  runs.md1 = (await demo('--reproducible', '--format', 'md')).stdout;
  runs.md2 = (await demo('--reproducible', '--format', 'md')).stdout;
  runs.withRun = (await demo()).stdout;
});

const errorsOf = (v: unknown): readonly ErrorObject[] => (validate(v) ? [] : (validate.errors ?? []));

describe('report schema', () => {
  it('compiles in ajv strict mode without allowUnionTypes or ajv-formats', () => {
    expect(() => new Ajv({ strict: true, strictTypes: true, allowUnionTypes: false }).compile(SCHEMA)).not.toThrow();
  });

  it('accepts the demo report (--reproducible)', () => {
    const r = JSON.parse(runs.json1) as Json;
    expect(errorsOf(r)).toEqual([]);
    expect(r['run']).toBeUndefined();
  });

  it('accepts the demo report with its run section', () => {
    const r = JSON.parse(runs.withRun) as Json;
    expect(errorsOf(r)).toEqual([]);
    expect(Object.keys(r['run'] as Json).sort()).toEqual(['argv', 'elapsed_ms', 'finished_at', 'node', 'started_at']);
  });

  it('lists exactly the engine reason codes', () => {
    expect([...SCHEMA.definitions.reasonCode.enum].sort()).toEqual(Object.keys(REASON_CODES).sort());
  });

  const rows = (r: Json, k: string): Json[] => r[k] as Json[];
  it.each([
    { name: 'missing verdict', mutate: (r: Json) => void delete r['verdict'], path: '', keyword: 'required', param: 'verdict' },
    { name: 'bad verdict value', mutate: (r: Json) => void ((r['verdict'] as Json)['verdict'] = 'MAYBE'), path: '/verdict/verdict', keyword: 'enum' },
    { name: 'flow without uid', mutate: (r: Json) => void delete rows(r, 'flows')[0]!['uid'], path: '/flows/0', keyword: 'required', param: 'uid' },
    { name: 'unknown top-level member', mutate: (r: Json) => void (r['extra'] = 1), path: '', keyword: 'additionalProperties' },
    { name: 'unknown flow member', mutate: (r: Json) => void (rows(r, 'flows')[0]!['geo'] = 'RU'), path: '/flows/0', keyword: 'additionalProperties' },
    { name: 'destination without evidence', mutate: (r: Json) => void delete rows(r, 'destinations')[0]!['evidence'], path: '/destinations/0', keyword: 'required', param: 'evidence' },
    { name: 'unknown reason code', mutate: (r: Json) => void ((((r['verdict'] as Json)['reasons'] as Json[])[0]!)['code'] = 'flow.bad'), path: '/verdict/reasons/0/code', keyword: 'enum' },
    { name: 'capture sha256 not hex', mutate: (r: Json) => void (rows(r, 'captures')[0]!['sha256'] = 'x'), path: '/captures/0/sha256', keyword: 'pattern' },
    { name: 'negative payload bytes', mutate: (r: Json) => void (rows(r, 'flows')[0]!['orig_bytes'] = -1), path: '/flows/0/orig_bytes', keyword: 'minimum' },
    { name: 'attribution not a string', mutate: (r: Json) => void (rows(r, 'databases')[0]!['attribution'] = 5), path: '/databases/0/attribution', keyword: 'type' },
    { name: 'another schema version', mutate: (r: Json) => void (r['schema'] = 'egress-verify/report@2'), path: '/schema', keyword: 'const' },
    { name: 'timestamp without nanoseconds', mutate: (r: Json) => void (rows(r, 'flows')[0]!['ts'] = '1717228800.5'), path: '/flows/0/ts', keyword: 'pattern' },
  ])('rejects a report with $name', ({ mutate, path, keyword, param }) => {
    const r = JSON.parse(runs.json1) as Json;
    expect(errorsOf(r)).toEqual([]);
    mutate(r);
    const errs = errorsOf(r);
    const hit = errs.find((e) => e.instancePath === path && e.keyword === keyword);
    expect(hit, JSON.stringify(errs.slice(0, 5))).toBeDefined();
    if (param !== undefined) expect(hit!.params).toEqual({ missingProperty: param });
  });
});

describe('determinism', () => {
  it('two runs give byte-identical JSON', () => {
    expect(runs.json1.length).toBeGreaterThan(1000);
    expect(runs.json2).toBe(runs.json1);
  });

  it('two runs give byte-identical Markdown', () => {
    expect(runs.md1).toMatch(/^# egress-verify report: FAIL\n/);
    expect(runs.md2).toBe(runs.md1);
  });
});
