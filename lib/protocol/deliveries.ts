import { z } from 'zod';
import { deliveryProblem, id, isoTime } from './entities';

/** A delivery to a shop's URL that failed for good, as the "Failed deliveries" page lists it. */
export const failedDelivery = z.object({
  messageId: id,
  conversationId: id,
  shopId: id,
  shopName: z.string(),
  customerName: z.string(),
  /** A message, or the end of a session. */
  kind: z.enum(['message', 'session_ended']),
  excerpt: z.string(),
  problem: deliveryProblem.nullable(),
  /** The problem in English, for API clients. */
  reason: z.string(),
  attempts: z.number().int().min(0),
  failedAt: isoTime,
  createdAt: isoTime,
});
export type FailedDelivery = z.infer<typeof failedDelivery>;

export const failedDeliveryList = z.object({ deliveries: z.array(failedDelivery) });
export type FailedDeliveryList = z.infer<typeof failedDeliveryList>;

export const deliveryParams = z.object({ messageId: id });
export const deliveryRetryResult = z.object({ retried: z.number().int().min(0) });
export type DeliveryRetryResult = z.infer<typeof deliveryRetryResult>;
