import { i18n } from '#i18n';
import { orderIdsIn, type SiteAdapter } from '@/lib/sites/site';
import { askBackgroundFromPage } from './messages';
import { el, toast } from './palette';

/** Marks what has been looked at, so a re-render of the page is scanned once more and no more. */
const HANDLED = 'data-sidedesk-orders';
/** Bursts of page changes are scanned together, at most this often. */
const SCAN_EVERY_MS = 300;

/**
 * Order ids shown on a seller-center page become links that open the Sidedesk workbench on that order. Only
 * text the adapter's selectors point at is touched, split into text nodes and links built from text.
 */
export function linkOrderIds(adapter: SiteAdapter, signal: AbortSignal): void {
  const pattern = adapter.orderId;
  if (!pattern || adapter.selectors.orderIds.length === 0) return;
  const selector = adapter.selectors.orderIds.map((v) => v.selector).join(', ');
  let missed = true;

  const scan = () => {
    const containers = document.querySelectorAll<HTMLElement>(selector);
    if (containers.length > 0) missed = false;
    for (const container of containers) {
      const text = container.textContent ?? '';
      if (container.getAttribute(HANDLED) === text) continue;
      if (!container.querySelector('a.sidedesk-order')) linkWithin(container, pattern);
      container.setAttribute(HANDLED, container.textContent ?? '');
    }
  };

  let timer: ReturnType<typeof setTimeout> | null = null;
  const observer = new MutationObserver(() => {
    timer ??= setTimeout(() => {
      timer = null;
      scan();
    }, SCAN_EVERY_MS);
  });
  scan();
  observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  // A selector that never matches is worth a line for whoever keeps the adapter's registry.
  const check = setTimeout(() => {
    if (missed) console.warn(`Sidedesk: no order ids found with ${adapter.id} selectors: ${selector}`);
  }, 10_000);
  signal.addEventListener('abort', () => {
    observer.disconnect();
    clearTimeout(check);
    if (timer) clearTimeout(timer);
  });
}

function linkWithin(container: HTMLElement, pattern: RegExp): void {
  const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
  for (const node of nodes) {
    const text = node.data;
    const ids = orderIdsIn(text, pattern);
    if (ids.length === 0) continue;
    const pieces: (Node | string)[] = [];
    let rest = text;
    for (const id of ids) {
      const at = rest.indexOf(id);
      if (at < 0) continue;
      pieces.push(rest.slice(0, at), orderLink(id));
      rest = rest.slice(at + id.length);
    }
    pieces.push(rest);
    node.replaceWith(...pieces.filter((p) => p !== ''));
  }
}

function orderLink(orderNumber: string): HTMLAnchorElement {
  const link = el(
    'a',
    {
      href: '#',
      class: 'sidedesk-order',
      title: i18n.t('overlay.openOrder', [orderNumber]),
      'data-sidedesk-order': orderNumber,
      style: 'text-decoration: underline dotted; cursor: pointer;',
    },
    orderNumber,
  );
  link.addEventListener('click', (e) => {
    e.preventDefault();
    e.stopPropagation();
    void askBackgroundFromPage({ type: 'overlay.openOrder', orderNumber }).then((answer) => {
      if (!answer.ok && 'error' in answer) toast(answer.error);
    });
  });
  return link;
}
