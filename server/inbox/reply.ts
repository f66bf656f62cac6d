import { and, eq } from 'drizzle-orm';
import { canSeeConversation, type Viewer } from '../../lib/domain/visibility';
import type { ReplyBody, ReplyResult } from '../../lib/protocol';
import { conflict, forbidden, notFound } from '../errors';
import { withRetries } from '../store/retry';
import { replyClockAfterOutbound } from '../../lib/domain/sla';
import { storeDeadline } from '../sla/deadlines';
import { newId } from '../ids';
import type { Db, Tx } from '../store';
import { appendEvents, type AppendedEvent } from '../store/events';
import { previewOf, toConversation, toMessage } from '../store/mappers';
import { conversation, message } from '../store/schema';
import type { InboxDeps } from './hub';
import { loadConversation } from './conversations';

export interface Replier extends Viewer {
  workspaceId: string;
}

/**
 * A member's reply. The client id makes it idempotent: a retry of a reply that was stored returns the stored
 * copy and sends nothing twice. The channel gets it only after it is committed.
 */
export async function sendReply(
  db: Db,
  deps: InboxDeps,
  replier: Replier,
  conversationId: string,
  input: ReplyBody,
): Promise<ReplyResult> {
  // The same client id racing in on two connections: the second attempt finds the first one's copy.
  const outcome = await withRetries(() =>
    db.transaction((tx) => replyInTransaction(tx, deps, replier, conversationId, input)),
  );
  if (outcome.events.length > 0) {
    deps.hub.publish(replier.workspaceId, outcome.events);
    deps.delivery.deliver(replier.workspaceId, outcome.result.conversation, outcome.result.message);
  }
  return outcome.result;
}

async function replyInTransaction(
  tx: Tx,
  deps: InboxDeps,
  replier: Replier,
  conversationId: string,
  input: ReplyBody,
): Promise<{ result: ReplyResult; events: AppendedEvent[] }> {
  const [stored] = await tx
    .select()
    .from(message)
    .where(and(eq(message.workspaceId, replier.workspaceId), eq(message.clientId, input.clientId)));
  if (stored) {
    if (stored.conversationId !== conversationId) {
      throw conflict(`Client id ${input.clientId} was already used for a message in another conversation`);
    }
    const found = await loadConversation(tx, replier.workspaceId, conversationId);
    if (!found) throw notFound(`Conversation ${conversationId}`);
    return { result: { message: toMessage(stored), conversation: found.entity }, events: [] };
  }

  const found = await loadConversation(tx, replier.workspaceId, conversationId, { lock: true });
  if (!found) throw notFound(`Conversation ${conversationId}`);
  if (!canSeeConversation(replier, found.entity)) {
    throw forbidden('This conversation is assigned to another member; ask a manager to transfer it to you');
  }
  if (found.row.trashedAt) throw conflict('This conversation is in the trash; restore it before replying');
  if (found.row.status === 'closed') {
    throw conflict('This conversation is closed and accepts no reply; the customer can start a new one');
  }

  const now = new Date();
  const messageId = newId('msg');
  let [messageRow] = (await tx
    .insert(message)
    .values({
      id: messageId,
      workspaceId: replier.workspaceId,
      conversationId,
      shopId: found.row.shopId,
      direction: 'outbound',
      kind: 'text',
      author: 'member',
      authorMemberId: replier.id,
      body: input.body,
      clientId: input.clientId,
      createdAt: now,
    })
    .returning()) as [typeof message.$inferSelect];
  if (input.attachmentId) {
    if (!deps.attachments) throw conflict('This server takes no files');
    // The file becomes this message's: its kind, and its details for every client and the channel.
    const file = await deps.attachments.claim(
      tx,
      replier.workspaceId,
      { memberId: replier.id },
      input.attachmentId,
      messageId,
    );
    [messageRow] = (await tx
      .update(message)
      .set({ kind: file.kind, payload: { attachment: file } })
      .where(eq(message.id, messageId))
      .returning()) as [typeof message.$inferSelect];
  }
  const preview = input.body || (input.attachmentId ? attachmentPreview(messageRow) : '');
  const [row] = (await tx
    .update(conversation)
    .set({
      ...replyClockAfterOutbound(found.row, 'member', false, now),
      lastMessagePreview: previewOf(preview),
      lastMessageAt: now,
      updatedAt: now,
    })
    .where(eq(conversation.id, conversationId))
    .returning()) as [typeof conversation.$inferSelect];

  await storeDeadline(tx, row, now, deps.deadlines);
  const result = {
    message: toMessage(messageRow),
    conversation: toConversation(row, found.entity.customerName),
  };
  const events = await appendEvents(
    tx,
    replier.workspaceId,
    [
      { type: 'conversation.upserted', conversation: result.conversation },
      { type: 'message.created', message: result.message },
    ],
    row.assigneeId,
  );
  return { result, events };
}

/** The list's preview of a message that is only a file: its name, marked as a file. */
export function attachmentPreview(row: { payload: unknown }): string {
  const name = (row.payload as { attachment?: { name?: string } } | null)?.attachment?.name ?? '';
  return `📎 ${name}`;
}
