import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SidedeskServer } from '../../server/app';
import { signWebhook } from '../../server/channels/webhook';
import { ingestInbound } from '../../server/inbox/ingest';
import { sendReply } from '../../server/inbox/reply';
import { openStore, type Store } from '../../server/store';
import { conversation, delivery, event, message, shop } from '../../server/store/schema';
import { api, signInOver, startTestServer } from '../fixtures/server';
import { openTestStore, storeKinds, warnIfPostgresSkipped } from '../fixtures/stores';
import { createWorkspace, PASSWORD } from '../fixtures/workspace';

warnIfPostgresSkipped();

interface Received {
  id: string;
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
  verified: boolean;
}

/** A delivery receiver on 127.0.0.1, as an integrator runs it: it verifies with the standardwebhooks package. */
async function startReceiver(secret: string) {
  const verifier = new Webhook(secret);
  const received: Received[] = [];
  /** Statuses to answer with, in turn; then 204. A function decides per delivery when set. */
  const plan: number[] = [];
  let decide: ((body: Record<string, unknown>) => number) | null = null;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let verified = false;
      try {
        verifier.verify(body, request.headers as Record<string, string>);
        verified = true;
      } catch {
        verified = false;
      }
      const status = decide ? decide(JSON.parse(body) as Record<string, unknown>) : (plan.shift() ?? 204);
      received.push({
        id: String(request.headers['webhook-id']),
        headers: request.headers,
        body,
        status,
        verified,
      });
      response.statusCode = status;
      response.end(status >= 400 ? JSON.stringify({ error: `refused with ${status}` }) : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sidedesk`;
  return {
    url,
    received,
    plan,
    decideWith(fn: ((body: Record<string, unknown>) => number) | null) {
      decide = fn;
    },
    /** Ids the receiver accepted (2xx), in the order it accepted them. */
    accepted: () => received.filter((r) => r.status < 300).map((r) => r.id),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const newSecret = () => `whsec_${randomBytes(24).toString('base64')}`;
const fast = { backoffBaseMs: 40, backoffCapMs: 200, timeoutMs: 3_000, maxSleepMs: 2_000 };

describe.each(storeKinds)('outbound delivery to a shop’s URL on %s', (kind) => {
  let store: Store;
  let server: SidedeskServer;
  let ws: Awaited<ReturnType<typeof createWorkspace>>;
  let other: Awaited<ReturnType<typeof createWorkspace>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const secret = newSecret();
  let n = 0;

  beforeAll(async () => {
    store = await openTestStore(kind);
    ws = await createWorkspace(store.db, 'Delivering');
    other = await createWorkspace(store.db, 'Elsewhere');
    receiver = await startReceiver(secret);
    await store.db
      .update(shop)
      .set({ webhookSecret: secret, deliveryUrl: receiver.url })
      .where(eq(shop.id, ws.shopId));
    server = await startTestServer(store, {}, { delivery: fast });
  });
  afterAll(async () => {
    await server?.close();
    await receiver?.close();
    await store?.close();
  });

  /** A new conversation from a customer of the shop, and a reply in it by the owner. */
  async function chat(shopId = ws.shopId, workspaceId = ws.workspaceId) {
    n += 1;
    const { conversation: c } = await ingestInbound(store.db, server.deps, workspaceId, {
      shopId,
      channel: 'marketplace',
      customerHandle: `buyer-${kind}-${n}`,
      customerName: `Buyer ${n}`,
      externalId: `in-${kind}-${n}`,
      body: 'Where is my parcel?',
    });
    return c.id;
  }
  const reply = (conversationId: string, body: string, who = ws.owner, workspaceId = ws.workspaceId) =>
    sendReply(store.db, server.deps, { ...who, workspaceId }, conversationId, {
      clientId: `c-${randomBytes(6).toString('hex')}`,
      body,
    });
  const stateOf = async (messageId: string) =>
    (await store.db.select().from(delivery).where(eq(delivery.messageId, messageId)))[0];
  const copyOf = async (messageId: string) =>
    (await store.db.select({ d: message.delivery }).from(message).where(eq(message.id, messageId)))[0]?.d;

  it('posts a reply once, signed so the standardwebhooks library verifies it, and the chat shows it delivered', async () => {
    const conversationId = await chat();
    const sent = await reply(conversationId, 'It ships today.');
    expect(sent.message.delivery).toMatchObject({ state: 'sending', attempts: 0 });
    await expect
      .poll(async () => (await copyOf(sent.message.id))?.state, { timeout: 5_000 })
      .toBe('delivered');
    const posts = receiver.received.filter((r) => r.id === sent.message.id);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.verified).toBe(true);
    const body = JSON.parse(posts[0]!.body) as { type: string; data: Record<string, unknown> };
    expect(body.type).toBe('message.created');
    expect(body.data).toMatchObject({
      shopId: ws.shopId,
      conversationId,
      channel: 'marketplace',
      customer: { handle: `buyer-${kind}-${n}`, name: `Buyer ${n}` },
      message: { id: sent.message.id, kind: 'text', body: 'It ships today.', authorName: 'owner' },
    });
    // The delivered state reached the log as a later copy of the message, which clients put in place.
    const logged = await store.db
      .select({ payload: event.payload })
      .from(event)
      .where(and(eq(event.workspaceId, ws.workspaceId), eq(event.type, 'message.created')));
    const copies = logged
      .map((e) => (e.payload as { message: { id: string; delivery?: { state: string } } }).message)
      .filter((m) => m.id === sent.message.id)
      .map((m) => m.delivery?.state);
    expect(copies).toEqual(['sending', 'delivered']);
  });

  it('retries a receiver that fails twice, delivers once, and keeps the next reply behind it', async () => {
    const conversationId = await chat();
    receiver.plan.push(500, 503);
    const first = await reply(conversationId, 'First, in order');
    const second = await reply(conversationId, 'Second, after it');
    await expect
      .poll(async () => (await copyOf(second.message.id))?.state, { timeout: 8_000 })
      .toBe('delivered');
    expect(receiver.received.filter((r) => r.id === first.message.id).map((r) => r.status)).toEqual([
      500, 503, 204,
    ]);
    expect(receiver.received.filter((r) => r.id === second.message.id).map((r) => r.status)).toEqual([204]);
    // The second was never posted before the first was accepted.
    const ids = receiver.received.map((r) => `${r.id}:${r.status}`);
    expect(ids.indexOf(`${second.message.id}:204`)).toBeGreaterThan(ids.indexOf(`${first.message.id}:204`));
    expect(await stateOf(first.message.id)).toMatchObject({
      state: 'delivered',
      attempts: 3,
      lastError: null,
    });
    // Every attempt carried the same id, so a receiver drops repeats.
    expect(receiver.accepted().filter((id) => id === first.message.id)).toHaveLength(1);
  });

  it('fails at once on a 4xx with the receiver’s answer, lists it for managers, and retries it', async () => {
    const conversationId = await chat();
    receiver.plan.push(422);
    const sent = await reply(conversationId, 'Refused by the receiver');
    await expect.poll(async () => (await copyOf(sent.message.id))?.state, { timeout: 5_000 }).toBe('failed');
    expect(await copyOf(sent.message.id)).toMatchObject({
      attempts: 1,
      problem: { code: 'http_status', status: 422, detail: '{"error":"refused with 422"}' },
    });

    const manager = await signInOver(server.url, ws.manager.email, PASSWORD);
    const agent = await signInOver(server.url, ws.agentA.email, PASSWORD);
    const outsider = await signInOver(server.url, other.owner.email, PASSWORD);
    const list = await api(server.url, manager.token)('GET', '/api/deliveries');
    expect(list.status).toBe(200);
    const listed = (list.body!.deliveries as { messageId: string }[]).find(
      (d) => d.messageId === sent.message.id,
    );
    expect(listed).toMatchObject({
      conversationId,
      shopName: 'Delivering IT',
      customerName: `Buyer ${n}`,
      excerpt: 'Refused by the receiver',
      reason: 'The receiver answered 422: {"error":"refused with 422"}',
      attempts: 1,
    });
    // The owner sees it too; an agent may not; another workspace's owner sees none of it and cannot retry it.
    const owner = await signInOver(server.url, ws.owner.email, PASSWORD);
    const byOwner = await api(server.url, owner.token)('GET', '/api/deliveries');
    expect((byOwner.body!.deliveries as { messageId: string }[]).map((d) => d.messageId)).toContain(
      sent.message.id,
    );
    expect((await api(server.url, agent.token)('GET', '/api/deliveries')).status).toBe(403);
    expect(
      (await api(server.url, agent.token)('POST', `/api/deliveries/${sent.message.id}/retry`)).status,
    ).toBe(403);
    expect((await api(server.url, agent.token)('POST', '/api/deliveries/retry', {})).status).toBe(403);
    expect((await api(server.url, outsider.token)('GET', '/api/deliveries')).body).toEqual({
      deliveries: [],
    });
    expect(
      (await api(server.url, outsider.token)('POST', `/api/deliveries/${sent.message.id}/retry`)).status,
    ).toBe(404);
    expect((await api(server.url, outsider.token)('POST', '/api/deliveries/retry', {})).body).toEqual({
      retried: 0,
    });
    expect(await stateOf(sent.message.id)).toMatchObject({ state: 'failed' });
    expect((await api(server.url)('GET', '/api/deliveries')).status).toBe(401);

    // Bad input names the field and retries nothing.
    const unknown = await api(server.url, manager.token)('POST', '/api/deliveries/retry', { all: true });
    expect(unknown.status).toBe(400);
    expect(unknown.body!.field).toBe('body');
    const tooLong = await api(server.url, manager.token)('POST', `/api/deliveries/${'m'.repeat(65)}/retry`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body!.field).toBe('params.messageId');
    expect(await stateOf(sent.message.id)).toMatchObject({ state: 'failed', attempts: 1 });

    const retried = await api(server.url, manager.token)('POST', `/api/deliveries/${sent.message.id}/retry`);
    expect(retried).toEqual({ status: 200, body: { retried: 1 } });
    await expect
      .poll(async () => (await copyOf(sent.message.id))?.state, { timeout: 5_000 })
      .toBe('delivered');
    expect(
      (await api(server.url, manager.token)('POST', `/api/deliveries/${sent.message.id}/retry`)).status,
    ).toBe(404);
    expect(
      (
        (await api(server.url, manager.token)('GET', '/api/deliveries')).body!.deliveries as {
          messageId: string;
        }[]
      ).map((d) => d.messageId),
    ).not.toContain(sent.message.id);
  });

  it('says why a reply to a shop with no delivery URL reaches nobody', async () => {
    const bare = (await store.db.select().from(shop).where(eq(shop.workspaceId, other.workspaceId)))[0]!;
    const conversationId = await chat(bare.id, other.workspaceId);
    const sent = await reply(conversationId, 'Anyone there?', other.owner, other.workspaceId);
    await expect.poll(async () => (await copyOf(sent.message.id))?.state, { timeout: 5_000 }).toBe('failed');
    expect(await copyOf(sent.message.id)).toMatchObject({ problem: { code: 'no_delivery_url' } });
  });

  it('sends the end of a session and the rating request, in that order', async () => {
    const conversationId = await chat();
    const before = receiver.received.length;
    await server.lifecycle.endSession({ ...ws.owner, workspaceId: ws.workspaceId }, conversationId);
    await expect.poll(() => receiver.received.length - before, { timeout: 5_000 }).toBe(2);
    const [ended, ask] = receiver.received
      .slice(before)
      .map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(ended).toMatchObject({
      type: 'conversation.ended',
      data: { conversationId, reason: 'ended_by_agent' },
    });
    expect(ask).toMatchObject({
      type: 'message.created',
      data: {
        conversationId,
        message: { kind: 'satisfaction_request', author: 'automation', rating: { min: 1, max: 5 } },
      },
    });
  });

  it('refuses to post to a link-local address (cloud metadata) and says so', async () => {
    const metaShop = randomBytes(4).toString('hex');
    await store.db.insert(shop).values({
      id: `shop_meta_${metaShop}`,
      workspaceId: ws.workspaceId,
      name: 'Metadata',
      marketplace: 'other',
      country: 'IT',
      timeZone: 'Europe/Rome',
      currency: 'EUR',
      webhookSecret: secret,
      deliveryUrl: 'http://169.254.169.254/latest/meta-data',
    });
    const conversationId = await chat(`shop_meta_${metaShop}`);
    const sent = await reply(conversationId, 'Not to the metadata service');
    await expect.poll(async () => (await copyOf(sent.message.id))?.state, { timeout: 5_000 }).toBe('failed');
    expect(await copyOf(sent.message.id)).toMatchObject({ problem: { code: 'refused_address' } });
  });

  it('goes on after a restart: a delivery waiting for its retry is posted by the next server', async () => {
    const conversationId = await chat();
    // The receiver is down until the first server has stopped.
    receiver.decideWith(() => 500);
    const sent = await reply(conversationId, 'Survives a restart');
    await expect
      .poll(() => receiver.received.filter((r) => r.id === sent.message.id).length)
      .toBeGreaterThan(0);
    await server.close();
    expect(await stateOf(sent.message.id)).toMatchObject({ state: 'sending', leaseToken: null });
    receiver.decideWith(null);
    server = await startTestServer(store, {}, { delivery: fast });
    await expect
      .poll(async () => (await copyOf(sent.message.id))?.state, { timeout: 8_000 })
      .toBe('delivered');
    expect(receiver.accepted().filter((id) => id === sent.message.id)).toHaveLength(1);
  });
});

describe.each(storeKinds)('the inbound webhook on %s', (kind) => {
  let store: Store;
  let server: SidedeskServer;
  let ws: Awaited<ReturnType<typeof createWorkspace>>;
  const secret = newSecret();
  const previous = newSecret();

  beforeAll(async () => {
    store = await openTestStore(kind);
    ws = await createWorkspace(store.db, 'Inbound');
    await store.db
      .update(shop)
      .set({
        webhookSecret: secret,
        previousWebhookSecret: previous,
        previousWebhookSecretUntil: new Date(Date.now() + 3_600_000),
      })
      .where(eq(shop.id, ws.shopId));
    server = await startTestServer(store);
  });
  afterAll(async () => {
    await server?.close();
    await store?.close();
  });

  const post = async (route: string, body: string, headers: Record<string, string>) => {
    const response = await fetch(`${server.url}/api/channels/webhook/${ws.shopId}/${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const standard = (key: string, body: string, id = `evt_${randomBytes(6).toString('hex')}`) => {
    const at = new Date();
    return {
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(key).sign(id, at, body),
    };
  };
  const legacy = (key: string, body: string) => {
    const timestamp = Math.floor(Date.now() / 1000);
    return {
      'x-sidedesk-timestamp': String(timestamp),
      'x-sidedesk-signature': signWebhook(key, timestamp, body),
    };
  };
  const inbound = (externalId: string, handle = 'hook-buyer') =>
    JSON.stringify({
      channel: 'marketplace',
      customerHandle: handle,
      customerName: 'Hook Buyer',
      externalId,
      body: 'Hello from the marketplace',
    });

  it('takes Standard Webhooks headers, with the current or (during the overlap) the previous secret', async () => {
    const now = await post('messages', inbound('std-1'), standard(secret, inbound('std-1')));
    expect(now.status).toBe(200);
    const old = await post('messages', inbound('std-2'), standard(previous, inbound('std-2')));
    expect(old.status).toBe(200);
    expect(old.body.conversationId).toBe(now.body.conversationId);
    const wrong = await post('messages', inbound('std-3'), standard(newSecret(), inbound('std-3')));
    expect(wrong).toMatchObject({ status: 401, body: { error: 'bad_signature' } });
    const tampered = await post('messages', inbound('std-4'), standard(secret, inbound('std-5')));
    expect(tampered.status).toBe(401);
    const noId = { ...standard(secret, inbound('std-7')), 'webhook-id': '' };
    expect((await post('messages', inbound('std-7'), noId)).status).toBe(401);
    const stored = await store.db
      .select()
      .from(message)
      .where(eq(message.conversationId, String(now.body.conversationId)));
    expect(stored.map((m) => m.externalId).sort()).toEqual(['marketplace:std-1', 'marketplace:std-2']);
  });

  it('refuses the previous secret once its overlap is over, and still takes the older x-sidedesk headers', async () => {
    await store.db
      .update(shop)
      .set({ previousWebhookSecretUntil: new Date(Date.now() - 1_000) })
      .where(eq(shop.id, ws.shopId));
    expect((await post('messages', inbound('std-6'), standard(previous, inbound('std-6')))).status).toBe(401);
    expect((await post('messages', inbound('legacy-1'), legacy(secret, inbound('legacy-1')))).status).toBe(
      200,
    );
    expect((await post('messages', inbound('legacy-2'), legacy(previous, inbound('legacy-2')))).status).toBe(
      401,
    );
  });

  it('records the customer’s rating of an ended session and a customer who left', async () => {
    const first = await post(
      'messages',
      inbound('rate-1', 'rater'),
      standard(secret, inbound('rate-1', 'rater')),
    );
    const conversationId = String(first.body.conversationId);
    const rating = JSON.stringify({ customerHandle: 'rater', rating: 4, comment: 'Quick and kind' });
    // No session asked for a rating yet.
    expect((await post('rating', rating, standard(secret, rating))).status).toBe(409);
    await server.lifecycle.endSession({ ...ws.owner, workspaceId: ws.workspaceId }, conversationId);
    expect(await post('rating', rating, standard(secret, rating))).toEqual({
      status: 200,
      body: { conversationId },
    });
    const [rated] = await store.db.select().from(conversation).where(eq(conversation.id, conversationId));
    expect(rated).toMatchObject({ rating: 4, ratingComment: 'Quick and kind' });

    const second = await post(
      'messages',
      inbound('left-1', 'leaver'),
      standard(secret, inbound('left-1', 'leaver')),
    );
    const leaving = String(second.body.conversationId);
    const left = JSON.stringify({ conversationId: leaving });
    expect(await post('left', left, legacy(secret, left))).toEqual({
      status: 200,
      body: { conversationId: leaving, closed: true },
    });
    const [closed] = await store.db.select().from(conversation).where(eq(conversation.id, leaving));
    expect(closed).toMatchObject({ status: 'closed', closedReason: 'customer_left' });
    const lines = await store.db.select().from(message).where(eq(message.conversationId, leaving));
    expect(lines.find((l) => l.direction === 'system')).toMatchObject({
      body: 'The customer left the chat.',
      payload: { code: 'customer_left', args: {} },
    });
    // Leaving again changes nothing.
    expect((await post('left', left, legacy(secret, left))).body).toEqual({
      conversationId: leaving,
      closed: false,
    });
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const first = await post('messages', inbound('bad-1', 'bad'), standard(secret, inbound('bad-1', 'bad')));
    const conversationId = String(first.body.conversationId);
    await server.lifecycle.endSession({ ...ws.owner, workspaceId: ws.workspaceId }, conversationId);
    const cases: [string, string, string][] = [
      ['rating', JSON.stringify({ conversationId, rating: 7 }), 'body.rating'],
      ['rating', JSON.stringify({ conversationId, rating: 3, comment: 'x'.repeat(1001) }), 'body.comment'],
      ['rating', JSON.stringify({ rating: 3 }), 'body.conversationId'],
      ['left', JSON.stringify({}), 'body.conversationId'],
      ['left', JSON.stringify({ customerHandle: '' }), 'body.customerHandle'],
    ];
    for (const [route, body, field] of cases) {
      const answer = await post(route, body, standard(secret, body));
      expect(answer.status, `${route} ${body}`).toBe(400);
      expect(answer.body.field).toBe(field);
      expect(String(answer.body.message)).toMatch(new RegExp(`^${field.replace('.', '\\.')}: `));
    }
    const [row] = await store.db.select().from(conversation).where(eq(conversation.id, conversationId));
    expect(row).toMatchObject({ rating: null, closedReason: 'ended_by_agent' });
    // Another shop's conversation cannot be named.
    const foreign = JSON.stringify({ conversationId: 'conv_not_this_shop', rating: 5 });
    expect((await post('rating', foreign, standard(secret, foreign))).status).toBe(404);
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('two instances on one PostgreSQL', () => {
  it('deliver each message exactly once, in order within each conversation', async () => {
    const store = await openTestStore('postgres');
    const second = await openStore({ databaseUrl: store.url! });
    const secret = newSecret();
    const receiver = await startReceiver(secret);
    const ws = await createWorkspace(store.db, 'Cluster');
    await store.db
      .update(shop)
      .set({ webhookSecret: secret, deliveryUrl: receiver.url })
      .where(eq(shop.id, ws.shopId));
    const a = await startTestServer(store, {}, { delivery: fast });
    const b = await startTestServer(second, {}, { delivery: fast });
    try {
      // Some first attempts fail, so retries and order are both exercised across instances.
      let calls = 0;
      receiver.decideWith(() => (++calls % 4 === 0 ? 503 : 204));
      const conversations: string[] = [];
      for (let i = 0; i < 4; i++) {
        const { conversation: c } = await ingestInbound(store.db, a.deps, ws.workspaceId, {
          shopId: ws.shopId,
          channel: 'marketplace',
          customerHandle: `cluster-${i}`,
          customerName: `Cluster ${i}`,
          externalId: `cluster-${i}`,
          body: 'Hi',
        });
        conversations.push(c.id);
      }
      const sent: { conversationId: string; id: string }[] = [];
      for (let round = 0; round < 4; round++) {
        await Promise.all(
          conversations.map(async (conversationId, i) => {
            const instance = (round + i) % 2 === 0 ? a : b;
            const result = await sendReply(
              (instance === a ? store : second).db,
              instance.deps,
              { ...ws.owner, workspaceId: ws.workspaceId },
              conversationId,
              { clientId: `cl-${round}-${i}`, body: `Round ${round}` },
            );
            sent.push({ conversationId, id: result.message.id });
          }),
        );
      }
      await expect.poll(() => new Set(receiver.accepted()).size, { timeout: 15_000 }).toBe(sent.length);
      // Exactly once: no message was accepted twice, and no attempt overlapped another of the same message.
      expect(receiver.accepted()).toHaveLength(sent.length);
      expect(receiver.received.every((r) => r.verified)).toBe(true);
      const order = receiver.accepted();
      for (const conversationId of conversations) {
        const ours = sent.filter((s) => s.conversationId === conversationId).map((s) => s.id);
        expect(order.filter((id) => ours.includes(id))).toEqual(ours);
      }
    } finally {
      await a.close();
      await b.close();
      await receiver.close();
      await second.close();
      await store.close();
    }
  });
});
