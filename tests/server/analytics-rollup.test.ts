import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssignmentChange } from '../../lib/protocol';
import { newId } from '../../server/ids';
import type { Store } from '../../server/store';
import { conversation, customer, message, shop } from '../../server/store/schema';
import { openTestStore, storeKinds, warnIfPostgresSkipped } from '../fixtures/stores';
import { addShop, createWorkspace } from '../fixtures/workspace';

warnIfPostgresSkipped();

interface SessionRow {
  member_id: string;
  conversation_id: string;
  day: string;
  shop_id: string;
  channel: string;
  tags: string[];
  trashed: boolean;
  assigned_at: string;
}

/**
 * The sessions rollup (`member_session`, kept by triggers) against the same sessions counted from scratch
 * from the timeline's assignment lines (`member_session_recount`), after every kind of write that moves a
 * session: lines added (twice in a day, across midnight in each shop's calendar, back to the queue), lines
 * deleted, a chat's tags, trash, shop and deletion, and a shop's new time zone.
 */
describe.each(storeKinds)('the sessions rollup on %s', (kind) => {
  let store: Store;
  let ws: Awaited<ReturnType<typeof createWorkspace>>;
  let ukShopId: string;

  beforeAll(async () => {
    store = await openTestStore(kind);
    ws = await createWorkspace(store.db, 'Rollup');
    ukShopId = await addShop(store.db, ws.workspaceId, {
      name: 'Rollup UK',
      country: 'GB',
      timeZone: 'Europe/London',
      currency: 'GBP',
    });
  });
  afterAll(async () => {
    await store?.close();
  });

  const rows = async (from: 'member_session' | 'member_session_recount') => {
    const result = await store.db.execute(
      sql`select member_id, conversation_id, to_char(day, 'YYYY-MM-DD') as day, shop_id, channel, tags,
          trashed_at is not null as trashed, to_char(assigned_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as assigned_at
        from ${sql.raw(from)} where workspace_id = ${ws.workspaceId}
        order by member_id, conversation_id, day`,
    );
    return ((result as unknown as { rows?: SessionRow[] }).rows ?? (result as unknown as SessionRow[])).map(
      (r) => ({ ...r, tags: typeof r.tags === 'string' ? parseArray(r.tags) : r.tags }),
    );
  };
  const expectRollupEqualsRecount = async () => {
    const kept = await rows('member_session');
    expect(kept).toEqual(await rows('member_session_recount'));
    return kept;
  };

  async function newChat(shopId: string, tags: string[] = []): Promise<string> {
    const customerId = newId('cu');
    await store.db.insert(customer).values({ id: customerId, workspaceId: ws.workspaceId, displayName: 'C' });
    const id = newId('cv');
    await store.db.insert(conversation).values({
      id,
      workspaceId: ws.workspaceId,
      shopId,
      channel: 'webchat',
      customerId,
      tags,
      lastMessageAt: new Date('2026-03-01T00:00:00Z'),
      createdAt: new Date('2026-03-01T00:00:00Z'),
    });
    return id;
  }
  async function line(
    conversationId: string,
    shopId: string,
    at: string,
    to: string | null,
    from: string | null = null,
  ) {
    const id = newId('msg');
    const payload: AssignmentChange = {
      fromMemberId: from,
      fromQueue: from === null,
      toMemberId: to,
      reason: to ? 'auto' : 'returned_to_queue',
      byMemberId: null,
      note: null,
    };
    await store.db.insert(message).values({
      id,
      workspaceId: ws.workspaceId,
      conversationId,
      shopId,
      direction: 'system',
      author: 'system',
      body: 'Assigned',
      payload,
      createdAt: new Date(at),
    });
    return id;
  }

  it('counts a session once per member, chat and day of the shop, from its first line that day', async () => {
    const it1 = await newChat(ws.shopId, ['vip']);
    const uk1 = await newChat(ukShopId);
    await line(it1, ws.shopId, '2026-03-02T10:00:00.000Z', ws.agentA.id);
    await line(it1, ws.shopId, '2026-03-02T08:00:00.000Z', ws.agentA.id); // earlier, same day: the start moves
    await line(it1, ws.shopId, '2026-03-02T23:30:00.000Z', ws.agentA.id); // 00:30 on the 3rd in Rome
    await line(it1, ws.shopId, '2026-03-03T09:00:00.000Z', null, ws.agentA.id); // back to the queue: no session
    await line(uk1, ukShopId, '2026-03-02T23:30:00.000Z', ws.agentB.id); // still the 2nd in London
    const kept = await expectRollupEqualsRecount();
    expect(kept.map((r) => [r.conversation_id, r.member_id, r.day, r.assigned_at])).toEqual(
      [
        [it1, ws.agentA.id, '2026-03-02', '2026-03-02T08:00:00.000Z'],
        [it1, ws.agentA.id, '2026-03-03', '2026-03-02T23:30:00.000Z'],
        [uk1, ws.agentB.id, '2026-03-02', '2026-03-02T23:30:00.000Z'],
      ].sort((a, b) => `${a[1]}${a[0]}${a[2]}`.localeCompare(`${b[1]}${b[0]}${b[2]}`)),
    );
    expect(kept.find((r) => r.conversation_id === it1)?.tags).toEqual(['vip']);
  });

  it("follows the chat's tags, trash and shop, a deleted line and a deleted chat", async () => {
    const chat = await newChat(ws.shopId);
    const first = await line(chat, ws.shopId, '2026-03-04T22:30:00.000Z', ws.agentA.id); // the 4th in London, the 4th in Rome
    await line(chat, ws.shopId, '2026-03-04T23:10:00.000Z', ws.agentB.id, ws.agentA.id); // the 5th in Rome
    await store.db
      .update(conversation)
      .set({ tags: ['refund', 'late'] })
      .where(eq(conversation.id, chat));
    expect(
      (await expectRollupEqualsRecount()).filter((r) => r.conversation_id === chat).map((r) => r.tags),
    ).toEqual([
      ['refund', 'late'],
      ['refund', 'late'],
    ]);
    await store.db.update(conversation).set({ trashedAt: new Date() }).where(eq(conversation.id, chat));
    expect(
      (await expectRollupEqualsRecount()).filter((r) => r.conversation_id === chat).every((r) => r.trashed),
    ).toBe(true);
    await store.db.update(conversation).set({ trashedAt: null }).where(eq(conversation.id, chat));
    // Moved to the London shop: 23:10 UTC is the 4th there.
    await store.db.update(conversation).set({ shopId: ukShopId }).where(eq(conversation.id, chat));
    expect(
      (await expectRollupEqualsRecount())
        .filter((r) => r.conversation_id === chat)
        .map((r) => [r.member_id, r.day]),
    ).toEqual(
      [
        [ws.agentA.id, '2026-03-04'],
        [ws.agentB.id, '2026-03-04'],
      ].sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
    await store.db.delete(message).where(eq(message.id, first));
    expect((await expectRollupEqualsRecount()).filter((r) => r.conversation_id === chat)).toHaveLength(1);
    await store.db.delete(conversation).where(eq(conversation.id, chat));
    expect((await expectRollupEqualsRecount()).filter((r) => r.conversation_id === chat)).toHaveLength(0);
  });

  it("moves the days when a shop's time zone changes", async () => {
    const chat = await newChat(ukShopId);
    await line(chat, ukShopId, '2026-03-06T23:30:00.000Z', ws.agentA.id); // the 6th in London
    await store.db.update(shop).set({ timeZone: 'Asia/Tokyo' }).where(eq(shop.id, ukShopId));
    const kept = await expectRollupEqualsRecount();
    expect(kept.find((r) => r.conversation_id === chat)?.day).toBe('2026-03-07');
    await store.db.update(shop).set({ timeZone: 'Europe/London' }).where(eq(shop.id, ukShopId));
    expect((await expectRollupEqualsRecount()).find((r) => r.conversation_id === chat)?.day).toBe(
      '2026-03-06',
    );
  });

  it('equals a full recount after a long run of random writes', async () => {
    // A fixed seed: the same run every time, and any failure reproducible.
    let seed = 20261207;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)]!;
    const shops = [ws.shopId, ukShopId];
    const members = [ws.agentA.id, ws.agentB.id, ws.manager.id, null];
    const chats: { id: string; shopId: string; lines: string[] }[] = [];
    for (let step = 0; step < 240; step++) {
      const roll = random();
      if (chats.length < 3 || roll < 0.15) {
        const shopId = pick(shops);
        chats.push({
          id: await newChat(shopId, random() < 0.5 ? [] : [pick(['vip', 'late'])]),
          shopId,
          lines: [],
        });
        continue;
      }
      const chat = pick(chats);
      const at = new Date(Date.parse('2026-03-10T00:00:00Z') + Math.floor(random() * 4 * 24 * 60) * 60_000);
      if (roll < 0.75) chat.lines.push(await line(chat.id, chat.shopId, at.toISOString(), pick(members)));
      else if (roll < 0.82 && chat.lines.length > 0) {
        const gone = chat.lines.splice(Math.floor(random() * chat.lines.length), 1)[0]!;
        await store.db.delete(message).where(eq(message.id, gone));
      } else if (roll < 0.9) {
        const tags = random() < 0.3 ? [] : [pick(['vip', 'late', 'refund']), pick(['damaged', 'wholesale'])];
        await store.db.update(conversation).set({ tags }).where(eq(conversation.id, chat.id));
      } else if (roll < 0.95) {
        await store.db
          .update(conversation)
          .set({ trashedAt: random() < 0.5 ? new Date() : null })
          .where(eq(conversation.id, chat.id));
      } else if (roll < 0.98) {
        chats.splice(chats.indexOf(chat), 1);
        await store.db.delete(conversation).where(eq(conversation.id, chat.id));
      } else {
        await store.db
          .update(shop)
          .set({ timeZone: pick(['Europe/London', 'America/New_York', 'Asia/Tokyo']) })
          .where(eq(shop.id, ukShopId));
      }
    }
    const kept = await expectRollupEqualsRecount();
    expect(kept.length).toBeGreaterThan(50);
  });
});

/** A PostgreSQL text[] as a driver may hand it back in text form. */
function parseArray(text: string): string[] {
  const inner = text.slice(1, -1);
  return inner === '' ? [] : inner.split(',').map((v) => v.replace(/^"|"$/g, ''));
}
