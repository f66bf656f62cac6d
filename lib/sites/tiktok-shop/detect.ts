// TikTok Shop Seller Center. Regional seller centers live on seller-<region>.tiktok.com (seller-us,
// seller-uk, seller-vn, seller-id, seller-my, seller-br…); seller.tiktokshop.com and
// seller.tiktokglobalshop.com (cross-border sellers) serve the same app. The customer chat is under /chat
// (/chat/inbox/current?shop_region=US…), orders under /order (/order/detail?order_no=…). Sign-in hosts
// (seller-us-accounts.tiktok.com) and the affiliate center (affiliate-us.tiktok.com) are not it.
import type { DetectorExamples, SitePage } from '../site';

const HOST = /^(?:seller-[a-z]{2}\.tiktok\.com|seller\.tiktokshop\.com|seller\.tiktokglobalshop\.com)$/;

const under = (pathname: string, section: string) =>
  pathname === section || pathname.startsWith(`${section}/`);

export function detectTikTokShop(url: URL): SitePage | null {
  if (url.protocol !== 'https:' || !HOST.test(url.hostname)) return null;
  if (under(url.pathname, '/chat')) return 'chat';
  if (under(url.pathname, '/order')) return 'orders';
  return null;
}

export const tiktokShopExamples: DetectorExamples = {
  'https://seller-us.tiktok.com/chat/inbox/current?lang=en&shop_region=US': 'chat',
  'https://seller-uk.tiktok.com/chat?shop_region=GB': 'chat',
  'https://seller-vn.tiktok.com/chat': 'chat',
  'https://seller.tiktokshop.com/chat/inbox/current': 'chat',
  'https://seller.tiktokglobalshop.com/chat/inbox/current?shop_region=DE': 'chat',
  'https://seller-us.tiktok.com/order?tab=to_ship': 'orders',
  'https://seller-my.tiktok.com/order/detail?order_no=581769084568176530&shop_region=MY': 'orders',
  // The rest of the seller center, its sign-in and its neighbours.
  'https://seller-us.tiktok.com/homepage': null,
  'https://seller-uk.tiktok.com/university/essay?knowledge_id=1': null,
  'https://seller-us.tiktok.com/chatbot': null,
  'https://seller-us-accounts.tiktok.com/account/login': null,
  'https://affiliate-us.tiktok.com/connection/creator-management': null,
  'https://www.tiktok.com/messages': null,
  'http://seller-us.tiktok.com/chat': null,
};
