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

/** `status` is the server's answer, or null when none came (offline, or no acknowledgement in time). */
export type SendOutcome =
  { ok: true; result: ReplyResult } | { ok: false; status: number | null; message: string };

/** How a failed attempt is handled: wait for the connection, try again, or show it failed and go on. */
export type FailureKind = 'unanswered' | 'server_error' | 'refused';

export function failureKind(status: number | null): FailureKind {
  // 408 and 429 say "not now": the same reply may pass later, like a reply that got no answer.
  if (status === null || status === 408 || status === 429) return 'unanswered';
  return status >= 500 ? 'server_error' : 'refused';
}

export interface FlushOptions {
  /** The waits before each new try of a reply the server failed to store; then it is shown as failed. */
  serverErrorRetryDelaysMs?: number[];
  sleep?: (ms: number) => Promise<void>;
}

const SERVER_ERROR_RETRY_DELAYS_MS = [1_000, 3_000];

/**
 * Sends what waits in the outbox, oldest first, one at a time. A reply that got no answer stops the flush
 * (the order of replies is kept; the next connection sends it again, with the same client id). A reply the
 * server refuses (4xx: closed conversation, no longer yours, a bad text), or keeps failing to store (5xx,
 * after a few tries), is shown failed on the message, where it can be edited and sent again; the replies
 * after it go on, so one bad reply never holds up the others.
 */
export async function flushOutbox(
  db: SidedeskDb,
  send: (entry: OutboxEntry) => Promise<SendOutcome>,
  options: FlushOptions = {},
): Promise<number> {
  const delays = options.serverErrorRetryDelaysMs ?? SERVER_ERROR_RETRY_DELAYS_MS;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let sent = 0;
  let serverErrors = 0;
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
      serverErrors = 0;
      continue;
    }
    const kind = failureKind(outcome.status);
    if (kind === 'unanswered' || (kind === 'server_error' && serverErrors < delays.length)) {
      await db.outbox.update(entry.clientId, { attempts: entry.attempts + 1, lastError: outcome.message });
      if (kind === 'unanswered') return sent;
      await sleep(delays[serverErrors++]!);
      continue;
    }
    serverErrors = 0;
    await db.transaction('rw', [db.outbox, db.messages], async () => {
      await db.outbox.delete(entry.clientId);
      await db.messages.update(pendingMessageId(entry.clientId), {
        pending: undefined,
        failed: outcome.message,
      });
    });
  }
}
