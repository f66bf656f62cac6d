import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../../lib/protocol';
import type { SidedeskServer } from '../../server/app';
import { newId } from '../../server/ids';
import { ingestInbound } from '../../server/inbox/ingest';
import type { Store } from '../../server/store';
import { conversation } from '../../server/store/schema';
import { api, signInOver, startTestServer } from '../fixtures/server';
import { openTestStore, storeKinds, warnIfPostgresSkipped } from '../fixtures/stores';
import { createWorkspace, PASSWORD } from '../fixtures/workspace';

warnIfPostgresSkipped();

/** product §6, "a customer writing again", through the real ingest path for each channel. */
describe.each(storeKinds)('a customer writing again, on %s', (kind) => {
  let store: Store;
  let server: SidedeskServer;
  let ws: Awaited<ReturnType<typeof createWorkspace>>;
  let token: string;

  beforeAll(async () => {
    store = await openTestStore(kind);
    server = await startTestServer(store);
    ws = await createWorkspace(store.db);
    token = (await signInOver(server.url, ws.manager.email, PASSWORD)).token;
  });
  afterAll(async () => {
    await server?.close();
    await store?.close();
  });

  const write = async (channel: Channel, handle: string, threadKey?: string) =>
    (
      await ingestInbound(store.db, server.deps, ws.workspaceId, {
        shopId: ws.shopId,
        channel,
        customerHandle: handle,
        customerName: 'Returning Customer',
        externalId: newId('ext'),
        threadKey,
        body: 'Me again',
      })
    ).conversation;
  const end = async (id: string) =>
    expect((await api(server.url, token)('POST', `/api/conversations/${id}/end`)).status).toBe(200);
  const statusOf = async (id: string) =>
    (await store.db.select({ s: conversation.status }).from(conversation).where(eq(conversation.id, id)))[0]
      ?.s;

  it('marketplace chat: one ongoing conversation; after it closes, a new one, assigned afresh', async () => {
    const first = await write('marketplace', 'mkt_buyer');
    expect((await write('marketplace', 'mkt_buyer')).id).toBe(first.id);
    await end(first.id);
    const next = await write('marketplace', 'mkt_buyer');
    expect(next.id).not.toBe(first.id);
    expect(await statusOf(first.id)).toBe('closed');
  });

  it('web chat: every new chat is a new conversation, and a closed one never reopens', async () => {
    const first = await write('webchat', 'visitor-1', 'chat-a');
    expect((await write('webchat', 'visitor-1', 'chat-a')).id).toBe(first.id);
    expect((await write('webchat', 'visitor-1', 'chat-b')).id).not.toBe(first.id);
    await end(first.id);
    expect((await write('webchat', 'visitor-1', 'chat-a')).id).not.toBe(first.id);
    expect(await statusOf(first.id)).toBe('closed');
  });

  it('email: one conversation per thread; a reply on a closed thread reopens it', async () => {
    const thread = await write('email', 'buyer@example.test', 'thread-1');
    expect((await write('email', 'buyer@example.test', 'thread-2')).id).not.toBe(thread.id);
    await end(thread.id);
    const reply = await write('email', 'buyer@example.test', 'thread-1');
    expect(reply.id).toBe(thread.id);
    expect(await statusOf(thread.id)).toBe('open');
  });

  it('SMS: one conversation per person; a new message reopens it', async () => {
    const first = await write('sms', '+39 333 000 0000');
    await end(first.id);
    const again = await write('sms', '+39 333 000 0000');
    expect(again.id).toBe(first.id);
    expect(await statusOf(first.id)).toBe('open');
  });
});
