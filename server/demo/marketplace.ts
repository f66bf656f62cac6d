import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Attachment, Card, Message } from '../../lib/protocol';
import { notFound } from '../errors';
import type { Executor } from '../store';
import { toConversation, toMessage, toShop } from '../store/mappers';
import { conversation, customer, customerHandle, message, order, shop, workspace } from '../store/schema';
import type { DemoCustomer, MarketplaceMessage, SellerOrder } from './api';

/** What the demo marketplace knows, read from the store and always scoped to the demo workspace. */

/** Only the chat itself crosses to the marketplace: Sidedesk's notes and system lines stay inside. */
function isMarketplaceMessage(m: Message): m is Message & { direction: 'inbound' | 'outbound' } {
  return m.direction === 'inbound' || m.direction === 'outbound';
}

export function toMarketplaceMessage(m: Message): MarketplaceMessage {
  if (!isMarketplaceMessage(m))
    throw new Error(`message ${m.id} is a ${m.direction} line, not part of the chat`);
  return {
    id: m.id,
    conversationId: m.conversationId,
    direction: m.direction,
    author: m.author,
    body: m.body,
    satisfactionRequest: m.payload?.satisfactionRequest === true,
    attachment: (m.payload?.attachment as Attachment | undefined) ?? null,
    card: (m.payload?.card as Card | undefined) ?? null,
    createdAt: m.createdAt,
  };
}

const marketplaceHandleJoin = and(
  eq(customerHandle.workspaceId, customer.workspaceId),
  eq(customerHandle.customerId, customer.id),
  eq(customerHandle.channel, 'marketplace'),
);

export async function requireShop(db: Executor, workspaceId: string, shopId: string) {
  const [row] = await db
    .select()
    .from(shop)
    .where(and(eq(shop.id, shopId), eq(shop.workspaceId, workspaceId)));
  if (!row) throw notFound(`Shop ${shopId}`);
  return row;
}

export async function listShops(db: Executor, workspaceId: string) {
  const shops = await db.select().from(shop).where(eq(shop.workspaceId, workspaceId)).orderBy(asc(shop.name));
  return shops.map(toShop);
}

/** The workspace's name and its shops, by name. */
export async function loadWorkspace(db: Executor, workspaceId: string) {
  const [ws] = await db.select().from(workspace).where(eq(workspace.id, workspaceId));
  if (!ws) throw notFound('The demo workspace');
  return { workspace: { id: ws.id, name: ws.name }, shops: await listShops(db, workspaceId) };
}

/** The workspace, its shops, and each shop's customers (those with an order or a chat there), by name. */
export async function loadContext(db: Executor, workspaceId: string) {
  const { workspace: ws, shops } = await loadWorkspace(db, workspaceId);
  const customers = await db
    .select({ id: customer.id, displayName: customer.displayName, handle: customerHandle.handle })
    .from(customer)
    .innerJoin(customerHandle, marketplaceHandleJoin)
    .where(eq(customer.workspaceId, workspaceId))
    .orderBy(asc(customer.displayName));
  const buyers = [
    ...(await db
      .selectDistinct({ shopId: order.shopId, customerId: order.customerId })
      .from(order)
      .where(eq(order.workspaceId, workspaceId))),
    ...(await db
      .selectDistinct({ shopId: conversation.shopId, customerId: conversation.customerId })
      .from(conversation)
      .where(and(eq(conversation.workspaceId, workspaceId), eq(conversation.channel, 'marketplace')))),
  ];
  return {
    workspace: ws,
    shops: shops.map((s) => {
      const ids = new Set(buyers.filter((b) => b.shopId === s.id).map((b) => b.customerId));
      return { ...s, customers: customers.filter((c) => ids.has(c.id)) };
    }),
  };
}

export async function findCustomerByHandle(
  db: Executor,
  workspaceId: string,
  handle: string,
): Promise<DemoCustomer | null> {
  const [found] = await db
    .select({ id: customer.id, displayName: customer.displayName, handle: customerHandle.handle })
    .from(customerHandle)
    .innerJoin(customer, eq(customer.id, customerHandle.customerId))
    .where(
      and(
        eq(customerHandle.workspaceId, workspaceId),
        eq(customerHandle.channel, 'marketplace'),
        eq(customerHandle.handle, handle),
      ),
    );
  return found ?? null;
}

export async function requireCustomer(
  db: Executor,
  workspaceId: string,
  handle: string,
): Promise<DemoCustomer> {
  const found = await findCustomerByHandle(db, workspaceId, handle);
  if (!found) throw notFound(`Customer @${handle}`);
  return found;
}

async function marketplaceMessagesOf(db: Executor, conversationIds: string[]): Promise<MarketplaceMessage[]> {
  if (conversationIds.length === 0) return [];
  const rows = await db
    .select()
    .from(message)
    .where(
      and(
        inArray(message.conversationId, conversationIds),
        inArray(message.direction, ['inbound', 'outbound']),
      ),
    )
    .orderBy(asc(message.createdAt), asc(message.id));
  return rows.map(toMessage).filter(isMarketplaceMessage).map(toMarketplaceMessage);
}

/** Everything a customer and a shop said to each other in the marketplace chat, oldest first. */
export async function customerChatHistory(
  db: Executor,
  workspaceId: string,
  shopId: string,
  customerId: string,
) {
  const conversations = await db
    .select({ id: conversation.id })
    .from(conversation)
    .where(
      and(
        eq(conversation.workspaceId, workspaceId),
        eq(conversation.shopId, shopId),
        eq(conversation.customerId, customerId),
        eq(conversation.channel, 'marketplace'),
      ),
    );
  return marketplaceMessagesOf(
    db,
    conversations.map((c) => c.id),
  );
}

const sellerConversationColumns = {
  conversation,
  customerName: customer.displayName,
  customerHandle: customerHandle.handle,
};

const toSellerConversation = (row: {
  conversation: typeof conversation.$inferSelect;
  customerName: string;
  customerHandle: string | null;
}) => ({ ...toConversation(row.conversation, row.customerName), customerHandle: row.customerHandle });

/** The shop's marketplace chats as the seller center lists them, latest first. */
export async function sellerConversations(db: Executor, workspaceId: string, shopId: string, limit = 200) {
  await requireShop(db, workspaceId, shopId);
  const rows = await db
    .select(sellerConversationColumns)
    .from(conversation)
    .innerJoin(customer, eq(customer.id, conversation.customerId))
    .leftJoin(customerHandle, marketplaceHandleJoin)
    .where(
      and(
        eq(conversation.workspaceId, workspaceId),
        eq(conversation.shopId, shopId),
        eq(conversation.channel, 'marketplace'),
      ),
    )
    .orderBy(desc(conversation.lastMessageAt))
    .limit(limit);
  return rows.map(toSellerConversation);
}

export async function sellerConversationWithMessages(
  db: Executor,
  workspaceId: string,
  conversationId: string,
) {
  const [row] = await db
    .select(sellerConversationColumns)
    .from(conversation)
    .innerJoin(customer, eq(customer.id, conversation.customerId))
    .leftJoin(customerHandle, marketplaceHandleJoin)
    .where(
      and(
        eq(conversation.id, conversationId),
        eq(conversation.workspaceId, workspaceId),
        eq(conversation.channel, 'marketplace'),
      ),
    );
  if (!row) throw notFound(`Conversation ${conversationId}`);
  return {
    conversation: toSellerConversation(row),
    messages: await marketplaceMessagesOf(db, [conversationId]),
  };
}

/** A shop's orders, newest first; of one customer when `customerId` is given. */
export async function sellerOrders(
  db: Executor,
  workspaceId: string,
  shopId: string,
  customerId?: string,
): Promise<SellerOrder[]> {
  await requireShop(db, workspaceId, shopId);
  const rows = await db
    .select({ order, customerName: customer.displayName, customerHandle: customerHandle.handle })
    .from(order)
    .innerJoin(customer, eq(customer.id, order.customerId))
    .leftJoin(customerHandle, marketplaceHandleJoin)
    .where(
      and(
        eq(order.workspaceId, workspaceId),
        eq(order.shopId, shopId),
        customerId ? eq(order.customerId, customerId) : undefined,
      ),
    )
    .orderBy(desc(order.placedAt))
    .limit(500);
  return rows.map(({ order: o, customerName, customerHandle: handle }) => ({
    id: o.id,
    externalId: o.externalId,
    customerId: o.customerId,
    customerName,
    customerHandle: handle,
    status: o.status,
    items: o.items,
    totalCents: o.totalCents,
    currency: o.currency,
    carrier: o.carrier,
    trackingNumber: o.trackingNumber,
    placedAt: o.placedAt.toISOString(),
  }));
}
