/**
 * The policy schema's validator is compiled ahead of time (scripts/gen-policy-validator.ts). The
 * committed module must be exactly what the generator writes for the current schema, and it must
 * judge documents exactly as a validator compiled at run time does (same errors, same order).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { POLICY_SCHEMA } from '../../src/policy/index.js';
import { POLICY_AJV_OPTIONS, policyValidatorSource } from '../../src/policy/validator-source.js';
import { validate as generated } from '../../src/policy/policy-validator.generated.js';

const GENERATED = fileURLToPath(new URL('../../src/policy/policy-validator.generated.ts', import.meta.url));
const POLICIES = fileURLToPath(new URL('../../geodata/policies/', import.meta.url));

type Validate = ((d: unknown) => boolean) & { errors?: unknown[] | null };
const runtime = new Ajv({ ...POLICY_AJV_OPTIONS }).compile(POLICY_SCHEMA) as unknown as Validate;
const pre = generated as unknown as Validate;

describe('the precompiled policy validator', () => {
  it('is what scripts/gen-policy-validator.ts writes for the current schema (regenerate after changing it)', () => {
    expect(readFileSync(GENERATED, 'utf8')).toBe(policyValidatorSource());
  });

  const shipped = readdirSync(POLICIES).filter((f) => /\.ya?ml$/.test(f)).map((f) => ({ name: f, doc: parseYaml(readFileSync(POLICIES + f, 'utf8')) as unknown }));
  const bad: { name: string; doc: unknown }[] = [
    { name: 'not an object', doc: 'deny everything' },
    { name: 'empty', doc: {} },
    { name: 'unknown key and wrong types', doc: { version: 2, id: 'X Y', mode: 'blocklist', rules: 'none', colour: 'red' } },
    { name: 'bad rule', doc: { version: 1, id: 'p', mode: 'denylist', rules: [{ id: 'r', action: 'block', countries: ['ru', 'XXX'], ports: [70000], extra: true }] } },
    { name: 'bad thresholds and uncertainty', doc: { version: 1, id: 'p', mode: 'denylist', rules: [], thresholds: { payload_bytes: -1 }, uncertainty: { disputed: 'maybe' } } },
  ];
  it.each([...shipped, ...bad])('$name: same result and errors as a run-time compile', ({ doc }) => {
    const a = runtime(doc);
    const b = pre(doc);
    expect(b).toBe(a);
    expect(pre.errors ?? null).toEqual(runtime.errors ?? null);
  });

  it('finds the shipped policies valid and the broken ones not', () => {
    for (const { doc } of shipped) expect(pre(doc)).toBe(true);
    for (const { doc } of bad) expect(pre(doc)).toBe(false);
  });
});
