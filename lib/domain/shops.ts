/**
 * A shop's identity (product §11): where it sells, in which currency and time zone, and where its webhook
 * channel delivers. Pure checks shared by the server, which refuses bad values, and the Shops page, which
 * offers only good ones.
 */

export const MARKETPLACES = ['tiktok_shop', 'amazon', 'other'] as const;
export type Marketplace = (typeof MARKETPLACES)[number];

/** Overlaps a rotated webhook secret may keep, in hours: the old secret still works until then. */
export const WEBHOOK_OVERLAP_HOURS = [1, 24, 168] as const;

// Codes the region names know that are not countries of ISO 3166-1: groupings, pseudo-locales, reserved
// and withdrawn codes (Kosovo's XK stays: marketplaces use it).
const NOT_COUNTRIES = new Set(
  'AC CP CQ DG EA EU EZ IC QO TA UN XA XB ZZ AN BU CS DD DY FX HV NH RH SU TP UK VD YD YU ZR'.split(' '),
);

let countries: string[] | null = null;

/** The ISO 3166-1 alpha-2 codes, A to Z. */
export function countryCodes(): readonly string[] {
  if (!countries) {
    const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    countries = [];
    for (const first of letters)
      for (const second of letters) {
        const code = first + second;
        if (!NOT_COUNTRIES.has(code) && names.of(code)) countries.push(code);
      }
  }
  return countries;
}

export function isCountryCode(code: string): boolean {
  return countryCodes().includes(code);
}

/** The ISO 4217 currency codes in use. */
export function currencyCodes(): readonly string[] {
  return Intl.supportedValuesOf('currency');
}

export function isCurrencyCode(code: string): boolean {
  return currencyCodes().includes(code);
}

/** The IANA time zones, with UTC, which some runtimes list only under an alias. */
export function timeZones(): readonly string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}

/** A time zone Intl knows by this exact IANA name (an alias such as "US/Eastern" is accepted too). */
export function isTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
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

/**
 * Why a delivery URL will not do, or null: it must be https, or plain http to this machine (for trying an
 * integration locally), with no credentials in it.
 */
export function deliveryUrlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'is not a web address (https://…)';
  }
  if (url.username || url.password)
    return 'must not carry a user name or password; the signature proves the sender';
  if (url.protocol === 'https:') return null;
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol === 'http:' && local) return null;
  if (url.protocol === 'http:')
    return 'must use https (plain http only to localhost or 127.0.0.1, for testing)';
  return 'must be an https address';
}

/** The webhook address an integration posts the shop's customer messages to. */
export function inboundWebhookUrl(publicUrl: string, shopId: string): string {
  return `${publicUrl.replace(/\/$/, '')}/api/channels/webhook/${encodeURIComponent(shopId)}/messages`;
}
