import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SidedeskDb, getLastSeq, pendingMessageId } from '../../lib/client/db';
import { enqueueReply, flushOutbox } from '../../lib/client/outbox';
import { storeReadMark, SyncEngine } from '../../lib/client/sync';
import type { Conversation, Message, SyncEvent, SyncPage } from '../../lib/protocol';

const at = '2026-11-20T10:00:00.000Z';
const conversation = (id: string, lastMessageAt = at): Conversation => ({
  id,
  shopId: 'shop',
  channel: 'marketplace',
  customerId: 'cu',
  customerName: 'Giulia',
  status: 'open',
  assigneeId: null,
  category: 'other',
  priority: 'normal',
  starred: false,
  tags: [],
  subject: null,
  lastMessagePreview: '',
  lastMessageAt,
  awaitingReplySince: null,
  firstResponseAt: null,
  lastCustomerMessageAt: null,
  lastAgentReplyAt: null,
  closedAt: null,
  closedReason: null,
  snoozedUntil: null,
  trashedAt: null,
  rating: null,
  customerReadUpTo: null,
  ratingComment: null,
  createdAt: at,
});
const message = (id: string, body: string, clientId: string | null = null): Message => ({
  id,
  conversationId: 'c1',
  direction: clientId ? 'outbound' : 'inbound',
  kind: 'text',
  author: clientId ? 'member' : 'customer',
  authorMemberId: null,
  body,
  clientId,
  createdAt: new Date(Date.parse(at) + Number(id.replace(/\D/g, '') || 0) * 1000).toISOString(),
});
const messageEvent = (seq: number, m: Message): SyncEvent => ({
  seq,
  at,
  type: 'message.created',
  message: m,
});

/** The server's log, served in pages like GET /api/sync. */
function serverLog(events: SyncEvent[], pageSize = 2) {
  const calls: number[] = [];
  const fetchPage = async (after: number): Promise<SyncPage> => {
    calls.push(after);
    const rest = events.filter((e) => e.seq > after);
    const page = rest.slice(0, pageSize);
    return {
      viewer: manager,
      events: page,
      lastSeq: page.at(-1)?.seq ?? after,
      hasMore: rest.length > pageSize,
    };
  };
  return { fetchPage, calls };
}

const manager = { id: 'mb_manager', role: 'manager' as const };

let db: SidedeskDb;
beforeEach(() => {
  db = new SidedeskDb(`test-${Math.random()}`);
});
afterEach(async () => {
  await db.delete();
});

describe('SyncEngine', () => {
  it('catches up page by page and remembers the last seq', async () => {
    const log = [
      { seq: 1, at, type: 'conversation.upserted', conversation: conversation('c1') } as SyncEvent,
      ...[2, 3, 4, 5].map((s) => messageEvent(s, message(`m${s}`, `hello ${s}`))),
    ];
    const server = serverLog(log);
    await new SyncEngine(db, server.fetchPage, manager).catchUp();
    expect(await db.messages.count()).toBe(4);
    expect(await getLastSeq(db)).toBe(5);
    expect(server.calls).toEqual([0, 2, 4]);
  });

  it('applies a pushed next event, ignores a repeat, and fills a gap from the server', async () => {
    const log = [1, 2, 3, 4].map((s) => messageEvent(s, message(`m${s}`, `hello ${s}`)));
    const server = serverLog(log);
    const engine = new SyncEngine(db, server.fetchPage, manager);
    await engine.receive(log[0]!);
    await engine.receive(log[0]!);
    expect(server.calls).toEqual([]);
    await engine.receive(log[3]!);
    expect(server.calls).toEqual([1, 3]);
    expect((await db.messages.toArray()).map((m) => m.body)).toEqual([
      'hello 1',
      'hello 2',
      'hello 3',
      'hello 4',
    ]);
    expect(await getLastSeq(db)).toBe(4);
  });

  it('does not move the last seq when applying fails, so nothing is skipped', async () => {
    const engine = new SyncEngine(
      db,
      async () => {
        throw new Error('offline');
      },
      manager,
    );
    await expect(engine.receive(messageEvent(3, message('m3', 'x')))).rejects.toThrow('offline');
    expect(await getLastSeq(db)).toBe(0);
  });

  it('replaces a pending reply with the server copy when its event arrives', async () => {
    const entry = await enqueueReply(db, { conversationId: 'c1', body: 'On its way!', memberId: 'anna' });
    expect((await db.messages.get(pendingMessageId(entry.clientId)))?.pending).toBe(true);
    await new SyncEngine(db, serverLog([]).fetchPage, manager).receive(
      messageEvent(1, message('m9', 'On its way!', entry.clientId)),
    );
    expect(await db.messages.get(pendingMessageId(entry.clientId))).toBeUndefined();
    expect((await db.messages.get('m9'))?.body).toBe('On its way!');
  });
});

describe('pushed events and read marks', () => {
  const upserted = (seq: number, c: Conversation): SyncEvent => ({
    seq,
    at,
    type: 'conversation.upserted',
    conversation: c,
  });
  const read = (seq: number, readUpTo: string): SyncEvent => ({
    seq,
    at,
    type: 'conversation.read',
    readMark: { conversationId: 'c1', memberId: 'anna', readUpTo },
  });

  it('applies a conversation and the message pushed right after it in one transaction', async () => {
    const applied: number[][] = [];
    const engine = new SyncEngine(db, serverLog([]).fetchPage, manager, (events) =>
      applied.push(events.map((e) => e.seq)),
    );
    const transactions = vi.spyOn(db, 'transaction');
    const first = engine.receive(upserted(1, conversation('c1')));
    await new Promise((r) => setTimeout(r, 5));
    const second = engine.receive(messageEvent(2, message('m2', 'hello')));
    await Promise.all([first, second]);
    expect(applied).toEqual([[1, 2]]);
    expect(transactions).toHaveBeenCalledTimes(1);
    expect(await getLastSeq(db)).toBe(2);
    expect((await db.messages.get('m2'))?.body).toBe('hello');
  });

  it('applies a conversation pushed alone after a moment, and a gap behind pushed events from the server', async () => {
    const log = [
      upserted(1, conversation('c1')),
      messageEvent(2, message('m2', 'two')),
      messageEvent(3, message('m3', 'three')),
    ];
    const server = serverLog(log);
    const engine = new SyncEngine(db, server.fetchPage, manager);
    await engine.receive(log[0]!);
    expect(await getLastSeq(db)).toBe(1);
    await engine.receive(log[2]!);
    expect(server.calls).toEqual([1]);
    expect(await getLastSeq(db)).toBe(3);
    expect(await db.messages.count()).toBe(2);
  });

  it('never moves a read mark back, and writes an equal one once', async () => {
    const mark = { conversationId: 'c1', memberId: 'anna', readUpTo: '2026-11-20T10:05:00.000Z' };
    expect(await storeReadMark(db, mark)).toBe(true);
    expect(await storeReadMark(db, { ...mark })).toBe(false);
    expect(await storeReadMark(db, { ...mark, readUpTo: '2026-11-20T10:01:00.000Z' })).toBe(false);
    const engine = new SyncEngine(db, serverLog([]).fetchPage, manager);
    await engine.receive(read(1, '2026-11-20T10:02:00.000Z'));
    expect((await db.readMarks.get(['c1', 'anna']))?.readUpTo).toBe(mark.readUpTo);
    await engine.receive(read(2, '2026-11-20T10:09:00.000Z'));
    expect((await db.readMarks.get(['c1', 'anna']))?.readUpTo).toBe('2026-11-20T10:09:00.000Z');
    expect(await getLastSeq(db)).toBe(2);
  });
});

describe('the outbox', () => {
  it('sends in order, stops at a retryable failure and keeps the rest', async () => {
    const first = await enqueueReply(db, { conversationId: 'c1', body: 'one', memberId: 'anna' });
    await new Promise((r) => setTimeout(r, 2));
    await enqueueReply(db, { conversationId: 'c1', body: 'two', memberId: 'anna' });
    const sent: string[] = [];
    const count = await flushOutbox(db, async (entry) => {
      sent.push(entry.body);
      return { ok: false, status: null, message: 'server down' };
    });
    expect(count).toBe(0);
    expect(sent).toEqual(['one']);
    expect((await db.outbox.get(first.clientId))?.attempts).toBe(1);
    expect(await db.outbox.count()).toBe(2);
  });

  it('stores the acknowledged copy and marks a refused reply failed without retrying it', async () => {
    await db.conversations.put(conversation('c1'));
    const ok = await enqueueReply(db, { conversationId: 'c1', body: 'fine', memberId: 'anna' });
    await new Promise((r) => setTimeout(r, 2));
    const refused = await enqueueReply(db, { conversationId: 'c1', body: 'too late', memberId: 'anna' });
    const count = await flushOutbox(db, async (entry) =>
      entry.clientId === ok.clientId
        ? {
            ok: true,
            result: {
              message: message('m1', 'fine', ok.clientId),
              conversation: conversation('c1', '2026-11-20T11:00:00.000Z'),
            },
          }
        : { ok: false, status: 409, message: 'This conversation is closed' },
    );
    expect(count).toBe(1);
    expect(await db.outbox.count()).toBe(0);
    expect((await db.messages.get('m1'))?.body).toBe('fine');
    expect((await db.messages.get(pendingMessageId(refused.clientId)))?.failed).toBe(
      'This conversation is closed',
    );
    expect((await db.conversations.get('c1'))?.lastMessageAt).toBe('2026-11-20T11:00:00.000Z');
  });
});
