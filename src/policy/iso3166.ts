/**
 * ISO 3166-1 alpha-2: the officially assigned country codes (ISO 3166 Maintenance Agency, "Officially
 * assigned code elements"; 249 entries). Reserved and user-assigned elements (EU, UK, EL, XK, ZZ…)
 * are not countries and a policy may not name them; databases that answer with one are treated as
 * having no country for that address.
 * @module policy/iso3166
 */

/** The 249 officially assigned ISO 3166-1 alpha-2 codes, sorted. */
export const ISO3166_ALPHA2: readonly string[] = [
  'AD', 'AE', 'AF', 'AG', 'AI', 'AL', 'AM', 'AO', 'AQ', 'AR', 'AS', 'AT', 'AU', 'AW', 'AX', 'AZ',
  'BA', 'BB', 'BD', 'BE', 'BF', 'BG', 'BH', 'BI', 'BJ', 'BL', 'BM', 'BN', 'BO', 'BQ', 'BR', 'BS',
  'BT', 'BV', 'BW', 'BY', 'BZ',
  'CA', 'CC', 'CD', 'CF', 'CG', 'CH', 'CI', 'CK', 'CL', 'CM', 'CN', 'CO', 'CR', 'CU', 'CV', 'CW',
  'CX', 'CY', 'CZ',
  'DE', 'DJ', 'DK', 'DM', 'DO', 'DZ',
  'EC', 'EE', 'EG', 'EH', 'ER', 'ES', 'ET',
  'FI', 'FJ', 'FK', 'FM', 'FO', 'FR',
  'GA', 'GB', 'GD', 'GE', 'GF', 'GG', 'GH', 'GI', 'GL', 'GM', 'GN', 'GP', 'GQ', 'GR', 'GS', 'GT',
  'GU', 'GW', 'GY',
  'HK', 'HM', 'HN', 'HR', 'HT', 'HU',
  'ID', 'IE', 'IL', 'IM', 'IN', 'IO', 'IQ', 'IR', 'IS', 'IT',
  'JE', 'JM', 'JO', 'JP',
  'KE', 'KG', 'KH', 'KI', 'KM', 'KN', 'KP', 'KR', 'KW', 'KY', 'KZ',
  'LA', 'LB', 'LC', 'LI', 'LK', 'LR', 'LS', 'LT', 'LU', 'LV', 'LY',
  'MA', 'MC', 'MD', 'ME', 'MF', 'MG', 'MH', 'MK', 'ML', 'MM', 'MN', 'MO', 'MP', 'MQ', 'MR', 'MS',
  'MT', 'MU', 'MV', 'MW', 'MX', 'MY', 'MZ',
  'NA', 'NC', 'NE', 'NF', 'NG', 'NI', 'NL', 'NO', 'NP', 'NR', 'NU', 'NZ',
  'OM',
  'PA', 'PE', 'PF', 'PG', 'PH', 'PK', 'PL', 'PM', 'PN', 'PR', 'PS', 'PT', 'PW', 'PY',
  'QA',
  'RE', 'RO', 'RS', 'RU', 'RW',
  'SA', 'SB', 'SC', 'SD', 'SE', 'SG', 'SH', 'SI', 'SJ', 'SK', 'SL', 'SM', 'SN', 'SO', 'SR', 'SS',
  'ST', 'SV', 'SX', 'SY', 'SZ',
  'TC', 'TD', 'TF', 'TG', 'TH', 'TJ', 'TK', 'TL', 'TM', 'TN', 'TO', 'TR', 'TT', 'TV', 'TW', 'TZ',
  'UA', 'UG', 'UM', 'US', 'UY', 'UZ',
  'VA', 'VC', 'VE', 'VG', 'VI', 'VN', 'VU',
  'WF', 'WS',
  'YE', 'YT',
  'ZA', 'ZM', 'ZW',
];

const ASSIGNED: ReadonlySet<string> = new Set(ISO3166_ALPHA2);

/** True for an officially assigned ISO 3166-1 alpha-2 code (upper case, exactly as listed). */
export function isIso3166Alpha2(code: string): boolean {
  return ASSIGNED.has(code);
}

/**
 * Why a code that looks like alpha-2 is not a country, for policy error messages: the
 * exceptionally reserved and user-assigned elements people write by mistake.
 */
const NOT_A_COUNTRY: ReadonlyMap<string, string> = new Map([
  ['EU', 'EU is reserved for the European Union, not a country: use groups: [EU]'],
  ['EZ', 'EZ is reserved for the eurozone, not a country'],
  ['UK', 'UK is reserved; the United Kingdom is GB'],
  ['EL', 'EL is the EU protocol code; Greece is GR'],
  ['UN', 'UN is reserved for the United Nations, not a country'],
  ['SU', 'SU (USSR) is reserved, not a current country'],
  ['YU', 'YU (Yugoslavia) is transitionally reserved; use RS, ME, BA, HR, SI or MK'],
  ['CS', 'CS is transitionally reserved; use RS or ME'],
  ['AN', 'AN (Netherlands Antilles) is transitionally reserved; use CW, SX or BQ'],
  ['XK', 'XK (Kosovo) is a user-assigned code, not part of ISO 3166-1'],
  ['ZZ', 'ZZ is user-assigned ("unknown") in some databases, not a country'],
  ['AP', 'AP ("Asia/Pacific") is a legacy database placeholder, not a country'],
]);

/** A hint for a rejected code, or `undefined`. */
export function notACountryHint(code: string): string | undefined {
  return NOT_A_COUNTRY.get(code.toUpperCase());
}
