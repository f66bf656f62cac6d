import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SidedeskServer } from '../../server/app';
import { ingestInbound } from '../../server/inbox/ingest';
import type { Store } from '../../server/store';
import { message } from '../../server/store/schema';
import { openTestStore, storeKinds, warnIfPostgresSkipped } from '../fixtures/stores';
import { api, connectMember, signInOver, startTestServer } from '../fixtures/server';
import { createWorkspace, PASSWORD } from '../fixtures/workspace';
import type { SyncEvent } from '../../lib/protocol';

warnIfPostgresSkipped();

describe.each(storeKinds)('the HTTP API and member sockets on %s', (kind) => {
  let store: Store;
  let server: SidedeskServer;
  let ws: Awaited<ReturnType<typeof createWorkspace>>;
  let other: Awaited<ReturnType<typeof createWorkspace>>;
  let agentToken: string;

  beforeAll(async () => {
    store = await openTestStore(kind);
    ws = await createWorkspace(store.db, 'Acme');
    other = await createWorkspace(store.db, 'Rival');
    server = await startTestServer(store);
    agentToken = (await signInOver(server.url, ws.agentA.email, PASSWORD)).token;
  });
  afterAll(async () => {
    await server?.close();
    await store?.close();
  });

  const customerMessage = (shopId: string, externalId: string, body = 'Hello') => ({
    shopId,
    channel: 'marketplace' as const,
    customerHandle: `handle-${externalId}`,
    customerName: 'Sam Carter',
    externalId,
    body,
  });

  it('answers health and readiness', async () => {
    expect((await api(server.url)('GET', '/healthz')).status).toBe(200);
    expect((await api(server.url)('GET', '/readyz')).body).toEqual({ ok: true });
  });

  it('signs in with the right password only, and names the bad field', async () => {
    const call = api(server.url);
    const wrong = await call('POST', '/api/auth/sign-in', { email: ws.agentA.email, password: 'nope' });
    expect(wrong.status).toBe(401);
    const unknown = await call('POST', '/api/auth/sign-in', {
      email: 'nobody@example.test',
      password: PASSWORD,
    });
    expect(unknown.status).toBe(401);
    const bad = await call('POST', '/api/auth/sign-in', { email: 'not-an-email', password: PASSWORD });
    expect(bad.status).toBe(400);
    expect(bad.body?.field).toBe('body.email');
    const session = await call('POST', '/api/auth/sign-in', {
      email: ws.agentA.email.toUpperCase(),
      password: PASSWORD,
    });
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({
      member: { id: ws.agentA.id, role: 'agent' },
      workspace: { id: ws.workspaceId },
    });
  });

  it('refuses requests without a live session, and signing out ends it', async () => {
    expect((await api(server.url)('GET', '/api/sync')).status).toBe(401);
    expect((await api(server.url, 'made-up-token')('GET', '/api/sync')).status).toBe(401);
    const { token } = await signInOver(server.url, ws.agentB.email, PASSWORD);
    expect((await api(server.url, token)('GET', '/api/me')).status).toBe(200);
    expect((await api(server.url, token)('POST', '/api/auth/sign-out')).status).toBe(204);
    expect((await api(server.url, token)('GET', '/api/me')).status).toBe(401);
  });

  it('rejects a bad reply with 400 naming the field, and writes nothing', async () => {
    const { conversation } = await ingestInbound(
      store.db,
      server.deps,
      ws.workspaceId,
      customerMessage(ws.shopId, 'bad-1'),
    );
    const before = (await store.db.select().from(message)).length;
    const empty = await api(server.url, agentToken)('POST', `/api/conversations/${conversation.id}/replies`, {
      clientId: 'client-bad-0001',
      body: '   ',
    });
    expect(empty.status).toBe(400);
    expect(empty.body?.field).toBe('body.body');
    const noClientId = await api(server.url, agentToken)(
      'POST',
      `/api/conversations/${conversation.id}/replies`,
      {
        body: 'hi',
      },
    );
    expect(noClientId.status).toBe(400);
    expect(noClientId.body?.message).toContain('clientId');
    expect((await store.db.select().from(message)).length).toBe(before);
  });

  it('never shows one workspace anything of another', async () => {
    const theirs = await ingestInbound(
      store.db,
      server.deps,
      other.workspaceId,
      customerMessage(other.shopId, 'iso-1'),
    );
    const reply = await api(server.url, agentToken)(
      'POST',
      `/api/conversations/${theirs.conversation.id}/replies`,
      {
        clientId: 'client-iso-0001',
        body: 'peek',
      },
    );
    expect(reply.status).toBe(404);
    const read = await api(server.url, agentToken)(
      'POST',
      `/api/conversations/${theirs.conversation.id}/read`,
      {
        readUpTo: new Date().toISOString(),
      },
    );
    expect(read.status).toBe(404);
    const sync = await api(server.url, agentToken)('GET', '/api/sync?after=0&limit=1000');
    const ids = JSON.stringify(sync.body);
    expect(ids).not.toContain(theirs.conversation.id);
  });

  it('pushes events to the workspace sockets, and takes replies over the socket with an ack', async () => {
    const socket = await connectMember(server.url, agentToken);
    const otherOwner = await signInOver(server.url, other.owner.email, PASSWORD);
    const outsider = await connectMember(server.url, otherOwner.token);
    const received: SyncEvent[] = [];
    const leaked: SyncEvent[] = [];
    socket.on('sync:event', (e) => received.push(e));
    outsider.on('sync:event', (e) => leaked.push(e));
    try {
      const { conversation } = await ingestInbound(
        store.db,
        server.deps,
        ws.workspaceId,
        customerMessage(ws.shopId, 'push-1', 'Is it in stock?'),
      );
      await expect.poll(() => received.length).toBe(2);
      expect(received.map((e) => e.type)).toEqual(['conversation.upserted', 'message.created']);
      expect(received[1]!.seq).toBe(received[0]!.seq + 1);

      const ack = await socket.timeout(5000).emitWithAck('reply', {
        conversationId: conversation.id,
        clientId: 'client-sock-0001',
        body: 'Yes, 12 left.',
      });
      expect(ack).toMatchObject({
        ok: true,
        result: { message: { body: 'Yes, 12 left.', clientId: 'client-sock-0001' } },
      });
      const again = await socket.timeout(5000).emitWithAck('reply', {
        conversationId: conversation.id,
        clientId: 'client-sock-0001',
        body: 'Yes, 12 left.',
      });
      expect(again.ok && again.result.message.id).toBe(ack.ok && ack.result.message.id);

      const invalid = await socket
        .timeout(5000)
        .emitWithAck('reply', { conversationId: conversation.id, body: 'x' } as never);
      expect(invalid).toMatchObject({ ok: false, status: 400 });
      expect(!invalid.ok && invalid.message).toContain('clientId');
      // Two messages (a later copy of one, such as its delivery state, is not a new message).
      await expect
        .poll(
          () => new Set(received.flatMap((e) => (e.type === 'message.created' ? [e.message.id] : []))).size,
        )
        .toBe(2);
      expect(leaked).toEqual([]);
    } finally {
      socket.disconnect();
      outsider.disconnect();
    }
  });

  it('turns a socket without a valid token away', async () => {
    await expect(connectMember(server.url, 'made-up-token')).rejects.toThrow(/unauthorized/);
  });
});
