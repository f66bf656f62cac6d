import { z } from 'zod';
import { isCountryCode, isCurrencyCode, isTimeZone } from '../domain/places';
import { isoTime } from './entities';

/** First-run setup (product §11): a one-time link creates a workspace, its owner and its first shop. */

export const marketplace = z.enum(['tiktok_shop', 'amazon', 'other']);
export type Marketplace = z.infer<typeof marketplace>;

/** A setup link's token: 43 characters of base64url (32 random bytes). */
export const setupTokenText = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{20,100}$/, 'is not a setup link’s token');

const name = (max: number) =>
  z.string().trim().min(1, 'is required').max(max, `must be at most ${max} characters`);

export const setupBody = z.object({
  token: setupTokenText,
  workspace: z.object({ name: name(80) }),
  owner: z.object({
    nickname: name(40),
    email: z.email('is not a valid email address').max(320),
    // The password policy (lib/domain/password-policy.ts) is checked on the server, naming this field.
    password: z.string().min(1, 'is required').max(200),
  }),
  shop: z.object({
    name: name(80),
    marketplace,
    country: z
      .string()
      .trim()
      .toUpperCase()
      .refine(isCountryCode, 'must be a country’s two-letter code (ISO 3166-1), such as IT'),
    currency: z
      .string()
      .trim()
      .toUpperCase()
      .refine(isCurrencyCode, 'must be a three-letter currency code (ISO 4217), such as EUR'),
    timeZone: z.string().trim().refine(isTimeZone, 'must be an IANA time zone, such as Europe/Rome'),
  }),
});
export type SetupBody = z.input<typeof setupBody>;

/** Whether this server has any workspace yet; without one, the sign-in form offers setup. */
export const setupStatus = z.object({ hasWorkspace: z.boolean() });
export type SetupStatus = z.infer<typeof setupStatus>;

/** What a setup link's token is worth now. */
export const setupTokenState = z.object({
  state: z.enum(['usable', 'used', 'expired', 'replaced', 'unknown']),
  /** Until when a usable link works. */
  expiresAt: isoTime.nullable(),
});
export type SetupTokenState = z.infer<typeof setupTokenState>;

/** The token in a pasted setup link (`…/setup?token=…`) or the bare token; null when neither. */
export function setupTokenFrom(text: string): string | null {
  const trimmed = text.trim();
  let candidate = trimmed;
  if (/^https?:\/\//i.test(trimmed)) {
    try {
      candidate = new URL(trimmed).searchParams.get('token') ?? '';
    } catch {
      return null;
    }
  }
  return setupTokenText.safeParse(candidate).success ? candidate : null;
}

/** The server's origin in a pasted setup link, so the form can fill the server address too. */
export function serverOfSetupLink(text: string): string | null {
  try {
    const url = new URL(text.trim());
    return /^https?:$/.test(url.protocol) && url.pathname.replace(/\/+$/, '').endsWith('/setup')
      ? url.origin + url.pathname.replace(/\/+$/, '').slice(0, -'/setup'.length)
      : null;
  } catch {
    return null;
  }
}
