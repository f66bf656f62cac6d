import { browser } from 'wxt/browser';

/** What a Sidedesk server answers at /healthz, which tells it from any other site. */
const SIDEDESK_SERVICE = 'sidedesk';

/**
 * The Sidedesk server whose page the side panel was opened beside (its demo seller center, or any page of its
 * origin), or null. The tab's address is known when the member opened the panel from that tab (a key or the
 * toolbar button); on a seller-center page the content script tells it. The origin counts only if it answers
 * /healthz as a Sidedesk server.
 */
export async function serverOfOpenTab(timeoutMs = 2_000): Promise<string | null> {
  const address = await addressOfOpenTab();
  if (!address) return null;
  return (await isSidedeskServer(new URL(address).origin, timeoutMs)) ? new URL(address).origin : null;
}

/** The setup link (`…/setup?token=…`) of a Sidedesk server open in the tab beside the panel, or null. */
export async function setupLinkOfOpenTab(timeoutMs = 2_000): Promise<string | null> {
  const address = await addressOfOpenTab();
  if (!address) return null;
  const url = new URL(address);
  if (url.pathname !== '/setup' || !url.searchParams.get('token')) return null;
  return (await isSidedeskServer(url.origin, timeoutMs)) ? address : null;
}

async function isSidedeskServer(origin: string, timeoutMs: number): Promise<boolean> {
  try {
    const response = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(timeoutMs) });
    const body = (await response.json()) as { service?: unknown };
    return response.ok && body.service === SIDEDESK_SERVICE;
  } catch {
    return false;
  }
}

/** The address of the tab beside the panel, when it is a web page. */
async function addressOfOpenTab(): Promise<string | null> {
  const own = browser.runtime.getURL('/');
  const tabs = await browser.tabs.query({ lastFocusedWindow: true });
  // The tab beside the panel is the active one; with the panel in a tab of its own, the one used last before it.
  const [tab] = tabs
    .filter((t) => !t.url?.startsWith(own))
    .sort((a, b) => Number(b.active) - Number(a.active) || (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0));
  if (!tab) return null;
  const address =
    tab.url ??
    (tab.id === undefined
      ? undefined
      : ((await browser.tabs.sendMessage(tab.id, { type: 'sidedesk.pageOrigin' }).catch(() => undefined)) as
          string | undefined));
  return address && /^https?:/.test(address) ? address : null;
}
