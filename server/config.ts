import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  /** The embedded store's folder (and, later, uploads), used when no DATABASE_URL is set. */
  dataDir: string;
  databaseUrl: string | undefined;
  /** Set to fan socket events out to other instances through Redis. */
  redisUrl: string | undefined;
  /** The address clients use to reach this server; printed and used in links. */
  publicUrl: string;
  /** Serves the demo seller center and customer pages, and seeds the demo workspace into an empty store. */
  demo: boolean;
  /** The demo shops' webhook secret (DEMO_WEBHOOK_SECRET), so an integration can be tried against them. */
  demoWebhookSecret: string;
  logLevel: string;
  /** How long a member who lost every socket stays available (PRESENCE_GRACE_SECONDS, default 30). */
  presenceGraceMs: number;
  /** The first retry of an outbound delivery waits up to this long, doubling after (DELIVERY_RETRY_SECONDS, default 5). */
  deliveryRetryBaseMs: number;
  /** Where email goes out (SMTP_URL, e.g. smtp://user:pass@mail.example:587); unset: no email is sent. */
  smtpUrl: string | undefined;
  /** The sender of Sidedesk's emails (MAIL_FROM). */
  mailFrom: string;
  /** Which proxies to believe about the client's address (TRUST_PROXY: true, a hop count, or addresses). */
  trustProxy: boolean | string | ((address: string, hop: number) => boolean);
}

function parseTrustProxy(value: string | undefined): Config['trustProxy'] {
  if (!value || ['0', 'false', 'off', 'no'].includes(value.toLowerCase())) return false;
  if (['true', 'on', 'yes'].includes(value.toLowerCase())) return true;
  // A number is how many proxies in front to believe; anything else is their addresses or subnets.
  if (/^\d+$/.test(value)) return (_address, hop) => hop < Number(value);
  return value;
}

function parsePort(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a whole number from 0 to 65535, not "${value}"`);
  }
  return port;
}

function parseSeconds(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0)
    throw new Error(`${name} must be a number of seconds, not "${value}"`);
  return seconds;
}

/** Configuration from the environment; every variable has a default that works on a laptop. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = parsePort(env.PORT, 8787);
  const host = env.HOST || '127.0.0.1';
  const databaseUrl = env.DATABASE_URL || undefined;
  return {
    port,
    host,
    dataDir: path.resolve(env.DATA_DIR || './data'),
    databaseUrl,
    redisUrl: env.REDIS_URL || undefined,
    publicUrl: (env.PUBLIC_URL || `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`).replace(
      /\/$/,
      '',
    ),
    demo: env.DEMO ? !['0', 'false', 'off', 'no'].includes(env.DEMO.toLowerCase()) : true,
    demoWebhookSecret: env.DEMO_WEBHOOK_SECRET || 'sidedesk-demo-webhook',
    logLevel: env.LOG_LEVEL || 'info',
    presenceGraceMs: parseSeconds(env.PRESENCE_GRACE_SECONDS, 30, 'PRESENCE_GRACE_SECONDS') * 1000,
    deliveryRetryBaseMs: parseSeconds(env.DELIVERY_RETRY_SECONDS, 5, 'DELIVERY_RETRY_SECONDS') * 1000,
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM || 'Sidedesk <sidedesk@localhost>',
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
  };
}
