import type { SiteAdapter } from '../site';
import { detectGeneric } from './detect';
import { genericSelectors } from './selectors';

export const genericAdapter: SiteAdapter = {
  id: 'generic',
  detect: detectGeneric,
  selectors: genericSelectors,
  orderId: null,
  orderUrl: () => null,
  factsFromUrl: () => ({ orderIds: [] }),
};
