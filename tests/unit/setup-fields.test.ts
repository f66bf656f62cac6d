import { describe, expect, it } from 'vitest';
import {
  countryCodes,
  isCountryCode,
  isCurrencyCode,
  isTimeZone,
  likelyCurrencyOf,
  soleTimeZoneOf,
  timeZoneNames,
} from '../../lib/domain/places';
import { serverOfSetupLink, setupTokenFrom } from '../../lib/protocol';

const TOKEN = 'F969EPGsad78TS-s8DDFk_RYPIuN_vMtihwfvQURhH4';

describe("a first shop's country, currency and time zone", () => {
  it('takes country codes the runtime names, and nothing else', () => {
    for (const code of ['IT', 'GB', 'US', 'DE', 'XK']) expect(isCountryCode(code), code).toBe(true);
    for (const code of ['QQ', 'ZZ', 'EU', 'UN', 'it', 'ITA', ''])
      expect(isCountryCode(code), code).toBe(false);
    expect(countryCodes()).toContain('IT');
    expect(countryCodes()).not.toContain('EU');
  });

  it('takes ISO 4217 currencies in upper case', () => {
    expect(isCurrencyCode('EUR')).toBe(true);
    expect(isCurrencyCode('GBP')).toBe(true);
    expect(isCurrencyCode('eur')).toBe(false);
    expect(isCurrencyCode('EUX')).toBe(false);
  });

  it('takes IANA names and UTC, never an offset or an invented zone', () => {
    for (const zone of ['Europe/Rome', 'America/Argentina/Buenos_Aires', 'UTC', 'Etc/GMT+1'])
      expect(isTimeZone(zone), zone).toBe(true);
    for (const zone of ['+01:00', 'Mars/Olympus', 'Rome', 'europe rome', ''])
      expect(isTimeZone(zone), zone).toBe(false);
    expect(timeZoneNames()).toContain('UTC');
    expect(timeZoneNames()).toContain('Europe/Rome');
  });

  it('suggests the currency and the only time zone of a country, and nothing when there are several', () => {
    expect(likelyCurrencyOf('IT')).toBe('EUR');
    expect(likelyCurrencyOf('GB')).toBe('GBP');
    expect(soleTimeZoneOf('IT')).toBe('Europe/Rome');
    expect(soleTimeZoneOf('US')).toBeNull();
  });
});

describe('a pasted setup link', () => {
  it('gives its token, or the bare token itself', () => {
    expect(setupTokenFrom(`https://desk.example.com/setup?token=${TOKEN}`)).toBe(TOKEN);
    expect(setupTokenFrom(`  ${TOKEN}  `)).toBe(TOKEN);
    expect(setupTokenFrom('https://desk.example.com/setup')).toBeNull();
    expect(setupTokenFrom('hello')).toBeNull();
  });

  it('names the server it is for, also under a path', () => {
    expect(serverOfSetupLink(`http://127.0.0.1:8787/setup?token=${TOKEN}`)).toBe('http://127.0.0.1:8787');
    expect(serverOfSetupLink(`https://example.com/sidedesk/setup?token=${TOKEN}`)).toBe(
      'https://example.com/sidedesk',
    );
    expect(serverOfSetupLink(TOKEN)).toBeNull();
    expect(serverOfSetupLink('https://example.com/other?token=x')).toBeNull();
  });
});
