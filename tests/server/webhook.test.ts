import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SidedeskServer } from '../../server/app';
import { signWebhook } from '../../server/channels/webhook';
import type { Store } from '../../server/store';
import { conversation, message, shop } from '../../server/store/schema';
import { startTestServer } from '../fixtures/server';
import { openTestStore } from '../fixtures/stores';
import { createWorkspace } from '../fixtures/workspace';

describe('the signed marketplace webhook', () => {
  let store: Store;
  let server: SidedeskServer;
  let ws: Awaited<ReturnType<typeof createWorkspace>>;
  const secret = 'whsec_test_0123456789';

  beforeAll(async () => {
    store = await openTestStore('pglite');
    ws = await createWorkspace(store.db);
    await store.db.update(shop).set({ webhookSecret: secret }).where(eq(shop.id, ws.shopId));
    server = await startTestServer(store);
  });
  afterAll(async () => {
    await server?.close();
    await store?.close();
  });

  async function deliver(
    body: string,
    options: {
      signWith?: string;
      timestamp?: number;
      shopId?: string;
      route?: 'messages' | 'replies' | 'activity';
    } = {},
  ) {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const response = await fetch(
      `${server.url}/api/channels/webhook/${options.shopId ?? ws.shopId}/${options.route ?? 'messages'}`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-sidedesk-timestamp': String(timestamp),
          'x-sidedesk-signature': signWebhook(options.signWith ?? secret, timestamp, body),
        },
        body,
      },
    );
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }
  const payload = (externalId: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      channel: 'marketplace',
      customerHandle: 'hook_customer',
      customerName: 'Hook Customer',
      externalId,
      body: 'Sent through the webhook',
      ...extra,
    });

  it('takes a signed delivery through the ingest path, once', async () => {
    const first = await deliver(payload('wh-1'));
    expect(first.status).toBe(200);
    expect(first.body.duplicate).toBe(false);
    const again = await deliver(payload('wh-1'));
    expect(again.body).toMatchObject({ duplicate: true, messageId: first.body.messageId });
    const stored = await store.db
      .select()
      .from(message)
      .where(eq(message.conversationId, String(first.body.conversationId)));
    expect(stored.filter((m) => m.direction === 'inbound')).toHaveLength(1);
  });

  it('refuses a wrong signature, a stale delivery and a shop without a webhook, writing nothing', async () => {
    const before = (await store.db.select().from(message)).length;
    expect((await deliver(payload('wh-2'), { signWith: 'someone-else' })).status).toBe(401);
    expect((await deliver(payload('wh-3'), { timestamp: Math.floor(Date.now() / 1000) - 3600 })).status).toBe(
      401,
    );
    const other = await createWorkspace(store.db, 'No hook');
    expect((await deliver(payload('wh-4'), { shopId: other.shopId })).status).toBe(404);
    expect((await store.db.select().from(message)).length).toBe(before);
  });

  it('names the field of a bad delivery', async () => {
    const bad = await deliver(payload('wh-5', { body: '' }));
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('body.body');
    const notJson = await deliver('{nope');
    expect(notJson.status).toBe(400);
  });

  describe("the shop's replies from the marketplace's own seller tool", () => {
    // Each case has its own customer: a marketplace customer has one ongoing conversation per shop.
    const reply = (customer: string, externalId: string, extra: Record<string, unknown> = {}) =>
      JSON.stringify({ customerHandle: customer, externalId, body: 'Thanks, on it', ...extra });
    const clockOf = async (conversationId: string) => {
      const [row] = await store.db.select().from(conversation).where(eq(conversation.id, conversationId));
      return row!;
    };
    const waitingConversation = async (customer: string) => {
      const { body } = await deliver(
        payload(`in-${customer}`, { customerHandle: customer, customerName: 'Clock Customer' }),
      );
      const row = await clockOf(String(body.conversationId));
      expect(row.awaitingReplySince).not.toBeNull();
      expect(row.nextDeadlineKind).toBe('due_soon');
      return row;
    };
    const setAutomatedStopsClock = (on: boolean) =>
      store.db
        .update(shop)
        .set({ settings: { automatedRepliesStopClock: on } })
        .where(eq(shop.id, ws.shopId));

    it('records an automatic reply without stopping the clock, by default', async () => {
      await setAutomatedStopsClock(false);
      const before = await waitingConversation('auto_default');
      const result = await deliver(reply('auto_default', 'out-auto-1', { automated: true }), {
        route: 'replies',
      });
      expect(result.status).toBe(200);
      expect(result.body.conversationId).toBe(before.id);
      const after = await clockOf(before.id);
      expect(after.awaitingReplySince).toEqual(before.awaitingReplySince);
      expect(after.nextDeadlineAt).toEqual(before.nextDeadlineAt);
      expect(after.firstResponseAt).toBeNull();
      const [stored] = await store.db
        .select()
        .from(message)
        .where(eq(message.id, String(result.body.messageId)));
      expect(stored).toMatchObject({ author: 'automation', direction: 'outbound', body: 'Thanks, on it' });
    });

    it("a person's reply in the seller tool stops the clock and counts as the first response", async () => {
      const before = await waitingConversation('person');
      const result = await deliver(reply('person', 'out-person-1'), { route: 'replies' });
      expect(result.body.conversationId).toBe(before.id);
      const after = await clockOf(before.id);
      expect(after.awaitingReplySince).toBeNull();
      expect(after.nextDeadlineAt).toBeNull();
      expect(after.firstResponseAt).not.toBeNull();
      const again = await deliver(reply('person', 'out-person-1'), { route: 'replies' });
      expect(again.body).toMatchObject({ duplicate: true, messageId: result.body.messageId });
    });

    it('an automatic reply stops the clock when the shop says so, without being a first response', async () => {
      await setAutomatedStopsClock(true);
      try {
        const before = await waitingConversation('auto_shop_says');
        await deliver(reply('auto_shop_says', 'out-auto-2', { automated: true }), { route: 'replies' });
        const after = await clockOf(before.id);
        expect(after.awaitingReplySince).toBeNull();
        expect(after.nextDeadlineAt).toBeNull();
        expect(after.firstResponseAt).toBeNull();
      } finally {
        await setAutomatedStopsClock(false);
      }
    });

    it('refuses a reply to a customer with no ongoing conversation, writing nothing', async () => {
      const before = (await store.db.select().from(message)).length;
      const result = await deliver(reply('never_wrote', 'out-nobody'), {
        route: 'replies',
      });
      expect(result.status).toBe(409);
      expect(String(result.body.message)).toContain('never_wrote');
      expect((await store.db.select().from(message)).length).toBe(before);
    });
  });

  it("stores the customer's read receipt from the marketplace, never moving it back", async () => {
    const { body } = await deliver(
      payload('in-receipt', { customerHandle: 'reader', customerName: 'Reader' }),
    );
    const conversationId = String(body.conversationId);
    const activity = (extra: Record<string, unknown>) =>
      deliver(JSON.stringify({ customerHandle: 'reader', ...extra }), { route: 'activity' });
    const readUpTo = new Date(Date.now() - 60_000).toISOString();
    expect((await activity({ readUpTo })).body).toEqual({ conversationId });
    await activity({ readUpTo: new Date(0).toISOString(), typing: true });
    const [row] = await store.db.select().from(conversation).where(eq(conversation.id, conversationId));
    expect(row?.customerReadUpTo?.toISOString()).toBe(readUpTo);
    const empty = await activity({});
    expect(empty.status).toBe(400);
    expect(String(empty.body.message)).toContain('typing, readUpTo');
    expect(
      (await deliver(JSON.stringify({ customerHandle: 'nobody', typing: true }), { route: 'activity' })).body,
    ).toEqual({
      conversationId: null,
    });
  });
});
