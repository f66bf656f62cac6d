import { browser } from 'wxt/browser';
import { serverOfOpenTab } from './server-hint';

/**
 * The invitation link of the tab beside the side panel, when it shows a Sidedesk server's `/invite?token=…`
 * page (the server answering /healthz as Sidedesk), or null. The tab's address is known when the member
 * opened the panel from that tab (the toolbar button or the key), as for the server hint.
 */
export async function invitationOfOpenTab(): Promise<string | null> {
  const own = browser.runtime.getURL('/');
  const tabs = await browser.tabs.query({ lastFocusedWindow: true });
  const urls = tabs
    .filter((t) => t.url && !t.url.startsWith(own))
    .sort((a, b) => Number(b.active) - Number(a.active) || (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0))
    .map((t) => new URL(t.url!));
  const page = urls[0];
  if (!page || page.pathname !== '/invite' || !page.searchParams.get('token')) return null;
  // The same tab must be a Sidedesk server's, not any site with an /invite page.
  return (await serverOfOpenTab()) === page.origin ? page.href : null;
}
