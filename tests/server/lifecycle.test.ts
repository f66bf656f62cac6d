import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation, Message } from '../../lib/protocol';
import type { SidedeskServer } from '../../server/app';
import { newId } from '../../server/ids';
import { timelineText } from '../../lib/domain/timeline';
import { ingestInbound } from '../../server/inbox/ingest';
import { LifecycleService } from '../../server/inbox/lifecycle';
import { sendReply } from '../../server/inbox/reply';
import type { Store } from '../../server/store';
import { conversation, conversationRead, event, member, message } from '../../server/store/schema';
import { api, connectMember, signInOver, startTestServer, type MemberSocket } from '../fixtures/server';
import { openTestStore, storeKinds, warnIfPostgresSkipped } from '../fixtures/stores';
import { createWorkspace, PASSWORD } from '../fixtures/workspace';

warnIfPostgresSkipped();

describe.each(storeKinds)('the conversation lifecycle on %s', (kind) => {
  let store: Store;
  let server: SidedeskServer;
  let ws: Awaited<ReturnType<typeof createWorkspace>>;
  const tokens: Record<string, string> = {};
  const sockets: MemberSocket[] = [];
  let n = 0;

  beforeAll(async () => {
    store = await openTestStore(kind);
    server = await startTestServer(store);
    ws = await createWorkspace(store.db);
    for (const who of ['manager', 'agentA', 'agentB'] as const) {
      tokens[who] = (await signInOver(server.url, ws[who].email, PASSWORD)).token;
    }
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server?.close();
    await store?.close();
  });

  const arrive = async () => {
    const { conversation: c } = await ingestInbound(store.db, server.deps, ws.workspaceId, {
      shopId: ws.shopId,
      channel: 'marketplace',
      customerHandle: `lifecycle-${++n}`,
      customerName: `Customer ${n}`,
      externalId: newId('ext'),
      body: 'Hello',
    });
    await server.assignment.settled();
    return c.id;
  };
  const row = async (id: string) =>
    (await store.db.select().from(conversation).where(eq(conversation.id, id)))[0];
  const call = (who: string) => api(server.url, tokens[who]);

  it('ends a session: closed by the agent, a line in the timeline, and a rating request to the customer', async () => {
    const delivered: { conversation: Conversation; message: Message }[] = [];
    const lifecycle = new LifecycleService(
      store.db,
      {
        hub: server.deps.hub,
        delivery: { deliver: (_ws, c, m) => delivered.push({ conversation: c, message: m }) },
      },
      server.assignment,
    );
    const id = await arrive();
    await lifecycle.endSession({ ...ws.agentA, workspaceId: ws.workspaceId }, id);
    expect(await row(id)).toMatchObject({ status: 'closed', closedReason: 'ended_by_agent' });
    const lines = await store.db
      .select()
      .from(message)
      .where(eq(message.conversationId, id))
      .orderBy(message.createdAt);
    expect(lines.map((m) => [m.direction, m.author])).toEqual([
      ['inbound', 'customer'],
      ['system', 'system'],
      ['outbound', 'automation'],
    ]);
    // The line is a code and a name, worded by each reader; its body keeps the English for search.
    expect(lines[1]!.payload).toEqual({ code: 'session_ended', args: { by: 'agentA' } });
    expect(lines[1]!.body).toBe('agentA ended the session.');
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.message.payload).toEqual({ satisfactionRequest: true });

    // Read-only afterwards; the customer's rating is stored on the conversation.
    await expect(
      sendReply(store.db, server.deps, { ...ws.agentA, workspaceId: ws.workspaceId }, id, {
        clientId: newId('c'),
        body: 'x',
      }),
    ).rejects.toMatchObject({ status: 409 });
    await lifecycle.recordRating(ws.workspaceId, id, 5, '  Very quick, thanks ');
    expect(await row(id)).toMatchObject({ rating: 5, ratingComment: 'Very quick, thanks' });
    expect((await call('agentA')('POST', `/api/conversations/${id}/end`)).status).toBe(409);
  });

  it('refuses a rating for a session that did not ask for one', async () => {
    const id = await arrive();
    await expect(server.lifecycle.recordRating(ws.workspaceId, id, 4, null)).rejects.toMatchObject({
      status: 409,
    });
    expect((await row(id))?.rating).toBeNull();
  });

  it('stars a chat for follow-up and clears the star, with an event each time; refuses a bad body', async () => {
    const id = await arrive();
    const route = `/api/conversations/${id}/star`;
    const starEvents = async () =>
      (await store.db.select().from(event).where(eq(event.conversationId, id)).orderBy(asc(event.seq)))
        .filter((e) => e.type === 'conversation.upserted')
        .map((e) => (e.payload as { conversation: Conversation }).conversation.starred);
    const before = (await starEvents()).length;
    expect((await call('manager')('PUT', route, { starred: true })).status).toBe(200);
    expect((await row(id))?.starred).toBe(true);
    // Starring again changes nothing and writes no event.
    expect((await call('manager')('PUT', route, { starred: true })).status).toBe(200);
    expect((await starEvents()).slice(before)).toEqual([true]);
    const bad = await call('manager')('PUT', route, { starred: 'yes' });
    expect(bad.status).toBe(400);
    expect((await row(id))?.starred).toBe(true);
    expect((await call('manager')('PUT', route, { starred: false })).status).toBe(200);
    expect((await row(id))?.starred).toBe(false);
    expect((await starEvents()).slice(before)).toEqual([true, false]);
  });

  it('moves to the trash and back; the trash frees the member’s capacity for the queue', async () => {
    const socket = await connectMember(server.url, tokens.agentB!);
    sockets.push(socket);
    await socket.timeout(5000).emitWithAck('heartbeat', { openWindows: 1 });
    await server.assignment.settled();
    // Room for exactly one more, whatever the queue already handed over.
    const [before] = await store.db
      .select({ openLoad: member.openLoad })
      .from(member)
      .where(eq(member.id, ws.agentB.id));
    await store.db
      .update(member)
      .set({ capacity: before!.openLoad + 1 })
      .where(eq(member.id, ws.agentB.id));
    const held = await arrive();
    const waiting = await arrive();
    expect((await row(held))?.assigneeId).toBe(ws.agentB.id);
    expect((await row(waiting))?.assigneeId).toBeNull();

    expect((await call('agentB')('POST', `/api/conversations/${held}/trash`)).status).toBe(200);
    await server.assignment.settled();
    expect((await row(held))?.trashedAt).not.toBeNull();
    expect((await row(waiting))?.assigneeId).toBe(ws.agentB.id);
    const reply = await call('agentB')('POST', `/api/conversations/${held}/replies`, {
      clientId: newId('c'),
      body: 'x',
    });
    expect(reply.status).toBe(409);

    expect((await call('agentB')('POST', `/api/conversations/${held}/restore`)).status).toBe(200);
    expect((await row(held))?.trashedAt).toBeNull();
    const [loads] = await store.db
      .select({ openLoad: member.openLoad })
      .from(member)
      .where(eq(member.id, ws.agentB.id));
    expect(loads?.openLoad).toBe(before!.openLoad + 2);
    socket.disconnect();
  });

  it('a customer writing to a chat in the trash takes it out: reopened by the channel’s rule, a line, the clock', async () => {
    const write = (channel: 'marketplace' | 'email', handle: string, body: string) =>
      ingestInbound(store.db, server.deps, ws.workspaceId, {
        shopId: ws.shopId,
        channel,
        customerHandle: handle,
        customerName: 'Trash customer',
        externalId: newId('ext'),
        threadKey: channel === 'email' ? 'Where is my parcel?' : undefined,
        body,
      });
    const timeline = async (id: string) =>
      (
        await store.db.select().from(message).where(eq(message.conversationId, id)).orderBy(message.createdAt)
      ).map((m) => [m.direction, m.body]);

    // Marketplace: an ongoing chat in the trash takes the message and leaves the trash.
    const handle = `trash-${newId('h')}`;
    const first = await write('marketplace', handle, 'Hello');
    const id = first.conversation.id;
    expect((await call('manager')('POST', `/api/conversations/${id}/trash`)).status).toBe(200);
    expect(await row(id)).toMatchObject({ nextDeadlineAt: null });
    const again = await write('marketplace', handle, 'Anyone there?');
    expect(again.conversation.id).toBe(id);
    expect(again.conversation.trashedAt).toBeNull();
    const back = await row(id);
    expect(back).toMatchObject({ status: 'open', trashedAt: null, nextDeadlineKind: 'due_soon' });
    expect(back?.nextDeadlineAt).not.toBeNull();
    expect(await timeline(id)).toEqual([
      ['inbound', 'Hello'],
      ['inbound', 'Anyone there?'],
      ['system', timelineText({ code: 'back_from_trash', args: {} })],
    ]);
    // Everyone who may see the chat hears of it: the conversation out of the trash, then the line.
    const told = (
      await store.db.select().from(event).where(eq(event.conversationId, id)).orderBy(asc(event.seq))
    ).slice(-3);
    expect(told.map((e) => e.type)).toEqual(['conversation.upserted', 'message.created', 'message.created']);
    expect((told[0]!.payload as { conversation: Conversation }).conversation.trashedAt).toBeNull();

    // Email: a closed thread in the trash reopens (its channel reopens a thread however old).
    const mail = `trash-${newId('h')}@example.com`;
    const thread = (await write('email', mail, 'My parcel is late')).conversation.id;
    expect((await call('manager')('POST', `/api/conversations/${thread}/end`)).status).toBe(200);
    expect((await call('manager')('POST', `/api/conversations/${thread}/trash`)).status).toBe(200);
    const reopened = await write('email', mail, 'Still nothing');
    expect(reopened.conversation.id).toBe(thread);
    expect(await row(thread)).toMatchObject({
      status: 'open',
      trashedAt: null,
      closedReason: null,
      nextDeadlineKind: 'due_soon',
    });
    expect((await timeline(thread)).at(-1)).toEqual([
      'system',
      timelineText({ code: 'back_from_trash', args: {} }),
    ]);

    // Marketplace again: a closed chat in the trash stays there; the message starts a new chat instead.
    expect((await call('manager')('POST', `/api/conversations/${id}/end`)).status).toBe(200);
    expect((await call('manager')('POST', `/api/conversations/${id}/trash`)).status).toBe(200);
    const fresh = await write('marketplace', handle, 'New question');
    expect(fresh.conversation.id).not.toBe(id);
    expect(fresh.conversation.trashedAt).toBeNull();
    expect((await row(id))?.trashedAt).not.toBeNull();
    await server.assignment.settled();
  });

  it('deletes for good only from the trash and only as a manager; the log keeps only the fact', async () => {
    const id = await arrive();
    await call('manager')('POST', `/api/conversations/${id}/read`, { readUpTo: new Date().toISOString() });
    expect((await call('manager')('DELETE', `/api/conversations/${id}`)).status).toBe(409);
    await call('manager')('POST', `/api/conversations/${id}/trash`);
    expect((await call('agentA')('DELETE', `/api/conversations/${id}`)).status).toBe(403);
    expect((await call('manager')('DELETE', `/api/conversations/${id}`)).status).toBe(200);

    expect(await row(id)).toBeUndefined();
    expect(await store.db.select().from(message).where(eq(message.conversationId, id))).toEqual([]);
    expect(
      await store.db.select().from(conversationRead).where(eq(conversationRead.conversationId, id)),
    ).toEqual([]);
    const left = await store.db
      .select({ type: event.type, payload: event.payload })
      .from(event)
      .where(and(eq(event.workspaceId, ws.workspaceId), eq(event.conversationId, id)));
    expect(left.map((e) => e.type)).toEqual(['conversation.deleted']);
    expect(JSON.stringify(left)).not.toContain('Hello');
  });
});
