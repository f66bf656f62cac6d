import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SidedeskDb } from '../../lib/client/db';
import { touchedConversations, UnreadConversations } from '../../lib/client/unread-count';
import { countBuckets } from '../../lib/domain/buckets';
import { DEFAULT_SLA_THRESHOLDS } from '../../lib/domain/sla';
import type { Viewer } from '../../lib/domain/visibility';
import type { Conversation, SyncEvent } from '../../lib/protocol';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 10, minute)).toISOString();
const anna: Viewer = { id: 'mb_anna', role: 'agent' };
const marco: Viewer = { id: 'mb_marco', role: 'manager' };

function conversation(id: string, changes: Partial<Conversation> = {}): Conversation {
  return {
    id,
    shopId: 'shop',
    channel: 'marketplace',
    customerId: `cu_${id}`,
    customerName: id,
    status: 'open',
    assigneeId: anna.id,
    category: 'other',
    priority: 'normal',
    starred: false,
    tags: [],
    subject: null,
    lastMessagePreview: '',
    lastMessageAt: at(5),
    awaitingReplySince: at(5),
    firstResponseAt: null,
    lastCustomerMessageAt: at(5),
    lastAgentReplyAt: null,
    closedAt: null,
    closedReason: null,
    snoozedUntil: null,
    trashedAt: null,
    rating: null,
    customerReadUpTo: null,
    ratingComment: null,
    createdAt: at(0),
    ...changes,
  };
}

let db: SidedeskDb;
let unread: UnreadConversations;
beforeEach(async () => {
  db = new SidedeskDb(`test-${Math.random()}`);
  unread = new UnreadConversations(db);
  await db.conversations.bulkPut([
    conversation('c_new'),
    conversation('c_read'),
    conversation('c_closed', { status: 'closed' }),
    conversation('c_queue', { assigneeId: null }),
    conversation('c_tom', { assigneeId: 'mb_tom' }),
    conversation('c_quiet', { lastCustomerMessageAt: null }),
    conversation('c_trash', { trashedAt: at(6) }),
    conversation('c_asleep', { status: 'snoozed', snoozedUntil: '2999-01-01T00:00:00.000Z' }),
  ]);
  await db.readMarks.put({ conversationId: 'c_read', memberId: anna.id, readUpTo: at(5) });
});
afterEach(async () => {
  await db.delete();
});

describe('the badge’s unread conversations', () => {
  it('counts the open chats a member may see with a customer message after their read mark', async () => {
    // Anna: her new one and the queued one; not the read, closed, quiet, trashed or sleeping ones, nor Tom's.
    expect(await unread.count(anna)).toBe(2);
    // A manager's Unread chip holds only chats nobody has: others' chats are theirs to open.
    expect(await unread.count(marco)).toBe(1);
  });

  it('keeps the count by looking only at what a change touched, and agrees with a count from scratch', async () => {
    expect(await unread.count(anna)).toBe(2);
    // A message in the read chat, a read mark on the new one, a chat taken from Tom, one deleted.
    await db.conversations.put(
      conversation('c_read', { lastCustomerMessageAt: at(9), lastMessageAt: at(9) }),
    );
    await db.readMarks.put({ conversationId: 'c_new', memberId: anna.id, readUpTo: at(6) });
    await db.conversations.put(conversation('c_tom', { assigneeId: anna.id }));
    await db.conversations.delete('c_queue');
    const events: SyncEvent[] = [
      { seq: 1, at: at(9), type: 'conversation.upserted', conversation: conversation('c_read') },
      {
        seq: 2,
        at: at(9),
        type: 'conversation.read',
        readMark: { conversationId: 'c_new', memberId: anna.id, readUpTo: at(6) },
      },
      { seq: 3, at: at(9), type: 'conversation.upserted', conversation: conversation('c_tom') },
      { seq: 4, at: at(9), type: 'conversation.deleted', conversationId: 'c_queue' },
    ];
    expect([...touchedConversations(events)]).toEqual(['c_read', 'c_new', 'c_tom', 'c_queue']);
    expect(await unread.count(anna, touchedConversations(events))).toBe(2);
    expect(await new UnreadConversations(db).count(anna)).toBe(2);
    // Nothing touched: the same count, without reading.
    expect(await unread.count(anna, [])).toBe(2);
  });

  it('counts from scratch for another member, after a reset, and when told nothing was touched in particular', async () => {
    expect(await unread.count(anna)).toBe(2);
    await db.conversations.put(conversation('c_more'));
    // Another viewer is a new count, whatever is said touched.
    expect(await unread.count(marco, [])).toBe(1);
    unread.reset();
    expect(await unread.count(anna, [])).toBe(3);
    await db.conversations.put(conversation('c_again'));
    expect(await unread.count(anna)).toBe(4);
  });

  it('counts exactly what the Unread chip of the inbox counts, for every member', async () => {
    const now = new Date();
    for (const viewer of [anna, marco, { id: 'mb_tom', role: 'agent' as const }]) {
      const marks = await db.readMarks.where('memberId').equals(viewer.id).toArray();
      const readUpTo = new Map(marks.map((m) => [m.conversationId, m.readUpTo]));
      const chip = countBuckets(await db.conversations.toArray(), (c) => ({
        viewerId: viewer.id,
        readUpTo: readUpTo.get(c.id),
        now,
        thresholds: DEFAULT_SLA_THRESHOLDS,
        calendar: null,
      })).unread;
      expect(await new UnreadConversations(db).count(viewer), viewer.id).toBe(chip);
    }
  });
});
