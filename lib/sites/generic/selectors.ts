// A site we know nothing about: the usual shapes of a chat box, most specific first.
import type { SiteSelectors } from '../site';

export const genericSelectors: SiteSelectors = {
  composer: [
    { selector: '[contenteditable="true"][role="textbox"]', since: '2026-11-22' },
    { selector: 'textarea:not([readonly]):not([disabled])', since: '2026-11-22' },
    { selector: '[contenteditable="true"]', since: '2026-11-22' },
  ],
  customerName: [],
  orderIds: [],
};
