import { MARKETPLACE_DOMAINS } from './amazon/detect';

// The manifest's match patterns for the content script: every page a specific adapter may detect (the
// detectors decide within them). The demo seller center runs on the member's own server: on this computer
// by default (a match pattern without a port matches any port); another address is allowed on the options page.
export const SELLER_CENTER_MATCHES = [
  'http://127.0.0.1/demo/seller/*',
  'http://localhost/demo/seller/*',
  'https://*.tiktok.com/*',
  'https://seller.tiktokshop.com/*',
  'https://seller.tiktokglobalshop.com/*',
  'https://sellercentral-europe.amazon.com/*',
  'https://sellercentral-japan.amazon.com/*',
  ...[...MARKETPLACE_DOMAINS].map((domain) => `https://sellercentral.amazon.${domain}/*`),
] as const;

/** Whether a match pattern covers a URL, as the browser reads one (scheme, host with `*.`, any port, path glob). */
export function matchesPattern(pattern: string, url: URL): boolean {
  const found = /^(https?|\*):\/\/([^/]+)(\/.*)$/.exec(pattern);
  if (!found) return false;
  const [, scheme, host, path] = found as unknown as [string, string, string, string];
  if (scheme !== '*' && `${scheme}:` !== url.protocol) return false;
  const hostMatches = host.startsWith('*.')
    ? url.hostname === host.slice(2) || url.hostname.endsWith(host.slice(1))
    : host === '*' || url.hostname === host;
  if (!hostMatches) return false;
  const glob = new RegExp(
    `^${path
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return glob.test(url.pathname + url.search);
}
