import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SidedeskServer } from '../../server/app';
import { ingestInbound } from '../../server/inbox/ingest';
import { newId } from '../../server/ids';
import type { Store } from '../../server/store';
import { conversation, member, message, shop } from '../../server/store/schema';
import { openTestStore, storeKinds, warnIfPostgresSkipped } from '../fixtures/stores';
import { api, connectMember, signInOver, startTestServer, type MemberSocket } from '../fixtures/server';
import { addShop, createWorkspace, PASSWORD } from '../fixtures/workspace';

warnIfPostgresSkipped();

describe.each(storeKinds)('the assignment queue on %s', (kind) => {
  let store: Store;
  let server: SidedeskServer;
  let ws: Awaited<ReturnType<typeof createWorkspace>>;
  const tokens: Record<string, string> = {};
  const sockets: MemberSocket[] = [];
  let customerSeq = 0;

  beforeAll(async () => {
    store = await openTestStore(kind);
    // A grace long enough that a busy machine still assigns within it, short enough to wait out.
    server = await startTestServer(store, { PRESENCE_GRACE_SECONDS: '1.5' });
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server?.close();
    await store?.close();
  });
  // Every test gets a workspace of its own, so loads and queues start empty.
  beforeEach(async () => {
    ws = await createWorkspace(store.db);
    for (const who of ['owner', 'manager', 'agentA', 'agentB'] as const) {
      tokens[who] = (await signInOver(server.url, ws[who].email, PASSWORD)).token;
    }
  });

  /** A member with the side panel open (or closed: windows 0) on a live socket. */
  async function present(who: 'agentA' | 'agentB' | 'manager', openWindows: number) {
    const socket = await connectMember(server.url, tokens[who]!);
    sockets.push(socket);
    await socket.timeout(5000).emitWithAck('heartbeat', { openWindows });
    await server.assignment.settled();
    return socket;
  }
  async function windows(socket: MemberSocket, openWindows: number) {
    await socket.timeout(5000).emitWithAck('heartbeat', { openWindows });
    await server.assignment.settled();
  }
  async function arrive(body = 'Hello') {
    const { conversation: c } = await ingestInbound(store.db, server.deps, ws.workspaceId, {
      shopId: ws.shopId,
      channel: 'marketplace',
      customerHandle: `customer-${++customerSeq}`,
      customerName: `Customer ${customerSeq}`,
      externalId: newId('ext'),
      body,
    });
    await server.assignment.settled();
    return c.id;
  }
  const assigneeOf = async (id: string) =>
    (
      await store.db.select({ a: conversation.assigneeId }).from(conversation).where(eq(conversation.id, id))
    )[0]!.a;
  const setCapacity = (memberId: string, capacity: number) =>
    store.db.update(member).set({ capacity }).where(eq(member.id, memberId));
  const systemLines = async (id: string) =>
    (
      await store.db
        .select({ body: message.body })
        .from(message)
        .where(and(eq(message.conversationId, id), eq(message.direction, 'system')))
        .orderBy(message.createdAt)
    ).map((m) => m.body);
  /** Each line's code and names, from which every reader's language words it. */
  const systemCodes = async (id: string) =>
    (
      await store.db
        .select({ payload: message.payload })
        .from(message)
        .where(and(eq(message.conversationId, id), eq(message.direction, 'system')))
        .orderBy(message.createdAt)
    ).map((m) => {
      const { code, args } = m.payload as { code: string; args: unknown };
      return { code, args };
    });

  it('queues what arrives while nobody is available, and hands it out oldest first when someone is', async () => {
    const first = await arrive('first');
    const second = await arrive('second');
    expect(await assigneeOf(first)).toBeNull();
    await setCapacity(ws.agentA.id, 1);
    await present('agentA', 1);
    expect(await assigneeOf(first)).toBe(ws.agentA.id);
    expect(await assigneeOf(second)).toBeNull();
    expect(await systemLines(first)).toEqual(['Assigned to agentA by the queue.']);
    expect(await systemCodes(first)).toEqual([{ code: 'assigned_by_queue', args: { to: 'agentA' } }]);
  });

  it('gives a new chat to the lowest load ÷ capacity, ties to the longest idle', async () => {
    await setCapacity(ws.agentA.id, 4);
    await setCapacity(ws.agentB.id, 2);
    await present('agentA', 1);
    await present('agentB', 1);
    const owners = [];
    for (let i = 0; i < 6; i++) owners.push(await assigneeOf(await arrive()));
    // 0/4 vs 0/2: a tie, the never-assigned one first; then by ratio.
    const a = owners.filter((o) => o === ws.agentA.id).length;
    const b = owners.filter((o) => o === ws.agentB.id).length;
    expect([a, b]).toEqual([4, 2]);
    expect(await assigneeOf(await arrive())).toBeNull();
  });

  it('never auto-assigns to members who are unavailable: toggle off, window closed, or gone past the grace', async () => {
    const socket = await present('agentA', 1);
    expect(await assigneeOf(await arrive())).toBe(ws.agentA.id);
    await windows(socket, 0);
    expect(await assigneeOf(await arrive())).toBeNull();
    await windows(socket, 1);
    await api(server.url, tokens.agentA)('PATCH', '/api/members/me', { acceptsAutoAssign: false });
    await server.assignment.settled();
    expect(await assigneeOf(await arrive())).toBeNull();
  });

  it('keeps a member available for the grace period after their socket drops', async () => {
    const socket = await present('agentB', 1);
    socket.disconnect();
    await new Promise((r) => setTimeout(r, 100));
    expect(await assigneeOf(await arrive('within grace'))).toBe(ws.agentB.id);
    await new Promise((r) => setTimeout(r, 1_600));
    await server.assignment.settled();
    expect(await assigneeOf(await arrive('after grace'))).toBeNull();
  });

  it('hands queued chats out when capacity frees or rises', async () => {
    await setCapacity(ws.agentA.id, 1);
    await present('agentA', 1);
    const held = await arrive();
    const waiting = await arrive();
    expect(await assigneeOf(waiting)).toBeNull();
    const close = await api(server.url, tokens.agentA)('POST', `/api/conversations/${held}/close`);
    expect(close.status).toBe(200);
    await server.assignment.settled();
    expect(await assigneeOf(waiting)).toBe(ws.agentA.id);
    const third = await arrive();
    expect(await assigneeOf(third)).toBeNull();
    await api(server.url, tokens.agentA)('PATCH', '/api/members/me', { capacity: 2 });
    await server.assignment.settled();
    expect(await assigneeOf(third)).toBe(ws.agentA.id);
  });

  it('gives everything of a shop with a single member to that member, available or not', async () => {
    const soloShop = await addShop(
      store.db,
      ws.workspaceId,
      { name: 'Solo', country: 'DE', timeZone: 'Europe/Berlin', currency: 'EUR' },
      [ws.manager.id],
    );
    const { conversation: c } = await ingestInbound(store.db, server.deps, ws.workspaceId, {
      shopId: soloShop,
      channel: 'marketplace',
      customerHandle: 'solo-customer',
      customerName: 'Solo Customer',
      externalId: newId('ext'),
      body: 'Hallo',
    });
    expect(c.assigneeId).toBe(ws.manager.id);
  });

  it('prefers the member who served the customer last, when the shop asks for it', async () => {
    await store.db
      .update(shop)
      .set({ settings: { preferLastServed: true } })
      .where(eq(shop.id, ws.shopId));
    await present('agentA', 1);
    await present('agentB', 1);
    const handle = `returning-${newId('c')}`;
    const inbound = (externalId: string) =>
      ingestInbound(store.db, server.deps, ws.workspaceId, {
        shopId: ws.shopId,
        channel: 'marketplace',
        customerHandle: handle,
        customerName: 'Returning Customer',
        externalId,
        body: 'Hi again',
      });
    const first = (await inbound(newId('ext'))).conversation;
    await api(server.url, tokens.manager)('POST', `/api/conversations/${first.id}/close`);
    // Load the first member up so the plain rule would pick the other one.
    await arrive();
    await arrive();
    const again = (await inbound(newId('ext'))).conversation;
    expect(again.id).not.toBe(first.id);
    expect(again.assigneeId).toBe(first.assigneeId);
  });

  it('assigns, transfers and returns by hand, with a line in the timeline each time', async () => {
    const id = await arrive();
    const call = (who: string) => api(server.url, tokens[who]);
    expect(
      (await call('agentA')('POST', `/api/conversations/${id}/assign`, { assigneeId: ws.agentA.id })).status,
    ).toBe(200);
    expect(await assigneeOf(id)).toBe(ws.agentA.id);
    // Above capacity and to a member who does not accept auto-assign: allowed by hand.
    await setCapacity(ws.manager.id, 0);
    const transfer = await call('agentA')('POST', `/api/conversations/${id}/transfer`, {
      toMemberId: ws.manager.id,
      note: 'VIP customer',
    });
    expect(transfer.status).toBe(200);
    expect(await assigneeOf(id)).toBe(ws.manager.id);
    expect(
      (await call('manager')('POST', `/api/conversations/${id}/assign`, { assigneeId: null })).status,
    ).toBe(200);
    expect(await assigneeOf(id)).toBeNull();
    expect(await systemLines(id)).toEqual([
      'agentA took this chat.',
      'agentA transferred this chat to manager. Note: VIP customer',
      'manager returned this chat to the Unassigned queue.',
    ]);
    expect(await systemCodes(id)).toEqual([
      { code: 'taken', args: { by: 'agentA', note: null } },
      { code: 'transferred', args: { by: 'agentA', to: 'manager', note: 'VIP customer' } },
      { code: 'returned_to_queue', args: { by: 'manager', note: null } },
    ]);
  });

  it('transfers all of a member’s ongoing chats at once', async () => {
    await present('agentA', 1);
    const ids = [await arrive(), await arrive(), await arrive()];
    const moved = await api(server.url, tokens.agentA)('POST', '/api/members/me/transfer-all', {
      toMemberId: ws.agentB.id,
      note: 'End of my shift',
    });
    expect(moved.body).toEqual({ moved: 3 });
    for (const id of ids) expect(await assigneeOf(id)).toBe(ws.agentB.id);
  });

  it('refuses moves it must not make, with a clear status, and changes nothing', async () => {
    const other = await createWorkspace(store.db, 'Rival');
    const id = await arrive();
    const call = (who: string) => api(server.url, tokens[who]);
    await call('manager')('POST', `/api/conversations/${id}/assign`, { assigneeId: ws.agentB.id });
    const before = await store.db.select().from(message).where(eq(message.conversationId, id));

    const cases = [
      // Another workspace's member: not found, as if it did not exist.
      [call('manager')('POST', `/api/conversations/${id}/assign`, { assigneeId: other.agentA.id }), 404],
      // An agent moving someone else's chat.
      [call('agentA')('POST', `/api/conversations/${id}/transfer`, { toMemberId: ws.agentA.id }), 403],
      [
        call('agentA')('POST', `/api/members/${ws.agentB.id}/transfer-all`, { toMemberId: ws.agentA.id }),
        403,
      ],
      // A conversation of another workspace.
      [
        api(server.url, tokens.manager)('POST', `/api/conversations/${newId('cv')}/assign`, {
          assigneeId: null,
        }),
        404,
      ],
      // Bad input names the field.
      [call('manager')('POST', `/api/conversations/${id}/assign`, { assigneeId: 42 }), 400],
    ] as const;
    for (const [request, status] of cases) expect((await request).status).toBe(status);

    await store.db.update(member).set({ removedAt: new Date() }).where(eq(member.id, ws.agentA.id));
    const removed = await call('manager')('POST', `/api/conversations/${id}/assign`, {
      assigneeId: ws.agentA.id,
    });
    expect(removed.status).toBe(409);
    expect(removed.body?.message).toContain('removed');

    await call('manager')('POST', `/api/conversations/${id}/close`);
    const closed = await call('manager')('POST', `/api/conversations/${id}/assign`, {
      assigneeId: ws.manager.id,
    });
    expect(closed.status).toBe(409);
    expect(closed.body?.message).toContain('closed');

    expect(await assigneeOf(id)).toBe(ws.agentB.id);
    const after = await store.db.select().from(message).where(eq(message.conversationId, id));
    expect(after).toHaveLength(before.length);
  });

  it('returns a member’s unreplied chats to the queue after the shop’s minutes away, when it asks for it', async () => {
    await store.db
      .update(shop)
      .set({ settings: { returnUnrepliedAfterMinutes: 0.01 } })
      .where(eq(shop.id, ws.shopId));
    const socket = await present('agentA', 1);
    const unreplied = await arrive('Anyone?');
    const replied = await arrive('Thanks');
    await api(server.url, tokens.agentA)('POST', `/api/conversations/${replied}/replies`, {
      clientId: newId('client'),
      body: 'You are welcome',
    });
    await windows(socket, 0);
    await new Promise((r) => setTimeout(r, 1200));
    await server.assignment.settled();
    expect(await assigneeOf(unreplied)).toBeNull();
    expect(await assigneeOf(replied)).toBe(ws.agentA.id);
    expect((await systemLines(unreplied)).at(-1)).toContain('away too long');
  });

  it('lets owners and admins set a shop’s queue options, and nobody else', async () => {
    const route = `/api/shops/${ws.shopId}/queue-settings`;
    expect((await api(server.url, tokens.manager)('GET', route)).body).toEqual({
      preferLastServed: false,
      returnUnrepliedAfterMinutes: null,
    });
    const wanted = { preferLastServed: true, returnUnrepliedAfterMinutes: 15 };
    expect((await api(server.url, tokens.agentA)('PUT', route, wanted)).status).toBe(403);
    const bad = await api(server.url, tokens.owner)('PUT', route, {
      ...wanted,
      returnUnrepliedAfterMinutes: 0,
    });
    expect(bad.status).toBe(400);
    expect(bad.body?.field).toBe('body.returnUnrepliedAfterMinutes');
    expect((await api(server.url, tokens.owner)('PUT', route, wanted)).body).toEqual(wanted);
    const [row] = await store.db.select({ settings: shop.settings }).from(shop).where(eq(shop.id, ws.shopId));
    expect(row?.settings).toMatchObject(wanted);
    const other = await createWorkspace(store.db, 'Elsewhere');
    expect(
      (await api(server.url, tokens.owner)('GET', `/api/shops/${other.shopId}/queue-settings`)).status,
    ).toBe(404);
  });

  it('lists the team with status, capacity and load', async () => {
    await present('agentA', 1);
    await arrive();
    const team = await api(server.url, tokens.agentB)('GET', '/api/members');
    const members = team.body?.members as { id: string; available: boolean; load: number }[];
    expect(members.find((m) => m.id === ws.agentA.id)).toMatchObject({ available: true, load: 1 });
    expect(members.find((m) => m.id === ws.agentB.id)).toMatchObject({ available: false, load: 0 });
  });
});
