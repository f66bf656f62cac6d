import type { SiteAdapter } from '../site';
import { detectTikTokShop } from './detect';
import { tiktokShopSelectors } from './selectors';

export const tiktokShopAdapter: SiteAdapter = {
  id: 'tiktok-shop',
  detect: detectTikTokShop,
  selectors: tiktokShopSelectors,
  // Order numbers are 18 digits starting with 5 (576…, 581…, 586…).
  orderId: /\b5\d{17}\b/,
  orderUrl: (orderId, page) => {
    const detail = new URL('/order/detail', page.origin);
    detail.searchParams.set('order_no', orderId);
    const region = page.searchParams.get('shop_region');
    if (region) detail.searchParams.set('shop_region', region);
    return detail.href;
  },
  factsFromUrl: (url) => {
    const orderNo = url.pathname === '/order/detail' ? url.searchParams.get('order_no') : null;
    return { orderIds: orderNo && /^5\d{17}$/.test(orderNo) ? [orderNo] : [] };
  },
};
