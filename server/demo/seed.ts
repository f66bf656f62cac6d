import type { Role } from '../../lib/protocol';
import { hashPassword } from '../auth/passwords';
import { isUniqueViolation } from '../errors';
import type { Db, Tx } from '../store';
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
  voucher,
  workspace,
  type OrderItem,
} from '../store/schema';
import { DEMO_SHOPS, type ConversationScript, type OrderStatus, type ShopCatalog } from './catalog';
import { SeededRandom } from './random';

/** The demo workspace: a stable id, so two starts of one store (or two instances) never seed it twice. */
export const DEMO_WORKSPACE_ID = 'ws_demo_acme';
export const DEMO_WORKSPACE_NAME = 'Acme Outdoor';
const DEMO_PASSWORD = 'sidedesk-demo';

export const DEMO_SIGN_INS: { role: Role; email: string; password: string; nickname: string }[] = [
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
 * Seeds the demo workspace (SPEC §2 data for two shops and a week of conversations) into a store with no
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

async function hasAnyWorkspace(db: Db | Tx): Promise<boolean> {
  const [any] = await db.select({ id: workspace.id }).from(workspace).limit(1);
  return any !== undefined;
}

type OrderRow = typeof order.$inferInsert & { status: OrderStatus; placedAt: Date };
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
        d.messages.map((m, i) => ({ ...m, id: `msg_${d.row.id.slice('cv_'.length)}_${i + 1}`, conversationId: d.row.id })),
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
      .map((p) => ({ productId: p.id, title: p.title, quantity: random.chance(0.8) ? 1 : 2, unitPriceCents: p.priceCents }));
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
  for (const c of customers) {
    const orders: OrderRow[] = [];
    for (let n = random.int(1, 2); n > 0; n--) {
      const placedAt = new Date(+now - random.int(2 * HOUR, 40 * DAY));
      orders.push(newOrder(c.id, statusForAge(+now - +placedAt, random), placedAt));
    }
    ordersOf.set(c.id, orders);
  }

  const plans = planConversations(catalog, customers, random, now).sort((a, b) => +a.times[0]! - +b.times[0]!);
  const conversations = plans.map((plan, i) => {
    const replier = random.pick(REPLIERS);
    const about = plan.script.about
      ? orderAbout(plan.customerId, plan.times[0]!, plan.script.about, ordersOf, newOrder, catalog, random, now)
      : null;
    const fill = (text: string) =>
      text
        .replaceAll('{first}', plan.customerName.split(' ')[0]!)
        .replaceAll('{agent}', replier)
        .replaceAll('{order}', about?.externalId ?? '')
        .replaceAll('{product}', about?.items[0]?.title ?? random.pick(products).title)
        .replaceAll('{carrier}', about?.carrier ?? '')
        .replaceAll('{tracking}', about?.trackingNumber ?? '')
        .replaceAll('{voucher}', random.pick(catalog.vouchers).code);
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

/** Who answers demo chats: mostly the agents, now and then the manager. */
const REPLIERS = DEMO_SIGN_INS.filter((s) => s.role === 'agent' || s.role === 'manager')
  .flatMap((s) => (s.role === 'agent' ? [s.nickname, s.nickname] : [s.nickname]))
  .filter(Boolean);

function statusForAge(ageMs: number, random: SeededRandom): OrderStatus {
  const weighted = (choices: [OrderStatus, number][]): OrderStatus => {
    let roll = random.next() * choices.reduce((sum, [, weight]) => sum + weight, 0);
    for (const [status, weight] of choices) if ((roll -= weight) < 0) return status;
    return choices[0]![0];
  };
  if (ageMs < DAY) return weighted([['awaiting_payment', 3], ['awaiting_shipment', 6], ['cancelled', 1]]);
  if (ageMs < 3 * DAY) return weighted([['awaiting_shipment', 3], ['shipped', 5], ['out_for_delivery', 2]]);
  if (ageMs < 6 * DAY) return weighted([['shipped', 3], ['out_for_delivery', 2], ['delivered', 5]]);
  return weighted([['delivered', 15], ['returned', 3], ['cancelled', 2]]);
}

/** Sets an order's status with what goes with it: a carrier and tracking number once it has shipped. */
function withStatus(row: OrderRow, status: OrderStatus, catalog: ShopCatalog, random: SeededRandom): OrderRow {
  if (!SHIPPED_STATUSES.includes(status)) return { ...row, status, carrier: null, trackingNumber: null };
  if (row.trackingNumber) return { ...row, status };
  const carrier = random.pick(catalog.carriers);
  return { ...row, status, carrier: carrier.name, trackingNumber: carrier.trackingNumber(random) };
}

/**
 * The order a conversation is about: one placed shortly before it, in a status the script talks about, moved on
 * by as many steps as days have passed since. A customer gets a new order for it, up to four in all.
 */
function orderAbout(
  customerId: string,
  startAt: Date,
  statuses: OrderStatus[],
  ordersOf: Map<string, OrderRow[]>,
  newOrder: (customerId: string, status: OrderStatus, placedAt: Date) => OrderRow,
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
    progressIndex < 0 ? thenStatus : ORDER_PROGRESS[Math.min(progressIndex + stepsSince, ORDER_PROGRESS.length - 1)]!;

  const orders = ordersOf.get(customerId)!;
  if (orders.length < 4) {
    const added = newOrder(customerId, status, placedAt);
    orders.push(added);
    return added;
  }
  // Four orders already: the oldest one becomes the order this chat is about.
  const oldest = orders.reduce((a, b) => (a.placedAt < b.placedAt ? a : b));
  Object.assign(oldest, { status, placedAt, updatedAt: placedAt });
  return oldest;
}

