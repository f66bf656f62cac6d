import { and, eq } from 'drizzle-orm';
import type { Conversation } from '../../lib/protocol';
import type { Executor } from '../store';
import { toConversation } from '../store/mappers';
import { conversation, customer } from '../store/schema';

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
