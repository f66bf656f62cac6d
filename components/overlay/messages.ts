import { browser } from 'wxt/browser';
import type { OverlayRequest, OverlayResponse, SiteSettingsAnswer } from '@/lib/protocol';

/** The content script's only way out: a question to the background, which holds the session and the cache. */
export async function askBackgroundFromPage<T extends OverlayResponse | SiteSettingsAnswer>(
  request: OverlayRequest,
): Promise<T | { ok: false; error: string }> {
  try {
    const answer = (await browser.runtime.sendMessage(request)) as T | undefined;
    return answer ?? { ok: false, error: 'no answer' };
  } catch (error) {
    // The extension was reloaded or updated under the page: this script is orphaned until the page reloads.
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
