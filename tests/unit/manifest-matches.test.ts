import { describe, expect, it } from 'vitest';
import { amazonExamples } from '../../lib/sites/amazon/detect';
import { SELLER_CENTER_MATCHES, matchesPattern } from '../../lib/sites/manifest-matches';
import { tiktokShopExamples } from '../../lib/sites/tiktok-shop/detect';

const covered = (address: string) => SELLER_CENTER_MATCHES.some((p) => matchesPattern(p, new URL(address)));

describe("the content script's match patterns", () => {
  it('cover every page the TikTok Shop and Amazon detectors take', () => {
    for (const [address, page] of Object.entries({ ...tiktokShopExamples, ...amazonExamples })) {
      if (page !== null) expect(covered(address), address).toBe(true);
    }
  });

  it('cover the demo seller center on this computer, on any port, and not its customer page', () => {
    expect(covered('http://127.0.0.1:8787/demo/seller/chat?shop=x')).toBe(true);
    expect(covered('http://localhost:3000/demo/seller/orders')).toBe(true);
    expect(covered('http://127.0.0.1:8787/demo/customer')).toBe(false);
    expect(covered('https://sellercentral.amazon.example.com/messaging/inbox')).toBe(false);
  });

  it('read a pattern as the browser does', () => {
    expect(matchesPattern('https://*.tiktok.com/*', new URL('https://tiktok.com/'))).toBe(true);
    expect(matchesPattern('https://*.tiktok.com/*', new URL('https://eviltiktok.com/'))).toBe(false);
    expect(matchesPattern('https://*.tiktok.com/*', new URL('http://seller-us.tiktok.com/'))).toBe(false);
  });
});
