import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { startOverlay } from '@/components/overlay/overlay';
import { SELLER_CENTER_MATCHES } from '@/lib/sites/manifest-matches';

// The seller centers Sidedesk knows; any other site the member allows gets this script registered at run time.
export default defineContentScript({
  matches: [...SELLER_CENTER_MATCHES],
  runAt: 'document_idle',
  main(ctx) {
    // The side panel's sign-in asks which page it was opened beside: the demo seller center is a server's page.
    const tellOrigin = (message: unknown) =>
      (message as { type?: string } | null)?.type === 'sidedesk.pageOrigin'
        ? Promise.resolve(location.origin)
        : undefined;
    browser.runtime.onMessage.addListener(tellOrigin);
    ctx.signal.addEventListener('abort', () => browser.runtime.onMessage.removeListener(tellOrigin));
    void startOverlay(ctx.signal);
  },
});
