import { eq, sql } from 'drizzle-orm';
import { canSeeConversation, type Viewer } from '../../lib/domain/visibility';
import { forbidden, notFound } from '../errors';
import type { Db } from '../store';
import { appendEvents } from '../store/events';
import { toConversation } from '../store/mappers';
import { conversation } from '../store/schema';
import { loadConversation } from './conversations';
import type { InboxDeps } from './hub';

/** How long a typing signal holds without being repeated; clients repeat it every few seconds. */
export const TYPING_HOLD_MS = 6_000;

/** A member types in a conversation's composer: the customer's channel may show it. */
export async function memberTyping(
  db: Db,
  deps: InboxDeps,
  typist: Viewer & { workspaceId: string },
  conversationId: string,
): Promise<void> {
  const found = await loadConversation(db, typist.workspaceId, conversationId);
  if (!found) throw notFound(`Conversation ${conversationId}`);
  if (!canSeeConversation(typist, found.entity))
    throw forbidden('This conversation is assigned to another member');
  if (found.row.status === 'closed') return;
  deps.delivery.typing?.(typist.workspaceId, found.entity, new Date(Date.now() + TYPING_HOLD_MS));
}

/** The channel says the customer is typing: whoever sees the conversation is told, nothing is stored. */
export async function customerTyping(
  db: Db,
  deps: InboxDeps,
  workspaceId: string,
  conversationId: string,
): Promise<void> {
  const found = await loadConversation(db, workspaceId, conversationId);
  if (!found) throw notFound(`Conversation ${conversationId}`);
  deps.hub.customerTyping(workspaceId, found.entity, new Date(Date.now() + TYPING_HOLD_MS));
}

/**
 * The channel says the customer has read the shop's messages up to a time (a read receipt). It never moves
 * back, and the conversation's new state goes to the team like any change.
 */
export async function recordCustomerRead(
  db: Db,
  deps: InboxDeps,
  workspaceId: string,
  conversationId: string,
  readUpTo: Date,
): Promise<void> {
  const events = await db.transaction(async (tx) => {
    const found = await loadConversation(tx, workspaceId, conversationId, { lock: true });
    if (!found) throw notFound(`Conversation ${conversationId}`);
    const before = found.row.customerReadUpTo;
    if (before && before.getTime() >= readUpTo.getTime()) return [];
    const [row] = (await tx
      .update(conversation)
      .set({
        customerReadUpTo: sql`greatest(${conversation.customerReadUpTo}, ${readUpTo.toISOString()}::timestamptz)`,
      })
      .where(eq(conversation.id, conversationId))
      .returning()) as [typeof conversation.$inferSelect];
    return appendEvents(
      tx,
      workspaceId,
      [{ type: 'conversation.upserted', conversation: toConversation(row, found.entity.customerName) }],
      row.assigneeId,
    );
  });
  deps.hub.publish(workspaceId, events);
}
