import { i18n } from '#i18n';
import { matchSavedReplies } from '@/lib/domain/saved-replies';
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

/**
 * The saved-reply palette on a seller-center page: in a shadow root, so the page's styles and scripts leave it
 * alone; usable by keyboard alone (type to search, ↑/↓, Enter inserts, Esc closes and gives focus back).
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
  private replies: readonly SavedReply[] = [];
  private shown: SavedReply[] = [];
  private active = 0;
  private onPick: ((reply: SavedReply) => void) | null = null;
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
      this.search,
      this.list,
      this.empty,
      el('p', { class: 'hint' }, i18n.t('overlay.hint')),
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

  open(replies: readonly SavedReply[], onPick: (reply: SavedReply) => void, onClose: () => void): void {
    this.replies = replies;
    this.onPick = onPick;
    this.onClose = onClose;
    this.search.value = '';
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

  private pick(reply: SavedReply | undefined): void {
    if (!reply) return;
    const chosen = this.onPick;
    this.onClose = null;
    this.host.remove();
    chosen?.(reply);
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
      this.shown = matchSavedReplies(this.replies, this.search.value).slice(0, 50);
      this.active = 0;
    }
    this.list.replaceChildren(
      ...this.shown.map((reply, i) => {
        const item = el(
          'li',
          { role: 'option', id: `sidedesk-reply-${i}`, 'aria-selected': String(i === this.active) },
          el('strong', {}, reply.title),
          ' ',
          el('code', {}, `;${reply.shortcut}`),
          el('span', { class: 'body' }, reply.body),
        );
        item.addEventListener('mousedown', (e) => {
          e.preventDefault();
          this.pick(reply);
        });
        return item;
      }),
    );
    this.empty.hidden = this.shown.length > 0;
    if (this.shown.length > 0)
      this.search.setAttribute('aria-activedescendant', `sidedesk-reply-${this.active}`);
    else this.search.removeAttribute('aria-activedescendant');
    this.list.children[this.active]?.scrollIntoView({ block: 'nearest' });
  }
}

/** A short message at the bottom of the page, in the same kind of shadow root. */
export function toast(text: string): void {
  const host = document.createElement('sidedesk-toast');
  const root = host.attachShadow({ mode: 'open' });
  root.append(el('style', {}, TOAST_CSS), el('p', { class: 'toast', role: 'status' }, text));
  document.documentElement.append(host);
  setTimeout(() => host.remove(), 5_000);
}
