import { and, asc, eq, gt } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsReport, BlockedCustomer, SyncEvent } from '../../lib/protocol';
import type { SidedeskServer } from '../../server/app';
import { newId } from '../../server/ids';
import { ingestInbound } from '../../server/inbox/ingest';
import type { Store } from '../../server/store';
import { conversation, customer, event, member, message } from '../../server/store/schema';
import { api, connectMember, signInOver, startTestServer, type MemberSocket } from '../fixtures/server';
import { openTestStore, storeKinds, warnIfPostgresSkipped } from '../fixtures/stores';
import { addShop, createWorkspace, PASSWORD } from '../fixtures/workspace';

warnIfPostgresSkipped();

/** Today in the shop's time zone, as the figures count days. */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date());

describe.each(storeKinds)('blocked customers on %s', (kind) => {
  let store: Store;
  let server: SidedeskServer;
  let ws: Awaited<ReturnType<typeof createWorkspace>>;
  let other: Awaited<ReturnType<typeof createWorkspace>>;
  const tokens: Record<string, string> = {};
  const sockets: MemberSocket[] = [];

  beforeAll(async () => {
    store = await openTestStore(kind);
    server = await startTestServer(store);
    ws = await createWorkspace(store.db, 'Blocking workspace');
    other = await createWorkspace(store.db, 'Other workspace');
    for (const who of ['owner', 'manager', 'agentA', 'agentB'] as const) {
      tokens[who] = (await signInOver(server.url, ws[who].email, PASSWORD)).token;
    }
    tokens.otherManager = (await signInOver(server.url, other.manager.email, PASSWORD)).token;
    // Agent A is online and takes chats; agent B is not, so the queue gives everything to A.
    await store.db.update(member).set({ acceptsAutoAssign: false }).where(eq(member.id, ws.agentB.id));
    const socket = await connectMember(server.url, tokens.agentA!);
    sockets.push(socket);
    await socket.timeout(5000).emitWithAck('heartbeat', { openWindows: 1 });
    await server.assignment.settled();
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server?.close();
    await store?.close();
  });

  const call = (who: string) => api(server.url, tokens[who]);
  const write = async (handle: string, body = 'Hello', shopId = ws.shopId) => {
    const { conversation: c, message: m } = await ingestInbound(store.db, server.deps, ws.workspaceId, {
      shopId,
      channel: 'marketplace',
      customerHandle: handle,
      customerName: `Customer ${handle}`,
      externalId: newId('ext'),
      body,
    });
    await server.assignment.settled();
    return { conversationId: c.id, customerId: c.customerId, messageId: m.id };
  };
  const rowOf = async (id: string) =>
    (await store.db.select().from(conversation).where(eq(conversation.id, id)))[0]!;
  const customerRow = async (id: string) =>
    (await store.db.select().from(customer).where(eq(customer.id, id)))[0]!;
  const loadOf = async (memberId: string) =>
    (await store.db.select({ load: member.openLoad }).from(member).where(eq(member.id, memberId)))[0]!.load;
  const lastSeq = async () => {
    const rows = await store.db
      .select({ seq: event.seq })
      .from(event)
      .where(eq(event.workspaceId, ws.workspaceId));
    return Math.max(0, ...rows.map((r) => r.seq));
  };
  const eventsAfter = async (after: number) =>
    (
      await store.db
        .select({ payload: event.payload })
        .from(event)
        .where(and(eq(event.workspaceId, ws.workspaceId), gt(event.seq, after)))
        .orderBy(asc(event.seq))
    ).map((e) => e.payload as SyncEvent);
  const codesOf = async (conversationId: string) =>
    (
      await store.db
        .select({ payload: message.payload })
        .from(message)
        .where(and(eq(message.conversationId, conversationId), eq(message.direction, 'system')))
        .orderBy(asc(message.createdAt))
    ).map((m) => m.payload as { code: string; args: Record<string, unknown> });
  const createdToday = async () => {
    const d = today();
    const r = await call('manager')('GET', `/api/analytics/report?from=${d}&to=${d}`);
    expect(r.status).toBe(200);
    return (r.body as unknown as AnalyticsReport).totals;
  };

  it('lets managers and above block, and refuses agents, strangers and other workspaces with nothing written', async () => {
    const { customerId } = await write('roles');
    const before = await lastSeq();
    expect((await api(server.url)('POST', `/api/customers/${customerId}/block`, {})).status).toBe(401);
    const agent = await call('agentA')('POST', `/api/customers/${customerId}/block`, {});
    expect(agent.status).toBe(403);
    expect((await call('agentA')('GET', '/api/customers/blocked')).status).toBe(403);
    expect((await call('agentA')('POST', `/api/customers/${customerId}/unblock`, {})).status).toBe(403);
    // Another workspace's manager cannot even learn that the customer exists.
    const stranger = await call('otherManager')('POST', `/api/customers/${customerId}/block`, {});
    expect(stranger.status).toBe(404);
    expect(stranger.body?.message).toContain(customerId);
    expect((await customerRow(customerId)).blocked).toBe(false);
    expect(await lastSeq()).toBe(before);

    for (const who of ['manager', 'owner'] as const) {
      const blocked = await call(who)('POST', `/api/customers/${customerId}/block`, { reason: 'spam' });
      expect(blocked.status, JSON.stringify(blocked.body)).toBe(200);
      expect(blocked.body).toMatchObject({ blocked: true, reason: 'spam', blockedBy: { id: ws[who].id } });
      const list = await call('otherManager')('GET', '/api/customers/blocked');
      expect(list.body?.customers).toEqual([]);
      const unblocked = await call(who)('POST', `/api/customers/${customerId}/unblock`, {});
      expect(unblocked.body).toMatchObject({
        blocked: false,
        blockedAt: null,
        blockedBy: null,
        reason: null,
      });
    }
  });

  it('refuses bad input with a 400 or 404 that names what is wrong, and writes nothing', async () => {
    const { customerId } = await write('bad-input');
    const before = await lastSeq();
    const long = await call('manager')('POST', `/api/customers/${customerId}/block`, {
      reason: 'x'.repeat(501),
    });
    expect(long.status).toBe(400);
    expect(long.body).toMatchObject({ field: 'body.reason' });
    expect(String(long.body?.message)).toMatch(/^body\.reason: /);
    const wrongType = await call('manager')('POST', `/api/customers/${customerId}/block`, { reason: 7 });
    expect(wrongType.body).toMatchObject({ field: 'body.reason' });
    const nul = await call('manager')('POST', `/api/customers/${customerId}/block`, { reason: 'a\u0000b' });
    expect(nul.status).toBe(400);
    expect(nul.body).toMatchObject({ field: 'body.reason' });
    const unknown = await call('manager')('POST', '/api/customers/cu_nobody/block', {});
    expect(unknown.status).toBe(404);
    expect(unknown.body?.message).toBe('Customer cu_nobody was not found');
    const tooLongId = await call('manager')('POST', `/api/customers/${'c'.repeat(65)}/unblock`, {});
    expect(tooLongId.status).toBe(400);
    expect(tooLongId.body).toMatchObject({ field: 'params.customerId' });
    expect((await customerRow(customerId)).blocked).toBe(false);
    expect(await lastSeq()).toBe(before);
  });

  it('takes an open chat out of its member’s hands, stops its clock, and tells every cache', async () => {
    const { conversationId, customerId } = await write('open-chat', 'Where is my parcel?');
    const assigned = await rowOf(conversationId);
    expect(assigned.assigneeId).toBe(ws.agentA.id);
    expect(assigned.nextDeadlineAt).not.toBeNull();
    const load = await loadOf(ws.agentA.id);
    const before = await lastSeq();

    const r = await call('manager')('POST', `/api/customers/${customerId}/block`, { reason: '  abusive  ' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ blocked: true, reason: 'abusive', conversations: 1 });
    const row = await rowOf(conversationId);
    expect(row).toMatchObject({
      customerBlocked: true,
      assigneeId: null,
      queuedAt: null,
      nextDeadlineAt: null,
      status: 'open',
    });
    expect(await loadOf(ws.agentA.id)).toBe(load - 1);
    expect((await codesOf(conversationId)).at(-1)).toEqual({
      code: 'customer_blocked',
      args: { by: 'manager', from: 'agentA' },
    });
    const events = await eventsAfter(before);
    const upserted = events.find((e) => e.type === 'conversation.upserted');
    expect(upserted).toMatchObject({
      conversation: { id: conversationId, customerBlocked: true, assigneeId: null },
      assignment: { fromMemberId: ws.agentA.id, toMemberId: null },
    });
    // No reply, no assignment and no rating request reach a blocked customer.
    const reply = await call('manager')('POST', `/api/conversations/${conversationId}/replies`, {
      clientId: newId('cl'),
      body: 'Hello?',
    });
    expect(reply.status).toBe(409);
    expect(reply.body?.message).toContain('blocked');
    const assign = await call('manager')('POST', `/api/conversations/${conversationId}/assign`, {
      assigneeId: ws.agentA.id,
    });
    expect(assign.status).toBe(409);
    expect((await call('manager')('POST', `/api/conversations/${conversationId}/end`)).status).toBe(409);
    expect((await rowOf(conversationId)).assigneeId).toBeNull();
    // Blocking twice changes nothing.
    const seq = await lastSeq();
    const again = await call('manager')('POST', `/api/customers/${customerId}/block`, { reason: 'other' });
    expect(again.body).toMatchObject({ blocked: true, reason: 'abusive' });
    expect(await lastSeq()).toBe(seq);
  });

  it('stores a blocked customer’s messages without assigning, timing or counting them', async () => {
    const first = await write('writes-again');
    const unblocked = await createdToday();
    await call('manager')('POST', `/api/customers/${first.customerId}/block`, {});
    // The figures leave the chat out at once, its session with agent A too.
    const blocked = await createdToday();
    expect(blocked.created).toBe(unblocked.created - 1);
    expect(blocked.sessions).toBe(unblocked.sessions - 1);
    const createdBefore = blocked.created;
    // The open chat takes the message; after a close, the next message opens a fresh, blocked chat.
    const again = await write('writes-again', 'Still there?');
    expect(again.conversationId).toBe(first.conversationId);
    expect((await store.db.select().from(message).where(eq(message.id, again.messageId)))[0]).toMatchObject({
      body: 'Still there?',
      direction: 'inbound',
    });
    expect(await rowOf(first.conversationId)).toMatchObject({
      assigneeId: null,
      nextDeadlineAt: null,
      queuedAt: null,
    });
    expect((await call('manager')('POST', `/api/conversations/${first.conversationId}/close`)).status).toBe(
      200,
    );
    const fresh = await write('writes-again', 'New question');
    expect(fresh.conversationId).not.toBe(first.conversationId);
    expect(await rowOf(fresh.conversationId)).toMatchObject({
      customerBlocked: true,
      assigneeId: null,
      queuedAt: null,
      nextDeadlineAt: null,
    });
    // Agent A had room: nothing was handed out later either.
    await server.assignment.handOut(ws.workspaceId);
    expect((await rowOf(fresh.conversationId)).assigneeId).toBeNull();
    // Not in the figures: another customer's chat counts, the blocked one does not.
    await write('counted');
    expect((await createdToday()).created).toBe(createdBefore + 1);
  });

  it('keeps a closed chat’s member as history, and does not give it back to them when the customer reopens it', async () => {
    const email = (body: string) =>
      ingestInbound(store.db, server.deps, ws.workspaceId, {
        shopId: ws.shopId,
        channel: 'email',
        customerHandle: 'angry@example.test',
        customerName: 'Angry customer',
        externalId: newId('ext'),
        threadKey: 'thread-1',
        body,
      });
    const { conversation: c } = await email('My order is late');
    await server.assignment.settled();
    expect((await rowOf(c.id)).assigneeId).toBe(ws.agentA.id);
    expect((await call('agentA')('POST', `/api/conversations/${c.id}/close`)).status).toBe(200);
    await call('manager')('POST', `/api/customers/${c.customerId}/block`, {});
    // Closed: it keeps its member and gets no line.
    expect(await rowOf(c.id)).toMatchObject({
      status: 'closed',
      assigneeId: ws.agentA.id,
      customerBlocked: true,
    });
    expect((await codesOf(c.id)).map((l) => l.code)).not.toContain('customer_blocked');
    const load = await loadOf(ws.agentA.id);
    const before = await lastSeq();
    // An answer on the thread reopens it, by the email rule, for nobody.
    await email('Hello??');
    await server.assignment.settled();
    expect(await rowOf(c.id)).toMatchObject({
      status: 'open',
      assigneeId: null,
      queuedAt: null,
      nextDeadlineAt: null,
    });
    expect(await loadOf(ws.agentA.id)).toBe(load);
    expect((await codesOf(c.id)).at(-1)).toEqual({ code: 'blocked_not_returned', args: { from: 'agentA' } });
    const upserted = (await eventsAfter(before)).find((e) => e.type === 'conversation.upserted');
    expect(upserted).toMatchObject({
      conversation: { id: c.id, assigneeId: null, customerBlocked: true, status: 'open' },
      assignment: { fromMemberId: ws.agentA.id, toMemberId: null },
    });
  });

  it('lists the blocked customers with their handles, shops, who blocked them and why', async () => {
    const shop2 = await addShop(
      store.db,
      ws.workspaceId,
      { name: 'Second shop ES', country: 'ES', timeZone: 'Europe/Madrid', currency: 'EUR' },
      [ws.agentA.id],
    );
    const { customerId } = await write('listed');
    await write('listed', 'Other shop', shop2);
    await call('owner')('POST', `/api/customers/${customerId}/block`, { reason: 'fraud' });
    const list = await call('manager')('GET', '/api/customers/blocked');
    expect(list.status).toBe(200);
    const entry = (list.body?.customers as BlockedCustomer[]).find((c) => c.customerId === customerId);
    expect(entry).toMatchObject({
      displayName: 'Customer listed',
      handles: [{ channel: 'marketplace', handle: 'listed' }],
      blockedBy: { id: ws.owner.id, nickname: 'owner' },
      reason: 'fraud',
      conversations: 2,
    });
    expect(entry?.shops.map((s) => s.name).sort()).toEqual(['Blocking workspace IT', 'Second shop ES']);
    // Most recently blocked first.
    expect((list.body?.customers as BlockedCustomer[])[0]?.customerId).toBe(customerId);
  });

  it('restores normal handling on unblock: the waiting chat joins the queue, gets a member and its clock', async () => {
    const { conversationId, customerId } = await write('unblocked');
    await call('manager')('POST', `/api/customers/${customerId}/block`, {});
    await write('unblocked', 'Hello again');
    expect((await rowOf(conversationId)).assigneeId).toBeNull();
    const r = await call('manager')('POST', `/api/customers/${customerId}/unblock`, {});
    expect(r.status).toBe(200);
    await server.assignment.settled();
    const row = await rowOf(conversationId);
    expect(row).toMatchObject({ customerBlocked: false, assigneeId: ws.agentA.id });
    expect(row.nextDeadlineAt).not.toBeNull();
    const codes = (await codesOf(conversationId)).map((c) => c.code);
    expect(codes.slice(-2)).toEqual(['customer_unblocked', 'assigned_by_queue']);
    expect((await customerRow(customerId)).blockedAt).toBeNull();
    const list = await call('manager')('GET', '/api/customers/blocked');
    expect((list.body?.customers as BlockedCustomer[]).some((c) => c.customerId === customerId)).toBe(false);
  });
});
