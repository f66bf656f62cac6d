import { eq, max } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Namespace } from 'socket.io';
import { z } from 'zod';
import type { Conversation } from '../../lib/protocol';
import type { SidedeskIo } from '../realtime';
import { customerTyping, recordCustomerRead } from '../inbox/activity';
import { ongoingMarketplaceChat } from '../inbox/conversations';
import type { InboxDeps } from '../inbox/hub';
import type { Db } from '../store';
import { conversationRead } from '../store/schema';
import { customerChatQuery, shopQuery, type MarketplaceMessage } from './api';
import { findCustomerByHandle, requireShop } from './marketplace';

/**
 * The demo marketplace's live chat: the customer page listens on one namespace (a room per shop and customer),
 * the seller center on another (a room per shop). Neither needs a Sidedesk session; both reach only the demo
 * workspace.
 */
export const CUSTOMER_NAMESPACE = '/demo-customer';
export const SELLER_CENTER_NAMESPACE = '/demo-seller-center';

interface MarketplaceChatEvents {
  'message.created': (message: MarketplaceMessage) => void;
  /** The shop is typing a reply (customer pages only). */
  typing: (notice: { until: string }) => void;
  /** The shop has read the customer's messages up to a time (customer pages only). */
  seen: (receipt: { readUpTo: string }) => void;
}

interface CustomerPageEvents {
  typing: () => void;
  read: (receipt: { readUpTo: string }) => void;
}

// These namespaces speak their own events, which SidedeskIo's type parameters (the member socket's) do not list.
type MarketplaceNamespace = Namespace<
  CustomerPageEvents,
  MarketplaceChatEvents,
  Record<string, never>,
  { room: string; shopId: string; customerId: string }
>;

const readReceipt = z.object({ readUpTo: z.iso.datetime({ offset: true }) });

const customerRoom = (shopId: string, customerId: string) => `customer:${shopId}:${customerId}`;
const shopRoom = (shopId: string) => `shop:${shopId}`;

export interface MarketplaceSockets {
  /** Shows a chat message live on the marketplace: in the shop's seller center and, for a reply, to the customer. */
  show(conversation: Pick<Conversation, 'shopId' | 'customerId'>, message: MarketplaceMessage): void;
  /** Shows the customer that the shop is typing. */
  showTyping(conversation: Pick<Conversation, 'shopId' | 'customerId'>, until: Date): void;
  /** Shows the customer how far the shop has read. */
  showSeen(conversation: Pick<Conversation, 'shopId' | 'customerId'>, readUpTo: Date): void;
}

export function attachMarketplaceSockets(
  io: SidedeskIo,
  db: Db,
  deps: InboxDeps,
  workspaceId: string,
  log: FastifyBaseLogger,
): MarketplaceSockets {
  const customerPages = io.of(CUSTOMER_NAMESPACE) as unknown as MarketplaceNamespace;
  const sellerCenters = io.of(SELLER_CENTER_NAMESPACE) as unknown as MarketplaceNamespace;

  customerPages.use(async (socket, next) => {
    const parsed = customerChatQuery.safeParse(socket.handshake.auth);
    if (!parsed.success) return next(new Error('shopId and customerHandle are required'));
    try {
      await requireShop(db, workspaceId, parsed.data.shopId);
      const found = await findCustomerByHandle(db, workspaceId, parsed.data.customerHandle);
      if (!found) return next(new Error(`Customer @${parsed.data.customerHandle} was not found`));
      socket.data.room = customerRoom(parsed.data.shopId, found.id);
      socket.data.shopId = parsed.data.shopId;
      socket.data.customerId = found.id;
      next();
    } catch (error) {
      next(error instanceof Error ? error : new Error('The customer could not be checked'));
    }
  });
  sellerCenters.use(async (socket, next) => {
    const parsed = shopQuery.safeParse(socket.handshake.auth);
    if (!parsed.success) return next(new Error('shopId is required'));
    try {
      await requireShop(db, workspaceId, parsed.data.shopId);
      socket.data.room = shopRoom(parsed.data.shopId);
      next();
    } catch (error) {
      next(error instanceof Error ? error : new Error('The shop could not be checked'));
    }
  });
  for (const namespace of [customerPages, sellerCenters]) {
    namespace.on('connection', (socket) => void socket.join(socket.data.room));
  }

  // What the customer's page reports goes to the customer's ongoing chat with the shop, if there is one.
  const failed = (error: unknown) => log.error({ err: error }, 'a customer page signal failed');
  customerPages.on('connection', (socket) => {
    const { shopId, customerId } = socket.data;
    void ongoingMarketplaceChat(db, workspaceId, shopId, { customerId })
      .then(async (chat) => {
        const seen = chat && (await shopReadUpTo(db, chat));
        if (seen) socket.emit('seen', { readUpTo: seen.toISOString() });
      })
      .catch(failed);
    socket.on('typing', () => {
      void ongoingMarketplaceChat(db, workspaceId, shopId, { customerId })
        .then((chat) => (chat ? customerTyping(db, deps, workspaceId, chat) : undefined))
        .catch(failed);
    });
    socket.on('read', (payload) => {
      const parsed = readReceipt.safeParse(payload);
      if (!parsed.success) return;
      void ongoingMarketplaceChat(db, workspaceId, shopId, { customerId })
        .then((chat) =>
          chat ? recordCustomerRead(db, deps, workspaceId, chat, new Date(parsed.data.readUpTo)) : undefined,
        )
        .catch(failed);
    });
  });

  return {
    showTyping(conversation, until) {
      customerPages
        .to(customerRoom(conversation.shopId, conversation.customerId))
        .emit('typing', { until: until.toISOString() });
    },
    showSeen(conversation, readUpTo) {
      customerPages
        .to(customerRoom(conversation.shopId, conversation.customerId))
        .emit('seen', { readUpTo: readUpTo.toISOString() });
    },
    show(conversation, message) {
      sellerCenters.to(shopRoom(conversation.shopId)).emit('message.created', message);
      // The customer's page adds what the customer sent from its own request; it is told only of the shop's replies.
      if (message.direction === 'outbound') {
        customerPages
          .to(customerRoom(conversation.shopId, conversation.customerId))
          .emit('message.created', message);
      }
    },
  };
}

/** How far any member of the shop has read a conversation. */
async function shopReadUpTo(db: Db, conversationId: string): Promise<Date | null> {
  const [row] = await db
    .select({ upTo: max(conversationRead.readUpTo) })
    .from(conversationRead)
    .where(eq(conversationRead.conversationId, conversationId));
  return row?.upTo ? new Date(row.upTo) : null;
}
