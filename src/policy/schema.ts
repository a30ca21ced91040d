/**
 * The policy file's JSON Schema (draft-07), as data so the built tool needs no file reads.
 * geodata/schemas/policy.schema.json is `policySchemaJson()` written out; a test keeps them equal.
 * Structure only: ISO codes, CIDRs, regexes, ranges and references are checked in semantic.ts.
 * @module policy/schema
 */

const ID = {
  type: 'string',
  pattern: '^[a-z0-9][a-z0-9._-]{0,63}$',
  description: 'Identifier: 1-64 characters, lower-case letters, digits, ".", "_" or "-", starting with a letter or digit.',
} as const;

const COUNTRY = {
  type: 'string',
  pattern: '^[A-Z]{2}$',
  description: 'ISO 3166-1 alpha-2 country code, upper case (GB, not UK; GR, not EL). Reserved codes such as EU are rejected: use groups.',
} as const;

const GROUP = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$', description: 'Group id.' } as const;

/** Protocol names a policy may use, and the IP protocol numbers each stands for (IANA). */
export const PROTOCOL_NUMBERS: ReadonlyMap<string, readonly number[]> = new Map([
  ['tcp', [6]],
  ['udp', [17]],
  ['icmp', [1, 58]],
  ['icmp6', [58]],
  ['sctp', [132]],
  ['dccp', [33]],
  ['udplite', [136]],
  ['gre', [47]],
  ['esp', [50]],
  ['ah', [51]],
  ['igmp', [2]],
]);

const PROTOCOL_NAMES = [...PROTOCOL_NUMBERS.keys()];

const list = (items: object, description: string): object => ({ type: 'array', minItems: 1, items, description });

const RULE_PROPERTIES = {
  id: { ...ID, description: 'Rule id, unique in the policy; reported with every finding the rule causes.' },
  action: { enum: ['deny', 'allow'], description: 'deny: matching traffic is a violation. allow: matching traffic is permitted (allowlist mode only). A matching deny rule always overrides allow rules.' },
  description: { type: 'string', description: 'Free text shown in reports.' },
  countries: list(COUNTRY, 'Matches when the destination is located in one of these countries (geolocation consensus or a CIDR override). Together with groups this forms one set.'),
  groups: list(GROUP, 'Jurisdiction group ids from geodata/jurisdictions/country-groups.json (e.g. EU, EEA, FIVE_EYES); their members join the countries set.'),
  registered_countries: list(COUNTRY, 'Matches when the address block is registered to one of these countries (the databases\' registered_country; the embedded databases do not provide it, which makes such rules inconclusive).'),
  asns: list(
    { type: ['integer', 'string'], minimum: 0, maximum: 4294967295, pattern: '^(?:[Aa][Ss])?[0-9]{1,10}(?:-(?:[Aa][Ss])?[0-9]{1,10})?$' },
    'Autonomous system numbers: 13238, "AS13238" or an inclusive range "64512-65534".',
  ),
  as_org: list(
    { type: 'string', minLength: 1, maxLength: 200 },
    'AS organisation patterns: a case-insensitive substring ("yandex"), or a regular expression between slashes ("/^(yandex|vk)\\b/"), always case-insensitive; nested or more than two unbounded quantifiers, back-references and look-arounds are rejected.',
  ),
  cidrs: list({ type: 'string' }, 'Destination addresses or networks: "203.0.113.7", "203.0.113.0/24", "2001:db8::/32" (host bits must be zero).'),
  domains: list(
    { type: 'string', minLength: 1, maxLength: 255 },
    'Destination names: "vendor.example" matches exactly; "*.vendor.example" matches every name below it (not vendor.example itself). Matched against the name the flow is attributed to (TLS/QUIC SNI, HTTP Host, else DNS). Without SNI or Host, or with an Encrypted Client Hello (whose SNI is only the public outer name), every DNS name the address had for the client is tried (see uncertainty.ambiguous_name).',
  ),
  ports: list(
    { type: ['integer', 'string'], minimum: 0, maximum: 65535, pattern: '^[0-9]{1,5}-[0-9]{1,5}$' },
    'Destination ports (TCP, UDP, SCTP, DCCP, UDP-Lite): 443 or an inclusive range "8000-8099".',
  ),
  protocols: list(
    { type: ['integer', 'string'], minimum: 0, maximum: 255, pattern: `^(?:${PROTOCOL_NAMES.join('|')})$` },
    'IP protocols by name (tcp, udp, icmp — ICMP and ICMPv6 —, icmp6, sctp, dccp, udplite, gre, esp, ah, igmp) or number 0-255.',
  ),
} as const;

/** The JSON Schema of a policy file (version 1). */
export const POLICY_SCHEMA: Readonly<Record<string, unknown>> = plainJson({
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'urn:egress-verify:policy:1',
  title: 'egress-verify policy',
  description: 'Which hosts are watched, where they may send data, and what uncertain or incomplete evidence means. Unknown keys are errors. See geodata/policies/README.md.',
  type: 'object',
  additionalProperties: false,
  required: ['version', 'id', 'mode', 'rules'],
  properties: {
    version: { const: 1, description: 'Policy format version; must be 1.' },
    id: { ...ID, description: 'Policy id, shown in reports next to the policy file\'s sha256.' },
    description: { type: 'string', description: 'What the policy is for, shown in reports.' },
    mode: {
      enum: ['denylist', 'allowlist'],
      description: 'denylist: traffic is a violation only if a deny rule matches. allowlist: traffic is a violation unless an allow rule matches (and, with declared_endpoints, its endpoint is declared).',
    },
    monitored: {
      type: 'object',
      additionalProperties: false,
      description: 'Which hosts are watched. Only flows a monitored host originates are judged.',
      properties: {
        hosts: {
          type: 'array',
          items: { type: 'string' },
          description: 'Addresses ("192.168.1.10"), networks ("192.168.1.0/24") or MAC addresses ("00:11:22:33:44:55"). Empty or absent (default): every address that is not public (IANA special-purpose, not globally reachable) and originates flows.',
        },
        include_local: {
          type: 'boolean',
          description: 'Default false: destinations that are special-purpose and not globally reachable (private, loopback, link-local, documentation…), multicast and broadcast are ignored. true: they are judged too, with no country.',
        },
      },
    },
    rules: { type: 'array', items: { $ref: '#/definitions/rule' }, description: 'Rules. Evaluation: a flow is denied if any deny rule matches (deny overrides allow); in allowlist mode it must also match an allow rule. Order does not matter.' },
    declared_endpoints: {
      type: 'object',
      additionalProperties: false,
      description: 'The vendor\'s declared endpoints. In allowlist mode a flow to an endpoint matching neither a declared domain nor a declared CIDR is a violation, even in an allowed country.',
      properties: {
        domains: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 255 }, description: 'Declared names, "vendor.example" or "*.vendor.example".' },
        cidrs: { type: 'array', items: { type: 'string' }, description: 'Declared addresses or networks.' },
        enforce_in_denylist: { type: 'boolean', description: 'Default false. true: undeclared endpoints are violations in denylist mode too.' },
      },
    },
    thresholds: {
      type: 'object',
      additionalProperties: false,
      description: 'How much payload makes a violation.',
      properties: {
        payload_bytes: {
          type: 'integer',
          minimum: 0,
          description: 'Default 0. A violating flow is a FAIL when the monitored host sent more payload bytes than this (in the flow, or in all violating flows together, to one destination or to many); at most this many is a warning. A flow without payload (handshake only) is a contact: always a warning.',
        },
      },
    },
    uncertainty: {
      type: 'object',
      additionalProperties: false,
      description: 'What uncertain evidence means.',
      properties: {
        disputed: {
          enum: ['inconclusive', 'worst_case', 'majority'],
          description: 'When the databases disagree and the candidates lead to different outcomes. inconclusive (default): INCONCLUSIVE. worst_case: a violation if any candidate is one. majority: the value most databases give decides when it has more than half of the votes (else inconclusive). Disagreements where every candidate gives the same outcome are decided either way.',
        },
        unknown: {
          enum: ['inconclusive', 'worst_case'],
          description: 'When no database locates the destination (or gives a fact a rule needs). inconclusive (default): INCONCLUSIVE. worst_case: a violation. No data is never treated as allowed.',
        },
        no_name: {
          enum: ['address_only', 'inconclusive'],
          description: 'Flows without any name. address_only (default): name criteria do not match, the flow is judged on its address and location, and flagged. inconclusive: INCONCLUSIVE whenever a name criterion would decide.',
        },
        ambiguous_name: {
          enum: ['inconclusive', 'worst_case'],
          description: 'Flows whose client named no server itself (no TLS/QUIC SNI, no HTTP Host, or only an ECH outer name) to an address its DNS answers gave several names, when those names lead to different outcomes (a CDN address shared by an allowed and a denied name). inconclusive (default): INCONCLUSIVE. worst_case: a violation if any of the names gives one. When every name gives the same outcome the flow is decided either way.',
        },
        dns_to_disallowed_resolver: {
          enum: ['violation', 'warning'],
          description: 'DNS queries a monitored host sends to a resolver the rules do not permit. violation (default): FAIL whatever the thresholds, because each query carries the name asked for. warning: reported only (the DNS flows are still judged like any flow).',
        },
      },
    },
    completeness: {
      type: 'object',
      additionalProperties: false,
      description: 'What complete evidence means; PASS needs all of it.',
      properties: {
        min_decoded_ratio: {
          type: 'number',
          minimum: 0,
          maximum: 1,
          description: 'Default 0.99. Minimum frames decoded / frames read for PASS.',
        },
        interface_drops: {
          enum: ['inconclusive', 'warning'],
          description: 'Packets the capturing interface reported dropping. inconclusive (default) or warning.',
        },
      },
    },
  },
  definitions: {
    rule: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'action'],
      description: 'A rule: id, action and at least one criterion. Criteria of different kinds must all match; the entries of one list are alternatives.',
      properties: RULE_PROPERTIES,
    },
  },
}) as Readonly<Record<string, unknown>>;

/** A plain JSON copy (no shared sub-objects), so the object is exactly what the file holds. */
function plainJson<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** The schema as canonical file text (2-space JSON, trailing newline): geodata/schemas/policy.schema.json. */
export function policySchemaJson(): string {
  return `${JSON.stringify(POLICY_SCHEMA, null, 2)}\n`;
}
