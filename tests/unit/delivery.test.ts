import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import {
  deliveryProblemText,
  isRefusedAddress,
  isRetryableStatus,
  retryDelayMs,
} from '../../lib/domain/delivery';
import { secretsInForce, standardHeaders, verifiesStandard, webhookKey } from '../../server/delivery/signing';

describe('outbound delivery rules', () => {
  it('waits a random time up to a doubling ceiling, capped', () => {
    expect(retryDelayMs(1, 1000, 60_000, () => 1)).toBe(1000);
    expect(retryDelayMs(2, 1000, 60_000, () => 1)).toBe(2000);
    expect(retryDelayMs(5, 1000, 60_000, () => 1)).toBe(16_000);
    expect(retryDelayMs(40, 1000, 60_000, () => 1)).toBe(60_000);
    expect(retryDelayMs(3, 1000, 60_000, () => 0)).toBe(0);
    expect(retryDelayMs(3, 1000, 60_000, () => 0.5)).toBe(2000);
  });

  it('retries timeouts, rate limits and server errors, and no other refusal', () => {
    expect([408, 429, 500, 502, 503].every(isRetryableStatus)).toBe(true);
    expect([301, 400, 401, 404, 410, 422].some(isRetryableStatus)).toBe(false);
  });

  it('refuses link-local and unspecified addresses, and allows loopback and private networks', () => {
    for (const ip of [
      '169.254.169.254',
      '169.254.0.1',
      '::ffff:169.254.169.254',
      'fe80::1',
      'fd00:ec2::254',
      '0.0.0.0',
      '::',
    ])
      expect(isRefusedAddress(ip), ip).toBe(true);
    for (const ip of ['127.0.0.1', '10.0.0.5', '192.168.1.20', '::1', '93.184.216.34', '2001:db8::1'])
      expect(isRefusedAddress(ip), ip).toBe(false);
  });

  it('says each problem in English for the API', () => {
    expect(deliveryProblemText({ code: 'http_status', status: 422, detail: 'unknown customer' })).toBe(
      'The receiver answered 422: unknown customer',
    );
    expect(deliveryProblemText({ code: 'network', status: null, detail: 'ECONNREFUSED' })).toBe(
      'The receiver could not be reached (ECONNREFUSED)',
    );
  });
});

describe('Standard Webhooks signing', () => {
  const standard = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;

  it('reads a whsec_ secret as base64 and any other as its own bytes', () => {
    expect(Buffer.from(webhookKey(standard)).toString()).toBe('0123456789abcdef0123456789abcdef');
    expect(Buffer.from(webhookKey('sidedesk-demo-webhook')).toString()).toBe('sidedesk-demo-webhook');
    // Not base64 after the prefix: the whole string is the key.
    expect(Buffer.from(webhookKey('whsec_test_0123')).toString()).toBe('whsec_test_0123');
  });

  it('signs so the standardwebhooks library verifies, with both secrets during an overlap', () => {
    const body = JSON.stringify({ type: 'message.created', data: { n: 1 } });
    const headers = standardHeaders([standard, 'old-plain-secret'], 'msg_1', new Date(), body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(standard).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook('old-plain-secret', { format: 'raw' }).verify(body, headers)).toEqual(
      JSON.parse(body),
    );
    expect(() => new Webhook(standard).verify(`${body} `, headers)).toThrow();
    expect(verifiesStandard(['other-secret', standard], headers, body)).toBe(true);
    expect(verifiesStandard(['other-secret'], headers, body)).toBe(false);
  });

  it('keeps the previous secret only until its overlap ends', () => {
    const now = new Date('2026-12-07T10:00:00Z');
    const shop = {
      webhookSecret: 'new',
      previousWebhookSecret: 'old',
      previousWebhookSecretUntil: new Date('2026-12-08T10:00:00Z'),
    };
    expect(secretsInForce(shop, now)).toEqual(['new', 'old']);
    expect(
      secretsInForce({ ...shop, previousWebhookSecretUntil: new Date('2026-12-07T09:00:00Z') }, now),
    ).toEqual(['new']);
    expect(
      secretsInForce(
        { webhookSecret: null, previousWebhookSecret: null, previousWebhookSecretUntil: null },
        now,
      ),
    ).toEqual([]);
  });
});
