import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  durationSummary,
  firstResponseSeconds,
  resolutionSeconds,
  responseOutcome,
  responseRate,
} from '../../lib/domain/metrics';
import type {
  AnalyticsConversations,
  AnalyticsReport,
  AnalyticsSummary,
  AssignmentChange,
  Category,
  Channel,
} from '../../lib/protocol';
import type { SidedeskServer } from '../../server/app';
import { csvRow } from '../../server/analytics/csv';
import { newId } from '../../server/ids';
import type { Store } from '../../server/store';
import { conversation, customer, member, memberPresence, message, order } from '../../server/store/schema';
import { signInOver, startTestServer } from '../fixtures/server';
import { openTestStore, storeKinds, warnIfPostgresSkipped } from '../fixtures/stores';
import { addShop, createWorkspace, PASSWORD } from '../fixtures/workspace';

warnIfPostgresSkipped();

/**
 * Service data (product §8) on a small data set whose every figure is counted by hand below. The clock stands
 * at NOW, a Tuesday: 13:00 in Rome (UTC+1 in March) and 12:00 in London (UTC+0), so "today" is 2026-03-10 in
 * both shops and the last 7 days are 2026-03-04 … 2026-03-10 in each shop's own calendar.
 */
const NOW = new Date('2026-03-10T12:00:00.000Z');

type Who = 'agentA' | 'agentB';
interface ChatSpec {
  shop: 'it' | 'uk';
  channel: Channel;
  assignee: Who | null;
  createdAt: string;
  /** A person's replies; the first is the first response. */
  replies?: string[];
  closedAt?: string;
  rating?: number;
  tags?: string[];
  category?: Category;
  trashed?: boolean;
  /** Assignment lines of the timeline, in order; null: back to the queue. */
  assignments?: { at: string; to: Who | null }[];
}

/**
 * The conversations. Days are the shop's (Rome for 'it', London for 'uk'); "window" is the last 7 days.
 *
 * | chat | shop | assignee | started (day)     | first reply        | closed (day)       | rating | 24 h rule        |
 * | C1   | it   | A        | 03-10 08:00Z (10) | +30 min (1800 s)   | open               |        | answered         |
 * | C2   | it   | A        | 03-10 09:00Z (10) | none               | open               |        | pending (3 h old)|
 * | C3   | it   | B        | 03-09 10:00Z (09) | +6 h (21600 s)     | 03-10 10:00Z (10)  | 5      | answered         |
 * | C4   | it   | B (was A)| 03-08 09:00Z (08) | +27 h (97200 s)    | 03-09 13:00Z (09)  | 2      | missed (late)    |
 * | C5   | it   | none     | 03-07 10:00Z (07) | none               | 03-08 10:00Z (08)  |        | missed (no reply)|
 * | C6   | uk   | A        | 03-09 23:30Z (09*)| +10 min (600 s)    | 03-10 00:30Z (10)  | 4      | answered         |
 * | C7   | it   | A        | 02-20 (outside)   | +5 min             | 03-05 10:00Z (05)  | 3      | (outside)        |
 * | C8   | it   | B        | 03-04 00:30Z (04) | +1 h (3600 s)      | open               |        | answered         |
 * | C9   | it   | B        | 03-03 22:30Z (03: outside, 23:30 in Rome) | +30 min | open |        | (outside)        |
 * | C10  | it   | A        | 03-10 07:00Z, in the trash: never counted                                              |
 * | C11  | it   | A        | 03-09 08:00Z (09) | none               | open               |        | missed (28 h old)|
 * | C12  | it   | B        | 02-01 (outside)   | 02-01 and 02-20    | 02-25              |        | (outside)        |
 *
 * (*) 23:30 UTC is already 03-10 in Rome, but C6 belongs to the London shop: its day is 03-09 there.
 */
const CHATS: Record<string, ChatSpec> = {
  C1: {
    shop: 'it',
    channel: 'marketplace',
    assignee: 'agentA',
    createdAt: '2026-03-10T08:00:00.000Z',
    replies: ['2026-03-10T08:30:00.000Z'],
    tags: ['vip'],
    category: 'pre_sale',
    assignments: [{ at: '2026-03-10T08:00:01.000Z', to: 'agentA' }],
  },
  C2: {
    shop: 'it',
    channel: 'marketplace',
    assignee: 'agentA',
    createdAt: '2026-03-10T09:00:00.000Z',
    assignments: [{ at: '2026-03-10T09:00:01.000Z', to: 'agentA' }],
  },
  C3: {
    shop: 'it',
    channel: 'email',
    assignee: 'agentB',
    createdAt: '2026-03-09T10:00:00.000Z',
    replies: ['2026-03-09T16:00:00.000Z'],
    closedAt: '2026-03-10T10:00:00.000Z',
    rating: 5,
    tags: ['vip', 'refund'],
    category: 'after_sale',
    assignments: [{ at: '2026-03-09T10:00:01.000Z', to: 'agentB' }],
  },
  C4: {
    shop: 'it',
    channel: 'marketplace',
    assignee: 'agentB',
    createdAt: '2026-03-08T09:00:00.000Z',
    replies: ['2026-03-09T12:00:00.000Z'],
    closedAt: '2026-03-09T13:00:00.000Z',
    rating: 2,
    tags: ['refund'],
    assignments: [
      { at: '2026-03-08T09:00:01.000Z', to: 'agentA' },
      { at: '2026-03-09T11:00:00.000Z', to: 'agentB' },
    ],
  },
  C5: {
    shop: 'it',
    channel: 'webchat',
    assignee: null,
    createdAt: '2026-03-07T10:00:00.000Z',
    closedAt: '2026-03-08T10:00:00.000Z',
  },
  C6: {
    shop: 'uk',
    channel: 'marketplace',
    assignee: 'agentA',
    createdAt: '2026-03-09T23:30:00.000Z',
    replies: ['2026-03-09T23:40:00.000Z'],
    closedAt: '2026-03-10T00:30:00.000Z',
    rating: 4,
    assignments: [{ at: '2026-03-09T23:30:01.000Z', to: 'agentA' }],
  },
  C7: {
    shop: 'it',
    channel: 'marketplace',
    assignee: 'agentA',
    createdAt: '2026-02-20T10:00:00.000Z',
    replies: ['2026-02-20T10:05:00.000Z'],
    closedAt: '2026-03-05T10:00:00.000Z',
    rating: 3,
    assignments: [{ at: '2026-02-20T10:00:01.000Z', to: 'agentA' }],
  },
  C8: {
    shop: 'it',
    channel: 'marketplace',
    assignee: 'agentB',
    createdAt: '2026-03-04T00:30:00.000Z',
    replies: ['2026-03-04T01:30:00.000Z'],
    // A tag a customer-facing automation could have copied from a message: must never run as a formula.
    tags: ['=SUM(1,2)'],
    assignments: [{ at: '2026-03-04T00:30:01.000Z', to: 'agentB' }],
  },
  C9: {
    shop: 'it',
    channel: 'marketplace',
    assignee: 'agentB',
    createdAt: '2026-03-03T22:30:00.000Z',
    replies: ['2026-03-03T23:00:00.000Z'],
    assignments: [{ at: '2026-03-03T22:30:01.000Z', to: 'agentB' }],
  },
  C10: {
    shop: 'it',
    channel: 'marketplace',
    assignee: 'agentA',
    createdAt: '2026-03-10T07:00:00.000Z',
    replies: ['2026-03-10T07:10:00.000Z'],
    trashed: true,
    assignments: [{ at: '2026-03-10T07:00:01.000Z', to: 'agentA' }],
  },
  C11: {
    shop: 'it',
    channel: 'marketplace',
    assignee: 'agentA',
    createdAt: '2026-03-09T08:00:00.000Z',
    // Assigned, returned to the queue and assigned again the same day: one session.
    assignments: [
      { at: '2026-03-09T08:00:01.000Z', to: 'agentA' },
      { at: '2026-03-09T09:00:00.000Z', to: null },
      { at: '2026-03-09T10:00:00.000Z', to: 'agentA' },
    ],
  },
  C12: {
    shop: 'it',
    channel: 'email',
    assignee: 'agentB',
    createdAt: '2026-02-01T10:00:00.000Z',
    replies: ['2026-02-01T11:00:00.000Z', '2026-02-20T10:00:00.000Z'],
    closedAt: '2026-02-25T10:00:00.000Z',
    assignments: [{ at: '2026-02-01T10:00:01.000Z', to: 'agentB' }],
  },
};

/**
 * Orders (each customer has one chat, so "cuN" is C N's customer):
 * - O1 cu1, it, 03-10 10:00Z, 50.00 EUR: 1 h 30 after C1's reply → led
 * - O2 cu3, it, 03-09 15:00Z, 99.00 EUR: before C3's first reply (16:00Z) → not led
 * - O3 cu3, it, 03-10 11:00Z, 25.00 EUR: the day after C3's reply → led
 * - O4 cu4, it, 03-09 14:00Z, 80.00 EUR, cancelled → not revenue
 * - O5 cu6, uk, 03-10 01:00Z, 30.00 GBP: after C6's reply → led
 * - O6 cu8, uk, 03-05: another shop than C8's → not led
 * - O7 cu12, it, 02-12 10:00Z, 70.00 EUR: 11 days after C12's first reply, 8 days before its second → not led
 * - O8 cu12, it, 02-22 10:00Z, 12.00 EUR: 2 days after C12's second reply → led
 */
const ORDERS = [
  { id: 'O1', chat: 'C1', shop: 'it', placedAt: '2026-03-10T10:00:00.000Z', cents: 5000, currency: 'EUR' },
  { id: 'O2', chat: 'C3', shop: 'it', placedAt: '2026-03-09T15:00:00.000Z', cents: 9900, currency: 'EUR' },
  { id: 'O3', chat: 'C3', shop: 'it', placedAt: '2026-03-10T11:00:00.000Z', cents: 2500, currency: 'EUR' },
  {
    id: 'O4',
    chat: 'C4',
    shop: 'it',
    placedAt: '2026-03-09T14:00:00.000Z',
    cents: 8000,
    currency: 'EUR',
    cancelled: true,
  },
  { id: 'O5', chat: 'C6', shop: 'uk', placedAt: '2026-03-10T01:00:00.000Z', cents: 3000, currency: 'GBP' },
  { id: 'O6', chat: 'C8', shop: 'uk', placedAt: '2026-03-05T10:00:00.000Z', cents: 4000, currency: 'GBP' },
  { id: 'O7', chat: 'C12', shop: 'it', placedAt: '2026-02-12T10:00:00.000Z', cents: 7000, currency: 'EUR' },
  { id: 'O8', chat: 'C12', shop: 'it', placedAt: '2026-02-22T10:00:00.000Z', cents: 1200, currency: 'EUR' },
] as const;

describe.each(storeKinds)('service data on %s', (kind) => {
  let store: Store;
  let server: SidedeskServer;
  let ws: Awaited<ReturnType<typeof createWorkspace>>;
  let ukShopId: string;
  const ids: Record<string, string> = {};
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    store = await openTestStore(kind);
    server = await startTestServer(store, {}, { clock: { now: () => NOW } });
    ws = await createWorkspace(store.db, 'Analytics');
    ukShopId = await addShop(
      store.db,
      ws.workspaceId,
      { name: 'Analytics, UK', country: 'GB', timeZone: 'Europe/London', currency: 'GBP' },
      [ws.agentA.id, ws.agentB.id],
    );
    // A nickname that starts like a formula and holds quotes, for the CSV export.
    await store.db.update(member).set({ nickname: '+Bruno "B"' }).where(eq(member.id, ws.agentB.id));
    for (const [key, spec] of Object.entries(CHATS)) ids[key] = await insertChat(key, spec);
    for (const o of ORDERS) {
      const [chat] = await store.db.select().from(conversation).where(eq(conversation.id, ids[o.chat]!));
      await store.db.insert(order).values({
        id: newId('ord'),
        workspaceId: ws.workspaceId,
        shopId: o.shop === 'it' ? ws.shopId : ukShopId,
        customerId: chat!.customerId,
        externalId: o.id,
        status: 'cancelled' in o ? 'cancelled' : 'delivered',
        items: [],
        totalCents: o.cents,
        currency: o.currency,
        placedAt: new Date(o.placedAt),
      });
    }
    // Another workspace's chat, answered today: never in this workspace's figures.
    const other = await createWorkspace(store.db, 'Elsewhere');
    await insertChat(
      'other',
      {
        shop: 'it',
        channel: 'marketplace',
        assignee: null,
        createdAt: '2026-03-10T08:00:00.000Z',
        replies: ['2026-03-10T08:01:00.000Z'],
        closedAt: '2026-03-10T09:00:00.000Z',
        rating: 1,
      },
      other,
    );
    // Presence: A is available to the queue (online), B is connected with the toggle off (away).
    await store.db.update(member).set({ available: true }).where(eq(member.id, ws.agentA.id));
    await store.db.insert(memberPresence).values({
      socketId: newId('sock'),
      memberId: ws.agentB.id,
      workspaceId: ws.workspaceId,
      instanceId: 'test',
      openWindows: 1,
    });
    for (const who of ['owner', 'manager', 'agentA', 'agentB'] as const) {
      tokens[who] = (await signInOver(server.url, ws[who].email, PASSWORD)).token;
    }
  });
  afterAll(async () => {
    await server?.close();
    await store?.close();
  });

  async function insertChat(key: string, spec: ChatSpec, inWorkspace = ws): Promise<string> {
    const workspaceId = inWorkspace.workspaceId;
    const shopId = spec.shop === 'it' ? inWorkspace.shopId : ukShopId;
    const memberId = (who: Who | null) => (who ? inWorkspace[who].id : null);
    const customerId = newId('cu');
    await store.db
      .insert(customer)
      .values({ id: customerId, workspaceId, displayName: `Customer of ${key}` });
    const id = newId('cv');
    const replies = spec.replies ?? [];
    const createdAt = new Date(spec.createdAt);
    const closedAt = spec.closedAt ? new Date(spec.closedAt) : null;
    const last = [spec.createdAt, ...replies, spec.closedAt ?? spec.createdAt].sort().at(-1)!;
    await store.db.insert(conversation).values({
      id,
      workspaceId,
      shopId,
      channel: spec.channel,
      customerId,
      status: closedAt ? 'closed' : 'open',
      assigneeId: memberId(spec.assignee),
      category: spec.category ?? 'other',
      tags: spec.tags ?? [],
      lastMessageAt: new Date(last),
      awaitingReplySince: replies.length === 0 && !closedAt ? createdAt : null,
      firstResponseAt: replies[0] ? new Date(replies[0]) : null,
      lastCustomerMessageAt: createdAt,
      lastAgentReplyAt: replies.at(-1) ? new Date(replies.at(-1)!) : null,
      closedAt,
      closedReason: closedAt ? (spec.rating ? 'ended_by_agent' : 'customer_left') : null,
      trashedAt: spec.trashed ? NOW : null,
      rating: spec.rating ?? null,
      createdAt,
    });
    const line = (direction: 'inbound' | 'outbound' | 'system', at: string, extra = {}) => ({
      id: newId('msg'),
      workspaceId,
      conversationId: id,
      shopId,
      direction,
      author:
        direction === 'inbound'
          ? ('customer' as const)
          : direction === 'system'
            ? ('system' as const)
            : ('member' as const),
      body: direction === 'inbound' ? 'Hello' : 'Hi, how can I help?',
      createdAt: new Date(at),
      ...extra,
    });
    let holder: string | null = null;
    await store.db.insert(message).values([
      line('inbound', spec.createdAt),
      ...(spec.assignments ?? []).map((a) => {
        const payload: AssignmentChange = {
          fromMemberId: holder,
          fromQueue: holder === null,
          toMemberId: memberId(a.to),
          reason: a.to ? 'auto' : 'returned_to_queue',
          byMemberId: null,
          note: null,
        };
        holder = memberId(a.to);
        return line('system', a.at, { payload });
      }),
      ...replies.map((at) => line('outbound', at, { authorMemberId: memberId(spec.assignee) })),
    ]);
    return id;
  }

  const get = async <T>(who: keyof typeof tokens | 'nobody', path: string) => {
    const response = await fetch(server.url + path, {
      headers: who === 'nobody' ? {} : { authorization: `Bearer ${tokens[who]}` },
    });
    const text = await response.text();
    const body = response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
    return { status: response.status, body: body as T, text, headers: response.headers };
  };
  const summary = (who = 'manager', q = '') => get<AnalyticsSummary>(who, `/api/analytics/summary${q}`);
  const report = (q: string, who = 'manager') => get<AnalyticsReport>(who, `/api/analytics/report?${q}`);
  const WEEK = 'from=2026-03-04&to=2026-03-10';
  const drill = async (q: string, who = 'manager') => {
    const r = await get<AnalyticsConversations>(who, `/api/analytics/conversations?${q}`);
    expect(r.status, r.text).toBe(200);
    return r.body;
  };
  const keysOf = (list: { id: string }[]) =>
    list.map((c) => Object.keys(ids).find((k) => ids[k] === c.id) ?? c.id).sort();

  describe('the popup', () => {
    it('hand count: 24 h response rate, today and over the last 7 days', async () => {
      const { status, body } = await summary();
      expect(status).toBe(200);
      expect(body.scope).toBe('workspace');
      // Last 7 days: started in the window are C1 C2 C3 C4 C5 C6 C8 C11 (C9 started 03-03 in Rome, C7 in
      // February, C10 is in the trash). Answered within 24 h: C1 C3 C6 C8 = 4. Missed: C4 (27 h), C5 and C11
      // (unanswered, older than 24 h) = 3. Pending: C2 (3 h old, unanswered) = 1. Rate 4 / (4 + 3).
      expect(body.last7Days.responseRate24h).toEqual({ answered: 4, countable: 7, pending: 1, rate: 4 / 7 });
      // Today (03-10 in each shop): C1 answered, C2 pending; C6 started on 03-09 in London. Rate 1 / 1.
      expect(body.today.responseRate24h).toEqual({ answered: 1, countable: 1, pending: 1, rate: 1 });
    });

    it('hand count: satisfaction rate, today and over the last 7 days', async () => {
      const { body } = await summary();
      // Closed in the window and rated: C3 (5), C4 (2), C6 (4), C7 (3, closed 03-05); C5 closed unrated.
      // Satisfied (4–5): C3, C6 → 2 of 4.
      expect(body.last7Days.satisfaction).toEqual({ satisfied: 2, rated: 4, rate: 0.5 });
      // Closed today: C3 (5) in Rome, C6 (4) at 00:30 in London → 2 of 2.
      expect(body.today.satisfaction).toEqual({ satisfied: 2, rated: 2, rate: 1 });
    });

    it("hand count: today's sessions per member, in each shop's time zone", async () => {
      const { body } = await summary();
      // Assigned today (03-10): C1 and C2 to A. C10 (trashed) does not count. C6 was assigned at 23:30 UTC on
      // 03-09: already 03-10 in Rome, but C6 is the London shop's, where it is still 03-09.
      expect(body.today.sessions).toBe(2);
      // Last 7 days: A has C1, C2 (03-10), C4 (03-08, before its transfer), C6 (03-09), C11 (03-09, assigned
      // twice that day: once) = 5; B has C3, C4 (03-09), C8 (03-04) = 3. C9 was assigned on 03-03 in Rome.
      expect(body.last7Days.sessions).toBe(8);
      const row = (memberId: string) => body.agents.find((a) => a.memberId === memberId);
      expect(row(ws.agentA.id)?.sessionsToday).toBe(2);
      expect(row(ws.agentB.id)?.sessionsToday).toBe(0);
    });

    it('hand count: the 7-day trend, one value per day', async () => {
      const { body } = await summary();
      expect(body.trend.map((d) => [d.date, d.daysAgo])).toEqual([
        ['2026-03-04', 6],
        ['2026-03-05', 5],
        ['2026-03-06', 4],
        ['2026-03-07', 3],
        ['2026-03-08', 2],
        ['2026-03-09', 1],
        ['2026-03-10', 0],
      ]);
      // 24 h rate by the day chats started: 03-04 C8 answered (1/1); 03-07 C5 missed (0/1); 03-08 C4 missed
      // (0/1); 03-09 C3 and C6 answered, C11 missed (2/3); 03-10 C1 answered, C2 pending (1/1).
      expect(body.trend.map((d) => d.responseRate24h.rate)).toEqual([1, null, null, 0, 0, 2 / 3, 1]);
      // Satisfaction by the day sessions closed: 03-05 C7 (3) 0/1; 03-08 C5 unrated; 03-09 C4 (2) 0/1;
      // 03-10 C3 (5) and C6 (4) 2/2.
      expect(body.trend.map((d) => d.satisfaction.rate)).toEqual([null, 0, null, null, null, 0, 1]);
      // Sessions: 03-04 C8→B; 03-08 C4→A; 03-09 C3→B, C4→B, C6→A, C11→A; 03-10 C1→A, C2→A.
      expect(body.trend.map((d) => d.sessions)).toEqual([1, 0, 0, 0, 1, 4, 2]);
      expect(body.trend.at(-1)).toMatchObject(body.today);
    });

    it('hand count: the per-agent table', async () => {
      const { body } = await summary();
      // Managers and the owner have no work in these figures, so only the two agents are listed.
      expect(body.agents.map((a) => a.memberId).sort()).toEqual([ws.agentA.id, ws.agentB.id].sort());
      const a = body.agents.find((r) => r.memberId === ws.agentA.id)!;
      const b = body.agents.find((r) => r.memberId === ws.agentB.id)!;
      // A's chats started in the window: C1 answered, C2 pending, C6 answered, C11 missed → 2 of 3.
      // Closed in the window: C6 (4), C7 (3) → 1 of 2 satisfied. Open: C1, C2, C11 (C10 is in the trash).
      expect(a).toMatchObject({
        nickname: 'agentA',
        role: 'agent',
        sessionsToday: 2,
        responseRate24h: { answered: 2, countable: 3, pending: 1, rate: 2 / 3 },
        satisfaction: { satisfied: 1, rated: 2, rate: 0.5 },
        openChats: 3,
        status: 'online',
      });
      // B's: C3 answered, C4 missed, C8 answered → 2 of 3. Closed: C3 (5), C4 (2) → 1 of 2. Open: C8, C9.
      expect(b).toMatchObject({
        nickname: '+Bruno "B"',
        sessionsToday: 0,
        responseRate24h: { answered: 2, countable: 3, pending: 0, rate: 2 / 3 },
        satisfaction: { satisfied: 1, rated: 2, rate: 0.5 },
        openChats: 2,
        status: 'away',
      });
    });

    it("hand count: an agent's own figures", async () => {
      const { status, body } = await summary('agentA', `?memberIds=${ws.agentA.id}`);
      expect(status).toBe(200);
      expect(body.scope).toBe('member');
      // A's chats: the 24 h rate of the table's row; today C1 answered, C2 pending; C6 closed today (4).
      expect(body.last7Days.responseRate24h).toEqual({ answered: 2, countable: 3, pending: 1, rate: 2 / 3 });
      expect(body.today.responseRate24h).toEqual({ answered: 1, countable: 1, pending: 1, rate: 1 });
      expect(body.today.satisfaction).toEqual({ satisfied: 1, rated: 1, rate: 1 });
      // Sessions assigned to A: 5 in the window, 2 today.
      expect(body.last7Days.sessions).toBe(5);
      expect(body.today.sessions).toBe(2);
      expect(body.agents.map((r) => r.memberId)).toEqual([ws.agentA.id]);
    });
  });

  describe('the report', () => {
    it('hand count: first response time, median and 90th percentile', async () => {
      const { status, body } = await report(WEEK);
      expect(status).toBe(200);
      // Started in the range and answered: C6 600 s, C1 1800 s, C8 3600 s, C3 21600 s, C4 97200 s. Sorted 600, 1800, 3600, 21600, 97200: median 3600; p90 at rank 0.9 × 4 = 3.6, so
      // 21600 + 0.6 × (97200 − 21600) = 66960.
      expect(body.totals.firstResponseSeconds.count).toBe(5);
      expect(body.totals.firstResponseSeconds.median).toBeCloseTo(3600, 6);
      expect(body.totals.firstResponseSeconds.p90).toBeCloseTo(66960, 6);
      // Per agent: A has C6 600 and C1 1800 → median 1200; B has C8 3600, C3 21600, C4 97200 → median 21600.
      const agent = (id: string | null) => body.byAgent.find((r) => r.memberId === id)!;
      expect(agent(ws.agentA.id).firstResponseSeconds.median).toBeCloseTo(1200, 6);
      expect(agent(ws.agentB.id).firstResponseSeconds.median).toBeCloseTo(21600, 6);
      // Per channel: email has C3 alone.
      expect(body.byChannel.find((r) => r.channel === 'email')!.firstResponseSeconds).toEqual({
        count: 1,
        median: 21600,
        p90: 21600,
      });
    });

    it('hand count: resolution time, median and 90th percentile', async () => {
      const { body } = await report(WEEK);
      // Closed in the range: C6 3600 s (1 h), C3 86400 s, C5 86400 s, C4 100800 s (28 h), C7 1123200 s
      // (13 days). Median 86400; p90 at rank 3.6: 100800 + 0.6 × (1123200 − 100800) = 714240.
      expect(body.totals.resolutionSeconds.count).toBe(5);
      expect(body.totals.resolutionSeconds.median).toBeCloseTo(86400, 6);
      expect(body.totals.resolutionSeconds.p90).toBeCloseTo(714240, 6);
    });

    it('hand count: ticket counts created, closed and open, by channel, agent and tag', async () => {
      const { body } = await report(WEEK);
      // Created: C1 C2 C3 C4 C5 C6 C8 C11 = 8. Closed: C3 C4 C5 C6 C7 = 5. Open now of those created: C1 C2
      // C8 C11 = 4.
      expect(body.totals).toMatchObject({ created: 8, closed: 5, open: 4, sessions: 8 });
      // Marketplace: created C1 C2 C4 C6 C8 C11, closed C4 C6 C7; email: C3 and C3; webchat: C5 and C5.
      expect(body.byChannel.map((r) => [r.channel, r.created, r.closed, r.open])).toEqual([
        ['marketplace', 6, 3, 4],
        ['webchat', 1, 1, 0],
        ['email', 1, 1, 0],
      ]);
      // A: created C1 C2 C6 C11, closed C6 C7, 5 sessions; B: created C3 C4 C8, closed C3 C4, 3 sessions;
      // unassigned: C5.
      const agent = (id: string | null) => body.byAgent.find((r) => r.memberId === id)!;
      expect(agent(ws.agentA.id)).toMatchObject({
        nickname: 'agentA',
        created: 4,
        closed: 2,
        open: 3,
        sessions: 5,
      });
      expect(agent(ws.agentB.id)).toMatchObject({ created: 3, closed: 2, open: 1, sessions: 3 });
      expect(agent(null)).toMatchObject({ nickname: null, created: 1, closed: 1, open: 0, sessions: 0 });
      expect(body.byAgent.at(-1)!.memberId).toBeNull();
      // vip: C1 (created), C3 (created, closed); refund: C3, C4 (both created and closed); =SUM(1,2): C8.
      const tag = (name: string) => body.byTag.find((r) => r.tag === name)!;
      expect(tag('vip')).toMatchObject({ created: 2, closed: 1, open: 1 });
      expect(tag('refund')).toMatchObject({ created: 2, closed: 2, open: 0 });
      expect(tag('=SUM(1,2)')).toMatchObject({ created: 1, closed: 0, open: 1 });
      expect(body.byTag.map((r) => r.tag)).toEqual(['refund', 'vip', '=SUM(1,2)']);
    });

    it('hand count: the series, one entry per day of the range', async () => {
      const { body } = await report(WEEK);
      expect(body.series.map((d) => d.date)).toEqual([
        '2026-03-04',
        '2026-03-05',
        '2026-03-06',
        '2026-03-07',
        '2026-03-08',
        '2026-03-09',
        '2026-03-10',
      ]);
      // Created: 03-04 C8; 03-07 C5; 03-08 C4; 03-09 C3, C6 (London's 03-09), C11; 03-10 C1, C2.
      expect(body.series.map((d) => d.created)).toEqual([1, 0, 0, 1, 1, 3, 2]);
      // Closed: 03-05 C7; 03-08 C5; 03-09 C4; 03-10 C3, C6.
      expect(body.series.map((d) => d.closed)).toEqual([0, 1, 0, 0, 1, 1, 2]);
      expect(body.series.map((d) => d.sessions)).toEqual([1, 0, 0, 0, 1, 4, 2]);
      // Every day adds up to the totals.
      expect(body.series.reduce((n, d) => n + d.created, 0)).toBe(body.totals.created);
      expect(body.series.reduce((n, d) => n + d.responseRate24h.answered, 0)).toBe(4);
    });

    it('hand count: conversion, answered chats that led to an order and its revenue', async () => {
      const { body } = await report(WEEK);
      // Answered chats started in the range: C1 C3 C4 C6 C8 = 5. Led to an order: C1 (O1), C3 (O3; O2 came
      // before the reply), C6 (O5) = 3; C4's order was cancelled, C8's is another shop's. 3 of 5.
      expect(body.totals.conversion).toEqual({ answered: 5, converted: 3, rate: 0.6 });
      // Revenue: O1 50.00 + O3 25.00 EUR; O5 30.00 GBP.
      expect(body.totals.revenue).toEqual([
        { currency: 'EUR', cents: 7500 },
        { currency: 'GBP', cents: 3000 },
      ]);
      const agent = (id: string) => body.byAgent.find((r) => r.memberId === id)!;
      // A: C1 and C6 answered, both led; B: C3 C4 C8 answered, C3 led.
      expect(agent(ws.agentA.id).conversion).toEqual({ answered: 2, converted: 2, rate: 1 });
      expect(agent(ws.agentB.id).conversion).toEqual({ answered: 3, converted: 1, rate: 1 / 3 });
    });

    it('hand count: an order counts only within 7 days after one of the replies, not in a gap between them', async () => {
      const { body } = await report('from=2026-02-01&to=2026-02-28');
      // Started in February and answered: C7, C12. C12's replies are on 02-01 and 02-20: O7 (02-12) is 11 days
      // after the first and before the second, so it was not led; O8 (02-22) was. C7's customer ordered nothing.
      expect(body.totals.conversion).toEqual({ answered: 2, converted: 1, rate: 0.5 });
      expect(body.totals.revenue).toEqual([{ currency: 'EUR', cents: 1200 }]);
    });

    it('filters by shop, channel, agent and tag', async () => {
      // The London shop: C6 alone.
      expect((await report(`${WEEK}&shopIds=${ukShopId}`)).body.totals).toMatchObject({
        created: 1,
        closed: 1,
      });
      // Email or web chat, repeated or comma-separated: C3 and C5.
      expect((await report(`${WEEK}&channels=email,webchat`)).body.totals.created).toBe(2);
      expect((await report(`${WEEK}&channels=email&channels=webchat`)).body.totals.created).toBe(2);
      // B's chats: C3 C4 C8; sessions assigned to B: 3.
      expect((await report(`${WEEK}&memberIds=${ws.agentB.id}`)).body.totals).toMatchObject({
        created: 3,
        sessions: 3,
      });
      // The unassigned: C5.
      expect((await report(`${WEEK}&memberIds=unassigned`)).body.totals.created).toBe(1);
      // Tagged vip or refund: C1 C3 C4.
      expect((await report(`${WEEK}&tags=vip,refund`)).body.totals.created).toBe(3);
    });

    it('the database agrees with the pure formulas over the same chats', async () => {
      const { body } = await report(WEEK);
      const inWeek = ['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C8', 'C11'].map((k) => CHATS[k]!);
      const chat = (c: ChatSpec) => ({ createdAt: c.createdAt, firstResponseAt: c.replies?.[0] ?? null });
      const rate = responseRate(inWeek.map((c) => responseOutcome(chat(c), NOW)));
      expect(body.totals.responseRate24h).toEqual(rate);
      const frt = durationSummary(
        inWeek.map((c) => firstResponseSeconds(chat(c), NOW)).filter((s): s is number => s !== null),
      );
      expect(body.totals.firstResponseSeconds.median).toBeCloseTo(frt.median!, 6);
      expect(body.totals.firstResponseSeconds.p90).toBeCloseTo(frt.p90!, 6);
      const closedInWeek = ['C3', 'C4', 'C5', 'C6', 'C7'].map((k) => CHATS[k]!);
      const resolution = durationSummary(
        closedInWeek.map((c) => resolutionSeconds({ createdAt: c.createdAt, closedAt: c.closedAt! })!),
      );
      expect(body.totals.resolutionSeconds.p90).toBeCloseTo(resolution.p90!, 6);
    });
  });

  describe('drill-down', () => {
    it('lists the conversations behind each figure, as many as the figure counts', async () => {
      const { body } = await report(WEEK);
      const expected: Record<string, [number, string[]]> = {
        all: [9, ['C1', 'C11', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7', 'C8']],
        created: [body.totals.created, ['C1', 'C11', 'C2', 'C3', 'C4', 'C5', 'C6', 'C8']],
        open: [body.totals.open, ['C1', 'C11', 'C2', 'C8']],
        closed: [body.totals.closed, ['C3', 'C4', 'C5', 'C6', 'C7']],
        resolution: [body.totals.resolutionSeconds.count, ['C3', 'C4', 'C5', 'C6', 'C7']],
        answered_24h: [body.totals.responseRate24h.answered, ['C1', 'C3', 'C6', 'C8']],
        missed_24h: [body.totals.responseRate24h.countable - 4, ['C11', 'C4', 'C5']],
        pending_24h: [body.totals.responseRate24h.pending, ['C2']],
        first_response: [body.totals.firstResponseSeconds.count, ['C1', 'C3', 'C4', 'C6', 'C8']],
        rated: [body.totals.satisfaction.rated, ['C3', 'C4', 'C6', 'C7']],
        satisfied: [body.totals.satisfaction.satisfied, ['C3', 'C6']],
        unsatisfied: [2, ['C4', 'C7']],
        answered: [body.totals.conversion.answered, ['C1', 'C3', 'C4', 'C6', 'C8']],
        converted: [body.totals.conversion.converted, ['C1', 'C3', 'C6']],
      };
      for (const [metric, [total, chats]] of Object.entries(expected)) {
        const list = await drill(`${WEEK}&metric=${metric}`);
        expect([metric, list.total], metric).toEqual([metric, total]);
        expect(keysOf(list.conversations), metric).toEqual(chats);
      }
    });

    it('lists every figure newest started first, also page by page (the list’s "Started" column)', async () => {
      for (const metric of ['all', 'closed', 'resolution', 'rated', 'sessions', 'created']) {
        const started: string[] = [];
        let cursor = '';
        do {
          const page = await drill(`${WEEK}&metric=${metric}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
          started.push(...page.conversations.map((c) => c.createdAt));
          cursor = page.nextCursor ?? '';
        } while (cursor);
        expect(started.length, metric).toBeGreaterThan(1);
        expect(started, metric).toEqual([...started].sort().reverse());
      }
    });

    it("lists sessions one per member and day, with the chat's timings", async () => {
      const list = await drill(`${WEEK}&metric=sessions&memberIds=${ws.agentA.id}`);
      expect(list.total).toBe(5);
      expect(list.conversations.map((c) => [keysOf([c])[0], c.at])).toEqual([
        ['C2', '2026-03-10T09:00:01.000Z'],
        ['C1', '2026-03-10T08:00:01.000Z'],
        ['C6', '2026-03-09T23:30:01.000Z'],
        ['C11', '2026-03-09T08:00:01.000Z'],
        ['C4', '2026-03-08T09:00:01.000Z'],
      ]);
      expect(list.conversations.every((c) => c.assignedTo === ws.agentA.id)).toBe(true);
      const c1 = list.conversations.find((c) => c.id === ids.C1)!;
      expect(c1).toMatchObject({
        createdAt: '2026-03-10T08:00:00.000Z',
        firstResponseAt: '2026-03-10T08:30:00.000Z',
        firstResponseSeconds: 1800,
        closedAt: null,
        resolutionSeconds: null,
        answeredWithin24h: 'answered',
        tags: ['vip'],
        category: 'pre_sale',
        customerName: 'Customer of C1',
      });
    });

    it('narrows to one day of a chart and pages with a cursor', async () => {
      // Started on 03-09: C3, C6 (London), C11.
      expect(keysOf((await drill(`${WEEK}&metric=created&day=2026-03-09`)).conversations)).toEqual([
        'C11',
        'C3',
        'C6',
      ]);
      // Every conversation of the range falls on exactly one day of it: C7 (started in February) on the
      // day it closed, C4 on the day it started (03-08), not again on the day it closed.
      const byDay: string[] = [];
      for (const day of ['04', '05', '06', '07', '08', '09', '10']) {
        const list = await drill(`${WEEK}&metric=all&day=2026-03-${day}`);
        expect(list.total).toBe(list.conversations.length);
        byDay.push(...keysOf(list.conversations));
      }
      expect(byDay.sort()).toEqual(['C1', 'C11', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7', 'C8']);
      expect(keysOf((await drill(`${WEEK}&metric=all&day=2026-03-05`)).conversations)).toEqual(['C7']);
      const seen: string[] = [];
      let cursor = '';
      let pages = 0;
      do {
        const page = await drill(`${WEEK}&metric=created&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.total).toBe(8);
        seen.push(...page.conversations.map((c) => c.id));
        cursor = page.nextCursor ?? '';
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(new Set(seen).size).toBe(8);
      // Newest first.
      expect(seen[0]).toBe(ids.C2);
      expect(seen.at(-1)).toBe(ids.C8);
    });
  });

  describe('CSV export', () => {
    it('writes one row per conversation with its timings, quoted, and never a formula', async () => {
      const { status, text, headers } = await get<string>('manager', `/api/analytics/export.csv?${WEEK}`);
      expect(status).toBe(200);
      expect(headers.get('content-type')).toContain('text/csv');
      expect(headers.get('content-disposition')).toContain('attachment');
      const lines = text.split('\r\n');
      expect(lines.at(-1)).toBe('');
      expect(lines[0]).toBe(
        'conversation_id,created_at,first_response_at,closed_at,first_response_seconds,resolution_seconds,rating,channel,shop,agent,tags,category,answered_within_24h',
      );
      // The nine conversations of the range (started or closed in it), newest first.
      expect(lines.length).toBe(1 + 9 + 1);
      const line = (key: string) => lines.find((l) => l.startsWith(`${ids[key]},`));
      // The agent's nickname starts with + and holds quotes: an apostrophe first, quotes doubled.
      expect(line('C3')).toBe(
        `${ids.C3},2026-03-09T10:00:00.000Z,2026-03-09T16:00:00.000Z,2026-03-10T10:00:00.000Z,21600,86400,5,Email,Analytics IT,"'+Bruno ""B""",vip; refund,After-sale,yes`,
      );
      // A shop name with a comma is quoted; a pending chat says so.
      expect(line('C6')).toBe(
        `${ids.C6},2026-03-09T23:30:00.000Z,2026-03-09T23:40:00.000Z,2026-03-10T00:30:00.000Z,600,3600,4,Marketplace chat,"Analytics, UK",agentA,,Other,yes`,
      );
      expect(line('C2')).toMatch(/,agentA,,Other,pending$/);
      // The tag that looks like a formula.
      expect(line('C8')).toContain(`,"'=SUM(1,2)",Other,yes`);
    });

    it('writes durations in whole seconds and the category and channel by name', () => {
      const row = csvRow({
        id: 'c1',
        shopId: 's1',
        shopName: 'Shop',
        channel: 'webchat',
        customerName: 'Ann',
        status: 'closed',
        assigneeId: null,
        assigneeNickname: null,
        category: 'pre_sale',
        tags: [],
        createdAt: '2026-03-09T10:00:00.000Z',
        firstResponseAt: '2026-03-09T10:00:42.600Z',
        closedAt: '2026-03-09T11:00:00.250Z',
        firstResponseSeconds: 42.6,
        resolutionSeconds: 3600.25,
        rating: null,
        answeredWithin24h: 'answered',
        at: '2026-03-09T10:00:00.000Z',
        assignedTo: null,
      });
      expect(row).toBe(
        'c1,2026-03-09T10:00:00.000Z,2026-03-09T10:00:42.600Z,2026-03-09T11:00:00.250Z,43,3600,,Web chat,Shop,,,Pre-sale,yes\r\n',
      );
    });

    it('exports the conversations behind one figure', async () => {
      const { text } = await get<string>('manager', `/api/analytics/export.csv?${WEEK}&metric=missed_24h`);
      expect(text.trim().split('\r\n')).toHaveLength(1 + 3);
    });
  });

  describe('who sees what', () => {
    const routes = [
      '/api/analytics/summary',
      `/api/analytics/report?${WEEK}`,
      `/api/analytics/conversations?${WEEK}&metric=created`,
      `/api/analytics/export.csv?${WEEK}`,
    ];
    const withMembers = (route: string, memberIds: string) =>
      `${route}${route.includes('?') ? '&' : '?'}memberIds=${memberIds}`;

    it('gives an agent 403 on workspace-wide figures and on anyone else’s', async () => {
      for (const route of routes) {
        expect((await get('agentA', route)).status, route).toBe(403);
        expect((await get('agentA', withMembers(route, ws.agentB.id))).status, route).toBe(403);
        expect(
          (await get('agentA', withMembers(route, `${ws.agentA.id},${ws.agentB.id}`))).status,
          route,
        ).toBe(403);
        expect((await get('agentA', withMembers(route, 'unassigned'))).status, route).toBe(403);
        expect((await get('agentA', withMembers(route, ws.agentA.id))).status, route).toBe(200);
      }
      const forbidden = await get<{ error: string; message: string }>('agentA', routes[0]!);
      expect(forbidden.body.message).toContain(`memberIds=${ws.agentA.id}`);
    });

    it("lets managers, admins and owners see the workspace and anyone's figures", async () => {
      for (const route of routes) {
        expect((await get('manager', route)).status, route).toBe(200);
        expect((await get('owner', withMembers(route, ws.agentB.id))).status, route).toBe(200);
      }
    });

    it('asks for a session', async () => {
      expect((await get('nobody', routes[0]!)).status).toBe(401);
    });

    it("an agent's list holds only their own chats", async () => {
      const list = await drill(`${WEEK}&metric=created&memberIds=${ws.agentA.id}`, 'agentA');
      expect(keysOf(list.conversations)).toEqual(['C1', 'C11', 'C2', 'C6']);
    });
  });

  describe('bad input', () => {
    it.each([
      ['a missing from', '/api/analytics/report?to=2026-03-10', 'querystring.from'],
      ['a date that is not one', '/api/analytics/report?from=2026-02-30&to=2026-03-10', 'querystring.from'],
      ['to before from', '/api/analytics/report?from=2026-03-10&to=2026-03-01', 'querystring.to'],
      ['more than a year', '/api/analytics/report?from=2025-01-01&to=2026-03-10', 'querystring.to'],
      ['the year 0', '/api/analytics/report?from=0000-01-01&to=0000-01-31', 'querystring.from'],
      ['the year 9999', '/api/analytics/report?from=9999-12-01&to=9999-12-31', 'querystring.from'],
      [
        'a drill-down in the year 9999',
        '/api/analytics/conversations?from=9999-12-01&to=9999-12-31&metric=created',
        'querystring.from',
      ],
      ['an unknown channel', `/api/analytics/report?${WEEK}&channels=fax`, 'querystring.channels.0'],
      ['an unknown metric', `/api/analytics/conversations?${WEEK}&metric=vibes`, 'querystring.metric'],
      [
        'a day outside the range',
        `/api/analytics/conversations?${WEEK}&metric=created&day=2026-03-11`,
        'querystring.day',
      ],
      ['a limit of 0', `/api/analytics/conversations?${WEEK}&metric=created&limit=0`, 'querystring.limit'],
      [
        'a cursor it never gave',
        `/api/analytics/conversations?${WEEK}&metric=created&cursor=abc`,
        'querystring.cursor',
      ],
      ["another workspace's shop", `/api/analytics/summary?shopIds=shop_nope`, 'querystring.shopIds'],
      ["another workspace's member", `/api/analytics/summary?memberIds=mb_nope`, 'querystring.memberIds'],
    ])('%s is a 400 naming the field', async (_name, path, field) => {
      const { status, body } = await get<{ error: string; field: string; message: string }>('manager', path);
      expect(status).toBe(400);
      expect(body).toMatchObject({ error: 'invalid_input', field });
      expect(body.message).toContain(field);
    });
  });
});
