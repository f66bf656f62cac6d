// What every seller-center adapter provides. Detection is a pure function of the URL (and of the member's
// settings, for the sites whose address the member chooses), so it is tested with URLs alone.

/** What the member configured that decides which sites Sidedesk works on. */
export interface SiteSettings {
  /** The sync servers the member signed in to (a full URL each); the demo seller center is served there. */
  serverUrls: readonly string[];
  /** Origins the member allowed for the generic adapter, such as "https://support.example.com". */
  allowedOrigins: readonly string[];
}

/** A page of a seller center that Sidedesk works on: where the chat is, or where the orders are. */
export type SitePage = 'chat' | 'orders';

/**
 * One way to find an element. `since` dates when we first saw it (YYYY-MM-DD) and `note` says where, so a
 * variant that stopped matching can be retired; the newest variant comes first.
 */
export interface SelectorVariant {
  selector: string;
  since: string;
  note?: string;
}

export interface SiteSelectors {
  /** The chat box a reply goes into. */
  composer: readonly SelectorVariant[];
  /** The name of the customer of the open chat. */
  customerName: readonly SelectorVariant[];
  /** Elements that show an order id of the open chat or the orders list. */
  orderIds: readonly SelectorVariant[];
}

/** What an adapter can read from its pages: from the URL, and from the DOM through its selectors. */
export interface PageFacts {
  customerName?: string;
  orderIds: string[];
}

export interface SiteAdapter {
  id: 'demo' | 'tiktok-shop' | 'amazon' | 'generic';
  /** Which of this site's pages `url` is, or null when it is none of them. */
  detect(url: URL, settings: SiteSettings): SitePage | null;
  selectors: SiteSelectors;
  /** Order ids as this site writes them, to turn them into links; null when the site has none we know. */
  orderId: RegExp | null;
  /** The site's own page for an order, opened from a linked order id. */
  orderUrl(orderId: string, page: URL): string | null;
  /** Facts the URL alone gives (such as the order a "contact buyer" page is about). */
  factsFromUrl(url: URL): PageFacts;
}

/** A detector's test URLs, written next to it: what each should be detected as (null: not this site's). */
export type DetectorExamples = Readonly<Record<string, SitePage | null>>;

/** The settings the detectors' test URLs are written for. */
export const EXAMPLE_SETTINGS: SiteSettings = {
  serverUrls: ['http://127.0.0.1:3000', 'https://sidedesk.example.com/helpdesk/'],
  allowedOrigins: ['https://support.example.org', 'http://localhost:8080'],
};

/** `new URL()` that returns null for a malformed address (URL.parse needs Chrome 126). */
export function parseUrl(address: string): URL | null {
  try {
    return new URL(address);
  } catch {
    return null;
  }
}

/** Finds the first element matching one of the variants, with the variant that matched. */
export function findFirst(
  root: ParentNode,
  variants: readonly SelectorVariant[],
): { element: HTMLElement; variant: SelectorVariant } | null {
  for (const variant of variants) {
    const element = root.querySelector<HTMLElement>(variant.selector);
    if (element) return { element, variant };
  }
  return null;
}

/** Every order id `pattern` finds in `text`, once each, in order. */
export function orderIdsIn(text: string, pattern: RegExp | null): string[] {
  if (!pattern) return [];
  const global = new RegExp(
    pattern.source,
    pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`,
  );
  return [...new Set(Array.from(text.matchAll(global), (m) => m[0]))];
}

/** What the page shows, read through the adapter's selectors, with what its URL says. */
export function readPageFacts(root: ParentNode, adapter: SiteAdapter, url: URL): PageFacts {
  const fromUrl = adapter.factsFromUrl(url);
  const name = findFirst(root, adapter.selectors.customerName)?.element.textContent?.trim();
  const shown = adapter.selectors.orderIds.flatMap((variant) =>
    Array.from(root.querySelectorAll(variant.selector), (element) =>
      orderIdsIn(element.textContent ?? '', adapter.orderId),
    ).flat(),
  );
  return {
    customerName: name || fromUrl.customerName,
    orderIds: [...new Set([...fromUrl.orderIds, ...shown])],
  };
}
