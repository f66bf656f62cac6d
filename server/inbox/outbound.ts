import { and, eq } from 'drizzle-orm';
import { replyClockAfterOutbound } from '../../lib/domain/sla';
import { marketplaceReply, type Conversation, type MarketplaceReply, type Message } from '../../lib/protocol';
import { conflict, HttpError, notFound } from '../errors';
import type { EventHub } from './hub';
import { loadConversation } from './conversations';
import { newId } from '../ids';
import type { Db } from '../store';
import { appendEvents } from '../store/events';
import { refreshDeadline } from '../sla/deadlines';
import { previewOf, toConversation, toMessage } from '../store/mappers';
import { conversation, message, shop } from '../store/schema';

export interface RecordedMarketplaceReply {
  conversation: Conversation;
  message: Message;
  /** The marketplace reported this message before: nothing was written. */
  duplicate: boolean;
}

/**
 * A message the shop sent from the marketplace's own seller tool rather than from Sidedesk: a person's reply,
 * or the marketplace's automatic reply. The connector reports it like any chat message. One transaction
 * stores it, moves the reply clock by the shop's rule for automated messages, and appends the events,
 * published once committed. The marketplace's message id makes a second report a no-op.
 */
export async function recordMarketplaceReply(
  db: Db,
  hub: EventHub,
  workspaceId: string,
  conversationId: string,
  input: MarketplaceReply,
): Promise<RecordedMarketplaceReply> {
  const parsed = marketplaceReply.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = ['body', ...(issue?.path ?? []).map(String)].join('.');
    throw new HttpError(400, 'invalid_input', `${field}: ${issue?.message ?? 'is not valid'}`, field);
  }
  const { externalId, body, automated } = parsed.data;

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
    const author = automated ? ('automation' as const) : ('seller_center' as const);
    const [shopRow] = await tx
      .select({ settings: shop.settings })
      .from(shop)
      .where(eq(shop.id, found.row.shopId));
    const settings = shopRow?.settings ?? {};
    const [messageRow] = (await tx
      .insert(message)
      .values({
        id: newId('msg'),
        workspaceId,
        conversationId,
        shopId: found.row.shopId,
        direction: 'outbound',
        kind: 'text',
        author,
        body,
        externalId: channelMessageId,
        createdAt: now,
      })
      .returning()) as [typeof message.$inferSelect];
    const clock = replyClockAfterOutbound(
      found.row,
      author,
      settings.automatedRepliesStopClock ?? false,
      now,
    );
    const [row] = (await tx
      .update(conversation)
      .set({ ...clock, lastMessagePreview: previewOf(body), lastMessageAt: now, updatedAt: now })
      .where(eq(conversation.id, conversationId))
      .returning()) as [typeof conversation.$inferSelect];

    await refreshDeadline(tx, row, now, settings);
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
