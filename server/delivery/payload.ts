import { and, eq } from 'drizzle-orm';
import type { Executor } from '../store';
import type { delivery } from '../store/schema';
import { conversation, customer, customerHandle, member, message } from '../store/schema';

type DeliveryRow = Pick<typeof delivery.$inferSelect, 'messageId' | 'kind'>;

/**
 * The JSON body a shop's delivery URL receives (docs/operations.md, "Webhooks"): Standard Webhooks' `type`,
 * `timestamp` and `data`. It is built from the stored rows at each attempt, so every attempt of one message
 * carries the same content under the same `webhook-id`. Null when the message no longer exists.
 */
export async function outboundBody(
  db: Executor,
  row: DeliveryRow,
  publicUrl: string,
): Promise<string | null> {
  const [found] = await db
    .select({ message, conversation, customerName: customer.displayName, author: member.nickname })
    .from(message)
    .innerJoin(conversation, eq(conversation.id, message.conversationId))
    .innerJoin(customer, eq(customer.id, conversation.customerId))
    .leftJoin(member, eq(member.id, message.authorMemberId))
    .where(eq(message.id, row.messageId));
  if (!found) return null;
  const { message: m, conversation: c } = found;
  const [handle] = await db
    .select({ handle: customerHandle.handle })
    .from(customerHandle)
    .where(and(eq(customerHandle.customerId, c.customerId), eq(customerHandle.channel, c.channel)))
    .limit(1);
  const chat = {
    shopId: c.shopId,
    conversationId: c.id,
    channel: c.channel,
    threadKey: c.threadKey,
    customer: { handle: handle?.handle ?? null, name: found.customerName },
  };
  if (row.kind === 'session_ended') {
    return JSON.stringify({
      type: 'conversation.ended',
      timestamp: m.createdAt.toISOString(),
      data: { ...chat, reason: c.closedReason ?? 'ended_by_agent', endedAt: m.createdAt.toISOString() },
    });
  }
  const payload = (m.payload ?? {}) as {
    card?: unknown;
    attachment?: { name: string; contentType: string; size: number; url: string; kind: string };
    satisfactionRequest?: boolean;
  };
  const base = publicUrl.replace(/\/$/, '');
  return JSON.stringify({
    type: 'message.created',
    timestamp: m.createdAt.toISOString(),
    data: {
      ...chat,
      message: {
        id: m.id,
        kind: payload.satisfactionRequest ? 'satisfaction_request' : m.kind,
        author: m.author,
        authorName: found.author ?? null,
        body: m.body,
        createdAt: m.createdAt.toISOString(),
        ...(payload.card ? { card: payload.card } : {}),
        ...(payload.attachment
          ? {
              attachment: {
                name: payload.attachment.name,
                contentType: payload.attachment.contentType,
                size: payload.attachment.size,
                url: `${base}${payload.attachment.url}`,
              },
            }
          : {}),
        ...(payload.satisfactionRequest ? { rating: { min: 1, max: 5 } } : {}),
      },
    },
  });
}
