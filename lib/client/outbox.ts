import type { ReplyResult } from '../protocol';
import { pendingMessageId, type OutboxEntry, type SidedeskDb } from './db';

/**
 * Replies are written to the outbox before anything is sent, so a reply survives a closed panel, a killed
 * worker or a server that is down. Each carries a client id; the server stores a retry once.
 */

export function newClientId(): string {
  return crypto.randomUUID();
}

export async function enqueueReply(
  db: SidedeskDb,
  reply: { conversationId: string; body: string; memberId: string },
): Promise<OutboxEntry> {
  const entry: OutboxEntry = {
    clientId: newClientId(),
    conversationId: reply.conversationId,
    body: reply.body,
    createdAt: new Date().toISOString(),
    attempts: 0,
  };
  await db.transaction('rw', [db.outbox, db.messages], async () => {
    await db.outbox.add(entry);
    await db.messages.put({
      id: pendingMessageId(entry.clientId),
      conversationId: entry.conversationId,
      direction: 'outbound',
      kind: 'text',
      author: 'member',
      authorMemberId: reply.memberId,
      body: entry.body,
      clientId: entry.clientId,
      createdAt: entry.createdAt,
      pending: true,
    });
  });
  return entry;
}

export type SendOutcome =
  { ok: true; result: ReplyResult } | { ok: false; retryable: boolean; message: string };

/**
 * Sends what waits in the outbox, oldest first, one at a time. Stops at the first failure worth retrying
 * (the order of replies is kept); a refusal (closed conversation, no longer yours) is shown on the message.
 */
export async function flushOutbox(
  db: SidedeskDb,
  send: (entry: OutboxEntry) => Promise<SendOutcome>,
): Promise<number> {
  let sent = 0;
  for (;;) {
    const entry = await db.outbox.orderBy('createdAt').first();
    if (!entry) return sent;
    const outcome = await send(entry);
    if (outcome.ok) {
      await db.transaction('rw', [db.outbox, db.messages, db.conversations], async () => {
        await db.outbox.delete(entry.clientId);
        await db.messages.delete(pendingMessageId(entry.clientId));
        await db.messages.put(outcome.result.message);
        const cached = await db.conversations.get(outcome.result.conversation.id);
        // Never put back an older copy than the one the event log already brought.
        if (!cached || cached.lastMessageAt <= outcome.result.conversation.lastMessageAt) {
          await db.conversations.put(outcome.result.conversation);
        }
      });
      sent++;
      continue;
    }
    if (outcome.retryable) {
      await db.outbox.update(entry.clientId, { attempts: entry.attempts + 1, lastError: outcome.message });
      return sent;
    }
    await db.transaction('rw', [db.outbox, db.messages], async () => {
      await db.outbox.delete(entry.clientId);
      await db.messages.update(pendingMessageId(entry.clientId), {
        pending: undefined,
        failed: outcome.message,
      });
    });
  }
}
