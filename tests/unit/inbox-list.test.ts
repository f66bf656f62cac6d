import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  FIRST_SCREEN_ROWS,
  listInbox,
  readCache,
  readFirstScreen,
  SLICE,
  type InboxCache,
} from '../../components/inbox/inboxLists';
import { SidedeskDb } from '../../lib/client/db';
import type { Viewer } from '../../lib/domain/visibility';
import type { Conversation, InboxFilter } from '../../lib/protocol';

const now = new Date('2026-11-20T12:00:00.000Z');
const manager: Viewer = { id: 'mb_manager', role: 'manager' };
const agent: Viewer = { id: 'mb_agent', role: 'agent' };
const assignees = [manager.id, agent.id, 'mb_other', null];

/** Conversation i: one a minute older than i - 1, its assignee and status taken in turn. */
function conversation(i: number): Conversation {
  const last = new Date(now.getTime() - i * 60_000).toISOString();
  return {
    id: `cv_${String(i).padStart(5, '0')}`,
    shopId: i % 2 ? 'shop_a' : 'shop_b',
    channel: 'marketplace',
    customerId: `cu_${i}`,
    customerName: `Customer ${i}`,
    status: i % 3 === 0 ? 'closed' : 'open',
    assigneeId: assignees[i % assignees.length]!,
    category: 'other',
    priority: 'normal',
    starred: i % 7 === 0,
    tags: i % 5 === 0 ? ['vip'] : [],
    subject: null,
    lastMessagePreview: `Question ${i}`,
    lastMessageAt: last,
    awaitingReplySince: i % 3 === 0 ? null : last,
    firstResponseAt: null,
    lastCustomerMessageAt: last,
    lastAgentReplyAt: null,
    closedAt: i % 3 === 0 ? last : null,
    closedReason: i % 3 === 0 ? 'ended_by_agent' : null,
    snoozedUntil: null,
    trashedAt: i % 17 === 0 ? last : null,
    rating: null,
    customerReadUpTo: null,
    ratingComment: null,
    createdAt: last,
  };
}

let db: SidedeskDb;
beforeEach(async () => {
  db = new SidedeskDb(`test-${Math.random()}`);
  // Written in an order of their own, not by time, as a sync would.
  const all = Array.from({ length: 400 }, (_, i) => conversation((i * 7919) % 400));
  await db.conversations.bulkPut(all);
  await db.readMarks.bulkPut(
    all
      .filter((_, i) => i % 4 === 0)
      .map((c) => ({ conversationId: c.id, memberId: manager.id, readUpTo: c.lastMessageAt })),
  );
});
afterEach(async () => {
  await db.delete();
});

const options = (viewer: Viewer, filter: InboxFilter) => ({
  viewer,
  filter,
  bucket: null,
  terms: [],
  messageHits: new Map<string, string>(),
  shops: [],
  now,
});
const ids = (cache: InboxCache, viewer: Viewer, filter: InboxFilter) =>
  listInbox(cache, options(viewer, filter)).rows.map((r) => r.conversation.id);

describe('the first screen of the inbox', () => {
  it.each([
    ['mine', manager, { view: 'mine', sort: 'latest' }],
    ['all', manager, { view: 'all', sort: 'latest' }],
    ['unassigned', manager, { view: 'unassigned', sort: 'latest' }],
    ['an agent of the team', manager, { view: 'agent', agentId: agent.id, sort: 'latest' }],
    ['all, as an agent', agent, { view: 'all', sort: 'latest' }],
    ['all, narrowed to a shop', manager, { view: 'all', sort: 'latest', shopIds: ['shop_a'] }],
  ] as [string, Viewer, InboxFilter][])(
    '%s: the top of the whole list, in its order, with read marks',
    async (_name, viewer, filter) => {
      const first = await readFirstScreen(db, viewer, filter);
      const whole = await readCache(db, viewer.id);
      expect(first).not.toBeNull();
      const top = ids(whole, viewer, filter).slice(0, FIRST_SCREEN_ROWS);
      expect(top.length).toBeGreaterThan(10);
      expect(ids(first!, viewer, filter)).toEqual(top);
      const lists = listInbox(first!, options(viewer, filter));
      const full = listInbox(whole, options(viewer, filter));
      expect(lists.rows.map((r) => r.unread)).toEqual(full.rows.slice(0, top.length).map((r) => r.unread));
      // Counts, buckets and tags wait for the whole cache.
      expect(lists).toMatchObject({ complete: false, views: null, buckets: null, tags: [] });
      expect(full.complete).toBe(true);
    },
  );

  it('reads only a screen of rows, and none of a view an index cannot order', async () => {
    const first = await readFirstScreen(db, manager, { view: 'all', sort: 'latest' }, 5);
    expect(first!.conversations).toHaveLength(5);
    expect(await readFirstScreen(db, manager, { view: 'trash', sort: 'latest' })).toBeNull();
    expect(await readFirstScreen(db, manager, { view: 'mine', sort: 'waiting' })).toBeNull();
  });

  it('is the whole list when the view holds fewer than a screen', async () => {
    const filter: InboxFilter = { view: 'mine', sort: 'latest', tags: ['vip'] };
    const first = await readFirstScreen(db, manager, filter);
    expect(first!.conversations.length).toBeLessThan(FIRST_SCREEN_ROWS);
    expect(ids(first!, manager, filter)).toEqual(ids(await readCache(db, manager.id), manager, filter));
  });
});

describe('the whole cache', () => {
  it('is read in slices, every conversation once, with the viewer’s read marks', async () => {
    await db.conversations.bulkPut(Array.from({ length: SLICE + 5 }, (_, i) => conversation(1_000 + i)));
    const cache = await readCache(db, manager.id);
    expect(cache.conversations).toHaveLength(400 + SLICE + 5);
    expect(new Set(cache.conversations.map((c) => c.id)).size).toBe(400 + SLICE + 5);
    expect(cache.readUpTo.size).toBe(100);
    expect(cache.complete).toBe(true);
  });

  it('counts every view and bucket', async () => {
    const lists = listInbox(
      await readCache(db, manager.id),
      options(manager, { view: 'all', sort: 'latest' }),
    );
    const visible = Array.from({ length: 400 }, (_, i) => conversation(i));
    expect(lists.views).toEqual({
      mine: visible.filter((c) => c.assigneeId === manager.id && c.status !== 'closed' && !c.trashedAt)
        .length,
      unassigned: visible.filter((c) => c.assigneeId === null && c.status === 'open' && !c.trashedAt).length,
      all: visible.filter((c) => !c.trashedAt).length,
      trash: visible.filter((c) => c.trashedAt).length,
    });
    expect(lists.buckets!.starred).toBe(visible.filter((c) => c.starred && !c.trashedAt).length);
    expect(lists.tags).toEqual(['vip']);
  });
});

describe('the cache of an earlier version', () => {
  it('gains the first screen’s index on upgrade, with the conversations it held', async () => {
    const name = `test-upgrade-${Math.random()}`;
    const before = new Dexie(name);
    before.version(2).stores({
      conversations: 'id, lastMessageAt, assigneeId, customerId',
      messages: 'id, [conversationId+createdAt], clientId',
      readMarks: '[conversationId+memberId], memberId',
      outbox: 'clientId, createdAt',
      meta: 'key',
    });
    await before.table('conversations').bulkPut(Array.from({ length: 50 }, (_, i) => conversation(i)));
    before.close();

    const upgraded = new SidedeskDb(name);
    try {
      const filter: InboxFilter = { view: 'mine', sort: 'latest' };
      const first = await readFirstScreen(upgraded, manager, filter);
      expect(first!.conversations.length).toBeGreaterThan(0);
      expect(ids(first!, manager, filter)).toEqual(
        ids(await readCache(upgraded, manager.id), manager, filter),
      );
    } finally {
      await upgraded.delete();
    }
  });
});
