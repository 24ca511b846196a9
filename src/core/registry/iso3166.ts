/**
 * ISO 3166-1 alpha-2 codes with their numeric codes (the numeric code is what world-atlas uses as a feature id).
 * Officially assigned codes only, plus XK (Kosovo), a user-assigned code in wide use by the EU and the UN system.
 * Packed as "AA000" groups to keep the table compact; checked against world-atlas country names in the tests.
 */
const PACKED =
  'AD020AE784AF004AG028AI660AL008AM051AO024AQ010AR032AS016AT040AU036AW533AX248AZ031BA070BB052BD050BE056BF854' +
  'BG100BH048BI108BJ204BL652BM060BN096BO068BQ535BR076BS044BT064BV074BW072BY112BZ084CA124CC166CD180CF140CG178' +
  'CH756CI384CK184CL152CM120CN156CO170CR188CU192CV132CW531CX162CY196CZ203DE276DJ262DK208DM212DO214DZ012EC218' +
  'EE233EG818EH732ER232ES724ET231FI246FJ242FK238FM583FO234FR250GA266GB826GD308GE268GF254GG831GH288GI292GL304' +
  'GM270GN324GP312GQ226GR300GS239GT320GU316GW624GY328HK344HM334HN340HR191HT332HU348ID360IE372IL376IM833IN356' +
  'IO086IQ368IR364IS352IT380JE832JM388JO400JP392KE404KG417KH116KI296KM174KN659KP408KR410KW414KY136KZ398LA418' +
  'LB422LC662LI438LK144LR430LS426LT440LU442LV428LY434MA504MC492MD498ME499MF663MG450MH584MK807ML466MM104MN496' +
  'MO446MP580MQ474MR478MS500MT470MU480MV462MW454MX484MY458MZ508NA516NC540NE562NF574NG566NI558NL528NO578NP524' +
  'NR520NU570NZ554OM512PA591PE604PF258PG598PH608PK586PL616PM666PN612PR630PS275PT620PW585PY600QA634RE638RO642' +
  'RS688RU643RW646SA682SB090SC690SD729SE752SG702SH654SI705SJ744SK703SL694SM674SN686SO706SR740SS728ST678SV222' +
  'SX534SY760SZ748TC796TD148TF260TG768TH764TJ762TK772TL626TM795TN788TO776TR792TT780TV798TW158TZ834UA804UG800' +
  'UM581US840UY858UZ860VA336VC670VE862VG092VI850VN704VU548WF876WS882YE887YT175ZA710ZM894ZW716';

const numericByAlpha2: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (let i = 0; i < PACKED.length; i += 5) map.set(PACKED.slice(i, i + 2), PACKED.slice(i + 2, i + 5));
  // Kosovo has no ISO numeric code; world-atlas has no separate feature id for it either.
  map.set('XK', '');
  return map;
})();

export const countryCodes: readonly string[] = [...numericByAlpha2.keys()].sort();

export function isCountryCode(code: string): boolean {
  return numericByAlpha2.has(code);
}

/** The ISO 3166-1 numeric code (as world-atlas writes it, three digits), or null. */
export function numericCountryCode(alpha2: string): string | null {
  return numericByAlpha2.get(alpha2) || null;
}

const SUBDIVISION = /^([A-Z]{2})-([A-Z0-9]{1,3})$/;

/**
 * A subdivision code is checked for its ISO 3166-2 shape (country, hyphen, one to three letters or digits) and for a
 * valid country part. The full ISO 3166-2 list (some 5,000 codes) is not shipped, so an unassigned suffix passes.
 */
export function parseSubdivisionCode(code: string): { country: string; suffix: string } | null {
  const match = SUBDIVISION.exec(code);
  if (!match || !isCountryCode(match[1])) return null;
  return { country: match[1], suffix: match[2] };
}

/** A jurisdiction is a country (alpha-2) or a subdivision (ISO 3166-2 shape); returns the country it lies in. */
export function jurisdictionCountry(code: string): string | null {
  if (isCountryCode(code)) return code;
  return parseSubdivisionCode(code)?.country ?? null;
}
