import { browser } from 'wxt/browser';
import { allowedSitesItem } from './settings';

/** The built content script, registered again for each site the member allows. */
const CONTENT_SCRIPT = 'content-scripts/seller.js';
const scriptId = (origin: string) => `sidedesk-site-${origin.replace(/[^a-z0-9]+/gi, '-')}`;

/** "https://support.example.com/inbox" → "https://support.example.com"; null for anything but http(s). */
export function siteOrigin(address: string): string | null {
  try {
    const url = new URL(/^https?:\/\//i.test(address.trim()) ? address.trim() : `https://${address.trim()}`);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : null;
  } catch {
    return null;
  }
}

/**
 * Allows the overlay on one more site: asks the browser for the site (the member sees the prompt now, from
 * their click), then registers the content script there. False when the member said no.
 */
export async function allowSite(origin: string): Promise<boolean> {
  const granted = await browser.permissions.request({ origins: [`${origin}/*`] });
  if (!granted) return false;
  const sites = await allowedSitesItem.getValue();
  if (!sites.includes(origin)) await allowedSitesItem.setValue([...sites, origin]);
  await registerAllowedSites();
  return true;
}

export async function removeSite(origin: string): Promise<void> {
  await allowedSitesItem.setValue((await allowedSitesItem.getValue()).filter((o) => o !== origin));
  await browser.scripting.unregisterContentScripts({ ids: [scriptId(origin)] }).catch(() => undefined);
  await browser.permissions.remove({ origins: [`${origin}/*`] }).catch(() => false);
}

/** Makes the registered scripts match the allowed sites the browser still grants (run at every start). */
export async function registerAllowedSites(): Promise<void> {
  const sites = await allowedSitesItem.getValue();
  const registered = new Set((await browser.scripting.getRegisteredContentScripts()).map((s) => s.id));
  const wanted: string[] = [];
  for (const origin of sites) {
    if (await browser.permissions.contains({ origins: [`${origin}/*`] })) wanted.push(origin);
  }
  const stale = [...registered].filter((id) => !wanted.some((origin) => scriptId(origin) === id));
  if (stale.length > 0) await browser.scripting.unregisterContentScripts({ ids: stale });
  const missing = wanted.filter((origin) => !registered.has(scriptId(origin)));
  if (missing.length > 0) {
    await browser.scripting.registerContentScripts(
      missing.map((origin) => ({
        id: scriptId(origin),
        matches: [`${origin}/*`],
        js: [CONTENT_SCRIPT],
        runAt: 'document_idle' as const,
      })),
    );
  }
}
