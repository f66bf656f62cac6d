/**
 * Which countries, currencies and time zones a shop may name (product §11), from the runtime's own Intl data,
 * so the server and the browser agree without a list of our own.
 */

// Region codes Intl names that are not countries a shop sells in.
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'ZZ', 'QO', 'XA', 'XB']);
const countryNames = new Intl.DisplayNames(['en'], { type: 'region' });

/** An ISO 3166-1 alpha-2 country code, upper case (`IT`, `GB`). */
export function isCountryCode(code: string): boolean {
  if (!/^[A-Z]{2}$/.test(code) || NOT_COUNTRIES.has(code)) return false;
  try {
    return countryNames.of(code) !== code;
  } catch {
    return false;
  }
}

let currencies: Set<string> | null = null;
/** An ISO 4217 currency code, upper case (`EUR`). */
export function isCurrencyCode(code: string): boolean {
  currencies ??= new Set(Intl.supportedValuesOf('currency'));
  return /^[A-Z]{3}$/.test(code) && currencies.has(code);
}

/** Every IANA time zone the runtime knows, for a search; UTC included. */
export function timeZoneNames(): string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  return zones.includes('UTC') ? zones : [...zones, 'UTC'];
}

/** An IANA time-zone name (`Europe/Rome`, `UTC`, or an older alias the runtime still knows); never an offset. */
export function isTimeZone(name: string): boolean {
  if (name !== 'UTC' && !/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)+$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The time zone of a country when it has exactly one (Italy: Europe/Rome), to suggest it. */
export function soleTimeZoneOf(country: string): string | null {
  try {
    const locale = new Intl.Locale(`und-${country}`) as Intl.Locale & { getTimeZones?: () => string[] };
    const zones = locale.getTimeZones?.();
    return zones?.length === 1 ? zones[0]! : null;
  } catch {
    return null;
  }
}

// The currency a shop in these countries most likely sells in; others are chosen by hand.
const EURO = 'AT BE CY DE EE ES FI FR GR HR IE IT LT LU LV MT NL PT SI SK'.split(' ');
const CURRENCY_OF: Record<string, string> = {
  ...Object.fromEntries(EURO.map((c) => [c, 'EUR'])),
  GB: 'GBP',
  US: 'USD',
  CA: 'CAD',
  AU: 'AUD',
  CH: 'CHF',
  PL: 'PLN',
  SE: 'SEK',
  DK: 'DKK',
  NO: 'NOK',
  CZ: 'CZK',
  HU: 'HUF',
  RO: 'RON',
  BG: 'BGN',
  TR: 'TRY',
  JP: 'JPY',
  CN: 'CNY',
  IN: 'INR',
  BR: 'BRL',
  MX: 'MXN',
  SG: 'SGD',
  MY: 'MYR',
  TH: 'THB',
  VN: 'VND',
  PH: 'PHP',
  ID: 'IDR',
  AE: 'AED',
  SA: 'SAR',
  KR: 'KRW',
  ZA: 'ZAR',
};

/** The currency to suggest for a shop in this country, or null. */
export function likelyCurrencyOf(country: string): string | null {
  return CURRENCY_OF[country] ?? null;
}

/** Every country code the runtime names, for a list to choose from. */
export function countryCodes(): string[] {
  const codes: string[] = [];
  for (let a = 65; a <= 90; a++)
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      if (isCountryCode(code)) codes.push(code);
    }
  return codes;
}

/** Every currency code the runtime knows. */
export function currencyCodes(): string[] {
  return Intl.supportedValuesOf('currency');
}
