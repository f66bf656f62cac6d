// Every seller-center adapter, the specific ones before the generic one: a site the member also allowed
// by hand keeps its own adapter.
import { amazonAdapter } from './amazon/adapter';
import { demoAdapter } from './demo/adapter';
import { genericAdapter } from './generic/adapter';
import type { SiteAdapter, SitePage, SiteSettings } from './site';
import { tiktokShopAdapter } from './tiktok-shop/adapter';

export const ADAPTERS: readonly SiteAdapter[] = [
  demoAdapter,
  tiktokShopAdapter,
  amazonAdapter,
  genericAdapter,
];

export function siteFor(
  address: string | URL,
  settings: SiteSettings,
): { adapter: SiteAdapter; page: SitePage } | null {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return null;
  }
  for (const adapter of ADAPTERS) {
    const page = adapter.detect(url, settings);
    if (page) return { adapter, page };
  }
  return null;
}
