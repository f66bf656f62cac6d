import { describe, expect, it } from 'vitest';
import {
  countryCodes,
  deliveryUrlProblem,
  inboundWebhookUrl,
  isCountryCode,
  isCurrencyCode,
  isTimeZone,
  timeZones,
} from '../../lib/domain/shops';

describe("a shop's identity", () => {
  it('knows the ISO 3166-1 countries, and not groupings, pseudo-regions or withdrawn codes', () => {
    // 249 assigned codes, and Kosovo's XK, which marketplaces use.
    expect(countryCodes()).toHaveLength(250);
    for (const code of ['IT', 'DE', 'US', 'GB', 'CN', 'XK', 'AQ']) expect(isCountryCode(code)).toBe(true);
    for (const code of ['EU', 'UN', 'ZZ', 'XA', 'UK', 'SU', 'YU', 'it', 'ITA', ''])
      expect(isCountryCode(code)).toBe(false);
  });

  it('knows ISO 4217 currencies and IANA time zones', () => {
    for (const code of ['EUR', 'USD', 'GBP', 'JPY']) expect(isCurrencyCode(code)).toBe(true);
    for (const code of ['EURO', 'eur', 'XYZ', '']) expect(isCurrencyCode(code)).toBe(false);
    for (const zone of ['Europe/Rome', 'America/New_York', 'UTC', 'Asia/Kolkata'])
      expect(isTimeZone(zone)).toBe(true);
    for (const zone of ['Europe/Atlantis', 'Mars/Olympus', 'Rome', '', '../etc'])
      expect(isTimeZone(zone)).toBe(false);
    expect(timeZones()).toContain('UTC');
    expect(timeZones().every(isTimeZone)).toBe(true);
  });

  it.each([
    ['https://hooks.example.com/sidedesk', null],
    ['http://localhost:3000/in', null],
    ['http://127.0.0.1:9/deliveries', null],
    ['http://[::1]:8080/', null],
    ['http://hooks.example.com/in', 'must use https'],
    ['ftp://hooks.example.com/', 'must be an https address'],
    ['https://user:pass@hooks.example.com/', 'must not carry a user name or password'],
    ['hooks.example.com', 'is not a web address'],
  ])('a delivery URL %s: %s', (url, problem) => {
    const found = deliveryUrlProblem(url);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toContain(problem);
  });

  it('gives the inbound URL under the public address', () => {
    expect(inboundWebhookUrl('https://desk.example.com/', 'shop_1')).toBe(
      'https://desk.example.com/api/channels/webhook/shop_1/messages',
    );
  });
});
