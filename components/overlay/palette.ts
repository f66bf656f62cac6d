import { i18n } from '#i18n';
import {
  fillReply,
  matchSavedReplies,
  type ReplyContext,
  type ReplyRanking,
} from '@/lib/domain/saved-replies';
import type { SavedReply } from '@/lib/protocol';
import { PALETTE_CSS, TOAST_CSS } from './styles';

/** Builds an element with text children only: nothing from data is ever parsed as markup. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

/** An order the member may choose for a reply: its `{{order.*}}` values. */
export type OrderChoice = Record<string, string>;

/** A line of the palette: a saved reply, or in its second step an order. */
type Item = { reply: SavedReply } | { order: OrderChoice };

/**
 * The saved-reply palette on a seller-center page: in a shadow root, so the page's styles and scripts leave it
 * alone; usable by keyboard alone (type to search, ↑/↓, Enter inserts, Esc closes and gives focus back). Its
 * second step, when several of the customer's orders fit a reply, lists them to choose from the same way.
 */
export class ReplyPalette {
  // A custom element name of our own: no page style or script targets it.
  private readonly host = document.createElement('sidedesk-palette');
  private readonly root = this.host.attachShadow({ mode: 'open' });
  private readonly search = el('input', {
    type: 'search',
    'aria-label': i18n.t('overlay.search'),
    placeholder: i18n.t('overlay.search'),
    role: 'combobox',
    'aria-expanded': 'true',
    'aria-controls': 'sidedesk-replies',
    'aria-autocomplete': 'list',
  });
  private readonly list = el('ul', {
    id: 'sidedesk-replies',
    role: 'listbox',
    'aria-label': i18n.t('overlay.paletteLabel'),
  });
  private readonly empty = el('p', { class: 'empty', hidden: '' }, i18n.t('overlay.noMatch'));
  private readonly title = el('p', { class: 'title', hidden: '' }, i18n.t('replyOrder.title'));
  private readonly hint = el('p', { class: 'hint' }, i18n.t('overlay.hint'));
  private replies: readonly SavedReply[] = [];
  private ranking: ReplyRanking = {};
  private preview: ReplyContext = {};
  private orders: OrderChoice[] | null = null;
  private shown: Item[] = [];
  private active = 0;
  private onPick: ((chosen: SavedReply | OrderChoice) => void) | null = null;
  private onClose: (() => void) | null = null;

  constructor() {
    const dialog = el(
      'div',
      {
        class: 'palette',
        role: 'dialog',
        'aria-modal': 'true',
        'aria-label': i18n.t('overlay.paletteLabel'),
      },
      this.title,
      this.search,
      this.list,
      this.empty,
      this.hint,
    );
    this.root.append(el('style', {}, PALETTE_CSS), dialog);
    this.search.addEventListener('input', () => this.render());
    this.search.addEventListener('keydown', (e) => this.onKey(e));
    // A click outside closes it, as Esc does.
    this.host.addEventListener('mousedown', (e) => {
      if (e.composedPath()[0] === this.host) this.close();
    });
  }

  get isOpen(): boolean {
    return this.host.isConnected;
  }

  /**
   * Lists the replies, those in the chat's language and for its topic first, each previewed with the chat's
   * values (`preview`).
   */
  open(
    replies: readonly SavedReply[],
    { ranking, preview }: { ranking: ReplyRanking; preview: ReplyContext },
    onPick: (reply: SavedReply) => void,
    onClose: () => void,
  ): void {
    this.replies = replies;
    this.ranking = ranking;
    this.preview = preview;
    this.orders = null;
    this.show(
      i18n.t('overlay.search'),
      i18n.t('overlay.hint'),
      onPick as (chosen: SavedReply | OrderChoice) => void,
      onClose,
    );
  }

  /** The second step: which of the customer's orders the reply is about; typing filters by number. */
  chooseOrder(choices: OrderChoice[], onPick: (choice: OrderChoice) => void, onClose: () => void): void {
    this.orders = choices;
    this.show(
      i18n.t('replyOrder.label'),
      i18n.t('replyOrder.hint'),
      onPick as (chosen: SavedReply | OrderChoice) => void,
      onClose,
    );
  }

  private show(
    label: string,
    hint: string,
    onPick: (chosen: SavedReply | OrderChoice) => void,
    onClose: () => void,
  ): void {
    this.onPick = onPick;
    this.onClose = onClose;
    this.title.hidden = this.orders === null;
    this.search.value = '';
    this.search.setAttribute('aria-label', label);
    this.search.placeholder = label;
    this.hint.textContent = hint;
    this.active = 0;
    this.render();
    document.documentElement.append(this.host);
    this.search.focus();
  }

  close(): void {
    if (!this.isOpen) return;
    this.host.remove();
    const done = this.onClose;
    this.onClose = null;
    done?.();
  }

  private pick(item: Item | undefined): void {
    if (!item) return;
    const then = this.onPick;
    this.onClose = null;
    this.host.remove();
    then?.('reply' in item ? item.reply : item.order);
  }

  private onKey(e: KeyboardEvent): void {
    // The page never hears the palette's keys.
    e.stopPropagation();
    const step = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : 0;
    if (step && this.shown.length > 0) {
      this.active = (this.active + step + this.shown.length) % this.shown.length;
      this.render(false);
    } else if (e.key === 'Enter') this.pick(this.shown[this.active]);
    else if (e.key === 'Escape') this.close();
    else return;
    e.preventDefault();
  }

  private render(filter = true): void {
    if (filter) {
      const typed = this.search.value.trim();
      this.shown = this.orders
        ? this.orders.filter((o) => (o['order.id'] ?? '').includes(typed)).map((order) => ({ order }))
        : matchSavedReplies(this.replies, this.search.value, this.ranking)
            .slice(0, 50)
            .map((reply) => ({ reply }));
      this.active = 0;
    }
    this.list.replaceChildren(
      ...this.shown.map((item, i) => {
        const attributes = {
          role: 'option',
          id: `sidedesk-reply-${i}`,
          'aria-selected': String(i === this.active),
        };
        const line =
          'reply' in item
            ? el(
                'li',
                attributes,
                el('strong', {}, item.reply.title),
                ' ',
                el('code', {}, `;${item.reply.shortcut}`),
                // Read with the chat's values, as it will go in.
                el('span', { class: 'body' }, fillReply(item.reply.body, this.preview).text),
              )
            : el(
                'li',
                { ...attributes, 'data-order-number': item.order['order.id'] ?? '' },
                el('strong', {}, item.order['order.id'] ?? ''),
                ' ',
                el('span', { class: 'status' }, item.order['order.status'] ?? ''),
              );
        line.addEventListener('mousedown', (e) => {
          e.preventDefault();
          this.pick(item);
        });
        return line;
      }),
    );
    this.empty.hidden = this.shown.length > 0;
    if (this.shown.length > 0)
      this.search.setAttribute('aria-activedescendant', `sidedesk-reply-${this.active}`);
    else this.search.removeAttribute('aria-activedescendant');
    this.list.children[this.active]?.scrollIntoView({ block: 'nearest' });
  }
}

/**
 * A short message in the same kind of shadow root: at the bottom of the page, or at its top when `clear` (the
 * chat box the member is typing in) is in the lower half, so it never sits over what it talks about.
 */
export function toast(text: string, clear?: Element | null): void {
  const host = document.createElement('sidedesk-toast');
  const root = host.attachShadow({ mode: 'open' });
  root.append(el('style', {}, TOAST_CSS), el('p', { class: 'toast', role: 'status' }, text));
  if (clear) {
    const box = clear.getBoundingClientRect();
    if (box.top + box.height / 2 > window.innerHeight / 2) host.setAttribute('data-place', 'top');
  }
  document.documentElement.append(host);
  setTimeout(() => host.remove(), 5_000);
}
