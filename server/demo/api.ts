import { z } from 'zod';
import {
  attachment,
  card,
  conversation,
  orderStatus,
  id,
  isoTime,
  messageAuthor,
  shop,
} from '../../lib/protocol';

/** Payloads of the demo marketplace's pages: the buyer's chat, the seller center's chat and orders. */

const customerHandle = z.string().trim().min(1).max(200);
const messageBody = z.string().trim().min(1, 'body must not be empty').max(5000);

export const demoCustomer = z.object({ id, displayName: z.string(), handle: customerHandle });
export type DemoCustomer = z.infer<typeof demoCustomer>;

export const demoContext = z.object({
  workspace: z.object({ id, name: z.string() }),
  shops: z.array(shop.extend({ customers: z.array(demoCustomer) })),
});

/** A chat message as the marketplace shows it to both sides: internal notes and system lines never appear. */
export const marketplaceMessage = z.object({
  id,
  conversationId: id,
  direction: z.enum(['inbound', 'outbound']),
  author: messageAuthor,
  body: z.string(),
  /** The shop asks the customer to rate the session that just ended. */
  satisfactionRequest: z.boolean(),
  /** A picture, video or file sent with the message. */
  attachment: attachment.nullable(),
  /** A voucher, product or order the shop sent as a card. */
  card: card.nullable().default(null),
  createdAt: isoTime,
});
export type MarketplaceMessage = z.infer<typeof marketplaceMessage>;

export const shopQuery = z.object({ shopId: id });
export const customerChatQuery = z.object({ shopId: id, customerHandle });

export const customerHistory = z.object({ customer: demoCustomer, messages: z.array(marketplaceMessage) });

export const customerMessageBody = z
  .object({
    shopId: id,
    customerHandle,
    /** Made by the customer page for each message, so a resend is stored once. */
    externalId: z.uuid(),
    body: z.string().trim().max(5000),
    /** A file uploaded first with /demo/api/customer/attachments. */
    attachmentId: id.optional(),
  })
  .refine((m) => m.body.length > 0 || m.attachmentId !== undefined, {
    message: 'body must not be empty',
    path: ['body'],
  });
export const customerMessageResult = z.object({ message: marketplaceMessage, duplicate: z.boolean() });

export const sellerConversation = conversation.extend({ customerHandle: z.string().nullable() });
export const sellerConversationList = z.object({ conversations: z.array(sellerConversation) });
export const sellerConversationParams = z.object({ conversationId: id });
export const sellerConversationMessages = z.object({
  conversation: sellerConversation,
  messages: z.array(marketplaceMessage),
});

export const sellerReplyBody = z.object({
  /** The seller center's id for the message, made by the page, so a resend is stored once. */
  externalId: z.uuid(),
  body: messageBody,
});
export const sellerReplyResult = z.object({
  conversation,
  message: marketplaceMessage,
  duplicate: z.boolean(),
});

export const ordersQuery = z.object({ shopId: id, customerId: id.optional() });
export const sellerOrder = z.object({
  id,
  /** The order number the marketplace shows. */
  externalId: z.string(),
  customerId: id,
  customerName: z.string(),
  customerHandle: z.string().nullable(),
  status: orderStatus,
  items: z.array(
    z.object({
      productId: z.string().nullable(),
      title: z.string(),
      quantity: z.number().int(),
      unitPriceCents: z.number().int(),
    }),
  ),
  totalCents: z.number().int(),
  currency: z.string(),
  carrier: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  placedAt: isoTime,
});
export type SellerOrder = z.infer<typeof sellerOrder>;
export const sellerOrderList = z.object({ orders: z.array(sellerOrder) });

/** The seller pages' query strings: which shop to open (the first when none is), and which orders. */
export const sellerPageQuery = z.object({ shop: id.optional() });
export const sellerOrdersPageQuery = sellerPageQuery.extend({ status: orderStatus.optional() });

export const assetParams = z.object({ file: z.string().max(100) });

/** A buyer claims a voucher the shop sent; the marketplace counts it against the voucher's quantity. */
export const voucherClaimParams = z.object({ voucherId: id });
export const voucherClaimResult = z.object({
  claimed: z.number().int(),
  remaining: z.number().int().nullable(),
});

export const customerRatingBody = z.object({
  conversationId: id,
  rating: z.number().int().min(1, 'rating must be from 1 to 5').max(5, 'rating must be from 1 to 5'),
  comment: z.string().max(1000).optional(),
});
