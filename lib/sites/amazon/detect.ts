// Amazon Seller Central, one host per marketplace (sellercentral.amazon.com, .co.uk, .de, .co.jp…) plus the
// unified sellercentral-europe.amazon.com and sellercentral-japan.amazon.com. Buyer-Seller Messages live
// under /messaging/ (inbox, inbox-v3, and contact?orderID=… to write to a buyer about an order); orders
// under /orders-v3 (/orders-v3/order/123-1234567-1234567 for one). /messaging/reviews (request a review)
// has no chat.
import type { DetectorExamples, SitePage } from '../site';

/** The domains of the marketplaces with a Seller Central of their own (sellercentral.amazon.DOMAIN). */
export const MARKETPLACE_DOMAINS: ReadonlySet<string> = new Set([
  'com',
  'ca',
  'com.mx',
  'com.br',
  'co.uk',
  'de',
  'fr',
  'it',
  'es',
  'nl',
  'se',
  'pl',
  'com.tr',
  'com.be',
  'ie',
  'ae',
  'sa',
  'eg',
  'in',
  'co.jp',
  'com.au',
  'sg',
  'co.za',
]);

function isSellerCentral(hostname: string): boolean {
  if (hostname === 'sellercentral-europe.amazon.com' || hostname === 'sellercentral-japan.amazon.com')
    return true;
  const prefix = 'sellercentral.amazon.';
  return hostname.startsWith(prefix) && MARKETPLACE_DOMAINS.has(hostname.slice(prefix.length));
}

const CHAT_PAGES = ['/messaging/inbox', '/messaging/inbox-v3', '/messaging/contact'];

export function detectAmazon(url: URL): SitePage | null {
  if (url.protocol !== 'https:' || !isSellerCentral(url.hostname)) return null;
  const path = url.pathname.replace(/\/$/, '');
  if (CHAT_PAGES.some((page) => path === page || path.startsWith(`${page}/`))) return 'chat';
  if (path === '/orders-v3' || path.startsWith('/orders-v3/')) return 'orders';
  return null;
}

export const amazonExamples: DetectorExamples = {
  'https://sellercentral.amazon.com/messaging/inbox': 'chat',
  'https://sellercentral.amazon.com/messaging/inbox-v3?fi=responseNeeded': 'chat',
  'https://sellercentral.amazon.co.uk/messaging/inbox/ref=ag_cmin_wper_home?fi=RESPONSE_NEEDED&pn=1': 'chat',
  'https://sellercentral.amazon.co.jp/messaging/contact?orderID=250-1234567-1234567&marketplaceID=A1VC38T7YXB528':
    'chat',
  'https://sellercentral-europe.amazon.com/messaging/inbox?fi=search&ss=305-1234567-7654321': 'chat',
  'https://sellercentral.amazon.de/orders-v3?page=1': 'orders',
  'https://sellercentral.amazon.com/orders-v3/order/112-1234567-1234567': 'orders',
  'https://sellercentral-japan.amazon.com/orders-v3/search?q=B0EXAMPLE&qt=asin': 'orders',
  // Elsewhere in Seller Central, the shop itself, and look-alike hosts.
  'https://sellercentral.amazon.com/home': null,
  'https://sellercentral.amazon.com/messaging/reviews?orderId=112-1234567-1234567': null,
  'https://sellercentral.amazon.com/gp/help/external/200389080': null,
  'https://www.amazon.com/gp/css/order-history': null,
  'https://sellercentral.amazon.example.com/messaging/inbox': null,
  'https://sellercentral.amazon.co/messaging/inbox': null,
};
