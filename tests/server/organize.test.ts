import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message, SearchHit } from '../../lib/protocol';
import type { SidedeskServer } from '../../server/app';
import { newId } from '../../server/ids';
import { ingestInbound } from '../../server/inbox/ingest';
import type { Store } from '../../server/store';
import { conversation, event, member, message, order } from '../../server/store/schema';
import { api, signInOver, startTestServer } from '../fixtures/server';
import { openTestStore, storeKinds, warnIfPostgresSkipped } from '../fixtures/stores';
import { createWorkspace, PASSWORD } from '../fixtures/workspace';

warnIfPostgresSkipped();

describe.each(storeKinds)('organizing and finding conversations on %s', (kind) => {
  let store: Store;
  let server: SidedeskServer;
  let ws: Awaited<ReturnType<typeof createWorkspace>>;
  const tokens: Record<string, string> = {};
  let n = 0;

  beforeAll(async () => {
    store = await openTestStore(kind);
    server = await startTestServer(store);
    ws = await createWorkspace(store.db);
    for (const who of ['owner', 'manager', 'agentA', 'agentB'] as const) {
      tokens[who] = (await signInOver(server.url, ws[who].email, PASSWORD)).token;
    }
  });
  afterAll(async () => {
    await server?.close();
    await store?.close();
  });

  const arrive = async (body = 'Hello', customerName = `Customer ${n + 1}`) => {
    const { conversation: c } = await ingestInbound(store.db, server.deps, ws.workspaceId, {
      shopId: ws.shopId,
      channel: 'marketplace',
      customerHandle: `organize-${++n}`,
      customerName,
      externalId: newId('ext'),
      body,
    });
    await server.assignment.settled();
    return c.id;
  };
  const assignTo = (id: string, memberId: string | null) =>
    store.db.update(conversation).set({ assigneeId: memberId }).where(eq(conversation.id, id));
  const row = async (id: string) =>
    (await store.db.select().from(conversation).where(eq(conversation.id, id)))[0]!;
  const call = (who: string) => api(server.url, tokens[who]);

  describe('categories', () => {
    it('gives a new conversation its category from the default keyword rules', async () => {
      expect((await row(await arrive('Il pacco è arrivato rotto, vorrei un rimborso'))).category).toBe(
        'after_sale',
      );
      expect((await row(await arrive('Where is my parcel? No tracking yet'))).category).toBe('logistics');
      expect((await row(await arrive('Ciao'))).category).toBe('other');
    });

    it("follows the shop's own rules once an owner sets them; agents may not", async () => {
      const route = `/api/shops/${ws.shopId}/category-rules`;
      const defaults = await call('agentA')('GET', route);
      expect((defaults.body?.rules as unknown[]).length).toBeGreaterThan(0);
      const rules = { rules: [{ category: 'pre_sale', keywords: ['bundle'] }] };
      expect((await call('agentA')('PUT', route, rules)).status).toBe(403);
      const bad = await call('owner')('PUT', route, { rules: [{ category: 'other', keywords: ['x'] }] });
      expect(bad.status).toBe(400);
      expect((await call('owner')('PUT', route, rules)).status).toBe(200);
      expect((await call('agentA')('GET', route)).body).toEqual(rules);
      expect((await row(await arrive('Is the bundle still on offer?'))).category).toBe('pre_sale');
      expect((await row(await arrive('Where is my parcel?'))).category).toBe('other');
      await call('owner')('PUT', route, { rules: defaultsOf(defaults.body) });
    });

    it('lets an agent change the category, tags and priority of a chat they may see, and no other', async () => {
      const mine = await arrive();
      const theirs = await arrive();
      await assignTo(mine, ws.agentA.id);
      await assignTo(theirs, ws.agentB.id);
      const patch = { category: 'logistics', tags: [' vip ', 'late', 'VIP'], priority: 'high' };
      expect((await call('agentA')('PATCH', `/api/conversations/${mine}`, patch)).status).toBe(200);
      expect(await row(mine)).toMatchObject({
        category: 'logistics',
        tags: ['vip', 'late'],
        priority: 'high',
      });
      const upserts = (
        await store.db.select().from(event).where(eq(event.conversationId, mine)).orderBy(asc(event.seq))
      ).filter((e) => e.type === 'conversation.upserted');
      expect((upserts.at(-1)!.payload as { conversation: { tags: string[] } }).conversation.tags).toEqual([
        'vip',
        'late',
      ]);

      expect((await call('agentA')('PATCH', `/api/conversations/${theirs}`, patch)).status).toBe(403);
      expect((await row(theirs)).tags).toEqual([]);
      const empty = await call('agentA')('PATCH', `/api/conversations/${mine}`, {});
      expect(empty.status).toBe(400);
      expect(String(empty.body?.message)).toContain('at least one');
      const badCategory = await call('agentA')('PATCH', `/api/conversations/${mine}`, { category: 'gossip' });
      expect(badCategory.status).toBe(400);
      expect((await row(mine)).category).toBe('logistics');
    });
  });

  describe('internal notes', () => {
    it('are stored for the team, never delivered, and leave the clock and the preview alone', async () => {
      const id = await arrive('My order is late');
      await assignTo(id, ws.agentA.id);
      const before = await row(id);
      const delivered: Message[] = [];
      const original = server.deps.delivery.deliver;
      server.deps.delivery.deliver = (w, c, m) => {
        delivered.push(m);
        original(w, c, m);
      };
      try {
        const clientId = newId('client');
        const first = await call('agentA')('POST', `/api/conversations/${id}/notes`, {
          clientId,
          body: 'Customer called twice; courier says Friday',
        });
        expect(first.status).toBe(200);
        expect(first.body).toMatchObject({
          direction: 'note',
          author: 'member',
          authorMemberId: ws.agentA.id,
        });
        const again = await call('agentA')('POST', `/api/conversations/${id}/notes`, { clientId, body: 'x' });
        expect(again.body?.id).toBe(first.body?.id);
        const notes = (await store.db.select().from(message).where(eq(message.conversationId, id))).filter(
          (m) => m.direction === 'note',
        );
        expect(notes).toHaveLength(1);
        expect(delivered).toHaveLength(0);
        const after = await row(id);
        expect(after.awaitingReplySince).toEqual(before.awaitingReplySince);
        expect(after.lastMessagePreview).toBe(before.lastMessagePreview);
        expect(after.nextDeadlineAt).toEqual(before.nextDeadlineAt);
      } finally {
        server.deps.delivery.deliver = original;
      }
      const other = await call('agentB')('POST', `/api/conversations/${id}/notes`, {
        clientId: newId('client'),
        body: 'Not mine to note',
      });
      expect(other.status).toBe(403);
    });
  });

  describe('bulk actions', () => {
    it('closes each chat it may, says why for the others, and changes nothing for those', async () => {
      const a = await arrive();
      const b = await arrive();
      const theirs = await arrive();
      await assignTo(a, ws.agentA.id);
      await assignTo(b, null);
      await assignTo(theirs, ws.agentB.id);
      const result = await call('agentA')('POST', '/api/conversations/bulk', {
        conversationIds: [a, b, theirs, 'cv_nowhere'],
        action: { type: 'close' },
      });
      expect(result.status).toBe(200);
      const byId = new Map(
        (result.body?.results as { conversationId: string; ok: boolean; status?: number }[]).map((r) => [
          r.conversationId,
          r,
        ]),
      );
      expect(byId.get(a)).toMatchObject({ ok: true });
      expect(byId.get(b)).toMatchObject({ ok: true });
      expect(byId.get(theirs)).toMatchObject({ ok: false, status: 403 });
      expect(byId.get('cv_nowhere')).toMatchObject({ ok: false, status: 404 });
      expect(await row(a)).toMatchObject({ status: 'closed', closedReason: 'closed_by_agent' });
      expect((await row(theirs)).status).toBe('open');
      // No rating request on a plain close.
      const lines = await store.db.select().from(message).where(eq(message.conversationId, a));
      expect(lines.map((m) => m.author)).toEqual(['customer']);
    });

    it('tags, assigns and trashes many at once', async () => {
      const ids = [await arrive(), await arrive(), await arrive()];
      for (const id of ids) await assignTo(id, null);
      await store.db
        .update(conversation)
        .set({ tags: ['late'] })
        .where(eq(conversation.id, ids[0]!));
      const tag = await call('manager')('POST', '/api/conversations/bulk', {
        conversationIds: ids,
        action: { type: 'tag', add: ['refund'], remove: ['LATE'] },
      });
      expect((tag.body?.results as { ok: boolean }[]).every((r) => r.ok)).toBe(true);
      for (const id of ids) expect((await row(id)).tags).toEqual(['refund']);

      await call('manager')('POST', '/api/conversations/bulk', {
        conversationIds: ids,
        action: { type: 'assign', assigneeId: ws.agentB.id },
      });
      for (const id of ids) expect((await row(id)).assigneeId).toBe(ws.agentB.id);

      await call('manager')('POST', '/api/conversations/bulk', {
        conversationIds: ids,
        action: { type: 'trash' },
      });
      for (const id of ids) expect((await row(id)).trashedAt).not.toBeNull();
    });

    it('refuses a bad action as a whole, naming the field', async () => {
      const id = await arrive();
      const bad = await call('manager')('POST', '/api/conversations/bulk', {
        conversationIds: [id],
        action: { type: 'explode' },
      });
      expect(bad.status).toBe(400);
      const none = await call('manager')('POST', '/api/conversations/bulk', {
        conversationIds: [],
        action: { type: 'close' },
      });
      expect(none.status).toBe(400);
      expect((await row(id)).status).toBe('open');
    });
  });

  describe('search', () => {
    const search = async (who: string, q: string) => {
      const response = await call(who)('GET', `/api/search?q=${encodeURIComponent(q)}`);
      expect(response.status).toBe(200);
      return response.body!.hits as SearchHit[];
    };

    it('finds words in messages in Italian and English, by their stems', async () => {
      const italian = await arrive('Quando arrivano le mie spedizioni? Sono in ritardo');
      const english = await arrive('I was promised refunds for both jackets');
      await assignTo(italian, null);
      await assignTo(english, null);
      const hits = await search('manager', 'spedizione ritardo');
      expect(hits.map((h) => h.conversation.id)).toContain(italian);
      const hit = hits.find((h) => h.conversation.id === italian)!;
      expect(hit).toMatchObject({ matchedOn: 'message' });
      expect(hit.snippet).toContain('spedizioni');
      expect((await search('manager', 'refund')).map((h) => h.conversation.id)).toContain(english);
      expect((await search('manager', 'spedizione rimborso')).map((h) => h.conversation.id)).not.toContain(
        italian,
      );
    });

    it('finds a customer by part of the name, and an order by its exact id', async () => {
      const id = await arrive('Hi', 'Giulietta Capuleti');
      await assignTo(id, null);
      expect((await search('manager', 'capul')).map((h) => [h.conversation.id, h.matchedOn])).toContainEqual([
        id,
        'customer',
      ]);
      const c = await row(id);
      await store.db.insert(order).values({
        id: newId('ord'),
        workspaceId: ws.workspaceId,
        shopId: ws.shopId,
        customerId: c.customerId,
        externalId: 'IT-5801-7731',
        status: 'shipped',
        items: [],
        totalCents: 4200,
        currency: 'EUR',
        placedAt: new Date(),
      });
      expect((await search('manager', 'it-5801-7731'))[0]).toMatchObject({
        matchedOn: 'order',
        conversation: { id },
      });
      expect((await search('manager', 'IT-5801-773')).some((h) => h.matchedOn === 'order')).toBe(false);
    });

    it("lists a customer's chats as the inbox does: by the customer's last message", async () => {
      const earlier = await arrive('Hi', 'Rosalind Montague');
      const later = await arrive('Hi', 'Rosalind Montague');
      // The earlier chat's customer wrote first, but a member answered it last.
      const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000);
      await store.db
        .update(conversation)
        .set({ lastCustomerMessageAt: at(30), lastMessageAt: at(1), assigneeId: null })
        .where(eq(conversation.id, earlier));
      await store.db
        .update(conversation)
        .set({ lastCustomerMessageAt: at(10), lastMessageAt: at(10), assigneeId: null })
        .where(eq(conversation.id, later));
      const ids = (await search('manager', 'montague')).map((h) => h.conversation.id);
      expect(ids.filter((id) => id === earlier || id === later)).toEqual([later, earlier]);
    });

    it('shows an agent only what they may see, and refuses an empty query', async () => {
      const theirs = await arrive('Il mio ombrello arancione è sparito');
      await assignTo(theirs, ws.agentB.id);
      expect((await search('agentB', 'ombrello')).map((h) => h.conversation.id)).toContain(theirs);
      expect((await search('agentA', 'ombrello')).map((h) => h.conversation.id)).not.toContain(theirs);
      const empty = await call('agentA')('GET', '/api/search?q=%20');
      expect(empty.status).toBe(400);
    });

    it('finds internal notes, for the team', async () => {
      const id = await arrive('Hello');
      await assignTo(id, ws.agentA.id);
      await call('agentA')('POST', `/api/conversations/${id}/notes`, {
        clientId: newId('client'),
        body: 'Escalated to the warehouse supervisor',
      });
      expect((await search('manager', 'warehouse supervisor')).map((h) => h.conversation.id)).toContain(id);
    });
  });

  describe('saved views', () => {
    it('keeps each member’s views in their order, and refuses a bad one changing nothing', async () => {
      const views = [
        {
          id: 'v1',
          name: 'VIP logistics',
          filter: { view: 'all', categories: ['logistics'], tags: ['vip'], sort: 'waiting' },
        },
        {
          id: 'v2',
          name: 'Email this week',
          filter: { view: 'mine', channels: ['email'], from: '2026-11-16', sort: 'latest' },
        },
      ];
      expect((await call('agentA')('PUT', '/api/me/views', { views })).status).toBe(200);
      expect((await call('agentA')('GET', '/api/me/views')).body).toEqual({ views });
      expect((await call('agentB')('GET', '/api/me/views')).body).toEqual({ views: [] });
      const reordered = [views[1], views[0]];
      await call('agentA')('PUT', '/api/me/views', { views: reordered });
      expect((await call('agentA')('GET', '/api/me/views')).body).toEqual({ views: reordered });

      const twice = await call('agentA')('PUT', '/api/me/views', { views: [views[0], views[0]] });
      expect(twice.status).toBe(400);
      const unnamed = await call('agentA')('PUT', '/api/me/views', { views: [{ ...views[0], name: ' ' }] });
      expect(unnamed.status).toBe(400);
      expect(String(unnamed.body?.message)).toContain('name');
      const [stored] = await store.db
        .select({ views: member.savedViews })
        .from(member)
        .where(eq(member.id, ws.agentA.id));
      expect(stored?.views).toEqual(reordered);
    });
  });
});

function defaultsOf(body: Record<string, unknown> | null) {
  return body?.rules as unknown[];
}
