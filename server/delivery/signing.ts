import { Webhook, WebhookVerificationError } from 'standardwebhooks';

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): `webhook-id`, `webhook-timestamp` and
 * `webhook-signature` (`v1,` + base64 HMAC-SHA256 of `id.timestamp.body`), done by the `standardwebhooks`
 * package so an integrator's off-the-shelf verifier agrees with us byte for byte.
 */

const PREFIX = 'whsec_';

/**
 * The key bytes of a shop's secret: `whsec_` + base64 is the standard's form; any other secret (the demo's
 * plain word, secrets from before the standard) is used as its own UTF-8 bytes, which a verifier reads with
 * `{ format: 'raw' }`.
 */
export function webhookKey(secret: string): Uint8Array {
  if (secret.startsWith(PREFIX)) {
    const encoded = secret.slice(PREFIX.length);
    if (/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) && encoded.length % 4 === 0) {
      return new Uint8Array(Buffer.from(encoded, 'base64'));
    }
  }
  return new Uint8Array(Buffer.from(secret, 'utf8'));
}

const signer = (secret: string) => new Webhook(webhookKey(secret), { format: 'raw' });

/** The secrets a delivery is signed with and checked against: the current one, and the previous one during a rotation's overlap. */
export function secretsInForce(
  shop: {
    webhookSecret: string | null;
    previousWebhookSecret: string | null;
    previousWebhookSecretUntil: Date | null;
  },
  now: Date,
): string[] {
  const secrets = shop.webhookSecret ? [shop.webhookSecret] : [];
  if (
    shop.previousWebhookSecret &&
    shop.previousWebhookSecretUntil &&
    shop.previousWebhookSecretUntil > now
  ) {
    secrets.push(shop.previousWebhookSecret);
  }
  return secrets;
}

/** The three headers of an outbound delivery; with two secrets in force, two signatures separated by a space. */
export function standardHeaders(
  secrets: string[],
  id: string,
  at: Date,
  body: string,
): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': secrets.map((s) => signer(s).sign(id, at, body)).join(' '),
  };
}

/** Whether a delivery's Standard Webhooks headers verify with any secret in force (and its age is within five minutes). */
export function verifiesStandard(secrets: string[], headers: Record<string, string>, body: string): boolean {
  for (const secret of secrets) {
    try {
      signer(secret).verify(body, headers, { jsonParse: false });
      return true;
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
    }
  }
  return false;
}
