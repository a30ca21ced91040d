/**
 * Writes src/policy/policy-validator.generated.ts: the policy schema's validator as code (Ajv
 * "standalone"), so that a run does not load Ajv's compiler and compile the schema (about 70 ms of
 * every run's start). Same options as a runtime compile would use; tests/policy/validator.test.ts
 * checks the committed file is what this script writes for the current schema.
 * Run: npx tsx scripts/gen-policy-validator.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { policyValidatorSource } from '../src/policy/validator-source.js';

const out = fileURLToPath(new URL('../src/policy/policy-validator.generated.ts', import.meta.url));
writeFileSync(out, policyValidatorSource());
process.stdout.write(`wrote ${out}\n`);
