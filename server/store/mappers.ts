import type { Conversation, Member, Message, Order, Product, Shop, Voucher } from '../../lib/protocol';
import type { conversation, member, message, order, product, shop, voucher } from './schema';
import { shopSla } from '../sla/deadlines';

/** Rows to the protocol's entities: the only place the two shapes meet. */

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

export function toConversation(row: typeof conversation.$inferSelect, customerName: string): Conversation {
  return {
    id: row.id,
    shopId: row.shopId,
    channel: row.channel,
    customerId: row.customerId,
    customerName,
    status: row.status,
    assigneeId: row.assigneeId,
    category: row.category,
    priority: row.priority,
    starred: row.starred,
    tags: row.tags,
    subject: row.subject,
    lastMessagePreview: row.lastMessagePreview,
    lastMessageAt: iso(row.lastMessageAt),
    awaitingReplySince: isoOrNull(row.awaitingReplySince),
    firstResponseAt: isoOrNull(row.firstResponseAt),
    lastCustomerMessageAt: isoOrNull(row.lastCustomerMessageAt),
    lastAgentReplyAt: isoOrNull(row.lastAgentReplyAt),
    closedAt: isoOrNull(row.closedAt),
    closedReason: row.closedReason as Conversation['closedReason'],
    snoozedUntil: isoOrNull(row.snoozedUntil),
    trashedAt: isoOrNull(row.trashedAt),
    rating: row.rating,
    customerReadUpTo: isoOrNull(row.customerReadUpTo),
    ratingComment: row.ratingComment,
    customerBlocked: row.customerBlocked,
    createdAt: iso(row.createdAt),
  };
}

export function toMessage(
  row: Omit<typeof message.$inferSelect, 'delivery'> & { delivery?: Message['delivery'] },
): Message {
  return {
    id: row.id,
    conversationId: row.conversationId,
    direction: row.direction,
    kind: row.kind,
    author: row.author,
    authorMemberId: row.authorMemberId,
    body: row.body,
    clientId: row.clientId,
    payload: (row.payload as Record<string, unknown> | null) ?? null,
    ...(row.delivery ? { delivery: row.delivery } : {}),
    createdAt: iso(row.createdAt),
  };
}

export function toMember(row: typeof member.$inferSelect): Member {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    email: row.email,
    nickname: row.nickname,
    avatarUrl: row.avatarUrl,
    role: row.role,
    capacity: row.capacity,
    acceptsAutoAssign: row.acceptsAutoAssign,
  };
}

export function toShop(row: typeof shop.$inferSelect): Shop {
  return {
    id: row.id,
    name: row.name,
    marketplace: row.marketplace,
    country: row.country,
    timeZone: row.timeZone,
    currency: row.currency,
    sla: shopSla(row.settings).thresholds,
    businessHours: (shopSla(row.settings).calendar as Shop['businessHours']) ?? null,
  };
}

/** The one-line preview of a message in the conversation list. */
export function previewOf(body: string): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > 140 ? `${line.slice(0, 139)}…` : line;
}

export function toOrder(row: typeof order.$inferSelect): Order {
  return {
    id: row.id,
    shopId: row.shopId,
    customerId: row.customerId,
    number: row.externalId,
    status: row.status,
    items: row.items,
    totalCents: row.totalCents,
    currency: row.currency,
    carrier: row.carrier,
    trackingNumber: row.trackingNumber,
    placedAt: iso(row.placedAt),
    updatedAt: iso(row.updatedAt),
  };
}

export function toProduct(row: typeof product.$inferSelect): Product {
  return {
    id: row.id,
    shopId: row.shopId,
    title: row.title,
    sku: row.sku,
    priceCents: row.priceCents,
    currency: row.currency,
    stock: row.stock,
    imageUrl: row.imageUrl,
    status: row.status,
  };
}

export function toVoucher(row: typeof voucher.$inferSelect, currency: string): Voucher {
  return {
    id: row.id,
    shopId: row.shopId,
    code: row.code,
    title: row.title,
    discountType: row.discountType,
    discountValue: row.discountValue,
    minSpendCents: row.minSpendCents,
    currency,
    terms: row.terms,
    startsAt: iso(row.startsAt),
    expiresAt: iso(row.expiresAt),
    quantity: row.quantity,
    claimed: row.claimed,
  };
}
