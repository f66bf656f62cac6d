import { z } from 'zod';
import { channel, id, isoTime } from './entities';

/** Blocking a customer (product §11): who, when and why, and the list managers see on the options page. */

export const customerParams = z.object({ customerId: id });

export const blockBody = z.object({
  /** Why the customer is blocked, for the team; optional. */
  reason: z.string().trim().max(500, 'must be at most 500 characters').nullable().optional(),
});
export type BlockBody = z.infer<typeof blockBody>;

export const customerBlock = z.object({
  customerId: id,
  blocked: z.boolean(),
  blockedAt: isoTime.nullable(),
  blockedBy: z.object({ id, nickname: z.string() }).nullable(),
  reason: z.string().nullable(),
});
export type CustomerBlock = z.infer<typeof customerBlock>;

export const blockResult = customerBlock.extend({
  /** How many of the customer's conversations the change reached. */
  conversations: z.number().int(),
});
export type BlockResult = z.infer<typeof blockResult>;

export const blockedCustomer = customerBlock.extend({
  displayName: z.string(),
  handles: z.array(z.object({ channel, handle: z.string() })),
  /** The shops the customer wrote to. */
  shops: z.array(z.object({ id, name: z.string() })),
  conversations: z.number().int(),
  /** The customer's last message, blocked or not. */
  lastMessageAt: isoTime.nullable(),
});
export type BlockedCustomer = z.infer<typeof blockedCustomer>;

export const blockedList = z.object({ customers: z.array(blockedCustomer) });
export type BlockedList = z.infer<typeof blockedList>;
