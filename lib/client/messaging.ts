import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import type { ExtensionRequest, ExtensionResponse } from '../protocol';

/** Asks the background service worker (waking it if it sleeps); the answer says ok or why not. */
export async function askBackground(request: ExtensionRequest): Promise<ExtensionResponse> {
  try {
    const response = (await browser.runtime.sendMessage(request)) as ExtensionResponse | undefined;
    return response ?? { ok: false, error: i18n.t('errors.noAnswer') };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
