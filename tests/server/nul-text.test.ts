import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NUL_REFUSED } from '../../lib/protocol';
import type { SidedeskServer } from '../../server/app';
import { signWebhook } from '../../server/channels/webhook';
import { newId } from '../../server/ids';
import { ingestInbound } from '../../server/inbox/ingest';
import type { Store } from '../../server/store';
import { message, shop } from '../../server/store/schema';
import { api, connectMember, signInOver, startTestServer, type MemberSocket } from '../fixtures/server';
import { openTestStore, storeKinds, warnIfPostgresSkipped } from '../fixtures/stores';
import { createWorkspace, PASSWORD } from '../fixtures/workspace';

warnIfPostgresSkipped();

/**
 * PostgreSQL's text and jsonb columns cannot hold U+0000: a body carrying one must be refused with a 400 that
 * names the field, never reach the store as a server error (which a browser's outbox would retry forever).
 */
describe.each(storeKinds)('a NUL character in a text on %s', (kind) => {
  let store: Store;
  let server: SidedeskServer;
  let ws: Awaited<ReturnType<typeof createWorkspace>>;
  let token = '';
  let conversationId = '';
  const secret = 'whsec_nul_0123456789';
  const sockets: MemberSocket[] = [];

  beforeAll(async () => {
    store = await openTestStore(kind);
    server = await startTestServer(store);
    ws = await createWorkspace(store.db);
    await store.db.update(shop).set({ webhookSecret: secret }).where(eq(shop.id, ws.shopId));
    token = (await signInOver(server.url, ws.manager.email, PASSWORD)).token;
    const arrived = await ingestInbound(store.db, server.deps, ws.workspaceId, {
      shopId: ws.shopId,
      channel: 'marketplace',
      customerHandle: 'nul-customer',
      customerName: 'Nul Customer',
      externalId: newId('ext'),
      body: 'Hello',
    });
    conversationId = arrived.conversation.id;
    await server.assignment.settled();
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server?.close();
    await store?.close();
  });

  const call = (method: string, route: string, body?: unknown) => api(server.url, token)(method, route, body);
  const messages = async () =>
    (await store.db.select().from(message).where(eq(message.conversationId, conversationId))).map(
      (m) => m.body,
    );

  it('refuses a reply over REST with a 400 naming the body, and stores nothing', async () => {
    const before = await messages();
    const answer = await call('POST', `/api/conversations/${conversationId}/replies`, {
      clientId: newId('c'),
      body: 'Your order\u0000 ships today',
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 'invalid_input', field: 'body.body' });
    expect(String(answer.body?.message)).toContain(NUL_REFUSED);
    expect(await messages()).toEqual(before);
    // The same reply without the character goes through.
    const clean = await call('POST', `/api/conversations/${conversationId}/replies`, {
      clientId: newId('c'),
      body: 'Your order ships today',
    });
    expect(clean.status).toBe(200);
  });

  it('refuses a reply over the socket with a 400 ack naming the body (not a 500 to retry)', async () => {
    const socket = await connectMember(server.url, token);
    sockets.push(socket);
    const ack = (await socket.timeout(5000).emitWithAck('reply', {
      conversationId,
      clientId: newId('c'),
      body: 'a\u0000b',
    })) as { ok: boolean; status: number; message: string };
    expect(ack).toMatchObject({ ok: false, status: 400 });
    expect(ack.message).toBe(`body: ${NUL_REFUSED}`);
  });

  it('refuses ids too long for a route’s own checks with a 400 naming the param, not a 500', async () => {
    const long = 'x'.repeat(65);
    const cases: [string, string, string][] = [
      ['GET', `/files/${long}/token`, 'params.attachmentId'],
      ['GET', `/files/att/${long}/thumbnail`, 'params.token'],
      ['POST', `/api/attachments/${long}/thumbnail`, 'params.attachmentId'],
      ['POST', `/api/channels/webhook/${long}/messages`, 'params.shopId'],
    ];
    for (const [method, path, field] of cases) {
      const { status, body } = await api(server.url, token)(method, path, method === 'GET' ? undefined : {});
      expect({ path, status, body }).toMatchObject({
        path,
        status: 400,
        body: { error: 'invalid_input', field },
      });
    }
  });

  it('refuses a NUL in notes, tags, saved replies, views and searches, naming each field', async () => {
    const cases: [string, string, unknown, string][] = [
      [
        'POST',
        `/api/conversations/${conversationId}/notes`,
        { clientId: newId('c'), body: 'x\u0000' },
        'body.body',
      ],
      ['PATCH', `/api/conversations/${conversationId}`, { tags: ['vip', 'late\u0000'] }, 'body.tags.1'],
      [
        'POST',
        '/api/saved-replies',
        { scope: 'personal', title: 'Thanks\u0000', shortcut: 'thx', body: 'Thank you' },
        'body.title',
      ],
      [
        'PUT',
        '/api/me/views',
        { views: [{ id: 'v1', name: 'Mine', filter: { view: 'mine', tags: ['a\u0000'] } }] },
        'body.views.0.filter.tags.0',
      ],
      ['GET', `/api/search?q=${encodeURIComponent('parcel\u0000')}`, undefined, 'querystring.q'],
    ];
    for (const [method, route, body, field] of cases) {
      const answer = await call(method, route, body);
      expect({ route, status: answer.status, field: answer.body?.field }).toEqual({
        route,
        status: 400,
        field,
      });
    }
    expect((await messages()).some((b) => b.includes('\u0000'))).toBe(false);
  });

  it('refuses a customer message from a channel’s webhook with a 400 naming the body', async () => {
    const raw = JSON.stringify({
      channel: 'marketplace',
      customerHandle: 'nul-hook',
      customerName: 'Hook',
      externalId: newId('ext'),
      body: 'hi\u0000',
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await fetch(`${server.url}/api/channels/webhook/${ws.shopId}/messages`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-sidedesk-timestamp': String(timestamp),
        'x-sidedesk-signature': signWebhook(secret, timestamp, raw),
      },
      body: raw,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ field: 'body.body' });
  });
});
