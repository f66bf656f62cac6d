import { and, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { shopParams, shopQueueSettings, type ShopQueueSettings } from '../../lib/protocol';
import { memberOf, requireMember } from '../auth/plugin';
import { forbidden, notFound } from '../errors';
import type { Db } from '../store';
import { shop, type ShopSettings } from '../store/schema';

const queueSettingsOf = (settings: ShopSettings): ShopQueueSettings => ({
  preferLastServed: settings.preferLastServed ?? false,
  returnUnrepliedAfterMinutes: settings.returnUnrepliedAfterMinutes ?? null,
});

/** A shop's queue options: anyone may read them, owners and admins change them (SPEC §1 settings). */
export const shopRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.addHook('preHandler', requireMember(db));

  const load = async (workspaceId: string, shopId: string) => {
    const [row] = await db
      .select({ settings: shop.settings })
      .from(shop)
      .where(and(eq(shop.id, shopId), eq(shop.workspaceId, workspaceId)));
    if (!row) throw notFound(`Shop ${shopId}`);
    return row.settings;
  };

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
};
