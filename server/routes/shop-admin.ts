import { randomBytes } from 'node:crypto';
import { and, asc, eq, inArray, isNotNull, isNull, type SQL } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  deliveryUrlBody,
  shopCreate,
  shopDetail,
  shopList,
  shopListQuery,
  shopParams,
  shopPatch,
  webhookChannelState,
  webhookRotation,
  webhookSecretAnswer,
  type ShopDetail,
  type ShopSlaSettings,
  type WebhookChannelState,
} from '../../lib/protocol';
import { DEFAULT_CATEGORY_RULES } from '../../lib/domain/categories';
import { managesWorkspace } from '../../lib/domain/roles';
import { inboundWebhookUrl, type Marketplace } from '../../lib/domain/shops';
import type { MemberRow } from '../auth/sessions';
import { memberOf, requireMember } from '../auth/plugin';
import { conflict, forbidden, HttpError, notFound } from '../errors';
import { newId } from '../ids';
import { recomputeShopDeadlines, shopSla, type DeadlineSignal } from '../sla/deadlines';
import type { Db, Executor } from '../store';
import { member, memberShop, shop, type ShopSettings } from '../store/schema';

type ShopRow = typeof shop.$inferSelect;

export interface ShopAdminOptions {
  db: Db;
  /** The address integrations reach this server at, for the inbound webhook URL. */
  publicUrl: string;
  deadlines?: DeadlineSignal;
  /** A shop was added, changed or archived: the workspace's members refresh their list of shops. */
  onShopsChanged?: (workspaceId: string) => void;
}

/** A Standard Webhooks secret: `whsec_` and the base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** Owners and admins set shops up (product §1); everyone signed in may read them. */
function requireShopAdmin(actor: MemberRow): void {
  if (!managesWorkspace(actor.role)) throw forbidden('Only owners and admins change shops');
}

/**
 * The Shops page's API (product §11): the list with archived shops on request, create, edit, archive and
 * unarchive, who serves each shop, and the webhook channel's credentials (a secret shown once, rotation with
 * an overlap, the delivery URL). The SLA, queue and category settings have their own routes (shops.ts).
 */
export const shopAdminRoutes: FastifyPluginAsyncZod<ShopAdminOptions> = async (
  app,
  { db, publicUrl, deadlines, onShopsChanged },
) => {
  app.addHook('preHandler', requireMember(db));

  const webhookOf = (row: ShopRow, now = new Date()): WebhookChannelState => ({
    enabled: row.webhookSecret !== null,
    inboundUrl: inboundWebhookUrl(publicUrl, row.id),
    deliveryUrl: row.deliveryUrl,
    previousSecretUntil:
      row.previousWebhookSecret !== null &&
      row.previousWebhookSecretUntil !== null &&
      row.previousWebhookSecretUntil > now
        ? row.previousWebhookSecretUntil.toISOString()
        : null,
  });

  const detailOf = (row: ShopRow, viewer: MemberRow, servedBy: string[]): ShopDetail => {
    const settings = row.settings;
    const sla = shopSla(settings);
    const admin = managesWorkspace(viewer.role);
    return {
      id: row.id,
      name: row.name,
      marketplace: row.marketplace as Marketplace,
      country: row.country,
      currency: row.currency,
      timeZone: row.timeZone,
      archivedAt: row.archivedAt?.toISOString() ?? null,
      createdAt: row.createdAt.toISOString(),
      sla: {
        ...sla.thresholds,
        automatedRepliesStopClock: settings.automatedRepliesStopClock ?? false,
        businessHours: (sla.calendar as ShopSlaSettings['businessHours']) ?? null,
      },
      queue: {
        preferLastServed: settings.preferLastServed ?? false,
        returnUnrepliedAfterMinutes: settings.returnUnrepliedAfterMinutes ?? null,
      },
      categoryRules: settings.categoryRules ?? DEFAULT_CATEGORY_RULES.map((r) => ({ ...r })),
      memberIds: admin ? servedBy : null,
      webhook: admin ? webhookOf(row) : null,
    };
  };

  const servedByOf = async (shopIds: string[]) => {
    const rows = shopIds.length
      ? await db
          .select({ shopId: memberShop.shopId, memberId: memberShop.memberId })
          .from(memberShop)
          .innerJoin(member, eq(member.id, memberShop.memberId))
          .where(and(inArray(memberShop.shopId, shopIds), isNull(member.removedAt)))
          .orderBy(asc(memberShop.memberId))
      : [];
    const map = new Map<string, string[]>();
    for (const row of rows) map.set(row.shopId, [...(map.get(row.shopId) ?? []), row.memberId]);
    return map;
  };

  const load = async (workspaceId: string, shopId: string, tx: Executor = db): Promise<ShopRow> => {
    const [row] = await tx
      .select()
      .from(shop)
      .where(and(eq(shop.id, shopId), eq(shop.workspaceId, workspaceId)));
    if (!row) throw notFound(`Shop ${shopId}`);
    return row;
  };

  const detail = async (row: ShopRow, viewer: MemberRow) =>
    detailOf(row, viewer, (await servedByOf([row.id])).get(row.id) ?? []);

  /** The workspace's active members among `ids`; an id of anyone else is refused by its place in the list. */
  const checkedMembers = async (tx: Executor, workspaceId: string, ids: string[]) => {
    const unique = [...new Set(ids)];
    const found = unique.length
      ? await tx
          .select({ id: member.id })
          .from(member)
          .where(
            and(eq(member.workspaceId, workspaceId), inArray(member.id, unique), isNull(member.removedAt)),
          )
      : [];
    const known = new Set(found.map((r) => r.id));
    const index = ids.findIndex((memberId) => !known.has(memberId));
    if (index >= 0) {
      throw new HttpError(
        400,
        'invalid_input',
        `body.memberIds.${index}: ${ids[index]} is not a member of this workspace`,
        `body.memberIds.${index}`,
      );
    }
    return unique;
  };

  const setServedBy = async (tx: Executor, shopId: string, memberIds: string[]) => {
    await tx.delete(memberShop).where(eq(memberShop.shopId, shopId));
    if (memberIds.length)
      await tx.insert(memberShop).values(memberIds.map((memberId) => ({ memberId, shopId })));
  };

  const changed = (workspaceId: string) => onShopsChanged?.(workspaceId);

  app.get(
    '/api/shops',
    { schema: { querystring: shopListQuery, response: { 200: shopList } } },
    async (request) => {
      const viewer = memberOf(request);
      const where: SQL[] = [eq(shop.workspaceId, viewer.workspaceId)];
      if (request.query.archived === 'exclude') where.push(isNull(shop.archivedAt));
      if (request.query.archived === 'only') where.push(isNotNull(shop.archivedAt));
      const rows = await db
        .select()
        .from(shop)
        .where(and(...where))
        .orderBy(asc(shop.name), asc(shop.id));
      const servedBy = await servedByOf(rows.map((r) => r.id));
      return { shops: rows.map((row) => detailOf(row, viewer, servedBy.get(row.id) ?? [])) };
    },
  );

  app.get(
    '/api/shops/:shopId',
    { schema: { params: shopParams, response: { 200: shopDetail } } },
    async (request) => {
      const viewer = memberOf(request);
      return detail(await load(viewer.workspaceId, request.params.shopId), viewer);
    },
  );

  app.post(
    '/api/shops',
    { schema: { body: shopCreate, response: { 201: shopDetail } } },
    async (request, reply) => {
      const actor = memberOf(request);
      requireShopAdmin(actor);
      const { memberIds, ...basics } = request.body;
      const row = await db.transaction(async (tx) => {
        const servedBy =
          memberIds === undefined
            ? (
                await tx
                  .select({ id: member.id })
                  .from(member)
                  .where(and(eq(member.workspaceId, actor.workspaceId), isNull(member.removedAt)))
              ).map((r) => r.id)
            : await checkedMembers(tx, actor.workspaceId, memberIds);
        const [created] = await tx
          .insert(shop)
          .values({ id: newId('shop'), workspaceId: actor.workspaceId, ...basics, settings: {} })
          .returning();
        await setServedBy(tx, created!.id, servedBy);
        return created!;
      });
      changed(actor.workspaceId);
      return reply.code(201).send(await detail(row, actor));
    },
  );

  app.patch(
    '/api/shops/:shopId',
    { schema: { params: shopParams, body: shopPatch, response: { 200: shopDetail } } },
    async (request) => {
      const actor = memberOf(request);
      requireShopAdmin(actor);
      const { memberIds, ...basics } = request.body;
      const row = await db.transaction(async (tx) => {
        const before = await load(actor.workspaceId, request.params.shopId, tx);
        const servedBy =
          memberIds === undefined ? undefined : await checkedMembers(tx, actor.workspaceId, memberIds);
        let settings: ShopSettings = before.settings;
        const timeZoneChanged = basics.timeZone !== undefined && basics.timeZone !== before.timeZone;
        // The calendar counts in the shop's time zone: it moves with it.
        if (timeZoneChanged && settings.businessHours && typeof settings.businessHours === 'object') {
          settings = { ...settings, businessHours: { ...settings.businessHours, timeZone: basics.timeZone } };
        }
        const [after] = await tx
          .update(shop)
          .set({ ...basics, settings })
          .where(and(eq(shop.id, before.id), eq(shop.workspaceId, actor.workspaceId)))
          .returning();
        if (servedBy) await setServedBy(tx, before.id, servedBy);
        if (timeZoneChanged && settings.businessHours) {
          await recomputeShopDeadlines(tx, before.id, settings, new Date(), deadlines);
        }
        return after!;
      });
      changed(actor.workspaceId);
      return detail(row, actor);
    },
  );

  /** Archive: the shop takes no new messages and leaves the members' lists; its conversations stay. */
  for (const action of ['archive', 'unarchive'] as const) {
    app.post(
      `/api/shops/:shopId/${action}`,
      { schema: { params: shopParams, response: { 200: shopDetail } } },
      async (request) => {
        const actor = memberOf(request);
        requireShopAdmin(actor);
        const before = await load(actor.workspaceId, request.params.shopId);
        if (action === 'archive' && before.archivedAt)
          throw conflict(`Shop ${before.name} is already archived`);
        if (action === 'unarchive' && !before.archivedAt)
          throw conflict(`Shop ${before.name} is not archived`);
        const [after] = await db
          .update(shop)
          .set({ archivedAt: action === 'archive' ? new Date() : null })
          .where(and(eq(shop.id, before.id), eq(shop.workspaceId, actor.workspaceId)))
          .returning();
        changed(actor.workspaceId);
        return detail(after!, actor);
      },
    );
  }

  app.get(
    '/api/shops/:shopId/webhook',
    { schema: { params: shopParams, response: { 200: webhookChannelState } } },
    async (request) => {
      const actor = memberOf(request);
      requireShopAdmin(actor);
      return webhookOf(await load(actor.workspaceId, request.params.shopId));
    },
  );

  /** Turns the webhook on with a new secret, shown in this answer only. */
  app.post(
    '/api/shops/:shopId/webhook',
    { schema: { params: shopParams, response: { 201: webhookSecretAnswer } } },
    async (request, reply) => {
      const actor = memberOf(request);
      requireShopAdmin(actor);
      const before = await load(actor.workspaceId, request.params.shopId);
      if (before.webhookSecret)
        throw conflict('The webhook is already on; rotate its secret to get a new one');
      const secret = newWebhookSecret();
      const [after] = await db
        .update(shop)
        .set({ webhookSecret: secret, previousWebhookSecret: null, previousWebhookSecretUntil: null })
        .where(
          and(eq(shop.id, before.id), eq(shop.workspaceId, actor.workspaceId), isNull(shop.webhookSecret)),
        )
        .returning();
      if (!after) throw conflict('The webhook is already on; rotate its secret to get a new one');
      return reply.code(201).send({ secret, webhook: webhookOf(after) });
    },
  );

  /** A new secret; the old one is still accepted (and still signs) until the overlap ends. */
  app.post(
    '/api/shops/:shopId/webhook/rotate',
    { schema: { params: shopParams, body: webhookRotation, response: { 200: webhookSecretAnswer } } },
    async (request) => {
      const actor = memberOf(request);
      requireShopAdmin(actor);
      const before = await load(actor.workspaceId, request.params.shopId);
      if (!before.webhookSecret) throw conflict('The webhook is off; turn it on first');
      const secret = newWebhookSecret();
      const until = new Date(Date.now() + request.body.overlapHours * 3_600_000);
      const [after] = await db
        .update(shop)
        .set({
          webhookSecret: secret,
          previousWebhookSecret: before.webhookSecret,
          previousWebhookSecretUntil: until,
        })
        .where(
          and(
            eq(shop.id, before.id),
            eq(shop.workspaceId, actor.workspaceId),
            eq(shop.webhookSecret, before.webhookSecret),
          ),
        )
        .returning();
      if (!after) throw conflict('The secret was just rotated by someone else; look again');
      return { secret, webhook: webhookOf(after) };
    },
  );

  /** Turns the webhook off: no secret is accepted any more; the delivery URL is kept for turning it on again. */
  app.delete(
    '/api/shops/:shopId/webhook',
    { schema: { params: shopParams, response: { 200: webhookChannelState } } },
    async (request) => {
      const actor = memberOf(request);
      requireShopAdmin(actor);
      const before = await load(actor.workspaceId, request.params.shopId);
      const [after] = await db
        .update(shop)
        .set({ webhookSecret: null, previousWebhookSecret: null, previousWebhookSecretUntil: null })
        .where(and(eq(shop.id, before.id), eq(shop.workspaceId, actor.workspaceId)))
        .returning();
      return webhookOf(after!);
    },
  );

  app.put(
    '/api/shops/:shopId/delivery-url',
    { schema: { params: shopParams, body: deliveryUrlBody, response: { 200: webhookChannelState } } },
    async (request) => {
      const actor = memberOf(request);
      requireShopAdmin(actor);
      const before = await load(actor.workspaceId, request.params.shopId);
      const [after] = await db
        .update(shop)
        .set({ deliveryUrl: request.body.deliveryUrl })
        .where(and(eq(shop.id, before.id), eq(shop.workspaceId, actor.workspaceId)))
        .returning();
      return webhookOf(after!);
    },
  );
};
