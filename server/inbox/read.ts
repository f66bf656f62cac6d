import { sql } from 'drizzle-orm';
import { canSeeConversation, type Viewer } from '../../lib/domain/visibility';
import type { ReadMark } from '../../lib/protocol';
import { forbidden, notFound } from '../errors';
import type { Db } from '../store';
import { appendEvents } from '../store/events';
import { conversationRead } from '../store/schema';
import type { InboxDeps } from './hub';
import { loadConversation } from './conversations';

/** Marks a conversation read up to a time for one member; a mark never moves back. */
export async function markRead(
  db: Db,
  deps: InboxDeps,
  reader: Viewer & { workspaceId: string },
  conversationId: string,
  readUpTo: Date,
): Promise<ReadMark> {
  const { mark, events, entity } = await db.transaction(async (tx) => {
    const found = await loadConversation(tx, reader.workspaceId, conversationId);
    if (!found) throw notFound(`Conversation ${conversationId}`);
    if (!canSeeConversation(reader, found.entity))
      throw forbidden('This conversation is assigned to another member');
    const [row] = await tx
      .insert(conversationRead)
      .values({ conversationId, memberId: reader.id, readUpTo })
      .onConflictDoUpdate({
        target: [conversationRead.conversationId, conversationRead.memberId],
        set: { readUpTo: sql`greatest(${conversationRead.readUpTo}, excluded.read_up_to)` },
      })
      .returning();
    const mark: ReadMark = { conversationId, memberId: reader.id, readUpTo: row!.readUpTo.toISOString() };
    const events = await appendEvents(
      tx,
      reader.workspaceId,
      [{ type: 'conversation.read', readMark: mark }],
      found.row.assigneeId,
    );
    return { mark, events, entity: found.entity };
  });
  deps.hub.publish(reader.workspaceId, events);
  // The customer's channel may show that the shop has read their messages.
  deps.delivery.seen?.(reader.workspaceId, entity, new Date(mark.readUpTo));
  return mark;
}
