import { and, asc, eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../lib/protocol';
import type { SidedeskServer } from '../../server/app';
import { hashPassword } from '../../server/auth/passwords';
import { signWebhook } from '../../server/channels/webhook';
import { newId } from '../../server/ids';
import { ingestInbound } from '../../server/inbox/ingest';
import type { Store } from '../../server/store';
import { conversation, member, memberShop, shop } from '../../server/store/schema';
import { api, connectMember, signInOver, startTestServer } from '../fixtures/server';
import { openTestStore, storeKinds, warnIfPostgresSkipped } from '../fixtures/stores';
import { createWorkspace, PASSWORD } from '../fixtures/workspace';

warnIfPostgresSkipped();

type Who = 'owner' | 'admin' | 'manager' | 'agent' | 'stranger';

const officeWeek = {
  timeZone: 'Europe/Rome',
  weekly: Object.fromEntries(['1', '2', '3', '4', '5'].map((d) => [d, [{ start: '09:00', end: '18:00' }]])),
  holidays: ['2026-12-25'],
};

describe.each(storeKinds)('shops and their channel on %s', (kind) => {
  let store: Store;
  let server: SidedeskServer;
  let ws: Awaited<ReturnType<typeof createWorkspace>>;
  let other: Awaited<ReturnType<typeof createWorkspace>>;
  let adminId: string;
  const sessions = {} as Record<Who, Session>;

  beforeAll(async () => {
    store = await openTestStore(kind);
    server = await startTestServer(store, { PUBLIC_URL: 'https://desk.example.com' });
    ws = await createWorkspace(store.db, 'Shops');
    other = await createWorkspace(store.db, 'Elsewhere');
    adminId = newId('mb');
    await store.db.insert(member).values({
      id: adminId,
      workspaceId: ws.workspaceId,
      email: `admin-${adminId.slice(-8)}@example.test`,
      nickname: 'admin',
      passwordHash: await hashPassword(PASSWORD),
      role: 'admin',
    });
    const emails: Record<Who, string> = {
      owner: ws.owner.email,
      admin: `admin-${adminId.slice(-8)}@example.test`,
      manager: ws.manager.email,
      agent: ws.agentA.email,
      stranger: other.owner.email,
    };
    for (const [who, email] of Object.entries(emails))
      sessions[who as Who] = await signInOver(server.url, email, PASSWORD);
  });
  afterAll(async () => {
    await server?.close();
    await store?.close();
  });

  const call = (who: Who) => api(server.url, sessions[who].token);
  const shopRows = () =>
    store.db.select().from(shop).where(eq(shop.workspaceId, ws.workspaceId)).orderBy(asc(shop.id));
  const servedBy = async (shopId: string) =>
    (await store.db.select().from(memberShop).where(eq(memberShop.shopId, shopId)))
      .map((r) => r.memberId)
      .sort();
  const basics = (name: string) => ({
    name,
    marketplace: 'amazon',
    country: 'DE',
    currency: 'EUR',
    timeZone: 'Europe/Berlin',
  });
  const newShop = async (name: string) => {
    const created = await call('owner')('POST', '/api/shops', basics(name));
    expect(created.status).toBe(201);
    return created.body!.id as string;
  };

  it('creates a shop served by the whole team, lists it, edits it, and tells the members', async () => {
    const socket = await connectMember(server.url, sessions.agent.token);
    const told = new Promise<void>((resolve) => socket.once('shops:changed', () => resolve()));
    const created = await call('admin')('POST', '/api/shops', basics('Berlin store'));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Berlin store',
      marketplace: 'amazon',
      country: 'DE',
      currency: 'EUR',
      timeZone: 'Europe/Berlin',
      archivedAt: null,
      sla: { dueSoonHours: 20, overdueHours: 24, autoCloseDays: 7, businessHours: null },
      queue: { preferLastServed: false, returnUnrepliedAfterMinutes: null },
      webhook: { enabled: false, deliveryUrl: null, previousSecretUntil: null },
    });
    const id = created.body!.id as string;
    expect((created.body!.webhook as { inboundUrl: string }).inboundUrl).toBe(
      `https://desk.example.com/api/channels/webhook/${id}/messages`,
    );
    await told;
    socket.disconnect();
    // Every active member serves it, so the queue can hand its chats out from the first message.
    expect(await servedBy(id)).toEqual(
      [ws.owner.id, ws.manager.id, ws.agentA.id, ws.agentB.id, adminId].sort(),
    );

    const edited = await call('owner')('PATCH', `/api/shops/${id}`, {
      name: 'Berlin flagship',
      timeZone: 'Europe/Vienna',
      memberIds: [ws.agentA.id, adminId],
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ name: 'Berlin flagship', timeZone: 'Europe/Vienna' });
    expect(await servedBy(id)).toEqual([ws.agentA.id, adminId].sort());

    // The session's list (sign-in and /api/me) has it, so the side panel shows it.
    const me = await call('agent')('GET', '/api/me');
    expect((me.body!.shops as { name: string }[]).map((s) => s.name)).toContain('Berlin flagship');
    const one = await call('agent')('GET', `/api/shops/${id}`);
    expect(one.status).toBe(200);
    // Agents and managers read a shop, not who serves it nor its channel.
    expect(one.body).toMatchObject({ name: 'Berlin flagship', memberIds: null, webhook: null });
  });

  it('moves the calendar with the time zone', async () => {
    const id = await newShop('Zone move');
    const put = await call('owner')('PUT', `/api/shops/${id}/sla-settings`, {
      dueSoonHours: 20,
      overdueHours: 24,
      autoCloseDays: 7,
      businessHours: { ...officeWeek, timeZone: 'Europe/Berlin' },
    });
    expect(put.status).toBe(200);
    await call('owner')('PATCH', `/api/shops/${id}`, { timeZone: 'Asia/Tokyo' });
    const read = await call('owner')('GET', `/api/shops/${id}`);
    expect(read.body).toMatchObject({
      timeZone: 'Asia/Tokyo',
      sla: { businessHours: { timeZone: 'Asia/Tokyo' } },
    });
  });

  it('lets owners and admins change shops, everyone of the workspace read them, and nobody else anything', async () => {
    const id = await newShop('Permissions');
    type Case = [string, string, unknown, number];
    const routes = (shopId: string): Case[] => [
      ['GET', '/api/shops', undefined, 200],
      ['GET', `/api/shops/${shopId}`, undefined, 200],
      ['GET', `/api/shops/${shopId}/sla-settings`, undefined, 200],
      ['POST', '/api/shops', basics('Made by someone'), 201],
      ['PATCH', `/api/shops/${shopId}`, { name: 'Renamed' }, 200],
      ['GET', `/api/shops/${shopId}/webhook`, undefined, 200],
      ['POST', `/api/shops/${shopId}/webhook`, undefined, 201],
      ['POST', `/api/shops/${shopId}/webhook/rotate`, { overlapHours: 1 }, 200],
      ['PUT', `/api/shops/${shopId}/delivery-url`, { deliveryUrl: 'https://hooks.example.com/in' }, 200],
      ['DELETE', `/api/shops/${shopId}/webhook`, undefined, 200],
      ['POST', `/api/shops/${shopId}/archive`, undefined, 200],
      ['POST', `/api/shops/${shopId}/unarchive`, undefined, 200],
    ];
    const readOnly = (method: string, route: string) => method === 'GET' && !route.endsWith('/webhook');
    for (const who of ['manager', 'agent'] as const) {
      const before = await shopRows();
      for (const [method, route, body, ok] of routes(id)) {
        const answer = await call(who)(method, route, body);
        expect([who, method, route, answer.status]).toEqual([
          who,
          method,
          route,
          readOnly(method, route) ? ok : 403,
        ]);
      }
      expect(await shopRows()).toEqual(before);
    }
    // Another workspace's owner finds no such shop, and its list has only its own.
    const before = await shopRows();
    for (const [method, route, body] of routes(id).filter(([, route]) => route !== '/api/shops')) {
      const answer = await call('stranger')(method, route, body);
      expect([method, route, answer.status]).toEqual([method, route, 404]);
    }
    const theirs = await call('stranger')('GET', '/api/shops?archived=include');
    expect((theirs.body!.shops as { id: string }[]).map((s) => s.id)).toEqual([other.shopId]);
    expect(await shopRows()).toEqual(before);
    // Owners and admins: each route does its work, in order.
    for (const who of ['owner', 'admin'] as const) {
      const mine = await newShop(`For ${who}`);
      for (const [method, route, body, ok] of routes(mine)) {
        const answer = await call(who)(method, route, body);
        expect([who, method, route, answer.status]).toEqual([who, method, route, ok]);
      }
    }
  });

  it('refuses each bad field with a 400 that names it, and writes nothing', async () => {
    const id = await newShop('Strict');
    const cases: [string, string, unknown, string][] = [
      ['POST', '/api/shops', { ...basics(''), name: '  ' }, 'body.name'],
      ['POST', '/api/shops', { ...basics('X'), marketplace: 'ebay' }, 'body.marketplace'],
      ['POST', '/api/shops', { ...basics('X'), country: 'XX' }, 'body.country'],
      ['POST', '/api/shops', { ...basics('X'), country: 'ITA' }, 'body.country'],
      ['POST', '/api/shops', { ...basics('X'), currency: 'EURO' }, 'body.currency'],
      ['POST', '/api/shops', { ...basics('X'), timeZone: 'Europe/Atlantis' }, 'body.timeZone'],
      [
        'POST',
        '/api/shops',
        { ...basics('X'), memberIds: [ws.agentA.id, other.agentA.id] },
        'body.memberIds.1',
      ],
      ['PATCH', `/api/shops/${id}`, {}, 'body'],
      ['PATCH', `/api/shops/${id}`, { currency: 'ZZZ' }, 'body.currency'],
      ['PATCH', `/api/shops/${id}`, { name: 'x'.repeat(81) }, 'body.name'],
      ['POST', `/api/shops/${id}/webhook/rotate`, { overlapHours: 5 }, 'body.overlapHours'],
      [
        'PUT',
        `/api/shops/${id}/delivery-url`,
        { deliveryUrl: 'http://hooks.example.com/in' },
        'body.deliveryUrl',
      ],
      ['PUT', `/api/shops/${id}/delivery-url`, { deliveryUrl: 'not a url' }, 'body.deliveryUrl'],
      [
        'PUT',
        `/api/shops/${id}/delivery-url`,
        { deliveryUrl: 'https://u:p@hooks.example.com/' },
        'body.deliveryUrl',
      ],
      [
        'PUT',
        `/api/shops/${id}/delivery-url`,
        { deliveryUrl: 'ftp://hooks.example.com/' },
        'body.deliveryUrl',
      ],
      [
        'PUT',
        `/api/shops/${id}/sla-settings`,
        { dueSoonHours: 30, overdueHours: 24, autoCloseDays: 7, businessHours: null },
        'body.dueSoonHours',
      ],
      [
        'PUT',
        `/api/shops/${id}/sla-settings`,
        {
          dueSoonHours: 20,
          overdueHours: 24,
          autoCloseDays: 7,
          businessHours: { ...officeWeek, weekly: { 1: [{ start: '18:00', end: '09:00' }] } },
        },
        'body.businessHours',
      ],
      [
        'PUT',
        `/api/shops/${id}/sla-settings`,
        {
          dueSoonHours: 20,
          overdueHours: 24,
          autoCloseDays: 7,
          businessHours: { ...officeWeek, timeZone: 'Mars/Olympus' },
        },
        'body.businessHours',
      ],
      [
        'PUT',
        `/api/shops/${id}/queue-settings`,
        { preferLastServed: true, returnUnrepliedAfterMinutes: 0 },
        'body.returnUnrepliedAfterMinutes',
      ],
      [
        'PUT',
        `/api/shops/${id}/category-rules`,
        { rules: [{ category: 'other', keywords: ['x'] }] },
        'body.rules.0.category',
      ],
    ];
    for (const [method, route, body, field] of cases) {
      const before = await shopRows();
      const shopsBefore = await store.db.select().from(memberShop);
      const answer = await call('owner')(method, route, body);
      expect([route, answer.status, answer.body?.field]).toEqual([route, 400, field]);
      expect(String(answer.body?.message)).toMatch(new RegExp(`^${field.replaceAll('.', '\\.')}: `));
      expect(await shopRows()).toEqual(before);
      expect((await store.db.select().from(memberShop)).length).toBe(shopsBefore.length);
    }
    // http is allowed to this machine, for trying an integration out.
    const local = await call('owner')('PUT', `/api/shops/${id}/delivery-url`, {
      deliveryUrl: 'http://127.0.0.1:9999/deliveries',
    });
    expect(local.status).toBe(200);
  });

  it('shows a Standard Webhooks secret once, and keeps the old one through the chosen overlap', async () => {
    const id = await newShop('Hooked');
    const on = await call('owner')('POST', `/api/shops/${id}/webhook`);
    expect(on.status).toBe(201);
    const secret = on.body!.secret as string;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    // The format off-the-shelf libraries take: signing and verifying with it round-trips.
    const hook = new Webhook(secret);
    const sentAt = new Date();
    const signature = hook.sign('msg_1', sentAt, '{"a":1}');
    expect(
      hook.verify('{"a":1}', {
        'webhook-id': 'msg_1',
        'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
        'webhook-signature': signature,
      }),
    ).toEqual({ a: 1 });
    // Never shown again: reading the channel gives no secret, and turning it on twice is refused.
    const read = await call('owner')('GET', `/api/shops/${id}/webhook`);
    expect(JSON.stringify(read.body)).not.toContain(secret.slice(6, 20));
    expect(JSON.stringify((await call('owner')('GET', `/api/shops?archived=include`)).body)).not.toContain(
      secret.slice(6, 20),
    );
    expect((await call('owner')('POST', `/api/shops/${id}/webhook`)).status).toBe(409);

    const rotated = await call('admin')('POST', `/api/shops/${id}/webhook/rotate`, { overlapHours: 24 });
    expect(rotated.status).toBe(200);
    const newSecret = rotated.body!.secret as string;
    expect(newSecret).not.toBe(secret);
    const until = Date.parse((rotated.body!.webhook as { previousSecretUntil: string }).previousSecretUntil);
    expect(Math.abs(until - (Date.now() + 24 * 3_600_000))).toBeLessThan(60_000);
    const [row] = await store.db.select().from(shop).where(eq(shop.id, id));
    expect(row).toMatchObject({ webhookSecret: newSecret, previousWebhookSecret: secret });
    expect(row!.previousWebhookSecretUntil!.getTime()).toBe(until);

    // The integration's messages signed with either secret are taken during the overlap.
    const deliver = async (signWith: string, externalId: string) => {
      const body = JSON.stringify({
        channel: 'marketplace',
        customerHandle: 'rotating-customer',
        customerName: 'Rita',
        externalId,
        body: 'Signed during a rotation',
      });
      const sentAt = new Date();
      const response = await fetch(`${server.url}/api/channels/webhook/${id}/messages`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': `msg_${externalId}`,
          'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
          'webhook-signature': new Webhook(signWith).sign(`msg_${externalId}`, sentAt, body),
        },
        body,
      });
      return response.status;
    };
    expect(await deliver(secret, 'old-during-overlap')).toBe(200);
    expect(await deliver(newSecret, 'new-during-overlap')).toBe(200);

    // Once the overlap is over, only the new secret works, and the channel shows no overlap running.
    await store.db
      .update(shop)
      .set({ previousWebhookSecretUntil: new Date(Date.now() - 1000) })
      .where(eq(shop.id, id));
    expect(await deliver(secret, 'old-after-overlap')).toBe(401);
    expect(await deliver(newSecret, 'new-after-overlap')).toBe(200);
    expect((await call('owner')('GET', `/api/shops/${id}/webhook`)).body).toMatchObject({
      enabled: true,
      previousSecretUntil: null,
    });

    const off = await call('owner')('DELETE', `/api/shops/${id}/webhook`);
    expect(off.body).toMatchObject({ enabled: false, previousSecretUntil: null });
    const [offRow] = await store.db.select().from(shop).where(eq(shop.id, id));
    expect(offRow).toMatchObject({ webhookSecret: null, previousWebhookSecret: null });
    expect(await deliver(newSecret, 'after-off')).toBe(404);
    expect((await call('owner')('POST', `/api/shops/${id}/webhook/rotate`, { overlapHours: 1 })).status).toBe(
      409,
    );
  });

  it('archives a shop: no new messages, out of the lists, history kept; unarchive brings it back', async () => {
    const id = await newShop('Closing down');
    const first = await ingestInbound(store.db, server.deps, ws.workspaceId, {
      shopId: id,
      channel: 'marketplace',
      customerHandle: 'archived-customer',
      customerName: 'Archie',
      externalId: newId('ext'),
      body: 'Before the archive',
    });
    const on = await call('owner')('POST', `/api/shops/${id}/webhook`);
    const secret = on.body!.secret as string;
    expect((await call('owner')('POST', `/api/shops/${id}/archive`)).body).toMatchObject({
      archivedAt: expect.any(String),
    });
    expect((await call('owner')('POST', `/api/shops/${id}/archive`)).status).toBe(409);

    await expect(
      ingestInbound(store.db, server.deps, ws.workspaceId, {
        shopId: id,
        channel: 'marketplace',
        customerHandle: 'archived-customer',
        customerName: 'Archie',
        externalId: newId('ext'),
        body: 'After the archive',
      }),
    ).rejects.toMatchObject({ status: 409, code: 'shop_archived' });
    const body = JSON.stringify({
      channel: 'marketplace',
      customerHandle: 'hook-customer',
      customerName: 'Hook',
      externalId: 'ext-after-archive',
      body: 'Through the webhook',
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const refused = await fetch(`${server.url}/api/channels/webhook/${id}/messages`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-sidedesk-timestamp': String(timestamp),
        'x-sidedesk-signature': signWebhook(secret, timestamp, body),
      },
      body,
    });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: 'shop_archived' });

    const lists = async (archived: string) =>
      ((await call('owner')('GET', `/api/shops?archived=${archived}`)).body!.shops as { id: string }[]).map(
        (s) => s.id,
      );
    expect(await lists('exclude')).not.toContain(id);
    expect(await lists('include')).toContain(id);
    expect(await lists('only')).toEqual([id]);
    const me = await call('agent')('GET', '/api/me');
    expect((me.body!.shops as { id: string }[]).map((s) => s.id)).not.toContain(id);
    // Its history stays.
    const kept = await store.db
      .select()
      .from(conversation)
      .where(and(eq(conversation.shopId, id), eq(conversation.id, first.conversation.id)));
    expect(kept).toHaveLength(1);

    expect((await call('admin')('POST', `/api/shops/${id}/unarchive`)).body).toMatchObject({
      archivedAt: null,
    });
    expect(await lists('exclude')).toContain(id);
  });

  it('refuses a calendar that would stall the clock, quickly, and keeps answering /healthz', async () => {
    const id = await newShop('Stalling');
    const oneMinuteWeek = {
      timeZone: 'Europe/Rome',
      weekly: { 1: [{ start: '00:00', end: '00:01' }] },
      holidays: [],
    };
    const started = performance.now();
    const refused = await call('owner')('PUT', `/api/shops/${id}/sla-settings`, {
      dueSoonHours: 20,
      overdueHours: 720,
      autoCloseDays: 30,
      businessHours: oneMinuteWeek,
    });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(refused).toMatchObject({ status: 400, body: { field: 'body.businessHours' } });
    expect(String(refused.body!.message)).toContain('open only 1 minutes a week');

    // An hour a week is a calendar, but 720 h of it would be fourteen years away: refused by the threshold.
    const sparse = await call('owner')('PUT', `/api/shops/${id}/sla-settings`, {
      dueSoonHours: 20,
      overdueHours: 720,
      autoCloseDays: 30,
      businessHours: { ...oneMinuteWeek, weekly: { 1: [{ start: '10:00', end: '11:00' }] } },
    });
    expect(sparse).toMatchObject({ status: 400, body: { field: 'body.overdueHours' } });
    expect(String(sparse.body!.message)).toContain('more than 4 years from now');

    const closedYear = await call('owner')('PUT', `/api/shops/${id}/sla-settings`, {
      dueSoonHours: 20,
      overdueHours: 24,
      autoCloseDays: 7,
      businessHours: {
        ...officeWeek,
        holidays: Array.from({ length: 365 }, (_, i) =>
          new Date(Date.UTC(2027, 0, 1 + i)).toISOString().slice(0, 10),
        ),
      },
    });
    expect(closedYear).toMatchObject({ status: 400, body: { field: 'body.businessHours' } });
    expect(String(closedYear.body!.message)).toContain('365 days in a row');

    // A shop saved with such a calendar before these checks: a message still gets its deadline at once,
    // and the server keeps answering meanwhile.
    await store.db
      .update(shop)
      .set({
        settings: { dueSoonHours: 700, overdueHours: 720, autoCloseDays: 30, businessHours: oneMinuteWeek },
      })
      .where(eq(shop.id, id));
    const health = (async () => {
      const t = performance.now();
      const response = await fetch(`${server.url}/healthz`);
      return { status: response.status, ms: performance.now() - t };
    })();
    const t = performance.now();
    const arrived = await ingestInbound(store.db, server.deps, ws.workspaceId, {
      shopId: id,
      channel: 'marketplace',
      customerHandle: 'stalled',
      customerName: 'Stella',
      externalId: newId('ext'),
      body: 'Hello?',
    });
    const ingestMs = performance.now() - t;
    const answered = await health;
    expect(answered.status).toBe(200);
    // Once 2.3 s of pure computation with /healthz waiting for it; now the database's time only.
    expect(ingestMs).toBeLessThan(1000);
    expect(answered.ms).toBeLessThan(1000);
    const [row] = await store.db
      .select()
      .from(conversation)
      .where(eq(conversation.id, arrived.conversation.id));
    expect(row!.nextDeadlineAt).not.toBeNull();
  });
});
