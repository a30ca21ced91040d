/**
 * The report names the countries the policy's rules deny and allow (group members included), and
 * the HTML map outlines the denied ones (denylist mode) even where no traffic went.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { REPO } from '../support/corpus.js';
import { runCli } from '../cli/run-cli.js';

const DEMO = join(REPO, 'captures/demo.pcapng');

describe('policy countries in the report and on the map', () => {
  it('deny-ru-by: rule_countries deny BY and RU; both outlined dashed on the map', async () => {
    const json = JSON.parse((await runCli(['analyze', '--reproducible', DEMO])).stdout);
    expect(json.policy.rule_countries).toEqual({ allow: [], deny: ['BY', 'RU'] });
    const html = (await runCli(['analyze', '--reproducible', '--format', 'html', DEMO])).stdout;
    const dashed = [...html.matchAll(/<path class="policy-deny" data-cc="([A-Z]{2})"/g)].map((m) => m[1]);
    expect(dashed.sort()).toEqual(['BY', 'RU']);
    expect(html).toContain('dashed: a country the policy’s deny rules name');
  });

  it('allowlist: group members expanded into allow; no dashed outlines', async () => {
    const policy = join(REPO, 'geodata/policies/allowlist-gb-eea-ch.yaml');
    const json = JSON.parse((await runCli(['analyze', '--reproducible', '--policy', policy, DEMO])).stdout);
    expect(json.policy.rule_countries.allow).toEqual(expect.arrayContaining(['GB', 'CH', 'DE', 'NO', 'IS', 'LI']));
    expect(json.policy.rule_countries.allow).not.toContain('US');
    const html = (await runCli(['analyze', '--reproducible', '--format', 'html', '--policy', policy, DEMO])).stdout;
    expect(html).not.toContain('class="policy-deny"');
  });
});
