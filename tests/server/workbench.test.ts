import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Order, Product, SavedReply, Voucher } from '../../lib/protocol';
import type { SidedeskServer } from '../../server/app';
import { DemoMarketplaceConnector } from '../../server/demo/connector';
import { newId } from '../../server/ids';
import { ingestInbound } from '../../server/inbox/ingest';
import type { Store } from '../../server/store';
import { conversation, message, order, product, voucher } from '../../server/store/schema';
import { api, signInOver, startTestServer } from '../fixtures/server';
import { openTestStore, storeKinds, warnIfPostgresSkipped } from '../fixtures/stores';
import { createWorkspace, PASSWORD } from '../fixtures/workspace';

warnIfPostgresSkipped();

const DAY = 86_400_000;

describe.each(storeKinds)('workbench, cards and saved replies on %s', (kind) => {
  let store: Store;
  let server: SidedeskServer;
  let ws: Awaited<ReturnType<typeof createWorkspace>>;
  const tokens: Record<string, string> = {};
  let n = 0;

  beforeAll(async () => {
    store = await openTestStore(kind);
    server = await startTestServer(store);
    ws = await createWorkspace(store.db);
    server.deps.connectors?.register(ws.workspaceId, new DemoMarketplaceConnector(store.db));
    for (const who of ['owner', 'manager', 'agentA', 'agentB'] as const) {
      tokens[who] = (await signInOver(server.url, ws[who].email, PASSWORD)).token;
    }
    const now = Date.now();
    const base = { workspaceId: ws.workspaceId, shopId: ws.shopId, currency: 'EUR' };
    await store.db.insert(product).values([
      {
        ...base,
        id: 'prd_tent',
        title: 'Tenda Trekking 2 posti',
        sku: 'TENT-2P',
        priceCents: 12990,
        stock: 14,
      },
      {
        ...base,
        id: 'prd_bag',
        title: 'Sacco a pelo 100% piuma',
        sku: 'BAG_100',
        priceCents: 8990,
        stock: 0,
      },
      {
        ...base,
        id: 'prd_old',
        title: 'Tenda vecchia',
        sku: 'TENT-OLD',
        priceCents: 100,
        stock: 3,
        status: 'draft',
      },
    ]);
    const { currency: _currency, ...voucherBase } = base;
    await store.db.insert(voucher).values([
      {
        ...voucherBase,
        id: 'vch_ok',
        code: 'WELCOME10',
        title: '10% welcome',
        discountType: 'percent',
        discountValue: 10,
        minSpendCents: 3000,
        terms: 'First order only',
        startsAt: new Date(now - DAY),
        expiresAt: new Date(now + 10 * DAY),
        quantity: 100,
        claimed: 40,
      },
      {
        ...voucherBase,
        id: 'vch_expired',
        code: 'SUMMER5',
        title: '€5 summer',
        discountType: 'amount',
        discountValue: 500,
        startsAt: new Date(now - 20 * DAY),
        expiresAt: new Date(now - DAY),
      },
      {
        ...voucherBase,
        id: 'vch_gone',
        code: 'FLASH',
        title: 'Flash sale',
        discountType: 'percent',
        discountValue: 30,
        startsAt: new Date(now - DAY),
        expiresAt: new Date(now + DAY),
        quantity: 50,
        claimed: 50,
      },
    ]);
  });
  afterAll(async () => {
    await server?.close();
    await store?.close();
  });

  const arrive = async (handle = `buyer-${++n}`) => {
    const { conversation: c } = await ingestInbound(store.db, server.deps, ws.workspaceId, {
      shopId: ws.shopId,
      channel: 'marketplace',
      customerHandle: handle,
      customerName: `Buyer ${handle}`,
      externalId: newId('ext'),
      body: 'Hello',
    });
    await server.assignment.settled();
    await store.db.update(conversation).set({ assigneeId: ws.agentA.id }).where(eq(conversation.id, c.id));
    return c;
  };
  const addOrder = async (customerId: string, number: string, placedDaysAgo: number) => {
    await store.db.insert(order).values({
      id: newId('ord'),
      workspaceId: ws.workspaceId,
      shopId: ws.shopId,
      customerId,
      externalId: number,
      status: 'shipped',
      items: [{ productId: 'prd_tent', title: 'Tenda Trekking 2 posti', quantity: 1, unitPriceCents: 12990 }],
      totalCents: 12990,
      currency: 'EUR',
      carrier: 'BRT',
      trackingNumber: 'BRT123',
      placedAt: new Date(Date.now() - placedDaysAgo * DAY),
    });
  };
  const call = (who: string) => api(server.url, tokens[who]);

  describe('workbench', () => {
    it("lists the chat's customer's orders, newest first, to whoever may see the chat", async () => {
      const c = await arrive();
      await addOrder(c.customerId, '5700001', 9);
      await addOrder(c.customerId, '5700002', 2);
      const other = await arrive();
      await addOrder(other.customerId, '5700003', 1);
      const res = await call('agentA')('GET', `/api/conversations/${c.id}/orders`);
      expect(res.status).toBe(200);
      expect((res.body?.orders as Order[]).map((o) => o.number)).toEqual(['5700002', '5700001']);
      expect((res.body?.orders as Order[])[0]).toMatchObject({ carrier: 'BRT', trackingNumber: 'BRT123' });
      expect((await call('agentB')('GET', `/api/conversations/${c.id}/orders`)).status).toBe(403);
      expect((await call('manager')('GET', `/api/conversations/${c.id}/orders`)).status).toBe(200);
    });

    it('finds live products by words of the title or by SKU, literally', async () => {
      const search = async (q: string) =>
        ((await call('agentA')('GET', `/api/shops/${ws.shopId}/products?q=${encodeURIComponent(q)}`)).body
          ?.products ?? []) as Product[];
      expect((await search('')).map((p) => p.id)).toEqual(['prd_bag', 'prd_tent']);
      expect((await search('tenda')).map((p) => p.id)).toEqual(['prd_tent']);
      expect((await search('tent-2p')).map((p) => p.id)).toEqual(['prd_tent']);
      expect((await search('100%')).map((p) => p.id)).toEqual(['prd_bag']);
      expect((await search('bag_')).map((p) => p.id)).toEqual(['prd_bag']);
      expect(await search('0%%')).toEqual([]);
      expect((await call('agentA')('GET', `/api/shops/shop_nope/products`)).status).toBe(404);
    });

    it('lists vouchers with what remains, sendable ones first', async () => {
      const res = await call('agentA')('GET', `/api/shops/${ws.shopId}/vouchers`);
      const vouchers = res.body?.vouchers as Voucher[];
      expect(vouchers.map((v) => v.id)).toEqual(['vch_ok', 'vch_expired', 'vch_gone']);
      expect(vouchers[0]).toMatchObject({ quantity: 100, claimed: 40, currency: 'EUR', minSpendCents: 3000 });
    });

    it('finds an order by the number a seller-center page shows, with the chat to open', async () => {
      const c = await arrive();
      await addOrder(c.customerId, '5799999', 1);
      const res = await call('agentA')('GET', `/api/shops/${ws.shopId}/orders/5799999`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ order: { number: '5799999' }, conversationId: c.id });
      // Bruno may not open Anna's chat: he gets the order, not the chat.
      expect(
        (await call('agentB')('GET', `/api/shops/${ws.shopId}/orders/5799999`)).body?.conversationId,
      ).toBe(null);
      expect((await call('agentA')('GET', `/api/shops/${ws.shopId}/orders/000`)).status).toBe(404);
    });
  });

  describe('cards', () => {
    const reply = (conversationId: string, body: Record<string, unknown>) =>
      call('agentA')('POST', `/api/conversations/${conversationId}/replies`, {
        clientId: newId('cl'),
        body: '',
        ...body,
      });
    const messageCount = async (conversationId: string) =>
      (await store.db.select().from(message).where(eq(message.conversationId, conversationId))).length;

    it('sends a voucher, a product and an order as cards that keep a copy of what was sent', async () => {
      const c = await arrive();
      await addOrder(c.customerId, '5711111', 1);
      const v = await reply(c.id, { card: { type: 'voucher', id: 'vch_ok' }, body: 'For your next order' });
      expect(v.status).toBe(200);
      expect(v.body?.message).toMatchObject({
        kind: 'voucher_card',
        body: 'For your next order',
        payload: { card: { type: 'voucher', voucher: { code: 'WELCOME10' } } },
      });
      const p = await reply(c.id, { card: { type: 'product', id: 'prd_tent' } });
      expect(p.body?.message).toMatchObject({
        kind: 'product_card',
        payload: { card: { product: { sku: 'TENT-2P' } } },
      });
      expect(p.body?.conversation).toMatchObject({ lastMessagePreview: '🛍 Tenda Trekking 2 posti' });
      const [mine] = await store.db.select().from(order).where(eq(order.externalId, '5711111'));
      const o = await reply(c.id, { card: { type: 'order', id: mine!.id } });
      expect(o.body?.message).toMatchObject({
        kind: 'order_card',
        payload: { card: { order: { number: '5711111' } } },
      });
      // A later price change does not rewrite what the customer was shown.
      await store.db.update(product).set({ priceCents: 1 }).where(eq(product.id, 'prd_tent'));
      const [stored] = await store.db
        .select()
        .from(message)
        .where(eq(message.id, (p.body?.message as { id: string }).id));
      expect((stored!.payload as { card: { product: Product } }).card.product.priceCents).toBe(12990);
      await store.db.update(product).set({ priceCents: 12990 }).where(eq(product.id, 'prd_tent'));
    });

    it('refuses an expired or used-up voucher, a product not on sale and another customer’s order, writing nothing', async () => {
      const c = await arrive();
      const stranger = await arrive();
      await addOrder(stranger.customerId, '5722222', 1);
      const [theirs] = await store.db.select().from(order).where(eq(order.externalId, '5722222'));
      const before = await messageCount(c.id);
      const cases: [Record<string, unknown>, number, RegExp][] = [
        [{ type: 'voucher', id: 'vch_expired' }, 409, /SUMMER5 has expired/],
        [{ type: 'voucher', id: 'vch_gone' }, 409, /FLASH is used up/],
        [{ type: 'product', id: 'prd_old' }, 409, /TENT-OLD is not on sale/],
        [{ type: 'order', id: theirs!.id }, 409, /belongs to another customer/],
        [{ type: 'voucher', id: 'vch_nope' }, 404, /Voucher vch_nope/],
      ];
      for (const [card, status, message] of cases) {
        const res = await reply(c.id, { card });
        expect(res.status, JSON.stringify(card)).toBe(status);
        expect(res.body?.message).toMatch(message);
      }
      const both = await reply(c.id, { card: { type: 'voucher', id: 'vch_ok' }, attachmentId: 'att_x' });
      expect(both.status).toBe(400);
      expect(both.body?.field).toBe('body.card');
      expect(await messageCount(c.id)).toBe(before);
    });

    it('a retry of a card reply returns the stored copy even after the voucher ran out', async () => {
      const c = await arrive();
      const clientId = newId('cl');
      const body = { clientId, body: '', card: { type: 'voucher', id: 'vch_ok' } };
      const first = await call('agentA')('POST', `/api/conversations/${c.id}/replies`, body);
      await store.db.update(voucher).set({ claimed: 100 }).where(eq(voucher.id, 'vch_ok'));
      const again = await call('agentA')('POST', `/api/conversations/${c.id}/replies`, body);
      await store.db.update(voucher).set({ claimed: 40 }).where(eq(voucher.id, 'vch_ok'));
      expect(again.status).toBe(200);
      expect((again.body?.message as { id: string }).id).toBe((first.body?.message as { id: string }).id);
    });
  });

  describe('saved replies', () => {
    const fields = (over: Record<string, unknown> = {}) => ({
      scope: 'personal',
      title: 'Tracking',
      shortcut: 'track',
      category: 'logistics',
      body: 'Hi {{customer.firstName}}, order {{order.id}} is {{order.status}}. {{agent.nickname}}',
      ...over,
    });

    it('keeps personal replies to their owner and team replies for everyone', async () => {
      const mine = await call('agentA')('POST', '/api/saved-replies', fields());
      expect(mine.status).toBe(201);
      expect(mine.body).toMatchObject({ scope: 'personal', ownerMemberId: ws.agentA.id, shortcut: 'track' });
      const team = await call('manager')(
        'POST',
        '/api/saved-replies',
        fields({ scope: 'team', shortcut: 'track', title: 'Team tracking' }),
      );
      expect(team.status).toBe(201);
      const seenBy = async (who: string) =>
        ((await call(who)('GET', '/api/saved-replies')).body?.replies as SavedReply[]).map((r) => r.title);
      expect(await seenBy('agentA')).toEqual(['Team tracking', 'Tracking']);
      expect(await seenBy('agentB')).toEqual(['Team tracking']);
      // Another member's personal reply is not there for Bruno to change or delete.
      const id = (mine.body as { id: string }).id;
      expect((await call('agentB')('DELETE', `/api/saved-replies/${id}`)).status).toBe(404);
      expect(
        (await call('agentA')('PUT', `/api/saved-replies/${id}`, fields({ title: 'Where is it' }))).body,
      ).toMatchObject({
        title: 'Where is it',
      });
      expect((await call('agentA')('DELETE', `/api/saved-replies/${id}`)).status).toBe(204);
      expect(await seenBy('agentA')).toEqual(['Team tracking']);
    });

    it('lets only managers and above add or change team replies', async () => {
      const res = await call('agentB')(
        'POST',
        '/api/saved-replies',
        fields({ scope: 'team', shortcut: 'hello' }),
      );
      expect(res.status).toBe(403);
      const team = await call('owner')(
        'POST',
        '/api/saved-replies',
        fields({ scope: 'team', shortcut: 'hello' }),
      );
      const id = (team.body as { id: string }).id;
      expect(
        (
          await call('agentB')(
            'PUT',
            `/api/saved-replies/${id}`,
            fields({ scope: 'team', shortcut: 'hello' }),
          )
        ).status,
      ).toBe(403);
      expect((await call('agentB')('DELETE', `/api/saved-replies/${id}`)).status).toBe(403);
      expect((await call('manager')('DELETE', `/api/saved-replies/${id}`)).status).toBe(204);
    });

    it('says clearly what is wrong with a bad reply and stores nothing', async () => {
      const before = ((await call('agentB')('GET', '/api/saved-replies')).body?.replies as unknown[]).length;
      const unknown = await call('agentB')(
        'POST',
        '/api/saved-replies',
        fields({ body: 'Order {{order.number}}' }),
      );
      expect(unknown.status).toBe(400);
      expect(unknown.body).toMatchObject({ field: 'body' });
      expect(unknown.body?.message).toMatch(/\{\{order\.number\}\} is not a variable/);
      const spaced = await call('agentB')('POST', '/api/saved-replies', fields({ shortcut: 'two words' }));
      expect(spaced.status).toBe(400);
      expect(spaced.body?.field).toBe('body.shortcut');
      await call('agentB')('POST', '/api/saved-replies', fields({ shortcut: 'dup' }));
      const dup = await call('agentB')('POST', '/api/saved-replies', fields({ shortcut: 'DUP' }));
      expect(dup.status).toBe(409);
      expect(dup.body?.message).toMatch(/;dup is already used/);
      expect(((await call('agentB')('GET', '/api/saved-replies')).body?.replies as unknown[]).length).toBe(
        before + 1,
      );
    });
  });
});
