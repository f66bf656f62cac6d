import { and, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  categoryRules,
  shopParams,
  shopQueueSettings,
  shopSlaSettings,
  type ShopQueueSettings,
  type ShopSlaSettings,
} from '../../lib/protocol';
import { DEFAULT_CATEGORY_RULES } from '../../lib/domain/categories';
import { validateBusinessCalendar, type BusinessCalendar } from '../../lib/domain/business-hours';
import { slaSettingsProblem } from '../../lib/domain/sla';
import { recomputeShopDeadlines, shopSla, type DeadlineSignal } from '../sla/deadlines';
import { memberOf, requireMember } from '../auth/plugin';
import { forbidden, HttpError, notFound } from '../errors';
import type { Db } from '../store';
import { shop, type ShopSettings } from '../store/schema';

const queueSettingsOf = (settings: ShopSettings): ShopQueueSettings => ({
  preferLastServed: settings.preferLastServed ?? false,
  returnUnrepliedAfterMinutes: settings.returnUnrepliedAfterMinutes ?? null,
});

/** A shop's queue options: anyone may read them, owners and admins change them (product §1 settings). */
export const shopRoutes: FastifyPluginAsyncZod<{
  db: Db;
  deadlines?: DeadlineSignal;
  /** The shop's settings changed: the members' copies of the shop (its clock, its calendar) refresh. */
  onShopsChanged?: (workspaceId: string) => void;
}> = async (app, { db, deadlines, onShopsChanged }) => {
  app.addHook('preHandler', requireMember(db));

  const load = async (workspaceId: string, shopId: string) => {
    const [row] = await db
      .select({ settings: shop.settings })
      .from(shop)
      .where(and(eq(shop.id, shopId), eq(shop.workspaceId, workspaceId)));
    if (!row) throw notFound(`Shop ${shopId}`);
    return row.settings;
  };

  const slaSettingsOf = (settings: ShopSettings): ShopSlaSettings => ({
    ...shopSla(settings).thresholds,
    automatedRepliesStopClock: settings.automatedRepliesStopClock ?? false,
    businessHours: (shopSla(settings).calendar as ShopSlaSettings['businessHours']) ?? null,
  });

  app.get(
    '/api/shops/:shopId/sla-settings',
    { schema: { params: shopParams, response: { 200: shopSlaSettings } } },
    async (request) => slaSettingsOf(await load(memberOf(request).workspaceId, request.params.shopId)),
  );

  app.put(
    '/api/shops/:shopId/sla-settings',
    { schema: { params: shopParams, body: shopSlaSettings, response: { 200: shopSlaSettings } } },
    async (request) => {
      const actor = memberOf(request);
      if (actor.role !== 'owner' && actor.role !== 'admin') {
        throw forbidden('Only owners and admins change shop settings');
      }
      const { businessHours, ...thresholds } = request.body;
      if (businessHours) {
        const problem = validateBusinessCalendar(businessHours as unknown as BusinessCalendar);
        if (problem)
          throw new HttpError(400, 'invalid_input', `body.businessHours: ${problem}`, 'body.businessHours');
      }
      // A calendar and thresholds that would stall or never reach the clock are refused with their reason.
      const senseless = slaSettingsProblem(
        thresholds,
        businessHours as unknown as BusinessCalendar | null,
        new Date(),
      );
      if (senseless) {
        const field = `body.${senseless.field}`;
        throw new HttpError(400, 'invalid_input', `${field}: ${senseless.message}`, field);
      }
      const settings = {
        ...(await load(actor.workspaceId, request.params.shopId)),
        ...thresholds,
        businessHours,
      };
      await db
        .update(shop)
        .set({ settings })
        .where(and(eq(shop.id, request.params.shopId), eq(shop.workspaceId, actor.workspaceId)));
      // The shop's waiting conversations move to the new rules at once.
      await recomputeShopDeadlines(db, request.params.shopId, settings, new Date(), deadlines);
      onShopsChanged?.(actor.workspaceId);
      return slaSettingsOf(settings);
    },
  );

  app.get(
    '/api/shops/:shopId/queue-settings',
    { schema: { params: shopParams, response: { 200: shopQueueSettings } } },
    async (request) => queueSettingsOf(await load(memberOf(request).workspaceId, request.params.shopId)),
  );

  app.put(
    '/api/shops/:shopId/queue-settings',
    { schema: { params: shopParams, body: shopQueueSettings, response: { 200: shopQueueSettings } } },
    async (request) => {
      const actor = memberOf(request);
      if (actor.role !== 'owner' && actor.role !== 'admin') {
        throw forbidden('Only owners and admins change shop settings');
      }
      const settings = { ...(await load(actor.workspaceId, request.params.shopId)), ...request.body };
      await db
        .update(shop)
        .set({ settings })
        .where(and(eq(shop.id, request.params.shopId), eq(shop.workspaceId, actor.workspaceId)));
      return queueSettingsOf(settings);
    },
  );

  app.get(
    '/api/shops/:shopId/category-rules',
    { schema: { params: shopParams, response: { 200: categoryRules } } },
    async (request) => {
      const settings = await load(memberOf(request).workspaceId, request.params.shopId);
      return { rules: settings.categoryRules ?? DEFAULT_CATEGORY_RULES.map((r) => ({ ...r })) };
    },
  );

  app.put(
    '/api/shops/:shopId/category-rules',
    { schema: { params: shopParams, body: categoryRules, response: { 200: categoryRules } } },
    async (request) => {
      const actor = memberOf(request);
      if (actor.role !== 'owner' && actor.role !== 'admin') {
        throw forbidden('Only owners and admins change shop settings');
      }
      const settings = {
        ...(await load(actor.workspaceId, request.params.shopId)),
        categoryRules: request.body.rules,
      };
      await db
        .update(shop)
        .set({ settings })
        .where(and(eq(shop.id, request.params.shopId), eq(shop.workspaceId, actor.workspaceId)));
      return { rules: request.body.rules };
    },
  );
};
