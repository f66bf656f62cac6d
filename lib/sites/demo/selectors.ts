// The demo seller center's elements (server/demo/pages/seller-chat.html and seller-orders.html).
import type { SiteSelectors } from '../site';

export const demoSelectors: SiteSelectors = {
  composer: [{ selector: '#composer textarea#message-input', since: '2026-11-22' }],
  customerName: [{ selector: '#chat-header strong', since: '2026-11-22' }],
  orderIds: [
    {
      selector: '#customer-orders .order-id',
      since: '2026-11-22',
      note: "the orders of the open chat's customer",
    },
    { selector: 'table.orders td.order-id', since: '2026-11-22', note: 'the orders page' },
  ],
};
