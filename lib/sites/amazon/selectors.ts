// Amazon Seller Central's Buyer-Seller Messages. Not yet checked against a live page by us: public
// automation code (2026) fills the one textarea of the contact-buyer form and of a thread's reply box.
import type { SiteSelectors } from '../site';

export const amazonSelectors: SiteSelectors = {
  composer: [
    {
      selector: 'form textarea:not([readonly]):not([disabled])',
      since: '2026-11-22',
      note: 'reported by public automation code; unverified',
    },
  ],
  // Not known yet: the buyer's name and the order ids on the messaging pages.
  customerName: [],
  orderIds: [],
};
