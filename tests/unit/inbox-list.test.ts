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
import { BUCKETS } from '../../lib/domain/buckets';
import { listTimeOf } from '../../lib/domain/filters';
import type { Viewer } from '../../lib/domain/visibility';
import type { Conversation, InboxFilter } from '../../lib/protocol';

const now = new Date('2026-11-20T12:00:00.000Z');
const manager: Viewer = { id: 'mb_manager', role: 'manager' };
const agent: Viewer = { id: 'mb_agent', role: 'agent' };
const assignees = [manager.id, agent.id, 'mb_other', null];

/**
 * Conversation i: one a minute older than i - 1, its assignee and status taken in turn. Some were answered
 * (or sent a rating request) hours after the customer last wrote, some the shop started and the customer has
 * not written in, and some are snoozed, until later or until a moment ago.
 */
function conversation(i: number): Conversation {
  const last = new Date(now.getTime() - i * 60_000).toISOString();
  const answeredLater = i % 4 === 1;
  const shopStarted = i % 11 === 0;
  const snoozed = i % 13 === 0 && i % 3 !== 0;
  const customerAt = shopStarted
    ? null
    : answeredLater
      ? new Date(Date.parse(last) - (i % 9) * 3_600_000).toISOString()
      : last;
  return {
    id: `cv_${String(i).padStart(5, '0')}`,
    shopId: i % 2 ? 'shop_a' : 'shop_b',
    channel: 'marketplace',
    customerId: `cu_${i}`,
    customerName: `Customer ${i}`,
    status: i % 3 === 0 ? 'closed' : snoozed ? 'snoozed' : 'open',
    assigneeId: assignees[i % assignees.length]!,
    category: 'other',
    priority: 'normal',
    starred: i % 7 === 0,
    tags: i % 5 === 0 ? ['vip'] : [],
    subject: null,
    lastMessagePreview: `Question ${i}`,
    lastMessageAt: last,
    awaitingReplySince: i % 3 === 0 || answeredLater || shopStarted ? null : last,
    firstResponseAt: null,
    lastCustomerMessageAt: customerAt,
    lastAgentReplyAt: null,
    closedAt: i % 3 === 0 ? last : null,
    closedReason: i % 3 === 0 ? 'ended_by_agent' : null,
    snoozedUntil: snoozed ? new Date(now.getTime() + (i % 2 ? 1 : -1) * 3_600_000).toISOString() : null,
    trashedAt: i % 17 === 0 ? last : null,
    rating: null,
    customerReadUpTo: null,
    ratingComment: null,
    customerBlocked: i % 19 === 0,
    createdAt: shopStarted ? new Date(Date.parse(last) - 30 * 60_000).toISOString() : (customerAt ?? last),
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
      const first = await readFirstScreen(db, viewer, filter, FIRST_SCREEN_ROWS, now);
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
    const first = await readFirstScreen(db, manager, filter, FIRST_SCREEN_ROWS, now);
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
    const asleep = (c: Conversation) => c.status === 'snoozed' && Date.parse(c.snoozedUntil!) > now.getTime();
    expect(lists.views).toEqual({
      mine: visible.filter(
        (c) =>
          c.assigneeId === manager.id &&
          c.status !== 'closed' &&
          !asleep(c) &&
          !c.trashedAt &&
          !c.customerBlocked,
      ).length,
      unassigned: visible.filter(
        (c) => c.assigneeId === null && c.status === 'open' && !c.trashedAt && !c.customerBlocked,
      ).length,
      all: visible.filter((c) => !c.trashedAt && !c.customerBlocked).length,
      trash: visible.filter((c) => c.trashedAt).length,
    });
    // A blocked customer's chats are behind the Blocked chip alone (product §11).
    expect(lists.buckets!.blocked).toBe(visible.filter((c) => c.customerBlocked && !c.trashedAt).length);
    expect(lists.buckets!.blocked).toBeGreaterThan(0);
    expect(lists.buckets!.starred).toBe(
      visible.filter((c) => c.starred && !c.trashedAt && !c.customerBlocked).length,
    );
    expect(lists.tags).toEqual(['vip']);
  });
});

describe('the chips and the rows', () => {
  it.each([
    ['mine', manager, { view: 'mine', sort: 'latest' }, []],
    ['mine, as an agent', agent, { view: 'mine', sort: 'latest' }, []],
    ['unassigned', manager, { view: 'unassigned', sort: 'waiting' }, []],
    ['all', manager, { view: 'all', sort: 'latest' }, []],
    ['all, as an agent', agent, { view: 'all', sort: 'waiting' }, []],
    ['an agent of the team', manager, { view: 'agent', agentId: agent.id, sort: 'latest' }, []],
    [
      'all, one shop and a tag',
      manager,
      { view: 'all', sort: 'latest', shopIds: ['shop_a'], tags: ['vip'] },
      [],
    ],
    ['mine, searching', manager, { view: 'mine', sort: 'latest' }, ['question', '1']],
  ] as [string, Viewer, InboxFilter, string[]][])(
    '%s: each chip counts the rows it selects, and each row is marked as its buckets say',
    async (_name, viewer, filter, terms) => {
      const cache = await readCache(db, viewer.id);
      const list = (bucket: (typeof BUCKETS)[number] | null) =>
        listInbox(cache, { ...options(viewer, filter), bucket, terms });
      const all = list(null);
      expect(all.rows.length).toBeGreaterThan(0);
      for (const bucket of BUCKETS) {
        const selected = list(bucket);
        expect(selected.rows.length, bucket).toBe(all.buckets![bucket]);
        expect(selected.buckets, bucket).toEqual(all.buckets);
        for (const row of selected.rows) expect(row.buckets.has(bucket)).toBe(true);
        // The red dot is the Unread bucket: never on a chat the chip does not count.
        for (const row of [...all.rows, ...selected.rows]) expect(row.unread).toBe(row.buckets.has('unread'));
      }
      // Without a chip, the list is as long as its view says (the views count without a filter).
      if (!filter.tags && terms.length === 0 && filter.view !== 'agent') {
        expect(all.views![filter.view as 'mine' | 'unassigned' | 'all']).toBe(all.rows.length);
      }
    },
  );

  it('an agent reaches their own closed and snoozed chats from the chips of "Assigned to me"', async () => {
    const cache = await readCache(db, agent.id);
    const filter: InboxFilter = { view: 'mine', sort: 'latest' };
    const mine = listInbox(cache, options(agent, filter));
    const own = Array.from({ length: 400 }, (_, i) => conversation(i)).filter(
      (c) => c.assigneeId === agent.id && c.trashedAt === null && !c.customerBlocked,
    );
    const closed = own.filter((c) => c.status === 'closed').map((c) => c.id);
    const snoozed = own
      .filter((c) => c.status === 'snoozed' && Date.parse(c.snoozedUntil!) > now.getTime())
      .map((c) => c.id);
    expect(closed.length).toBeGreaterThan(0);
    expect(snoozed.length).toBeGreaterThan(0);
    const rowsOf = (bucket: 'closed' | 'snoozed') =>
      listInbox(cache, { ...options(agent, filter), bucket }).rows.map((r) => r.conversation.id);
    expect(mine.buckets!.closed).toBe(closed.length);
    expect(rowsOf('closed').sort()).toEqual(closed.sort());
    expect(mine.buckets!.snoozed).toBe(snoozed.length);
    expect(rowsOf('snoozed').sort()).toEqual(snoozed.sort());
    // Without a chip the list is the work at hand: neither of those.
    const shown = new Set(mine.rows.map((r) => r.conversation.id));
    expect([...closed, ...snoozed].filter((id) => shown.has(id))).toEqual([]);
    expect(mine.rows.length).toBe(own.length - closed.length - snoozed.length);
    expect(mine.views!.mine).toBe(mine.rows.length);
  });

  it.each([
    ['mine', manager, { view: 'mine', sort: 'latest' }],
    ['all', manager, { view: 'all', sort: 'latest' }],
    ['unassigned', agent, { view: 'unassigned', sort: 'latest' }],
    ['an agent of the team', manager, { view: 'agent', agentId: agent.id, sort: 'latest' }],
  ] as [string, Viewer, InboxFilter][])(
    "%s, latest first: by the customer's last message (or when the chat began), on the first screen too",
    async (_name, viewer, filter) => {
      const whole = listInbox(await readCache(db, viewer.id), options(viewer, filter)).rows;
      const times = whole.map((r) => r.conversation.lastCustomerMessageAt ?? r.conversation.createdAt);
      expect(times).toEqual([...times].sort().reverse());
      // A member's reply or a system line after the customer's message moves nothing.
      expect(whole.some((r) => r.conversation.lastMessageAt !== listTimeOf(r.conversation))).toBe(true);
      const first = await readFirstScreen(db, viewer, filter, FIRST_SCREEN_ROWS, now);
      expect(listInbox(first!, options(viewer, filter)).rows.map((r) => r.conversation.id)).toEqual(
        whole.slice(0, FIRST_SCREEN_ROWS).map((r) => r.conversation.id),
      );
    },
  );
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
      const first = await readFirstScreen(upgraded, manager, filter, FIRST_SCREEN_ROWS, now);
      expect(first!.conversations.length).toBeGreaterThan(0);
      expect(ids(first!, manager, filter)).toEqual(
        ids(await readCache(upgraded, manager.id), manager, filter),
      );
    } finally {
      await upgraded.delete();
    }
  });
});
