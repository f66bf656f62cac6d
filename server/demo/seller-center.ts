import { and, eq } from 'drizzle-orm';
import type { Conversation, Message } from '../../lib/protocol';
import { conflict, HttpError, notFound } from '../errors';
import type { EventHub } from '../inbox/hub';
import { loadConversation } from '../inbox/conversations';
import { newId } from '../ids';
import type { Db } from '../store';
import { appendEvents } from '../store/events';
import { refreshDeadline } from '../sla/deadlines';
import { previewOf, toConversation, toMessage } from '../store/mappers';
import { conversation, message } from '../store/schema';
import { sellerReplyBody, type SellerReplyBody } from './api';

export interface SellerCenterReply {
  conversation: Conversation;
  message: Message;
  /** The seller center sent this message before: nothing was written. */
  duplicate: boolean;
}

/**
 * A reply typed in the marketplace's own seller center rather than in Sidedesk. The marketplace connector
 * reports it like any chat message, so Sidedesk records it as answered: one transaction stores it, clears the
 * reply clock and appends the events, published once committed. The marketplace's message id makes a second
 * report a no-op.
 */
export async function recordSellerCenterReply(
  db: Db,
  hub: EventHub,
  workspaceId: string,
  conversationId: string,
  input: SellerReplyBody,
): Promise<SellerCenterReply> {
  const parsed = sellerReplyBody.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = ['body', ...(issue?.path ?? []).map(String)].join('.');
    throw new HttpError(400, 'invalid_input', `${field}: ${issue?.message ?? 'is not valid'}`, field);
  }
  const { externalId, body } = parsed.data;

  const { result, events } = await db.transaction(async (tx) => {
    const found = await loadConversation(tx, workspaceId, conversationId, { lock: true });
    if (!found || found.row.channel !== 'marketplace') throw notFound(`Conversation ${conversationId}`);

    const channelMessageId = `marketplace:${externalId}`;
    const [stored] = await tx
      .select()
      .from(message)
      .where(and(eq(message.shopId, found.row.shopId), eq(message.externalId, channelMessageId)));
    if (stored) {
      if (stored.conversationId !== conversationId) {
        throw conflict(`Message id ${externalId} was already used in another conversation`);
      }
      return {
        result: { conversation: found.entity, message: toMessage(stored), duplicate: true },
        events: [],
      };
    }
    if (found.row.status === 'closed') {
      throw conflict('This conversation is closed and accepts no reply; the customer can start a new one');
    }

    const now = new Date();
    const [messageRow] = (await tx
      .insert(message)
      .values({
        id: newId('msg'),
        workspaceId,
        conversationId,
        shopId: found.row.shopId,
        direction: 'outbound',
        kind: 'text',
        author: 'seller_center',
        body,
        externalId: channelMessageId,
        createdAt: now,
      })
      .returning()) as [typeof message.$inferSelect];
    const [row] = (await tx
      .update(conversation)
      .set({
        lastMessagePreview: previewOf(body),
        lastMessageAt: now,
        lastAgentReplyAt: now,
        firstResponseAt: found.row.firstResponseAt ?? now,
        awaitingReplySince: null,
        updatedAt: now,
      })
      .where(eq(conversation.id, conversationId))
      .returning()) as [typeof conversation.$inferSelect];

    // No reply is awaited any more, so the SLA clock stops for this conversation.
    await refreshDeadline(tx, row, now);
    const entities = {
      conversation: toConversation(row, found.entity.customerName),
      message: toMessage(messageRow),
    };
    const appended = await appendEvents(
      tx,
      workspaceId,
      [
        { type: 'conversation.upserted', conversation: entities.conversation },
        { type: 'message.created', message: entities.message },
      ],
      row.assigneeId,
    );
    return { result: { ...entities, duplicate: false }, events: appended };
  });
  hub.publish(workspaceId, events);
  return result;
}
