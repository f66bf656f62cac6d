import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncEvent } from '../../lib/protocol';
import type { SidedeskServer } from '../../server/app';
import { ingestInbound } from '../../server/inbox/ingest';
import { openStore, type Store } from '../../server/store';
import { openTestStore } from '../fixtures/stores';
import { api, connectMember, signInOver, startTestServer } from '../fixtures/server';
import { createWorkspace, PASSWORD } from '../fixtures/workspace';

const cluster = Boolean(process.env.TEST_DATABASE_URL && process.env.REDIS_URL);
if (!cluster) console.warn('Several-instance tests skipped: they need TEST_DATABASE_URL and REDIS_URL.');

describe.runIf(cluster)('several instances on one PostgreSQL and Redis', () => {
  let store: Store;
  let second: Store;
  let a: SidedeskServer;
  let b: SidedeskServer;
  let ws: Awaited<ReturnType<typeof createWorkspace>>;

  beforeAll(async () => {
    store = await openTestStore('postgres');
    ws = await createWorkspace(store.db);
    // The second instance has a pool of its own on the same database, as a separate process would.
    second = await openStore({ databaseUrl: store.url! });
    a = await startTestServer(store, { REDIS_URL: process.env.REDIS_URL! });
    b = await startTestServer(second, { REDIS_URL: process.env.REDIS_URL! });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await second?.close();
    await store?.close();
  });

  it('delivers an event written on one instance to a member connected to another', async () => {
    const { token } = await signInOver(b.url, ws.manager.email, PASSWORD);
    const socket = await connectMember(b.url, token);
    const received: SyncEvent[] = [];
    socket.on('sync:event', (e) => received.push(e));
    try {
      const { conversation } = await ingestInbound(store.db, a.deps, ws.workspaceId, {
        shopId: ws.shopId,
        channel: 'marketplace',
        customerHandle: 'cross_instance',
        customerName: 'Lena Park',
        externalId: 'cross-1',
        body: 'Hello from instance A',
      });
      await expect
        .poll(() => received.map((e) => e.type))
        .toEqual(['conversation.upserted', 'message.created']);
      // And a reply taken by instance B is in the log instance A serves.
      const reply = await api(b.url, token)('POST', `/api/conversations/${conversation.id}/replies`, {
        clientId: 'client-cluster-1',
        body: 'Answered on B',
      });
      expect(reply.status).toBe(200);
      const synced = await api(a.url, token)('GET', `/api/sync?after=${received[1]!.seq}`);
      expect(JSON.stringify(synced.body)).toContain('Answered on B');
    } finally {
      socket.disconnect();
    }
  });

  it('ends a member’s other sessions on every instance when they change their password, keeping this one', async () => {
    const here = (await signInOver(a.url, ws.agentB.email, PASSWORD)).token;
    const elsewhere = (await signInOver(b.url, ws.agentB.email, PASSWORD)).token;
    // Both sessions' sockets are on instance B; the change is made through instance A.
    const hereSocket = await connectMember(b.url, here);
    const elsewhereSocket = await connectMember(b.url, elsewhere);
    try {
      const ended = new Promise<string>((resolve) =>
        elsewhereSocket.on('session:ended', (notice) => resolve(notice.reason)),
      );
      const gone = new Promise<void>((resolve) => elsewhereSocket.once('disconnect', () => resolve()));
      const changed = await api(a.url, here)('POST', '/api/me/password', {
        currentPassword: PASSWORD,
        newPassword: 'changed across instances',
      });
      expect(changed).toEqual({ status: 200, body: { otherSessionsEnded: 1 } });
      expect(await ended).toBe('password_changed');
      await gone;
      await hereSocket.timeout(5_000).emitWithAck('heartbeat', { openWindows: 1 });
      expect(hereSocket.connected).toBe(true);
      expect((await api(b.url, elsewhere)('GET', '/api/me')).status).toBe(401);
      expect((await api(b.url, here)('GET', '/api/me')).status).toBe(200);
    } finally {
      hereSocket.disconnect();
      elsewhereSocket.disconnect();
    }
  });
});

describe('graceful shutdown', () => {
  it('finishes a request in flight before the store closes, then refuses new ones', async () => {
    const store = await openTestStore('pglite');
    const ws = await createWorkspace(store.db);
    const server = await startTestServer(store);
    // A sign-in whose body is only half sent when the shutdown starts: it is in flight for certain.
    const body = JSON.stringify({ email: ws.agentA.email, password: PASSWORD });
    const request = http.request(`${server.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
      request.on('response', (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      });
      request.on('error', reject);
    });
    request.write(body.slice(0, 10));
    await new Promise((r) => setTimeout(r, 100));
    const closing = server.close();
    await new Promise((r) => setTimeout(r, 100));
    request.end(body.slice(10));
    const response = await answered;
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toMatchObject({ member: { id: ws.agentA.id } });
    await closing;
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    await store.close();
  });
});
