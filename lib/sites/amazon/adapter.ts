import type { SiteAdapter } from '../site';
import { detectAmazon } from './detect';
import { amazonSelectors } from './selectors';

/** Amazon order ids: 3, 7 and 7 digits (112-1234567-1234567). */
const ORDER_ID = /\b\d{3}-\d{7}-\d{7}\b/;
const WHOLE_ORDER_ID = new RegExp(`^${ORDER_ID.source.replaceAll('\\b', '')}$`);

export const amazonAdapter: SiteAdapter = {
  id: 'amazon',
  detect: detectAmazon,
  selectors: amazonSelectors,
  orderId: ORDER_ID,
  orderUrl: (orderId, page) => new URL(`/orders-v3/order/${encodeURIComponent(orderId)}`, page.origin).href,
  factsFromUrl: (url) => {
    const candidates = [
      url.searchParams.get('orderID'),
      url.searchParams.get('orderId'),
      /^\/orders-v3\/order\/([^/]+)/.exec(url.pathname)?.[1] ?? null,
    ];
    return { orderIds: candidates.filter((id): id is string => id !== null && WHOLE_ORDER_ID.test(id)) };
  },
};
