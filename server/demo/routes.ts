import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, eq, gt, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { checked, conflict, HttpError, notFound } from '../errors';
import { voucher } from '../store/schema';
import { ingestInbound } from '../inbox/ingest';
import type { InboxDeps } from '../inbox/hub';
import type { LifecycleService } from '../inbox/lifecycle';
import type { Db } from '../store';
import {
  assetParams,
  customerChatQuery,
  customerHistory,
  customerMessageBody,
  customerRatingBody,
  customerMessageResult,
  demoContext,
  ordersQuery,
  sellerConversationList,
  sellerConversationMessages,
  sellerConversationParams,
  sellerOrderList,
  sellerOrdersPageQuery,
  sellerPageQuery,
  sellerReplyBody,
  sellerReplyResult,
  shopQuery,
  voucherClaimParams,
  voucherClaimResult,
} from './api';
import {
  customerChatHistory,
  listShops,
  loadContext,
  loadWorkspace,
  requireCustomer,
  requireShop,
  sellerConversations,
  sellerConversationWithMessages,
  sellerOrders,
  toMarketplaceMessage,
} from './marketplace';
import {
  renderCustomerPage,
  renderIndexPage,
  renderSellerChatPage,
  renderSellerOrdersPage,
  type DemoPages,
} from './pages';
import { DEMO_SIGN_INS } from './seed';
import { recordMarketplaceReply } from '../inbox/outbound';
import type { MarketplaceSockets } from './sockets';

export interface DemoRoutesOptions {
  db: Db;
  deps: InboxDeps;
  /** The demo workspace: every route reads and writes only this one. */
  workspaceId: string;
  sockets: MarketplaceSockets;
  pages: DemoPages;
  /** Records the customer's rating of an ended session. */
  lifecycle: LifecycleService;
}

const sendHtml = (reply: FastifyReply, html: string) => reply.type('text/html; charset=utf-8').send(html);

/** The demo marketplace's pages and their JSON API. No sign-in: it stands for a marketplace on this machine. */
export const demoRoutes: FastifyPluginAsyncZod<DemoRoutesOptions> = async (
  app,
  { db, deps, workspaceId, sockets, pages, lifecycle },
) => {
  /** The shops for the seller pages' switcher, and the one asked for (the first when none is). */
  async function sellerShops(shopId: string | undefined) {
    const { workspace, shops } = await loadWorkspace(db, workspaceId);
    const current = shopId ? shops.find((s) => s.id === shopId) : shops[0];
    if (!current) throw notFound(shopId ? `Shop ${shopId}` : 'A demo shop');
    return { workspaceName: workspace.name, shops, current };
  }

  app.get('/demo', async (_request, reply) => {
    const shops = await listShops(db, workspaceId);
    return sendHtml(reply, renderIndexPage(pages, shops, DEMO_SIGN_INS));
  });

  app.get('/demo/customer', async (_request, reply) => sendHtml(reply, renderCustomerPage(pages)));

  app.get('/demo/seller/chat', { schema: { querystring: sellerPageQuery } }, async (request, reply) => {
    const { workspaceName, shops, current } = await sellerShops(request.query.shop);
    return sendHtml(reply, renderSellerChatPage(pages, shops, current, workspaceName));
  });

  app.get(
    '/demo/seller/orders',
    { schema: { querystring: sellerOrdersPageQuery } },
    async (request, reply) => {
      const { workspaceName, shops, current } = await sellerShops(request.query.shop);
      const orders = await sellerOrders(db, workspaceId, current.id);
      return sendHtml(
        reply,
        renderSellerOrdersPage(pages, shops, current, workspaceName, orders, request.query.status),
      );
    },
  );

  app.get('/demo/assets/:file', { schema: { params: assetParams } }, async (request, reply) => {
    const asset = pages.assets.get(request.params.file);
    if (!asset) throw notFound(`The page asset ${request.params.file}`);
    return reply.type(asset.contentType).header('cache-control', 'no-cache').send(asset.body);
  });

  app.get('/demo/api/context', { schema: { response: { 200: demoContext } } }, async () =>
    loadContext(db, workspaceId),
  );

  app.get(
    '/demo/api/customer/history',
    { schema: { querystring: customerChatQuery, response: { 200: customerHistory } } },
    async (request) => {
      await requireShop(db, workspaceId, request.query.shopId);
      const customer = await requireCustomer(db, workspaceId, request.query.customerHandle);
      return {
        customer,
        messages: await customerChatHistory(db, workspaceId, request.query.shopId, customer.id),
      };
    },
  );

  app.post(
    '/demo/api/customer/messages',
    { schema: { body: customerMessageBody, response: { 200: customerMessageResult } } },
    async (request) => {
      const { shopId, customerHandle, externalId, body, attachmentId } = request.body;
      await requireShop(db, workspaceId, shopId);
      const customer = await requireCustomer(db, workspaceId, customerHandle);
      const result = await ingestInbound(
        db,
        deps,
        workspaceId,
        {
          shopId,
          channel: 'marketplace',
          customerHandle: customer.handle,
          customerName: customer.displayName,
          externalId,
          body,
        },
        attachmentId ? { attachmentId, customerId: customer.id } : undefined,
      );
      const message = toMarketplaceMessage(result.message);
      // The seller center sees it live, as on the marketplace.
      if (!result.duplicate) sockets.show(result.conversation, message);
      return { message, duplicate: result.duplicate };
    },
  );

  // The buyer's picture, video or file: the raw bytes, as the marketplace's own upload would take them.
  app.post('/demo/api/customer/attachments', async (request) => {
    const { shopId, customerHandle } = checked(customerChatQuery, request.query, 'querystring');
    await requireShop(db, workspaceId, shopId);
    const customer = await requireCustomer(db, workspaceId, customerHandle);
    if (!Buffer.isBuffer(request.body) || !deps.attachments)
      throw new HttpError(400, 'invalid_input', 'body: send the file itself', 'body');
    let name = '';
    try {
      name = decodeURIComponent(String(request.headers['x-file-name'] ?? ''));
    } catch {
      name = '';
    }
    return deps.attachments.upload(
      workspaceId,
      { customerId: customer.id },
      { name, contentType: request.headers['content-type'] ?? '', data: request.body },
    );
  });

  // One claim takes one voucher, in one statement, so two buyers can never take the last one both.
  app.post(
    '/demo/api/customer/vouchers/:voucherId/claim',
    {
      schema: { params: voucherClaimParams, body: customerChatQuery, response: { 200: voucherClaimResult } },
    },
    async (request) => {
      await requireShop(db, workspaceId, request.body.shopId);
      await requireCustomer(db, workspaceId, request.body.customerHandle);
      const now = new Date();
      const where = and(eq(voucher.id, request.params.voucherId), eq(voucher.shopId, request.body.shopId));
      const [taken] = await db
        .update(voucher)
        .set({ claimed: sql`${voucher.claimed} + 1` })
        .where(
          and(
            where,
            lte(voucher.startsAt, now),
            gt(voucher.expiresAt, now),
            or(isNull(voucher.quantity), lt(voucher.claimed, voucher.quantity)),
          ),
        )
        .returning({ claimed: voucher.claimed, quantity: voucher.quantity });
      if (taken) {
        return {
          claimed: taken.claimed,
          remaining: taken.quantity === null ? null : taken.quantity - taken.claimed,
        };
      }
      const [found] = await db.select().from(voucher).where(where);
      if (!found) throw notFound(`Voucher ${request.params.voucherId}`);
      throw conflict(
        found.expiresAt <= now
          ? 'This voucher has expired'
          : found.startsAt > now
            ? 'This voucher has not started yet'
            : 'This voucher has run out',
      );
    },
  );

  app.post('/demo/api/customer/rating', { schema: { body: customerRatingBody } }, async (request) => {
    const { conversationId, rating, comment } = request.body;
    await lifecycle.recordRating(workspaceId, conversationId, rating, comment ?? null);
    return { ok: true };
  });

  app.get(
    '/demo/api/seller/conversations',
    { schema: { querystring: shopQuery, response: { 200: sellerConversationList } } },
    async (request) => ({ conversations: await sellerConversations(db, workspaceId, request.query.shopId) }),
  );

  app.get(
    '/demo/api/seller/conversations/:conversationId/messages',
    { schema: { params: sellerConversationParams, response: { 200: sellerConversationMessages } } },
    async (request) => sellerConversationWithMessages(db, workspaceId, request.params.conversationId),
  );

  app.post(
    '/demo/api/seller/conversations/:conversationId/replies',
    {
      schema: {
        params: sellerConversationParams,
        body: sellerReplyBody,
        response: { 200: sellerReplyResult },
      },
    },
    async (request) => {
      const result = await recordMarketplaceReply(
        db,
        deps.hub,
        workspaceId,
        request.params.conversationId,
        request.body,
      );
      const message = toMarketplaceMessage(result.message);
      // The marketplace shows its own seller's reply to the customer; no channel delivery is needed (or wanted).
      if (!result.duplicate) sockets.show(result.conversation, message);
      return { conversation: result.conversation, message, duplicate: result.duplicate };
    },
  );

  app.get(
    '/demo/api/seller/orders',
    { schema: { querystring: ordersQuery, response: { 200: sellerOrderList } } },
    async (request) => ({
      orders: await sellerOrders(db, workspaceId, request.query.shopId, request.query.customerId),
    }),
  );
};
