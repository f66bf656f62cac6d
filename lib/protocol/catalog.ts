import { z } from 'zod';
import { category, id, isoTime } from './entities';

/**
 * What a shop's marketplace connector tells about orders, products and vouchers (the workbench), the cards a
 * chat sends of them, and the team's saved replies. Money is in cents of the shop's currency.
 */

export const orderStatus = z.enum([
  'awaiting_payment',
  'awaiting_shipment',
  'shipped',
  'out_for_delivery',
  'delivered',
  'cancelled',
  'returned',
]);
export type OrderStatus = z.infer<typeof orderStatus>;

export const orderItem = z.object({
  productId: id.nullable(),
  title: z.string(),
  quantity: z.number().int().min(1),
  unitPriceCents: z.number().int().min(0),
});

export const order = z.object({
  id,
  shopId: id,
  customerId: id,
  /** The order number the marketplace shows the customer and the seller. */
  number: z.string(),
  status: orderStatus,
  items: z.array(orderItem),
  totalCents: z.number().int().min(0),
  currency: z.string(),
  carrier: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  placedAt: isoTime,
  updatedAt: isoTime,
});
export type Order = z.infer<typeof order>;

export const product = z.object({
  id,
  shopId: id,
  title: z.string(),
  sku: z.string(),
  priceCents: z.number().int().min(0),
  currency: z.string(),
  stock: z.number().int(),
  imageUrl: z.string().nullable(),
  status: z.enum(['live', 'draft', 'suspended']),
});
export type Product = z.infer<typeof product>;

export const voucher = z.object({
  id,
  shopId: id,
  code: z.string(),
  title: z.string(),
  discountType: z.enum(['percent', 'amount']),
  /** Percent (0–100) or an amount in cents. */
  discountValue: z.number().int().min(0),
  minSpendCents: z.number().int().min(0),
  currency: z.string(),
  terms: z.string(),
  startsAt: isoTime,
  expiresAt: isoTime,
  /** How many can be claimed in all; null when there is no limit. */
  quantity: z.number().int().min(0).nullable(),
  claimed: z.number().int().min(0),
});
export type Voucher = z.infer<typeof voucher>;

/** A card as the message keeps it: a copy of what was sent, so later changes in the shop never rewrite a chat. */
export const card = z.discriminatedUnion('type', [
  z.object({ type: z.literal('voucher'), voucher }),
  z.object({ type: z.literal('product'), product }),
  z.object({ type: z.literal('order'), order }),
]);
export type Card = z.infer<typeof card>;

/** What a reply names to send as a card; the server reads the current copy from the connector. */
export const cardRef = z.object({ type: z.enum(['voucher', 'product', 'order']), id });
export type CardRef = z.infer<typeof cardRef>;

export const ordersResult = z.object({ orders: z.array(order) });
export const productQuery = z.object({
  q: z.string().trim().max(200).default(''),
  limit: z.coerce.number().int().min(1).max(100).default(40),
});
export type ProductQuery = z.infer<typeof productQuery>;
export const productsResult = z.object({ products: z.array(product) });
export const vouchersResult = z.object({ vouchers: z.array(voucher) });
export const orderNumberParams = z.object({ shopId: id, number: z.string().trim().min(1).max(64) });

/** An order found by the number a seller-center page shows, with the customer's latest chat in that shop. */
export const orderLookup = z.object({ order, conversationId: id.nullable() });
export type OrderLookup = z.infer<typeof orderLookup>;

export const savedReplyScope = z.enum(['personal', 'team']);

/** Letters, digits, dash and underscore: what can follow `;` on a seller-center page and in the composer. */
export const shortcut = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^[\p{L}\p{N}][\p{L}\p{N}_-]{0,31}$/u,
    'shortcut must be 1–32 letters, digits, - or _, with no spaces',
  );

export const savedReplyFields = z.object({
  scope: savedReplyScope,
  title: z.string().trim().min(1, 'title must not be empty').max(120),
  shortcut,
  /** Groups replies and puts those for the open chat's category first; null fits any chat. */
  category: category.nullable().default(null),
  body: z.string().trim().min(1, 'body must not be empty').max(5000),
});
export type SavedReplyFields = z.input<typeof savedReplyFields>;

export const savedReply = savedReplyFields.extend({
  id,
  /** The member whose personal reply it is; null for a team reply. */
  ownerMemberId: id.nullable(),
  updatedAt: isoTime,
});
export type SavedReply = z.infer<typeof savedReply>;

export const savedRepliesResult = z.object({ replies: z.array(savedReply) });
export const savedReplyParams = z.object({ savedReplyId: id });
