import type { SiteAdapter } from '../site';
import { detectDemo } from './detect';
import { demoSelectors } from './selectors';

export const demoAdapter: SiteAdapter = {
  id: 'demo',
  detect: detectDemo,
  selectors: demoSelectors,
  // The demo marketplace numbers orders as TikTok Shop does: 18 digits, starting with 57.
  orderId: /\b57\d{16}\b/,
  // The demo has no page per order: its orders page, for the shop the page is about.
  orderUrl: (_orderId, page) => {
    const orders = new URL('orders', page);
    const shop = page.searchParams.get('shop');
    orders.search = shop ? new URLSearchParams({ shop }).toString() : '';
    return orders.href;
  },
  factsFromUrl: () => ({ orderIds: [] }),
};
