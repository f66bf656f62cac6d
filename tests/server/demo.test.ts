import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, asc, eq, ne } from 'drizzle-orm';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncEvent } from '../../lib/protocol';
import { startServer, type SidedeskServer } from '../../server/app';
import { loadConfig } from '../../server/config';
import type { MarketplaceMessage } from '../../server/demo/api';
import { DEMO_SIGN_INS, DEMO_WORKSPACE_ID, demoShopId, seedDemoIfEmpty } from '../../server/demo/seed';
import { recordMarketplaceReply } from '../../server/inbox/outbound';
import { previewOf } from '../../server/store/mappers';
import {
  conversation,
  customer,
  customerHandle,
  event,
  member,
  memberShop,
  message,
  order,
  shop,
  voucher,
  workspace,
} from '../../server/store/schema';

const DAY = 24 * 3600 * 1000;
const IT = demoShopId({ key: 'it' });
const GB = demoShopId({ key: 'gb' });

let server: SidedeskServer;
let dataDir: string;
const startedAt = Date.now();
const sockets: Socket[] = [];
const db = () => server.store.db;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'sidedesk-demo-'));
  server = await startServer(loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), {
    logger: false,
  });
});

afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function call(method: 'GET' | 'POST', url: string, body?: unknown, token?: string) {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${server.url}${url}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : null;
  return { status: response.status, json, text, contentType: response.headers.get('content-type') ?? '' };
}

function connectSocket(namespace: string, auth: Record<string, string>): Promise<Socket> {
  const socket = connect(`${server.url}${namespace}`, {
    auth,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Every message.created a socket hears, and a way to wait for one. */
function listen(socket: Socket) {
  const heard: MarketplaceMessage[] = [];
  socket.on('message.created', (m: MarketplaceMessage) => heard.push(m));
  return {
    heard,
    async next(body: string, timeoutMs = 5_000): Promise<MarketplaceMessage> {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = heard.find((m) => m.body === body);
        if (found) return found;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`the socket did not hear "${body}"`);
    },
  };
}

async function signIn(role: 'owner' | 'manager' | 'agent'): Promise<string> {
  const demo = DEMO_SIGN_INS.find((s) => s.role === role)!;
  const { status, json } = await call('POST', '/api/auth/sign-in', {
    email: demo.email,
    password: demo.password,
  });
  expect(status).toBe(200);
  return json.token;
}

async function handleOf(customerId: string): Promise<string> {
  const [row] = await db()
    .select({ handle: customerHandle.handle })
    .from(customerHandle)
    .where(and(eq(customerHandle.customerId, customerId), eq(customerHandle.channel, 'marketplace')));
  return row!.handle;
}

/** A demo conversation of a shop in a state, with its customer's marketplace handle. */
async function pickConversation(shopId: string, state: 'awaiting' | 'replied' | 'closed', skip = 0) {
  const rows = await db()
    .select()
    .from(conversation)
    .where(and(eq(conversation.shopId, shopId), eq(conversation.channel, 'marketplace')))
    .orderBy(asc(conversation.id));
  const matching = rows.filter((c) =>
    state === 'closed'
      ? c.status === 'closed'
      : c.status === 'open' && (state === 'awaiting') === (c.awaitingReplySince !== null),
  );
  const row = matching[skip]!;
  return { row, handle: await handleOf(row.customerId) };
}

async function eventsOf(conversationId: string): Promise<SyncEvent[]> {
  const rows = await db()
    .select({ payload: event.payload })
    .from(event)
    .where(and(eq(event.workspaceId, DEMO_WORKSPACE_ID), eq(event.conversationId, conversationId)))
    .orderBy(asc(event.seq));
  return rows.map((r) => r.payload as SyncEvent);
}

describe('the demo seed', () => {
  it('has two TikTok Shop shops and five members who may serve both', async () => {
    const shops = await db()
      .select()
      .from(shop)
      .where(eq(shop.workspaceId, DEMO_WORKSPACE_ID))
      .orderBy(shop.country);
    expect(shops.map((s) => [s.country, s.marketplace, s.currency, s.timeZone])).toEqual([
      ['GB', 'tiktok_shop', 'GBP', 'Europe/London'],
      ['IT', 'tiktok_shop', 'EUR', 'Europe/Rome'],
    ]);

    const members = await db().select().from(member).where(eq(member.workspaceId, DEMO_WORKSPACE_ID));
    expect(members.map((m) => m.role).sort()).toEqual(['agent', 'agent', 'agent', 'manager', 'owner']);
    for (const m of members) {
      expect(m.acceptsAutoAssign).toBe(m.role === 'agent');
      expect(m.capacity).toBe(10);
    }
    expect(members.map((m) => m.email).sort()).toEqual(DEMO_SIGN_INS.map((s) => s.email).sort());
    expect(await db().select().from(memberShop)).toHaveLength(10);
    // Every demo sign-in works with its password.
    for (const role of ['owner', 'manager', 'agent'] as const) await signIn(role);
  });

  it('has forty customers, twenty per shop, each with a marketplace handle', async () => {
    const customers = await db().select().from(customer).where(eq(customer.workspaceId, DEMO_WORKSPACE_ID));
    expect(customers).toHaveLength(40);
    const handles = await db().select().from(customerHandle).where(eq(customerHandle.channel, 'marketplace'));
    expect(new Set(handles.map((h) => h.customerId)).size).toBe(40);

    const { status, json } = await call('GET', '/demo/api/context');
    expect(status).toBe(200);
    expect(json.workspace.id).toBe(DEMO_WORKSPACE_ID);
    expect(json.shops.map((s: { id: string }) => s.id)).toEqual([IT, GB]);
    for (const s of json.shops) expect(s.customers).toHaveLength(20);
  });

  it('has orders whose totals match their items, with marketplace numbers and tracking once shipped', async () => {
    const orders = await db().select().from(order).where(eq(order.workspaceId, DEMO_WORKSPACE_ID));
    expect(new Set(orders.map((o) => o.status))).toEqual(
      new Set([
        'awaiting_payment',
        'awaiting_shipment',
        'shipped',
        'out_for_delivery',
        'delivered',
        'cancelled',
        'returned',
      ]),
    );
    for (const o of orders) {
      expect(o.externalId).toMatch(/^\d{18}$/);
      expect(o.totalCents).toBe(o.items.reduce((sum, i) => sum + i.quantity * i.unitPriceCents, 0));
      const shipped = ['shipped', 'out_for_delivery', 'delivered', 'returned'].includes(o.status);
      expect(o.trackingNumber !== null).toBe(shipped);
      expect(o.currency).toBe(o.shopId === IT ? 'EUR' : 'GBP');
    }
    const perCustomer = Map.groupBy(orders, (o) => o.customerId);
    expect(perCustomer.size).toBe(40);
    for (const list of perCustomer.values()) expect(list.length).toBeGreaterThanOrEqual(1);
    for (const list of perCustomer.values()) expect(list.length).toBeLessThanOrEqual(4);
  });

  it('has a week of conversations whose summary fields agree with their messages', async () => {
    const conversations = await db()
      .select()
      .from(conversation)
      .where(eq(conversation.workspaceId, DEMO_WORKSPACE_ID));
    const messages = await db()
      .select()
      .from(message)
      .where(eq(message.workspaceId, DEMO_WORKSPACE_ID))
      .orderBy(asc(message.createdAt));
    for (const shopId of [IT, GB]) {
      const ofShop = conversations.filter((c) => c.shopId === shopId);
      expect(ofShop.length).toBeGreaterThanOrEqual(20);
      expect(ofShop.length).toBeLessThanOrEqual(30);
      const open = ofShop.filter((c) => c.status === 'open');
      expect(open.some((c) => c.awaitingReplySince !== null)).toBe(true);
      expect(open.some((c) => c.awaitingReplySince === null)).toBe(true);
      expect(ofShop.some((c) => c.status === 'closed')).toBe(true);
      // The marketplace rule: one ongoing conversation per customer and shop.
      expect(new Set(open.map((c) => c.customerId)).size).toBe(open.length);
    }

    for (const c of conversations) {
      expect(+c.createdAt).toBeGreaterThanOrEqual(startedAt - 7 * DAY);
      expect(+c.lastMessageAt).toBeLessThanOrEqual(Date.now());
      const own = messages.filter((m) => m.conversationId === c.id);
      expect(own.length).toBeGreaterThanOrEqual(2);
      expect(own.length).toBeLessThanOrEqual(8);
      const inbound = own.filter((m) => m.direction === 'inbound');
      const outbound = own.filter((m) => m.direction === 'outbound');
      expect(outbound.every((m) => m.author === 'member' && m.authorMemberId !== null)).toBe(true);
      expect(c.createdAt).toEqual(own[0]!.createdAt);
      expect(c.lastMessageAt).toEqual(own.at(-1)!.createdAt);
      expect(c.lastMessagePreview).toBe(previewOf(own.at(-1)!.body));
      expect(c.lastCustomerMessageAt).toEqual(inbound.at(-1)?.createdAt ?? null);
      expect(c.lastAgentReplyAt).toEqual(outbound.at(-1)?.createdAt ?? null);
      expect(c.firstResponseAt).toEqual(outbound[0]?.createdAt ?? null);
      const unanswered = own.slice(own.findLastIndex((m) => m.direction === 'outbound') + 1);
      if (c.status === 'closed') {
        expect(c.closedReason).toBe('ended_by_agent');
        expect(c.closedAt).not.toBeNull();
        expect(c.awaitingReplySince).toBeNull();
        expect(c.assigneeId).toBe(outbound.at(-1)!.authorMemberId);
      } else {
        // Answered chats stay with the member who answered; the others wait in the queue, oldest first.
        expect(c.assigneeId).toBe(outbound.at(-1)?.authorMemberId ?? null);
        expect(c.queuedAt).toEqual(outbound.length === 0 ? own[0]!.createdAt : null);
        expect(c.awaitingReplySince).toEqual(unanswered[0]?.createdAt ?? null);
      }
    }
  });

  it('writes customers who mention their own order numbers, in the shop’s language', async () => {
    const rows = await db()
      .select({ body: message.body, shopId: message.shopId, customerId: conversation.customerId })
      .from(message)
      .innerJoin(conversation, eq(conversation.id, message.conversationId))
      .where(eq(message.direction, 'inbound'));
    const orders = await db().select().from(order);
    const mentions = rows.filter((m) =>
      orders.some(
        (o) => o.customerId === m.customerId && o.shopId === m.shopId && m.body.includes(o.externalId),
      ),
    );
    expect(mentions.some((m) => m.shopId === IT)).toBe(true);
    expect(mentions.some((m) => m.shopId === GB)).toBe(true);
    // No order number of someone else's.
    const anyNumber = rows.filter((m) => /\d{18}/.test(m.body));
    expect(anyNumber.length).toBe(mentions.length);
    expect(rows.filter((m) => m.shopId === IT).some((m) => /\b(ordine|grazie|ciao)\b/i.test(m.body))).toBe(
      true,
    );
    expect(rows.filter((m) => m.shopId === GB).some((m) => /\b(order|thanks|hi)\b/i.test(m.body))).toBe(true);
  });

  it('appends one conversation.upserted and a message.created per message to the event log, in order', async () => {
    const conversations = await db()
      .select()
      .from(conversation)
      .where(eq(conversation.workspaceId, DEMO_WORKSPACE_ID));
    for (const c of conversations) {
      const events = await eventsOf(c.id);
      const stored = await db().select().from(message).where(eq(message.conversationId, c.id));
      expect(events[0]?.type).toBe('conversation.upserted');
      const created = events.flatMap((e) => (e.type === 'message.created' ? [e.message] : []));
      expect(created.map((m) => m.id).sort()).toEqual(stored.map((m) => m.id).sort());
      const times = created.map((m) => m.createdAt);
      expect(times).toEqual([...times].sort());
    }
  });

  it('seeds only once: a second start leaves the store as it is', async () => {
    const before = await db().select({ lastSeq: workspace.lastSeq }).from(workspace);
    expect(await seedDemoIfEmpty(db())).toEqual({ seeded: false, workspaceId: DEMO_WORKSPACE_ID });
    expect(await db().select({ lastSeq: workspace.lastSeq }).from(workspace)).toEqual(before);
    expect(await db().select().from(customer)).toHaveLength(40);
    expect(await db().select().from(shop)).toHaveLength(2);
  });
});

describe('the customer page', () => {
  it('sends a customer message through ingest into the ongoing conversation, once per message id', async () => {
    const { row, handle } = await pickConversation(IT, 'replied');
    const externalId = randomUUID();
    const body = `Ciao, novità sul mio ordine? (${externalId.slice(0, 8)})`;
    const first = await call('POST', '/demo/api/customer/messages', {
      shopId: IT,
      customerHandle: handle,
      externalId,
      body,
    });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({
      duplicate: false,
      message: { direction: 'inbound', author: 'customer', body },
    });
    expect(first.json.message.conversationId).toBe(row.id);

    const [after] = await db().select().from(conversation).where(eq(conversation.id, row.id));
    expect(after!.lastMessagePreview).toBe(body);
    expect(after!.awaitingReplySince?.toISOString()).toBe(first.json.message.createdAt);
    const events = await eventsOf(row.id);
    expect(events.some((e) => e.type === 'message.created' && e.message.id === first.json.message.id)).toBe(
      true,
    );

    const again = await call('POST', '/demo/api/customer/messages', {
      shopId: IT,
      customerHandle: handle,
      externalId,
      body,
    });
    expect(again.json).toMatchObject({ duplicate: true, message: { id: first.json.message.id } });
    const stored = await db()
      .select()
      .from(message)
      .where(eq(message.externalId, `marketplace:${externalId}`));
    expect(stored).toHaveLength(1);

    const history = await call('GET', `/demo/api/customer/history?shopId=${IT}&customerHandle=${handle}`);
    expect(history.status).toBe(200);
    const times = history.json.messages.map((m: MarketplaceMessage) => m.createdAt);
    expect(times).toEqual([...times].sort());
    expect(history.json.messages.at(-1).body).toBe(body);
  });

  it('starts a new conversation for a customer whose chats with the shop are all closed', async () => {
    const conversations = await db().select().from(conversation).where(eq(conversation.shopId, GB));
    const closedOnly = conversations.find(
      (c) =>
        c.status === 'closed' &&
        !conversations.some((o) => o.customerId === c.customerId && o.status !== 'closed'),
    )!;
    const handle = await handleOf(closedOnly.customerId);
    const { status, json } = await call('POST', '/demo/api/customer/messages', {
      shopId: GB,
      customerHandle: handle,
      externalId: randomUUID(),
      body: 'Hello again, I have another question',
    });
    expect(status).toBe(200);
    const [created] = await db()
      .select()
      .from(conversation)
      .where(eq(conversation.id, json.message.conversationId));
    expect(created!.id).not.toBe(closedOnly.id);
    expect(created!.status).toBe('open');
    expect(created!.customerId).toBe(closedOnly.customerId);
  });

  it('lets a buyer claim a voucher until none are left; an expired one cannot be claimed', async () => {
    const [customerRow] = await db()
      .select()
      .from(customer)
      .where(eq(customer.workspaceId, DEMO_WORKSPACE_ID));
    const buyer = { shopId: IT, customerHandle: await handleOf(customerRow!.id) };
    const vouchers = await db().select().from(voucher).where(eq(voucher.shopId, IT));
    const limited = vouchers.find((v) => v.code === 'BENVENUTO10')!;
    await db()
      .update(voucher)
      .set({ quantity: limited.claimed + 2 })
      .where(eq(voucher.id, limited.id));
    const claim = (id: string) => call('POST', `/demo/api/customer/vouchers/${id}/claim`, buyer);
    expect((await claim(limited.id)).json).toEqual({ claimed: limited.claimed + 1, remaining: 1 });
    // Two buyers at once for the last one: exactly one gets it.
    const both = await Promise.all([claim(limited.id), claim(limited.id)]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(both.find((r) => r.status === 409)?.json.message).toBe('This voucher has run out');
    const expired = vouchers.find((v) => v.code === 'PRIMAVERA20')!;
    const late = await claim(expired.id);
    expect(late.status).toBe(409);
    expect(late.json.message).toBe('This voucher has expired');
    const [after] = await db().select().from(voucher).where(eq(voucher.id, expired.id));
    expect(after!.claimed).toBe(expired.claimed);
    expect((await claim('vch_nope')).status).toBe(404);
  });

  it('rejects bad input with the field it is about, and unknown customers and shops', async () => {
    const { handle } = await pickConversation(IT, 'awaiting');
    const valid = { shopId: IT, customerHandle: handle, externalId: randomUUID(), body: 'Ciao' };
    const noBody = await call('POST', '/demo/api/customer/messages', { ...valid, body: '   ' });
    expect(noBody.status).toBe(400);
    expect(noBody.json.field).toBe('body.body');
    const badId = await call('POST', '/demo/api/customer/messages', { ...valid, externalId: 'not-a-uuid' });
    expect(badId.status).toBe(400);
    expect(badId.json.field).toBe('body.externalId');
    const stranger = await call('POST', '/demo/api/customer/messages', {
      ...valid,
      customerHandle: 'nobody.here',
    });
    expect(stranger.status).toBe(404);
    const noHistory = await call('GET', `/demo/api/customer/history?shopId=${IT}`);
    expect(noHistory.status).toBe(400);
    expect(noHistory.json.field).toBe('querystring.customerHandle');
  });

  it('never shows Sidedesk’s internal notes to the customer or the seller center', async () => {
    const { row, handle } = await pickConversation(GB, 'replied', 1);
    await db()
      .insert(message)
      .values({
        id: `msg_note_${randomUUID().slice(0, 8)}`,
        workspaceId: DEMO_WORKSPACE_ID,
        conversationId: row.id,
        shopId: GB,
        direction: 'note',
        author: 'member',
        body: 'Internal: this customer asked twice already',
      });
    const history = await call('GET', `/demo/api/customer/history?shopId=${GB}&customerHandle=${handle}`);
    const seller = await call('GET', `/demo/api/seller/conversations/${row.id}/messages`);
    for (const list of [history.json.messages, seller.json.messages] as MarketplaceMessage[][]) {
      expect(list.length).toBeGreaterThan(0);
      expect(list.some((m) => m.body.startsWith('Internal:'))).toBe(false);
    }
  });

  it('shows a member’s reply from Sidedesk live to that customer only', async () => {
    const { row, handle } = await pickConversation(IT, 'awaiting', 1);
    const other = await pickConversation(IT, 'awaiting', 2);
    const customerSocket = listen(
      await connectSocket('/demo-customer', { shopId: IT, customerHandle: handle }),
    );
    const otherSocket = listen(
      await connectSocket('/demo-customer', { shopId: IT, customerHandle: other.handle }),
    );
    const sellerSocket = listen(await connectSocket('/demo-seller-center', { shopId: IT }));

    // A manager sees every conversation, whoever the queue handed this one to.
    const token = await signIn('manager');
    const body = 'Ciao! Il pacco è partito stamattina, arriva domani.';
    const reply = await call(
      'POST',
      `/api/conversations/${row.id}/replies`,
      { clientId: randomUUID(), body },
      token,
    );
    expect(reply.status).toBe(200);

    const heard = await customerSocket.next(body);
    expect(heard).toMatchObject({
      id: reply.json.message.id,
      direction: 'outbound',
      author: 'member',
      conversationId: row.id,
    });
    await sellerSocket.next(body);
    await new Promise((r) => setTimeout(r, 200));
    expect(otherSocket.heard).toEqual([]);
  });

  it('passes typing both ways, and read receipts both ways', async () => {
    const { row, handle } = await pickConversation(IT, 'awaiting', 3);
    const customerPage = await connectSocket('/demo-customer', { shopId: IT, customerHandle: handle });
    const token = await signIn('manager');
    const memberSocket = await connectSocket('/', { token });
    const wait = <T>(socket: Socket, name: string) =>
      new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${name} heard`)), 5_000);
        socket.once(name, (payload: T) => {
          clearTimeout(timer);
          resolve(payload);
        });
      });

    // The customer types: the team sees it, for a few seconds.
    const heardByTeam = wait<{ conversationId: string; who: string; until: string }>(memberSocket, 'typing');
    customerPage.emit('typing');
    const notice = await heardByTeam;
    expect(notice).toMatchObject({ conversationId: row.id, who: 'customer' });
    expect(new Date(notice.until).getTime()).toBeGreaterThan(Date.now());

    // A member types: the customer sees it.
    const heardByCustomer = wait<{ until: string }>(customerPage, 'typing');
    memberSocket.emit('typing', { conversationId: row.id });
    expect(new Date((await heardByCustomer).until).getTime()).toBeGreaterThan(Date.now());

    // The customer reads the shop's messages: stored on the conversation, which the team hears of.
    const readUpTo = new Date(Date.now() - 1_000).toISOString();
    customerPage.emit('read', { readUpTo });
    const deadline = Date.now() + 5_000;
    let stored: Date | null = null;
    while (Date.now() < deadline && !stored) {
      [{ customerReadUpTo: stored }] = (await db()
        .select({ customerReadUpTo: conversation.customerReadUpTo })
        .from(conversation)
        .where(eq(conversation.id, row.id))) as [{ customerReadUpTo: Date | null }];
      if (!stored) await new Promise((r) => setTimeout(r, 20));
    }
    expect(stored?.toISOString()).toBe(readUpTo);
    // An older receipt never moves it back; nonsense is ignored.
    customerPage.emit('read', { readUpTo: new Date(0).toISOString() });
    customerPage.emit('read', { readUpTo: 'yesterday' });
    await new Promise((r) => setTimeout(r, 200));
    const [again] = await db().select().from(conversation).where(eq(conversation.id, row.id));
    expect(again?.customerReadUpTo?.toISOString()).toBe(readUpTo);

    // A member reads the chat: the customer's page shows it as seen.
    const seen = wait<{ readUpTo: string }>(customerPage, 'seen');
    const markedUpTo = new Date().toISOString();
    const read = await call('POST', `/api/conversations/${row.id}/read`, { readUpTo: markedUpTo }, token);
    expect(read.status).toBe(200);
    expect((await seen).readUpTo).toBe(markedUpTo);
  });

  it('refuses a live connection for a customer the marketplace does not know', async () => {
    await expect(
      connectSocket('/demo-customer', { shopId: IT, customerHandle: 'nobody.here' }),
    ).rejects.toThrow(/not found/);
    await expect(connectSocket('/demo-seller-center', { shopId: 'shop_elsewhere' })).rejects.toThrow(
      /not found/,
    );
  });
});

describe('the seller center', () => {
  it('lists a shop’s marketplace chats latest first, with their messages', async () => {
    const { status, json } = await call('GET', `/demo/api/seller/conversations?shopId=${GB}`);
    expect(status).toBe(200);
    const times = json.conversations.map((c: { lastMessageAt: string }) => c.lastMessageAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(json.conversations.every((c: { shopId: string }) => c.shopId === GB)).toBe(true);
    expect(json.conversations[0].customerHandle).toEqual(expect.any(String));
    const unknown = await call('GET', '/demo/api/seller/conversations?shopId=shop_elsewhere');
    expect(unknown.status).toBe(404);
  });

  it('records a seller-center reply as answered, shows it to the customer, and stores a resend once', async () => {
    const { row, handle } = await pickConversation(GB, 'awaiting');
    const customerSocket = listen(
      await connectSocket('/demo-customer', { shopId: GB, customerHandle: handle }),
    );
    const externalId = randomUUID();
    const body = 'Hi! Your parcel is on its way and should arrive tomorrow.';
    const sent = await call('POST', `/demo/api/seller/conversations/${row.id}/replies`, { externalId, body });
    expect(sent.status).toBe(200);
    expect(sent.json.message).toMatchObject({ direction: 'outbound', author: 'seller_center', body });
    expect(sent.json.conversation.awaitingReplySince).toBeNull();
    expect(sent.json.conversation.lastAgentReplyAt).toBe(sent.json.message.createdAt);
    expect(sent.json.conversation.firstResponseAt).toBe(
      row.firstResponseAt?.toISOString() ?? sent.json.message.createdAt,
    );
    await customerSocket.next(body);

    const events = await eventsOf(row.id);
    const last = events.at(-1)!;
    expect(last.type === 'message.created' && last.message.author).toBe('seller_center');

    const resend = await call('POST', `/demo/api/seller/conversations/${row.id}/replies`, {
      externalId,
      body,
    });
    expect(resend.json).toMatchObject({ duplicate: true, message: { id: sent.json.message.id } });
    const stored = await db()
      .select()
      .from(message)
      .where(and(eq(message.conversationId, row.id), eq(message.author, 'seller_center')));
    expect(stored).toHaveLength(1);
  });

  it('rejects a seller-center reply that is empty, to an unknown chat, or to a closed one', async () => {
    const { row } = await pickConversation(IT, 'awaiting', 3);
    const reply = (conversationId: string, input: object) =>
      call('POST', `/demo/api/seller/conversations/${conversationId}/replies`, input);

    const empty = await reply(row.id, { externalId: randomUUID(), body: '' });
    expect(empty.status).toBe(400);
    expect(empty.json.field).toBe('body.body');
    const noId = await reply(row.id, { body: 'Hello' });
    expect(noId.status).toBe(400);
    expect(noId.json.field).toBe('body.externalId');
    expect((await reply('cv_nowhere', { externalId: randomUUID(), body: 'Hello' })).status).toBe(404);

    const closed = await pickConversation(IT, 'closed');
    const onClosed = await reply(closed.row.id, { externalId: randomUUID(), body: 'Hello' });
    expect(onClosed.status).toBe(409);
    const untouched = await db()
      .select()
      .from(message)
      .where(and(eq(message.conversationId, closed.row.id), eq(message.author, 'seller_center')));
    expect(untouched).toHaveLength(0);

    // Called directly, the function checks its input too.
    await expect(
      recordMarketplaceReply(db(), server.deps.hub, DEMO_WORKSPACE_ID, row.id, {
        externalId: 'x',
        body: '   ',
      }),
    ).rejects.toMatchObject({ status: 400, field: 'body.body' });
  });

  it('shows the orders page with every order number of the shop, and only that shop', async () => {
    const page = await call('GET', `/demo/seller/orders?shop=${IT}`);
    expect(page.status).toBe(200);
    expect(page.contentType).toContain('text/html');
    expect(page.text).toContain('data-testid="orders-table"');
    const orders = await db().select().from(order);
    for (const o of orders) expect(page.text.includes(o.externalId)).toBe(o.shopId === IT);

    const delivered = await call('GET', `/demo/seller/orders?shop=${IT}&status=delivered`);
    const notDelivered = orders.find((o) => o.shopId === IT && o.status !== 'delivered')!;
    const oneDelivered = orders.find((o) => o.shopId === IT && o.status === 'delivered')!;
    expect(delivered.text).toContain(oneDelivered.externalId);
    expect(delivered.text).not.toContain(notDelivered.externalId);

    expect((await call('GET', '/demo/seller/orders?shop=shop_elsewhere')).status).toBe(404);
    expect((await call('GET', `/demo/seller/orders?shop=${IT}&status=lost`)).status).toBe(400);
  });

  it('serves the orders of one customer as JSON', async () => {
    const [someone] = await db().select().from(order).where(eq(order.shopId, GB)).limit(1);
    const { status, json } = await call(
      'GET',
      `/demo/api/seller/orders?shopId=${GB}&customerId=${someone!.customerId}`,
    );
    expect(status).toBe(200);
    expect(json.orders.length).toBeGreaterThan(0);
    expect(json.orders.every((o: { customerId: string }) => o.customerId === someone!.customerId)).toBe(true);
  });
});

describe('the demo pages', () => {
  it('serves the index, seller chat, orders and customer pages with their test hooks', async () => {
    const index = await call('GET', '/demo');
    expect(index.status).toBe(200);
    for (const signIn of DEMO_SIGN_INS) expect(index.text).toContain(signIn.email);

    const chat = await call('GET', `/demo/seller/chat?shop=${GB}`);
    expect(chat.status).toBe(200);
    for (const hook of ['conversation-list', 'composer', 'message-input', 'send-button', 'messages']) {
      expect(chat.text).toContain(`data-testid="${hook}"`);
    }
    expect(chat.text).toContain(`data-shop-id="${GB}"`);

    const customerPage = await call('GET', '/demo/customer');
    for (const hook of ['shop-select', 'customer-select', 'message-input', 'send-button', 'messages']) {
      expect(customerPage.text).toContain(`data-testid="${hook}"`);
    }

    for (const file of ['demo.css', 'demo.js', 'customer.js', 'seller-chat.js', 'seller-shell.js']) {
      expect((await call('GET', `/demo/assets/${file}`)).status).toBe(200);
    }
    expect((await call('GET', '/demo/assets/seed.ts')).status).toBe(404);
    expect((await call('GET', '/socket.io/socket.io.js')).status).toBe(200);
  });

  it('touches only the demo workspace', async () => {
    await db().insert(workspace).values({ id: 'ws_other', name: 'Other seller' });
    await db().insert(shop).values({
      id: 'shop_other',
      workspaceId: 'ws_other',
      name: 'Other shop',
      marketplace: 'tiktok_shop',
      country: 'DE',
      timeZone: 'Europe/Berlin',
      currency: 'EUR',
    });
    const { handle } = await pickConversation(IT, 'replied', 1);
    const post = await call('POST', '/demo/api/customer/messages', {
      shopId: 'shop_other',
      customerHandle: handle,
      externalId: randomUUID(),
      body: 'Hallo',
    });
    expect(post.status).toBe(404);
    expect((await call('GET', '/demo/api/seller/conversations?shopId=shop_other')).status).toBe(404);
    expect((await call('GET', '/demo/seller/chat?shop=shop_other')).status).toBe(404);
    const context = await call('GET', '/demo/api/context');
    expect(context.json.shops.map((s: { id: string }) => s.id)).not.toContain('shop_other');
    expect(
      await db().select().from(conversation).where(ne(conversation.workspaceId, DEMO_WORKSPACE_ID)),
    ).toEqual([]);
  });
});
