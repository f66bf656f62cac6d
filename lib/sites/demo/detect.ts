// The demo seller center: the sync server's /demo/seller/chat and /demo/seller/orders pages, on whatever
// address the member signed in to (a server may live under a path, such as https://host/helpdesk/).
import { parseUrl, type DetectorExamples, type SitePage, type SiteSettings } from '../site';

const PAGES: Record<string, SitePage> = { 'demo/seller/chat': 'chat', 'demo/seller/orders': 'orders' };

export function detectDemo(url: URL, settings: SiteSettings): SitePage | null {
  for (const serverUrl of settings.serverUrls) {
    const server = parseUrl(serverUrl);
    if (!server || server.origin !== url.origin) continue;
    const base = server.pathname.endsWith('/') ? server.pathname : `${server.pathname}/`;
    if (!url.pathname.startsWith(base)) continue;
    const page = PAGES[url.pathname.slice(base.length).replace(/\/$/, '')];
    if (page) return page;
  }
  return null;
}

/** Written for EXAMPLE_SETTINGS. */
export const demoExamples: DetectorExamples = {
  'http://127.0.0.1:3000/demo/seller/chat': 'chat',
  'http://127.0.0.1:3000/demo/seller/chat?shop=shop_demo_it': 'chat',
  'http://127.0.0.1:3000/demo/seller/orders?shop=shop_demo_it&status=shipped': 'orders',
  'https://sidedesk.example.com/helpdesk/demo/seller/chat?shop=shop_demo_uk': 'chat',
  'https://sidedesk.example.com/helpdesk/demo/seller/orders/': 'orders',
  // The customer's side and the index are not the seller center.
  'http://127.0.0.1:3000/demo/customer?shop=shop_demo_it': null,
  'http://127.0.0.1:3000/demo': null,
  // Another port, or the path without the server's base, is another site.
  'http://127.0.0.1:3001/demo/seller/chat': null,
  'https://sidedesk.example.com/demo/seller/chat': null,
};
