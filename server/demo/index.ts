import { and, eq, isNull } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config';
import type { ChannelDelivery, InboxDeps } from '../inbox/hub';
import type { LifecycleService } from '../inbox/lifecycle';
import type { SidedeskIo } from '../realtime';
import type { Db } from '../store';
import { shop } from '../store/schema';
import { listShops, toMarketplaceMessage } from './marketplace';
import { DemoMarketplaceConnector } from './connector';
import { loadPages } from './pages';
import { demoRoutes } from './routes';
import { seedDemoIfEmpty } from './seed';
import { attachMarketplaceSockets, type MarketplaceSockets } from './sockets';

/** Where the demo marketplace's pages are, for the start script to print. */
export function demoUrls(publicUrl: string) {
  const base = publicUrl.replace(/\/$/, '');
  return {
    index: `${base}/demo`,
    sellerCenter: `${base}/demo/seller/chat`,
    orders: `${base}/demo/seller/orders`,
    customer: `${base}/demo/customer`,
  };
}

/**
 * The demo marketplace channel (product §10): seeds the demo workspace into an empty store, serves the seller
 * center and customer pages with their live sockets, and returns how a member's reply reaches the customer.
 */
export async function registerDemo(
  app: FastifyInstance,
  opts: { db: Db; io: SidedeskIo; deps: InboxDeps; config: Config; lifecycle: LifecycleService },
): Promise<ChannelDelivery> {
  const { db, io, deps, config, lifecycle } = opts;
  const { seeded, workspaceId } = await seedDemoIfEmpty(db);
  // The demo shops take the signed webhook too, so an integration can be tried against them.
  await db
    .update(shop)
    .set({ webhookSecret: config.demoWebhookSecret })
    .where(and(eq(shop.workspaceId, workspaceId), isNull(shop.webhookSecret)));
  const shops = await listShops(db, workspaceId);
  if (shops.length === 0) {
    app.log.warn('the store already holds other workspaces, so the demo marketplace has nothing to show');
  } else if (seeded) {
    app.log.info({ urls: demoUrls(config.publicUrl) }, 'seeded the demo workspace');
  }
  deps.connectors?.register(workspaceId, new DemoMarketplaceConnector(db));
  deps.outbound?.reachedByAnotherChannel(workspaceId);
  const sockets = attachMarketplaceSockets(io, db, deps, workspaceId, app.log);
  await app.register(demoRoutes, { db, deps, workspaceId, sockets, pages: await loadPages(), lifecycle });
  return marketplaceDelivery(workspaceId, sockets);
}

/** Replies from Sidedesk to the demo workspace's marketplace chats, shown to the customer as they commit. */
function marketplaceDelivery(demoWorkspaceId: string, sockets: MarketplaceSockets): ChannelDelivery {
  return {
    deliver(workspaceId, conversation, message) {
      if (workspaceId !== demoWorkspaceId || conversation.channel !== 'marketplace') return;
      // Internal notes and system lines never leave Sidedesk.
      if (message.direction !== 'outbound') return;
      sockets.show(conversation, toMarketplaceMessage(message));
    },
    typing(workspaceId, conversation, until) {
      if (workspaceId === demoWorkspaceId && conversation.channel === 'marketplace')
        sockets.showTyping(conversation, until);
    },
    seen(workspaceId, conversation, readUpTo) {
      if (workspaceId === demoWorkspaceId && conversation.channel === 'marketplace')
        sockets.showSeen(conversation, readUpTo);
    },
  };
}
