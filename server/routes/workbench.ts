import { and, desc, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { canSeeConversation } from '../../lib/domain/visibility';
import {
  conversationParams,
  orderLookup,
  orderNumberParams,
  ordersResult,
  productQuery,
  productsResult,
  shopParams,
  vouchersResult,
} from '../../lib/protocol';
import type { Connectors } from '../channels/connector';
import { memberOf, requireMember } from '../auth/plugin';
import { forbidden, notFound } from '../errors';
import { loadConversation } from '../inbox/conversations';
import type { Db } from '../store';
import { conversation, customerHandle, shop } from '../store/schema';

/**
 * The workbench beside a chat (product §9): the customer's orders, the shop's products and vouchers, read
 * through the shop's marketplace connector; and an order found by the number a seller-center page shows.
 */
export const workbenchRoutes: FastifyPluginAsyncZod<{ db: Db; connectors: Connectors }> = async (
  app,
  { db, connectors },
) => {
  app.addHook('preHandler', requireMember(db));

  const requireShop = async (workspaceId: string, shopId: string) => {
    const [row] = await db
      .select({ id: shop.id })
      .from(shop)
      .where(and(eq(shop.id, shopId), eq(shop.workspaceId, workspaceId)));
    if (!row) throw notFound(`Shop ${shopId}`);
    return { workspaceId, shopId };
  };

  app.get(
    '/api/conversations/:conversationId/orders',
    { schema: { params: conversationParams, response: { 200: ordersResult } } },
    async (request) => {
      const viewer = memberOf(request);
      const found = await loadConversation(db, viewer.workspaceId, request.params.conversationId);
      if (!found) throw notFound(`Conversation ${request.params.conversationId}`);
      if (!canSeeConversation(viewer, found.entity)) {
        throw forbidden(
          "This conversation is assigned to another member, so its customer's orders are theirs",
        );
      }
      const [handle] = await db
        .select({ handle: customerHandle.handle })
        .from(customerHandle)
        .where(
          and(eq(customerHandle.customerId, found.row.customerId), eq(customerHandle.channel, 'marketplace')),
        );
      const orders = await connectors
        .of(viewer.workspaceId)
        .ordersOfCustomer(
          { workspaceId: viewer.workspaceId, shopId: found.row.shopId },
          { id: found.row.customerId, handle: handle?.handle ?? null },
        );
      return { orders };
    },
  );

  app.get(
    '/api/shops/:shopId/products',
    { schema: { params: shopParams, querystring: productQuery, response: { 200: productsResult } } },
    async (request) => {
      const s = await requireShop(memberOf(request).workspaceId, request.params.shopId);
      return { products: await connectors.of(s.workspaceId).products(s, request.query) };
    },
  );

  app.get(
    '/api/shops/:shopId/vouchers',
    { schema: { params: shopParams, response: { 200: vouchersResult } } },
    async (request) => {
      const s = await requireShop(memberOf(request).workspaceId, request.params.shopId);
      return { vouchers: await connectors.of(s.workspaceId).vouchers(s) };
    },
  );

  app.get(
    '/api/shops/:shopId/orders/:number',
    { schema: { params: orderNumberParams, response: { 200: orderLookup } } },
    async (request) => {
      const viewer = memberOf(request);
      const s = await requireShop(viewer.workspaceId, request.params.shopId);
      const found = await connectors.of(s.workspaceId).orderByNumber(s, request.params.number);
      if (!found) throw notFound(`Order ${request.params.number} in this shop`);
      // The customer's latest chat with the shop that this member may open, for the workbench to show it in.
      const chats = await db
        .select({ id: conversation.id, assigneeId: conversation.assigneeId })
        .from(conversation)
        .where(
          and(
            eq(conversation.workspaceId, s.workspaceId),
            eq(conversation.shopId, s.shopId),
            eq(conversation.customerId, found.customerId),
          ),
        )
        .orderBy(desc(conversation.lastMessageAt))
        .limit(20);
      const visible = chats.filter((c) => canSeeConversation(viewer, c));
      return { order: found, conversationId: visible[0]?.id ?? null };
    },
  );
};
