import { z } from 'zod';
import {
  deliveryUrlProblem,
  isCountryCode,
  isCurrencyCode,
  isTimeZone,
  MARKETPLACES,
  WEBHOOK_OVERLAP_HOURS,
} from '../domain/shops';
import { categoryRules, shopQueueSettings, shopSlaSettings } from './api';
import { id } from './entities';

/** The Shops page's boundary (product §11): a shop's identity, its settings together, its webhook channel. */

export const marketplace = z.enum(MARKETPLACES);

const shopName = z.string().trim().min(1, 'a shop needs a name').max(80, 'at most 80 characters');
// Codes are taken in any case and kept in capitals: "it" is as clearly Italy as "IT".
const countryCode = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isCountryCode, 'is not an ISO 3166-1 country code (two capital letters, such as IT or US)');
const currencyCode = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isCurrencyCode, 'is not an ISO 4217 currency code (three capital letters, such as EUR)');
const timeZoneName = z.string().max(64).refine(isTimeZone, 'is not an IANA time zone (such as Europe/Rome)');

/** Who serves the shop: members of the same workspace; others are refused by name. */
const memberIds = z.array(id).max(500);

export const shopCreate = z.object({
  name: shopName,
  marketplace,
  country: countryCode,
  currency: currencyCode,
  timeZone: timeZoneName,
  /** Unset: every member of the team serves the new shop. */
  memberIds: memberIds.optional(),
});
export type ShopCreate = z.infer<typeof shopCreate>;

export const shopPatch = shopCreate.partial().refine((p) => Object.values(p).some((v) => v !== undefined), {
  message: 'give at least one field to change',
});
export type ShopPatch = z.infer<typeof shopPatch>;

export const shopListQuery = z.object({
  /** Archived shops are left out unless asked for: with the others, or alone. */
  archived: z.enum(['exclude', 'include', 'only']).default('exclude'),
});

/** The signed webhook channel as an admin sees it; the secret itself is shown once, when it is made. */
export const webhookChannelState = z.object({
  enabled: z.boolean(),
  /** Where the integration posts customer messages. */
  inboundUrl: z.string(),
  /** Where outbound messages go; null: not set. */
  deliveryUrl: z.string().nullable(),
  /** The secret before the last rotation is still accepted until then; null: no overlap running. */
  previousSecretUntil: z.string().nullable(),
});
export type WebhookChannelState = z.infer<typeof webhookChannelState>;

export const shopDetail = z.object({
  id,
  name: z.string(),
  marketplace,
  country: z.string(),
  currency: z.string(),
  timeZone: z.string(),
  archivedAt: z.string().nullable(),
  createdAt: z.string(),
  sla: shopSlaSettings,
  queue: shopQueueSettings,
  categoryRules: categoryRules.shape.rules,
  /** Who serves the shop; null for members who do not manage the workspace. */
  memberIds: z.array(id).nullable(),
  /** The webhook channel; null for members who do not manage the workspace. */
  webhook: webhookChannelState.nullable(),
});
export type ShopDetail = z.infer<typeof shopDetail>;

export const shopList = z.object({ shops: z.array(shopDetail) });

/** A new webhook secret, in the Standard Webhooks form (`whsec_` + base64): shown this once, never again. */
export const webhookSecretAnswer = z.object({ secret: z.string(), webhook: webhookChannelState });
export type WebhookSecretAnswer = z.infer<typeof webhookSecretAnswer>;

export const webhookRotation = z.object({
  overlapHours: z.union(
    WEBHOOK_OVERLAP_HOURS.map((hours) => z.literal(hours)),
    {
      error: `must be one of ${WEBHOOK_OVERLAP_HOURS.join(', ')} hours`,
    },
  ),
});

export const deliveryUrlBody = z.object({
  deliveryUrl: z
    .string()
    .trim()
    .max(2000)
    .superRefine((text, ctx) => {
      const problem = deliveryUrlProblem(text);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .nullable(),
});
