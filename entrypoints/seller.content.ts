import { defineContentScript } from 'wxt/utils/define-content-script';
import { startOverlay } from '@/components/overlay/overlay';
import { SELLER_CENTER_MATCHES } from '@/lib/sites/manifest-matches';

// The seller centers Sidedesk knows; any other site the member allows gets this script registered at run time.
export default defineContentScript({
  matches: [...SELLER_CENTER_MATCHES],
  runAt: 'document_idle',
  main(ctx) {
    void startOverlay(ctx.signal);
  },
});
