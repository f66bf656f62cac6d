import type { AssignmentChange, Role } from '../../lib/protocol';
import { assignmentLine as assignmentTimelineLine } from '../../lib/domain/assignment';
import { timelineText } from '../../lib/domain/timeline';
import { hashPassword } from '../auth/passwords';
import { isUniqueViolation } from '../errors';
import type { Db, Executor, Tx } from '../store';
import { appendEvents } from '../store/events';
import { previewOf, toConversation, toMessage } from '../store/mappers';
import {
  conversation,
  customer,
  customerHandle,
  member,
  memberShop,
  message,
  order,
  product,
  shop,
  savedReply,
  voucher,
  workspace,
  type OrderItem,
} from '../store/schema';
import {
  DEMO_SAVED_REPLIES,
  DEMO_SHOPS,
  type ConversationScript,
  type OrderStatus,
  type ShopCatalog,
} from './catalog';
import { SeededRandom } from './random';
import { deadlineOf, shopSla } from '../sla/deadlines';

/** The demo workspace: a stable id, so two starts of one store (or two instances) never seed it twice. */
export const DEMO_WORKSPACE_ID = 'ws_demo_acme';
const DEMO_WORKSPACE_NAME = 'Acme Outdoor';
const DEMO_PASSWORD = 'sidedesk-demo';

export interface DemoSignIn {
  role: Role;
  email: string;
  password: string;
  nickname: string;
}

export const DEMO_SIGN_INS: DemoSignIn[] = [
  { role: 'owner', email: 'owner@acme.example', password: DEMO_PASSWORD, nickname: 'Elena' },
  { role: 'manager', email: 'manager@acme.example', password: DEMO_PASSWORD, nickname: 'Marco' },
  { role: 'agent', email: 'sara@acme.example', password: DEMO_PASSWORD, nickname: 'Sara' },
  { role: 'agent', email: 'luca@acme.example', password: DEMO_PASSWORD, nickname: 'Luca' },
  { role: 'agent', email: 'tom@acme.example', password: DEMO_PASSWORD, nickname: 'Tom' },
];

const memberIdOf = (nickname: string) => `mb_demo_${nickname.toLowerCase()}`;
export const demoShopId = (catalog: Pick<ShopCatalog, 'key'>) => `shop_demo_${catalog.key}`;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const CLOSED_PER_SHOP = 12;
const REPLIED_PER_SHOP = 7;
const AWAITING_PER_SHOP = 6;
const SHIPPED_STATUSES: OrderStatus[] = ['shipped', 'out_for_delivery', 'delivered', 'returned'];
/** The way an order moves on while nobody touches it; delivered, cancelled and returned are final. */
const ORDER_PROGRESS: OrderStatus[] = [
  'awaiting_payment',
  'awaiting_shipment',
  'shipped',
  'out_for_delivery',
  'delivered',
];

/**
 * Seeds the demo workspace (product §2 data for two shops and a week of conversations) into a store with no
 * workspace at all. Deterministic for a given `now`; a store that has any workspace is left alone.
 */
export async function seedDemoIfEmpty(
  db: Db,
  now = new Date(),
): Promise<{ seeded: boolean; workspaceId: string }> {
  const notSeeded = { seeded: false, workspaceId: DEMO_WORKSPACE_ID };
  if (await hasAnyWorkspace(db)) return notSeeded;
  const passwordHashes = await Promise.all(DEMO_SIGN_INS.map((signIn) => hashPassword(signIn.password)));
  try {
    const seeded = await db.transaction(async (tx) => {
      if (await hasAnyWorkspace(tx)) return false;
      await insertDemoData(tx, now, passwordHashes);
      return true;
    });
    return { seeded, workspaceId: DEMO_WORKSPACE_ID };
  } catch (error) {
    // Another instance inserted the same demo workspace first.
    if (isUniqueViolation(error)) return notSeeded;
    throw error;
  }
}

async function hasAnyWorkspace(db: Executor): Promise<boolean> {
  const [any] = await db.select({ id: workspace.id }).from(workspace).limit(1);
  return any !== undefined;
}

type OrderRow = typeof order.$inferInsert & { id: string; status: OrderStatus; placedAt: Date };
type MessageDraft = Omit<typeof message.$inferInsert, 'conversationId' | 'id'>;
interface ConversationDraft {
  row: typeof conversation.$inferInsert & { createdAt: Date };
  customerName: string;
  messages: MessageDraft[];
}

async function insertDemoData(tx: Tx, now: Date, passwordHashes: string[]): Promise<void> {
  const random = new SeededRandom(20240611);
  await tx.insert(workspace).values({ id: DEMO_WORKSPACE_ID, name: DEMO_WORKSPACE_NAME, createdAt: now });
  await tx.insert(shop).values(
    DEMO_SHOPS.map((catalog) => ({
      id: demoShopId(catalog),
      workspaceId: DEMO_WORKSPACE_ID,
      name: catalog.name,
      marketplace: 'tiktok_shop',
      country: catalog.country,
      timeZone: catalog.timeZone,
      currency: catalog.currency,
    })),
  );
  await tx.insert(member).values(
    DEMO_SIGN_INS.map((signIn, i) => ({
      id: memberIdOf(signIn.nickname),
      workspaceId: DEMO_WORKSPACE_ID,
      email: signIn.email,
      passwordHash: passwordHashes[i]!,
      nickname: signIn.nickname,
      role: signIn.role,
      capacity: 10,
      acceptsAutoAssign: signIn.role === 'agent',
    })),
  );
  await tx
    .insert(memberShop)
    .values(
      DEMO_SIGN_INS.flatMap((signIn) =>
        DEMO_SHOPS.map((catalog) => ({ memberId: memberIdOf(signIn.nickname), shopId: demoShopId(catalog) })),
      ),
    );

  const shops = DEMO_SHOPS.map((catalog) => buildShop(catalog, random, now));
  await tx.insert(customer).values(shops.flatMap((s) => s.customers));
  await tx.insert(customerHandle).values(shops.flatMap((s) => s.handles));
  await tx.insert(product).values(shops.flatMap((s) => s.products));
  await tx.insert(voucher).values(shops.flatMap((s) => s.vouchers));
  await tx.insert(order).values(shops.flatMap((s) => s.orders));
  await tx.insert(savedReply).values(
    DEMO_SAVED_REPLIES.map((r, i) => ({
      id: `rpl_demo_${String(i + 1).padStart(2, '0')}`,
      workspaceId: DEMO_WORKSPACE_ID,
      ownerMemberId: r.personalOf ? memberIdOf(r.personalOf) : null,
      title: r.title,
      shortcut: r.shortcut,
      category: r.category,
      body: r.body,
    })),
  );

  // The event log is applied in order by clients, so conversations go in as they started.
  const drafts = shops.flatMap((s) => s.conversations).sort((a, b) => +a.row.createdAt - +b.row.createdAt);
  const conversationRows = await tx
    .insert(conversation)
    .values(drafts.map((d) => d.row))
    .returning();
  const messageRows = await tx
    .insert(message)
    .values(
      drafts.flatMap((d) =>
        d.messages.map((m, i) => ({
          ...m,
          id: `msg_${d.row.id.slice('cv_'.length)}_${i + 1}`,
          conversationId: d.row.id,
        })),
      ),
    )
    .returning();
  const rowById = new Map(conversationRows.map((row) => [row.id, row]));
  for (const draft of drafts) {
    const row = rowById.get(draft.row.id)!;
    const messages = messageRows
      .filter((m) => m.conversationId === row.id)
      .sort((a, b) => +a.createdAt - +b.createdAt);
    await appendEvents(
      tx,
      DEMO_WORKSPACE_ID,
      [
        { type: 'conversation.upserted', conversation: toConversation(row, draft.customerName) },
        ...messages.map((m) => ({ type: 'message.created' as const, message: toMessage(m) })),
      ],
      row.assigneeId,
    );
  }
}

function buildShop(catalog: ShopCatalog, random: SeededRandom, now: Date) {
  const shopId = demoShopId(catalog);
  const base = { workspaceId: DEMO_WORKSPACE_ID, shopId };
  const customers = catalog.customers.map((c, i) => ({
    id: `cu_demo_${catalog.key}_${String(i + 1).padStart(2, '0')}`,
    workspaceId: DEMO_WORKSPACE_ID,
    displayName: c.displayName,
    handle: c.handle,
  }));
  const products = catalog.products.map((p, i) => ({
    ...base,
    id: `prd_demo_${catalog.key}_${String(i + 1).padStart(2, '0')}`,
    title: p.title,
    sku: p.sku,
    priceCents: p.priceCents,
    currency: catalog.currency,
    // A few low or sold-out lines, as a real shop has.
    stock: random.chance(0.2) ? random.int(0, 4) : random.int(12, 240),
    imageUrl: null,
  }));
  const vouchers = catalog.vouchers.map((v, i) => ({
    ...base,
    id: `vch_demo_${catalog.key}_${i + 1}`,
    code: v.code,
    title: v.title,
    discountType: v.discountType,
    discountValue: v.discountValue,
    minSpendCents: v.minSpendCents,
    terms: v.terms,
    startsAt: new Date(+now - v.startedDaysAgo * DAY),
    expiresAt: new Date(+now + v.expiresInDays * DAY),
    quantity: v.quantity,
    claimed: v.claimed,
  }));

  const orderNumbers = new Set<string>();
  const newOrder = (customerId: string, status: OrderStatus, placedAt: Date): OrderRow => {
    let externalId: string;
    do externalId = `57${random.digits(16)}`;
    while (orderNumbers.has(externalId));
    orderNumbers.add(externalId);
    const items: OrderItem[] = random
      .shuffled(products)
      .slice(0, random.int(1, 3))
      .map((p) => ({
        productId: p.id,
        title: p.title,
        quantity: random.chance(0.8) ? 1 : 2,
        unitPriceCents: p.priceCents,
      }));
    const row: OrderRow = {
      ...base,
      id: `ord_demo_${catalog.key}_${externalId}`,
      customerId,
      externalId,
      status,
      items,
      totalCents: items.reduce((sum, item) => sum + item.quantity * item.unitPriceCents, 0),
      currency: catalog.currency,
      carrier: null,
      trackingNumber: null,
      placedAt,
      updatedAt: placedAt,
    };
    return withStatus(row, status, catalog, random);
  };

  const ordersOf = new Map<string, OrderRow[]>();
  const mentionedOrders = new Set<string>();
  for (const c of customers) {
    const orders: OrderRow[] = [];
    for (let n = random.int(1, 2); n > 0; n--) {
      // Recent orders more often than old ones, as in a growing shop.
      const placedAt = new Date(+now - 2 * HOUR - Math.floor(random.next() ** 1.7 * 30 * DAY));
      orders.push(newOrder(c.id, statusForAge(+now - +placedAt, random), placedAt));
    }
    ordersOf.set(c.id, orders);
  }

  const plans = planConversations(catalog, customers, random, now).sort(
    (a, b) => +a.times[0]! - +b.times[0]!,
  );
  const conversations = plans.map((plan, i) => {
    const replier = random.pick(REPLIERS);
    const about = plan.script.about
      ? orderAbout(
          plan.customerId,
          plan.times[0]!,
          plan.script.about,
          ordersOf,
          mentionedOrders,
          newOrder,
          catalog,
          random,
          now,
        )
      : null;
    const fill = (text: string) =>
      text
        .replaceAll('{first}', plan.customerName.split(' ')[0]!)
        .replaceAll('{agent}', replier)
        .replaceAll('{order}', about?.externalId ?? '')
        .replaceAll('{product}', about?.items[0]?.title ?? random.pick(products).title)
        .replaceAll('{carrier}', about?.carrier ?? '')
        .replaceAll('{tracking}', about?.trackingNumber ?? '')
        .replaceAll('{voucher}', random.pick(catalog.vouchers.filter((v) => v.expiresInDays > 0)).code);
    return buildConversation(
      `cv_demo_${catalog.key}_${String(i + 1).padStart(2, '0')}`,
      shopId,
      plan,
      memberIdOf(replier),
      plan.turns.map((turn, n) => ({ from: turn.from, body: fill(turn.text), at: plan.times[n]! })),
      random,
      now,
    );
  });

  return {
    customers: customers.map(({ handle: _handle, ...row }) => row),
    handles: customers.map((c) => ({
      workspaceId: DEMO_WORKSPACE_ID,
      channel: 'marketplace' as const,
      handle: c.handle,
      customerId: c.id,
    })),
    products,
    vouchers,
    orders: [...ordersOf.values()].flat(),
    conversations,
  };
}

/** Who answers demo chats: the agents twice as often as the manager. */
const REPLIERS = DEMO_SIGN_INS.flatMap((s) =>
  s.role === 'agent' ? [s.nickname, s.nickname] : s.role === 'manager' ? [s.nickname] : [],
);

function statusForAge(ageMs: number, random: SeededRandom): OrderStatus {
  const weighted = (choices: [OrderStatus, number][]): OrderStatus => {
    let roll = random.next() * choices.reduce((sum, [, weight]) => sum + weight, 0);
    for (const [status, weight] of choices) if ((roll -= weight) < 0) return status;
    return choices[0]![0];
  };
  if (ageMs < DAY)
    return weighted([
      ['awaiting_payment', 3],
      ['awaiting_shipment', 6],
      ['cancelled', 1],
    ]);
  if (ageMs < 3 * DAY)
    return weighted([
      ['awaiting_shipment', 3],
      ['shipped', 5],
      ['out_for_delivery', 2],
    ]);
  if (ageMs < 6 * DAY)
    return weighted([
      ['shipped', 3],
      ['out_for_delivery', 2],
      ['delivered', 5],
    ]);
  return weighted([
    ['delivered', 15],
    ['returned', 3],
    ['cancelled', 2],
  ]);
}

/** Sets an order's status with what goes with it: a carrier and tracking number once it has shipped. */
function withStatus(
  row: OrderRow,
  status: OrderStatus,
  catalog: ShopCatalog,
  random: SeededRandom,
): OrderRow {
  if (!SHIPPED_STATUSES.includes(status)) return { ...row, status, carrier: null, trackingNumber: null };
  if (row.trackingNumber) return { ...row, status };
  const carrier = random.pick(catalog.carriers);
  return { ...row, status, carrier: carrier.name, trackingNumber: carrier.trackingNumber(random) };
}

/**
 * The order a conversation is about: one placed shortly before it, in a status the script talks about, moved on
 * by as many steps as days have passed since. A customer gets a new order for it, up to four in all; past that,
 * an order no chat mentions yet becomes this one.
 */
function orderAbout(
  customerId: string,
  startAt: Date,
  statuses: OrderStatus[],
  ordersOf: Map<string, OrderRow[]>,
  mentioned: Set<string>,
  newOrder: (customerId: string, status: OrderStatus, placedAt: Date) => OrderRow,
  catalog: ShopCatalog,
  random: SeededRandom,
  now: Date,
): OrderRow {
  const thenStatus = random.pick(statuses);
  const leadTime = {
    awaiting_payment: [1 * HOUR, 8 * HOUR],
    awaiting_shipment: [2 * HOUR, 20 * HOUR],
    shipped: [2 * DAY, 4 * DAY],
    out_for_delivery: [2 * DAY, 4 * DAY],
    delivered: [4 * DAY, 12 * DAY],
    returned: [10 * DAY, 20 * DAY],
    cancelled: [1 * DAY, 3 * DAY],
  }[thenStatus];
  const placedAt = new Date(+startAt - random.int(leadTime[0]!, leadTime[1]!));
  const progressIndex = ORDER_PROGRESS.indexOf(thenStatus);
  const stepsSince = Math.floor((+now - +startAt) / (1.5 * DAY));
  const status =
    progressIndex < 0
      ? thenStatus
      : ORDER_PROGRESS[Math.min(progressIndex + stepsSince, ORDER_PROGRESS.length - 1)]!;

  const orders = ordersOf.get(customerId)!;
  const unmentioned = orders.filter((o) => !mentioned.has(o.id));
  let about: OrderRow;
  if (orders.length < 4 || unmentioned.length === 0) {
    about = newOrder(customerId, status, placedAt);
    orders.push(about);
  } else {
    const oldest = unmentioned.reduce((a, b) => (a.placedAt < b.placedAt ? a : b));
    about = withStatus({ ...oldest, placedAt, updatedAt: placedAt }, status, catalog, random);
    orders[orders.indexOf(oldest)] = about;
  }
  mentioned.add(about.id);
  return about;
}

type ConversationKind = 'closed' | 'replied' | 'awaiting';
type Turn = ConversationScript['turns'][number];

interface ConversationPlan {
  kind: ConversationKind;
  customerId: string;
  customerName: string;
  script: ConversationScript;
  /** The part of the script this chat got to, and when each of those messages was sent. */
  turns: Turn[];
  times: Date[];
}

/**
 * A week of chats for one shop: closed ones over the whole week, open ones in the last days. A customer has at
 * most one open chat (the marketplace rule), and their closed chats end before it starts.
 */
function planConversations(
  catalog: ShopCatalog,
  customers: { id: string; displayName: string }[],
  random: SeededRandom,
  now: Date,
): ConversationPlan[] {
  const shuffledCustomers = random.shuffled(customers);
  const openCustomers = shuffledCustomers.slice(0, REPLIED_PER_SHOP + AWAITING_PER_SHOP);
  const busySpans = new Map<string, [number, number][]>();
  const kinds: ConversationKind[] = [
    ...Array<ConversationKind>(REPLIED_PER_SHOP).fill('replied'),
    ...Array<ConversationKind>(AWAITING_PER_SHOP).fill('awaiting'),
    // Closed ones last, so they can be fitted around each customer's open chat.
    ...Array<ConversationKind>(CLOSED_PER_SHOP).fill('closed'),
  ];
  return kinds.map((kind, i) => {
    const script = random.pick(catalog.scripts);
    const turns = turnsFor(kind, script, random);
    const startAt =
      kind === 'closed'
        ? +now - random.int(14 * HOUR, 7 * DAY - HOUR)
        : +now - 30 * MINUTE - Math.floor(random.next() ** 1.5 * 2.5 * DAY);
    const times = timesFor(turns, startAt, +now - 2 * MINUTE, random);
    let customerId: string;
    let span: [number, number];
    if (kind === 'closed') {
      span = [+times[0]! - HOUR, +times.at(-1)! + 2 * HOUR];
      const free = shuffledCustomers.filter((c) =>
        (busySpans.get(c.id) ?? []).every(([from, to]) => span[1] < from || span[0] > to),
      );
      customerId = random.pick(free.length > 0 ? free : shuffledCustomers.slice(openCustomers.length)).id;
    } else {
      customerId = openCustomers[i]!.id;
      span = [+times[0]! - HOUR, Number.POSITIVE_INFINITY];
    }
    busySpans.set(customerId, [...(busySpans.get(customerId) ?? []), span]);
    const customerName = customers.find((c) => c.id === customerId)!.displayName;
    return { kind, customerId, customerName, script, turns, times };
  });
}

/** How far a chat got: a closed or replied one ends on a member's message, an awaiting one on the customer's. */
function turnsFor(kind: ConversationKind, script: ConversationScript, random: SeededRandom): Turn[] {
  const endsOn = (from: Turn['from']) =>
    script.turns.flatMap((turn, i) => (i > 0 && turn.from === from ? [i] : []));
  const agentEnds = endsOn('agent');
  const last =
    kind === 'closed'
      ? agentEnds.at(-1)!
      : kind === 'replied'
        ? random.pick(agentEnds)
        : random.pick(endsOn('customer'));
  return script.turns.slice(0, last + 1);
}

/** Send times: seconds between a customer's own messages, minutes to hours for a reply; all before `latest`. */
function timesFor(turns: Turn[], startAt: number, latest: number, random: SeededRandom): Date[] {
  const times = [startAt];
  let replied = false;
  for (let i = 1; i < turns.length; i++) {
    const [previous, current] = [turns[i - 1]!.from, turns[i]!.from];
    let gap: number;
    if (current === 'customer')
      gap = previous === 'customer' ? random.int(20_000, 3 * MINUTE) : random.int(MINUTE, 2 * HOUR);
    else if (replied) gap = random.int(MINUTE, 25 * MINUTE);
    // The first reply: usually within the hour, sometimes after a night.
    else gap = random.chance(0.75) ? random.int(3 * MINUTE, HOUR) : random.int(HOUR, 9 * HOUR);
    if (current === 'agent') replied = true;
    times.push(times.at(-1)! + gap);
  }
  const overshoot = Math.max(0, times.at(-1)! - latest);
  return times.map((t) => new Date(t - overshoot));
}

/** A conversation row whose summary fields agree with its messages (product §2), and those messages. */
function buildConversation(
  id: string,
  shopId: string,
  plan: ConversationPlan,
  replierId: string,
  messages: { from: Turn['from']; body: string; at: Date }[],
  random: SeededRandom,
  now: Date,
): ConversationDraft {
  const last = messages.at(-1)!;
  const fromCustomer = messages.filter((m) => m.from === 'customer');
  const fromAgent = messages.filter((m) => m.from === 'agent');
  const lastReplyIndex = messages.findLastIndex((m) => m.from === 'agent');
  const unanswered = messages.slice(lastReplyIndex + 1);
  const closed = plan.kind === 'closed';
  const closedAt = closed
    ? new Date(Math.min(+last.at + random.int(5 * MINUTE, 90 * MINUTE), +now - MINUTE))
    : null;
  return {
    customerName: plan.customerName,
    row: {
      id,
      workspaceId: DEMO_WORKSPACE_ID,
      shopId,
      channel: 'marketplace',
      customerId: plan.customerId,
      status: closed ? 'closed' : 'open',
      // A chat stays with the member who answered it; one nobody has answered yet waits in the queue.
      assigneeId: fromAgent.length > 0 ? replierId : null,
      queuedAt: fromAgent.length > 0 || closed ? null : messages[0]!.at,
      category: plan.script.category,
      priority: plan.script.category === 'logistics' && unanswered.length > 0 ? 'high' : 'normal',
      lastMessagePreview: previewOf(last.body),
      lastMessageAt: last.at,
      awaitingReplySince: closed ? null : (unanswered[0]?.at ?? null),
      firstResponseAt: fromAgent[0]?.at ?? null,
      lastCustomerMessageAt: fromCustomer.at(-1)?.at ?? null,
      lastAgentReplyAt: fromAgent.at(-1)?.at ?? null,
      closedAt,
      closedReason: closed ? 'ended_by_agent' : null,
      rating: closed && random.chance(0.6) ? random.pick([5, 5, 5, 4, 4, 3, 2]) : null,
      createdAt: messages[0]!.at,
      updatedAt: closedAt ?? last.at,
      // The SLA clock picks the seeded chats up where a week of real use would have left them.
      ...deadlineOf(
        {
          status: closed ? 'closed' : 'open',
          awaitingReplySince: closed ? null : (unanswered[0]?.at ?? null),
          trashedAt: null,
          snoozedUntil: null,
        },
        shopSla({}),
        now,
      ),
    },
    messages: [
      ...messages.map((m, i): MessageDraft => ({
        workspaceId: DEMO_WORKSPACE_ID,
        shopId,
        direction: m.from === 'customer' ? 'inbound' : 'outbound',
        kind: 'text',
        author: m.from === 'customer' ? 'customer' : 'member',
        authorMemberId: m.from === 'customer' ? null : replierId,
        body: m.body,
        // The marketplace's own message id, as the channel would give it.
        externalId: m.from === 'customer' ? `marketplace:${id}-${i + 1}` : null,
        createdAt: m.at,
      })),
      ...(fromAgent[0] ? [assignmentLine(shopId, replierId, messages[0]!.at, fromAgent[0].at)] : []),
    ],
  };
}

/** The queue's line in the timeline: the chat went to the member who answered it, before the first answer. */
function assignmentLine(shopId: string, memberId: string, startedAt: Date, answeredAt: Date): MessageDraft {
  const nickname = DEMO_SIGN_INS.find((s) => memberIdOf(s.nickname) === memberId)?.nickname ?? null;
  const change: AssignmentChange = {
    fromMemberId: null,
    fromQueue: true,
    toMemberId: memberId,
    reason: 'auto',
    byMemberId: null,
    note: null,
  };
  const line = assignmentTimelineLine(change, { from: null, to: nickname, by: null });
  return {
    workspaceId: DEMO_WORKSPACE_ID,
    shopId,
    direction: 'system',
    kind: 'text',
    author: 'system',
    authorMemberId: null,
    body: timelineText(line),
    payload: { ...change, ...line },
    externalId: null,
    createdAt: new Date(+startedAt + Math.min(MINUTE, (+answeredAt - +startedAt) / 2)),
  };
}
