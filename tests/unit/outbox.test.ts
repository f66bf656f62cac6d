import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SidedeskDb, pendingMessageId, type OutboxEntry } from '../../lib/client/db';
import { enqueueReply, failureKind, flushOutbox, type SendOutcome } from '../../lib/client/outbox';
import type { ReplyResult } from '../../lib/protocol';

const at = '2026-11-20T10:00:00.000Z';

/** What the server answers once it stored a reply. */
function stored(entry: OutboxEntry): SendOutcome {
  const result = {
    message: {
      id: `m-${entry.clientId}`,
      conversationId: entry.conversationId,
      direction: 'outbound',
      kind: 'text',
      author: 'member',
      authorMemberId: 'anna',
      body: entry.body,
      clientId: entry.clientId,
      createdAt: entry.createdAt,
    },
    conversation: {
      id: entry.conversationId,
      shopId: 'shop',
      channel: 'marketplace',
      customerId: 'cu',
      customerName: 'Giulia',
      status: 'open',
      assigneeId: 'anna',
      category: 'other',
      priority: 'normal',
      starred: false,
      tags: [],
      subject: null,
      lastMessagePreview: entry.body,
      lastMessageAt: entry.createdAt,
      awaitingReplySince: null,
      firstResponseAt: at,
      lastCustomerMessageAt: at,
      lastAgentReplyAt: entry.createdAt,
      closedAt: null,
      closedReason: null,
      snoozedUntil: null,
      trashedAt: null,
      rating: null,
      customerReadUpTo: null,
      ratingComment: null,
      createdAt: at,
    },
  } satisfies ReplyResult;
  return { ok: true, result };
}

let db: SidedeskDb;
beforeEach(() => {
  db = new SidedeskDb(`outbox-${Math.random()}`);
});
afterEach(async () => {
  await db.delete();
});

/** Three replies written one after the other, the second one with a NUL character in it. */
async function threeReplies() {
  const replies = [];
  for (const body of ['first', 'bad\u0000one', 'third']) {
    replies.push(await enqueueReply(db, { conversationId: 'c1', body, memberId: 'anna' }));
    await new Promise((r) => setTimeout(r, 2));
  }
  return replies;
}

describe('the outbox after a failure', () => {
  it('tells a refusal from a server error and from no answer', () => {
    expect(failureKind(400)).toBe('refused');
    expect(failureKind(409)).toBe('refused');
    expect(failureKind(500)).toBe('server_error');
    expect(failureKind(503)).toBe('server_error');
    expect(failureKind(null)).toBe('unanswered');
    expect(failureKind(429)).toBe('unanswered');
  });

  it('marks a reply the server refuses (400) failed with the reason, and sends the replies after it', async () => {
    const [, bad, third] = await threeReplies();
    const tried: string[] = [];
    const sent = await flushOutbox(db, async (entry) => {
      tried.push(entry.body);
      return entry.body.includes('\u0000')
        ? { ok: false, status: 400, message: 'body: must not contain the NUL character (U+0000)' }
        : stored(entry);
    });
    expect(tried).toEqual(['first', 'bad\u0000one', 'third']);
    expect(sent).toBe(2);
    expect(await db.outbox.count()).toBe(0);
    const failed = await db.messages.get(pendingMessageId(bad!.clientId));
    expect(failed).toMatchObject({ failed: 'body: must not contain the NUL character (U+0000)' });
    expect(failed?.pending).toBeUndefined();
    expect(await db.messages.get(`m-${third!.clientId}`)).toMatchObject({ body: 'third' });
  });

  it('tries a reply the server keeps failing to store (500) a few times, then marks it failed and goes on', async () => {
    const [, bad] = await threeReplies();
    const tried: string[] = [];
    const waits: number[] = [];
    const sent = await flushOutbox(
      db,
      async (entry) => {
        tried.push(entry.body);
        return entry.body.includes('\u0000')
          ? { ok: false, status: 500, message: 'The server could not store the reply' }
          : stored(entry);
      },
      { serverErrorRetryDelaysMs: [10, 30], sleep: async (ms) => void waits.push(ms) },
    );
    expect(tried).toEqual(['first', 'bad\u0000one', 'bad\u0000one', 'bad\u0000one', 'third']);
    expect(waits).toEqual([10, 30]);
    expect(sent).toBe(2);
    expect(await db.outbox.count()).toBe(0);
    expect((await db.messages.get(pendingMessageId(bad!.clientId)))?.failed).toBe(
      'The server could not store the reply',
    );
  });

  it('sends a reply again when the server stores it on a later try', async () => {
    await threeReplies();
    let failures = 0;
    const sent = await flushOutbox(
      db,
      async (entry) =>
        entry.body.includes('\u0000') && failures++ === 0
          ? { ok: false, status: 503, message: 'busy' }
          : stored(entry),
      { sleep: async () => {} },
    );
    expect(sent).toBe(3);
    expect(await db.messages.filter((m) => Boolean(m.failed)).count()).toBe(0);
  });

  it('keeps a reply that got no answer, and those after it, for the next connection', async () => {
    const [first] = await threeReplies();
    const sent = await flushOutbox(db, async () => ({ ok: false, status: null, message: 'offline' }));
    expect(sent).toBe(0);
    expect(await db.outbox.count()).toBe(3);
    expect((await db.outbox.get(first!.clientId))?.attempts).toBe(1);
    expect(await db.messages.filter((m) => Boolean(m.failed)).count()).toBe(0);
  });
});
