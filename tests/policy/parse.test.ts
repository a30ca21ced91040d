/**
 * Policy files: schema and semantic errors with exact paths, strict YAML, defaults, the example
 * policies, and the schema file kept equal to the schema object.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { formatPolicyIssue, parsePolicy, policySchemaJson, POLICY_SCHEMA, type PolicyIssue } from '../../src/policy/index.js';
import { GROUPS, REPO, examplePolicy } from '../builders/policy-inputs.js';

const BASE = 'version: 1\nid: t\nmode: denylist\n';
const rules = (yaml: string): string => `${BASE}rules:\n${yaml}`;
const issuesOf = (text: string): readonly PolicyIssue[] => {
  const r = parsePolicy(text, 't.yaml', GROUPS);
  return r.ok ? [] : r.issues;
};

describe('parsePolicy: errors name the path and the problem', () => {
  it.each<{ name: string; text: string; expected: string }>([
    { name: 'three-letter country', text: rules('  - {id: a, action: deny, countries: [DE, NL, RUS]}'), expected: 'rules[0].countries[2]: "RUS" is not an ISO 3166-1 alpha-2 code' },
    { name: 'third rule, first code', text: rules('  - {id: a, action: deny, countries: [DE]}\n  - {id: b, action: deny, countries: [NL]}\n  - {id: c, action: deny, countries: [RUS]}'), expected: 'rules[2].countries[0]: "RUS" is not an ISO 3166-1 alpha-2 code' },
    { name: 'EU is not a country', text: rules('  - {id: a, action: deny, countries: [EU]}'), expected: 'rules[0].countries[0]: "EU" is not an ISO 3166-1 alpha-2 code (EU is reserved for the European Union, not a country: use groups: [EU])' },
    { name: 'UK is not GB', text: rules('  - {id: a, action: deny, registered_countries: [UK]}'), expected: 'rules[0].registered_countries[0]: "UK" is not an ISO 3166-1 alpha-2 code (UK is reserved; the United Kingdom is GB)' },
    { name: 'lower-case code', text: rules('  - {id: a, action: deny, countries: [ru]}'), expected: 'rules[0].countries[0]: "ru" is not an ISO 3166-1 alpha-2 code (codes are upper case)' },
    { name: 'unassigned code', text: rules('  - {id: a, action: deny, countries: [QQ]}'), expected: 'rules[0].countries[0]: "QQ" is not an ISO 3166-1 alpha-2 code' },
    { name: 'unknown rule key, with a suggestion', text: rules('  - {id: a, action: deny, contries: [RU]}'), expected: 'rules[0].contries: unknown key (did you mean "countries"?) (allowed: id, action, description, countries, groups, registered_countries, asns, as_org, cidrs, domains, ports, protocols)' },
    { name: 'unknown top-level key', text: `${BASE}rules: [{id: a, action: deny, countries: [RU]}]\nthreshold: {payload_bytes: 10}`, expected: 'threshold: unknown key (did you mean "thresholds"?) (allowed: version, id, description, mode, monitored, rules, declared_endpoints, thresholds, uncertainty, completeness)' },
    { name: 'unknown nested key', text: `${BASE}rules: [{id: a, action: deny, countries: [RU]}]\nuncertainty: {disputed: worst_case, unknwon: worst_case}`, expected: 'uncertainty.unknwon: unknown key (did you mean "unknown"?) (allowed: disputed, unknown, no_name, ambiguous_name, dns_to_disallowed_resolver)' },
    { name: 'bad CIDR prefix', text: rules('  - {id: a, action: deny, cidrs: ["11.0.0.0/33"]}'), expected: 'rules[0].cidrs[0]: "11.0.0.0/33" is not a valid CIDR' },
    { name: 'CIDR with host bits', text: rules('  - {id: a, action: deny, cidrs: ["10.1.2.3/8"]}'), expected: 'rules[0].cidrs[0]: "10.1.2.3/8" has host bits set after the prefix (did you mean 10.0.0.0/8?)' },
    { name: 'not an address', text: rules('  - {id: a, action: deny, cidrs: [example.com]}'), expected: 'rules[0].cidrs[0]: "example.com" is not an IP address or CIDR' },
    { name: 'bad declared CIDR', text: `${BASE}rules: [{id: a, action: deny, countries: [RU]}]\ndeclared_endpoints: {cidrs: ["2001:db8::1/32"]}`, expected: 'declared_endpoints.cidrs[0]: "2001:db8::1/32" has host bits set after the prefix (did you mean 2001:db8::/32?)' },
    { name: 'bad monitored host', text: `${BASE}rules: [{id: a, action: deny, countries: [RU]}]\nmonitored: {hosts: [laptop]}`, expected: 'monitored.hosts[0]: "laptop" is not an IP address, CIDR or MAC address' },
    { name: 'bad regex', text: rules('  - {id: a, action: deny, as_org: ["/yandex(/"]}'), expected: 'rules[0].as_org[0]: "/yandex(/" is not a valid regular expression (Invalid regular expression: /yandex(/iu: Unterminated group)' },
    { name: 'catastrophic regex', text: rules('  - {id: a, action: deny, as_org: ["/(a+)+b/"]}'), expected: 'rules[0].as_org[0]: "/(a+)+b/": a quantified group containing a quantifier or "|" may backtrack exponentially' },
    { name: 'regex flags', text: rules('  - {id: a, action: deny, as_org: ["/yandex/g"]}'), expected: 'rules[0].as_org[0]: "/yandex/g": flags are not allowed (patterns are always case-insensitive)' },
    { name: 'wrong mode', text: 'version: 1\nid: t\nmode: blocklist\nrules: [{id: a, action: deny, countries: [RU]}]', expected: 'mode: "blocklist" is not one of: denylist, allowlist' },
    { name: 'wrong action', text: rules('  - {id: a, action: block, countries: [RU]}'), expected: 'rules[0].action: "block" is not one of: deny, allow' },
    { name: 'wrong version', text: 'version: 2\nid: t\nmode: denylist\nrules: [{id: a, action: deny, countries: [RU]}]', expected: 'version: must be 1, got number 2' },
    { name: 'missing mode', text: 'version: 1\nid: t\nrules: [{id: a, action: deny, countries: [RU]}]', expected: 'mode: required key is missing' },
    { name: 'missing rule action', text: rules('  - {id: a, countries: [RU]}'), expected: 'rules[0].action: required key is missing' },
    { name: 'reversed ASN range', text: rules('  - {id: a, action: deny, asns: ["65000-64000"]}'), expected: 'rules[0].asns[0]: "65000-64000": the range is reversed (65000 > 64000)' },
    { name: 'ASN too large', text: rules('  - {id: a, action: deny, asns: ["AS4294967296"]}'), expected: 'rules[0].asns[0]: "AS4294967296" is outside 0-4294967295' },
    { name: 'port out of range', text: rules('  - {id: a, action: deny, ports: [65536]}'), expected: 'rules[0].ports[0]: number 65536 is above the maximum 65535' },
    { name: 'unknown protocol', text: rules('  - {id: a, action: deny, protocols: [tcpp]}'), expected: 'rules[0].protocols[0]: "tcpp" is not a known protocol (tcp, udp, icmp, icmp6, sctp, dccp, udplite, gre, esp, ah, igmp, or a number 0-255)' },
    { name: 'unknown group', text: rules('  - {id: a, action: deny, groups: [EFTA]}'), expected: 'rules[0].groups[0]: unknown group "EFTA" (known: EEA, EU, FIVE_EYES)' },
    { name: 'duplicate rule id', text: rules('  - {id: a, action: deny, countries: [RU]}\n  - {id: a, action: deny, countries: [BY]}'), expected: 'rules[1].id: duplicate rule id "a" (also rules[0])' },
    { name: 'rule without criteria', text: rules('  - {id: a, action: deny}'), expected: 'rules[0]: rule has no match criteria (give at least one of countries, groups, registered_countries, asns, as_org, cidrs, domains, ports, protocols)' },
    { name: 'empty criterion list', text: rules('  - {id: a, action: deny, countries: []}'), expected: 'rules[0].countries: must not be empty' },
    { name: 'allow rule in denylist', text: rules('  - {id: a, action: allow, countries: [DE]}'), expected: 'rules[0].action: an allow rule has no effect in denylist mode (everything not denied is allowed, and deny overrides allow)' },
    { name: 'allowlist without allow rules', text: 'version: 1\nid: t\nmode: allowlist\nrules: [{id: a, action: deny, countries: [RU]}]', expected: 'rules: allowlist mode needs at least one allow rule (otherwise every flow is a violation)' },
    { name: 'bad domain wildcard', text: rules('  - {id: a, action: deny, domains: ["a.*.example"]}'), expected: 'rules[0].domains[0]: "a.*.example": a wildcard is only allowed as the whole first label ("*.example.com")' },
    { name: 'bad id', text: 'version: 1\nid: My Policy\nmode: denylist\nrules: [{id: a, action: deny, countries: [RU]}]', expected: 'id: "My Policy" is not a valid id (1-64 lower-case letters, digits, ".", "_" or "-")' },
    { name: 'ratio above 1', text: `${BASE}rules: [{id: a, action: deny, countries: [RU]}]\ncompleteness: {min_decoded_ratio: 1.5}`, expected: 'completeness.min_decoded_ratio: number 1.5 is above the maximum 1' },
    { name: 'wrong type', text: `${BASE}rules: [{id: a, action: deny, countries: [RU]}]\nthresholds: {payload_bytes: many}`, expected: 'thresholds.payload_bytes: expected integer, got "many"' },
    { name: 'duplicate YAML key', text: `${BASE}mode: allowlist\nrules: [{id: a, action: deny, countries: [RU]}]`, expected: '(policy): line 4, column 1: Map keys must be unique' },
    { name: 'empty document', text: '# nothing\n', expected: '(policy): the policy is empty' },
    { name: 'a list, not a mapping', text: '[1, 2]', expected: '(policy): expected object, got a list' },
  ])('$name', ({ text, expected }) => {
    expect(issuesOf(text).map(formatPolicyIssue)).toContain(expected);
  });

  it('reports every problem at once, sorted by path', () => {
    const text = 'version: 1\nid: t\nmode: denylist\nrules:\n  - {id: a, action: deny, countries: [RUS, XX]}\n  - {id: b, action: deny, cidrs: [nope], ports: [99999]}\n';
    expect(issuesOf(text).map((i) => i.path)).toEqual(['rules[0].countries[0]', 'rules[0].countries[1]', 'rules[1].cidrs[0]', 'rules[1].ports[0]']);
  });

  it('reads YAML 1.2: NO is Norway, not false', () => {
    const r = parsePolicy(rules('  - {id: a, action: deny, countries: [NO, ON, YES]}').replace(', ON, YES', ''), 'n.yaml', GROUPS);
    expect(r.ok && r.policy.rules[0]?.countries).toEqual(['NO']);
  });

  it('rejects text that is not UTF-8', () => {
    const r = parsePolicy(new Uint8Array([0x76, 0x3a, 0xff, 0xfe]), 'b.yaml');
    expect(r.ok ? [] : r.issues).toEqual([{ path: '', message: 'the policy is not valid UTF-8' }]);
  });

  it('bounds alias expansion ("billion laughs")', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 8; i++) lines.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`);
    const r = parsePolicy(lines.join('\n'), 'bomb.yaml');
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.issues[0]!.message).toMatch(/^cannot read the YAML: /);
  });
});

describe('parsePolicy: valid policies', () => {
  it('fills every default and hashes the bytes', () => {
    const text = `${BASE}rules: [{id: a, action: deny, countries: [RU]}]\n`;
    const r = parsePolicy(text, 'min.yaml', GROUPS);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.sha256).toBe(createHash('sha256').update(text).digest('hex'));
    expect(r.policy).toEqual({
      version: 1, id: 't', description: '', source: { name: 'min.yaml', sha256: r.sha256 }, mode: 'denylist',
      monitored: { hosts: [], includeLocal: false },
      rules: [{ id: 'a', action: 'deny', countries: ['RU'] }],
      declaredEndpoints: null,
      thresholds: { payloadBytes: 0 },
      uncertainty: { disputed: 'inconclusive', unknown: 'inconclusive', noName: 'address_only', ambiguousName: 'inconclusive', dnsToDisallowedResolver: 'violation' },
      completeness: { minDecodedRatio: 0.99, interfaceDrops: 'inconclusive' },
      groups: [],
    });
  });

  it('reads JSON too, and normalises ranges, protocols and groups', () => {
    const json = JSON.stringify({
      version: 1, id: 'j', mode: 'allowlist',
      rules: [{ id: 'eea', action: 'allow', groups: ['EEA'], asns: [13238, 'AS64512-AS65534'], ports: [443, '8000-8099'], protocols: ['icmp', 'tcp', 6] }],
    });
    const r = parsePolicy(json, 'j.json', GROUPS);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.policy.rules[0]).toEqual({
      id: 'eea', action: 'allow', groups: ['EEA'], asns: [[13238, 13238], [64512, 65534]], ports: [[443, 443], [8000, 8099]], protocols: [1, 6, 58],
    });
    expect(r.policy.groups.map((g) => [g.id, g.members.length])).toEqual([['EEA', 30]]);
  });

  it.each(['deny-ru-by.yaml', 'allowlist-gb-eea-ch.yaml'])('example policy %s parses', (file) => {
    const p = examplePolicy(file);
    expect(p.id).toBe(file.replace(/\.yaml$/, ''));
    expect(p.source.sha256).toBe(createHash('sha256').update(readFileSync(resolve(REPO, 'geodata/policies', file))).digest('hex'));
  });

  it('the default policy denies RU and BY by location, in denylist mode', () => {
    const p = examplePolicy('deny-ru-by.yaml');
    expect([p.mode, p.rules.map((r) => [r.action, r.countries])]).toEqual(['denylist', [['deny', ['RU', 'BY']]]]);
  });

  it('the allowlist example allows GB, CH and the EEA and declares endpoints', () => {
    const p = examplePolicy('allowlist-gb-eea-ch.yaml');
    expect(p.mode).toBe('allowlist');
    expect(p.rules.find((r) => r.action === 'allow')).toMatchObject({ countries: ['GB', 'CH'], groups: ['EEA'] });
    expect(p.declaredEndpoints?.domains).toContain('*.vendor.example');
  });
});

describe('the JSON Schema', () => {
  it('geodata/schemas/policy.schema.json is the schema object, byte for byte', () => {
    // Regenerate: npx tsx -e "import('./src/policy/index.ts').then((m) => process.stdout.write(m.policySchemaJson()))" > geodata/schemas/policy.schema.json
    expect(readFileSync(resolve(REPO, 'geodata/schemas/policy.schema.json'), 'utf8')).toBe(policySchemaJson());
  });

  it('compiles in strict mode and accepts both example policies as plain data', () => {
    const validate = new Ajv({ strict: true, allowUnionTypes: true }).compile(POLICY_SCHEMA);
    for (const f of ['deny-ru-by.yaml', 'allowlist-gb-eea-ch.yaml']) {
      expect(validate(parse(readFileSync(resolve(REPO, 'geodata/policies', f), 'utf8')))).toBe(true);
    }
  });

  it('documents every key', () => {
    const missing: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (typeof node !== 'object' || node === null) return;
      const props = (node as { properties?: Record<string, unknown> }).properties;
      for (const [k, v] of Object.entries(props ?? {})) {
        if (typeof (v as { description?: unknown }).description !== 'string') missing.push(`${path}.${k}`);
        walk(v, `${path}.${k}`);
      }
      walk((node as { definitions?: Record<string, unknown> }).definitions?.['rule'], `${path}.rule`);
    };
    walk(POLICY_SCHEMA, '');
    expect(missing).toEqual([]);
  });
});

describe('geodata/policies/README.md', () => {
  it('documents every reason code and every top-level key', async () => {
    const { REASON_CODES } = await import('../../src/policy/index.js');
    const readme = readFileSync(resolve(REPO, 'geodata/policies/README.md'), 'utf8');
    expect(Object.keys(REASON_CODES).filter((c) => !readme.includes(`| \`${c}\` |`))).toEqual([]);
    const keys = Object.keys((POLICY_SCHEMA as { properties: object }).properties);
    expect(keys.filter((k) => !readme.includes(`\`${k}`))).toEqual([]);
  });
});
