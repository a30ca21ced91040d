/**
 * The campaign manifest's JSON Schema (draft-07), as data so the built tool needs no file reads.
 * geodata/schemas/campaign.schema.json is `campaignSchemaJson()` written out; a test keeps them
 * equal. Structure only: paths, globs and host addresses are checked when the manifest is resolved.
 * @module cli/campaign/schema
 */

const ID = {
  type: 'string',
  pattern: '^[a-z0-9][a-z0-9._-]{0,63}$',
  description: 'Identifier: 1-64 characters, lower-case letters, digits, ".", "_" or "-", starting with a letter or digit. A run id is also its folder name under runs/.',
} as const;

const PATH = {
  type: 'string',
  minLength: 1,
  description: "A file relative to the manifest's folder ('/' separators); a path that leaves the folder is refused.",
} as const;

const VERDICT = { type: 'string', enum: ['PASS', 'FAIL', 'INCONCLUSIVE'], description: 'A verdict of analyze.' } as const;

const list = (items: object, description: string): object => ({ type: 'array', items, description });

/** Settings a run inherits from `defaults` unless it gives its own. */
const SETTINGS = {
  policy: {
    ...PATH,
    description:
      "Policy file (YAML or JSON), relative to the manifest; or 'builtin:NAME' for geodata/policies/NAME.yaml of the tool. Default: the tool's default policy (builtin:deny-ru-by).",
  },
  geoip: list(PATH, 'MMDB files used besides (or, with embedded_geo: false, instead of) the embedded databases, in this order.'),
  embedded_geo: { type: 'boolean', description: 'Use the embedded geolocation databases (default true). false needs at least one geoip file.' },
  geo_overrides: list(PATH, 'CIDR → country/operator override files (JSON), in this order.'),
  monitored_hosts: list(
    { type: 'string', minLength: 1 },
    "Replaces the policy's monitored.hosts (IPs, CIDRs, MACs). The run then uses a derived policy file written under OUT/policies/, which its report names by sha256.",
  ),
  nat64_prefixes: list(
    { type: 'string', minLength: 1 },
    'NAT64 prefixes the capture\'s network translates under (RFC 6052: /32, /40, /48, /56, /64 or /96, e.g. 2001:db8:64::/96), as --nat64-prefix: flows to them are also judged at the IPv4 address inside.',
  ),
} as const;

/** The manifest schema. */
export const CAMPAIGN_SCHEMA = plainJson({
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://egress-verify.invalid/schemas/campaign.schema.json',
  title: 'egress-verify campaign manifest',
  description: 'Many captures, each judged against a policy, with the verdict each must give.',
  type: 'object',
  additionalProperties: false,
  required: ['version', 'runs'],
  properties: {
    version: { const: 1, description: 'Manifest format version: 1.' },
    id: { ...ID, description: "The campaign's id (JUnit testsuite name). Default: the manifest's file name without extension." },
    description: { type: 'string', description: 'Free text.' },
    defaults: { type: 'object', additionalProperties: false, properties: SETTINGS, description: 'Settings every run inherits.' },
    runs: {
      type: 'array',
      minItems: 1,
      description: 'The runs; ids are unique.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'captures', 'expect'],
        properties: {
          id: ID,
          scenario: { type: 'string', minLength: 1, maxLength: 200, description: 'What was exercised (install, signature update, …). Default: the run id.' },
          description: { type: 'string' },
          captures: {
            type: 'array',
            minItems: 1,
            items: { ...PATH, description: "A capture file or a glob (*, ?, ** and [...]; sorted by name), relative to the manifest. The captures are read as one, in this order." },
            description: 'Capture files or globs; each must match at least one file.',
          },
          ...SETTINGS,
          expect: { ...VERDICT, description: 'The verdict this run must give.' },
          expected_destinations: {
            type: 'object',
            additionalProperties: false,
            description: "Destinations the run must (include) or must not (exclude) contact: an IP address, a CIDR, a name ('host.example') or every name below one ('*.example').",
            properties: {
              include: list({ type: 'string', minLength: 1 }, 'Each must match at least one judged destination.'),
              exclude: list({ type: 'string', minLength: 1 }, 'None may match a judged destination.'),
            },
          },
        },
      },
    },
  },
}) as Readonly<Record<string, unknown>>;

/** A plain JSON copy (no shared sub-objects), so the object is exactly what the file holds. */
function plainJson<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** The schema as canonical file text (2-space JSON, trailing newline): geodata/schemas/campaign.schema.json. */
export function campaignSchemaJson(): string {
  return `${JSON.stringify(CAMPAIGN_SCHEMA, null, 2)}\n`;
}
