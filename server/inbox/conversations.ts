import { and, desc, eq, inArray, ne, type SQL } from 'drizzle-orm';
import type { Conversation } from '../../lib/protocol';
import type { Executor } from '../store';
import { toConversation } from '../store/mappers';
import { conversation, customer, customerHandle } from '../store/schema';

/** Loads a conversation of a workspace with its customer's name; `lock` takes the row for this transaction. */
export async function loadConversation(
  db: Executor,
  workspaceId: string,
  conversationId: string,
  options: { lock?: boolean } = {},
): Promise<{ row: typeof conversation.$inferSelect; entity: Conversation } | null> {
  const query = db
    .select({ conversation, customerName: customer.displayName })
    .from(conversation)
    .innerJoin(customer, eq(customer.id, conversation.customerId))
    .where(and(eq(conversation.id, conversationId), eq(conversation.workspaceId, workspaceId)));
  const [found] = options.lock ? await query.for('update', { of: conversation }) : await query;
  if (!found) return null;
  return { row: found.conversation, entity: toConversation(found.conversation, found.customerName) };
}

/**
 * The marketplace chat a customer has open (or snoozed) with a shop, if any; there is one at most. The
 * customer is named by id, or by their marketplace handle as a channel reports it.
 */
export async function ongoingMarketplaceChat(
  db: Executor,
  workspaceId: string,
  shopId: string,
  who: { customerId: string } | { handle: string },
): Promise<string | null> {
  const where: SQL[] = [
    eq(conversation.workspaceId, workspaceId),
    eq(conversation.shopId, shopId),
    eq(conversation.channel, 'marketplace'),
    ne(conversation.status, 'closed'),
  ];
  if ('customerId' in who) where.push(eq(conversation.customerId, who.customerId));
  else {
    const byHandle = db
      .select({ id: customerHandle.customerId })
      .from(customerHandle)
      .where(
        and(
          eq(customerHandle.workspaceId, workspaceId),
          eq(customerHandle.channel, 'marketplace'),
          eq(customerHandle.handle, who.handle),
        ),
      );
    where.push(inArray(conversation.customerId, byHandle));
  }
  const [row] = await db
    .select({ id: conversation.id })
    .from(conversation)
    .where(and(...where))
    .orderBy(desc(conversation.createdAt))
    .limit(1);
  return row?.id ?? null;
}
