import type { Namespace } from 'socket.io';
import type { Conversation } from '../../lib/protocol';
import type { SidedeskIo } from '../realtime';
import type { Db } from '../store';
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
}

// These namespaces speak their own events, which SidedeskIo's type parameters (the member socket's) do not list.
type MarketplaceNamespace = Namespace<
  Record<string, never>,
  MarketplaceChatEvents,
  Record<string, never>,
  { room: string }
>;

const customerRoom = (shopId: string, customerId: string) => `customer:${shopId}:${customerId}`;
const shopRoom = (shopId: string) => `shop:${shopId}`;

export interface MarketplaceSockets {
  /** Shows a chat message live on the marketplace: in the shop's seller center and, for a reply, to the customer. */
  show(conversation: Pick<Conversation, 'shopId' | 'customerId'>, message: MarketplaceMessage): void;
}

export function attachMarketplaceSockets(io: SidedeskIo, db: Db, workspaceId: string): MarketplaceSockets {
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

  return {
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
