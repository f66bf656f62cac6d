import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import { orderInQuestion } from '@/lib/domain/reply-context';
import {
  fillReply,
  namesAnOrder,
  replyForShortcut,
  shortcutBeforeCaret,
  type ReplyContext,
} from '@/lib/domain/saved-replies';
import type { OverlayReplies, SavedReply, SiteSettingsAnswer } from '@/lib/protocol';
import {
  editableOf,
  insertText,
  rememberCaret,
  replaceTextBeforeCaret,
  selectFirstPlaceholder,
} from '@/lib/sites/insert';
import { siteFor } from '@/lib/sites/registry';
import { findFirst, readPageFacts, type SiteAdapter } from '@/lib/sites/site';
import { askBackgroundFromPage } from './messages';
import { linkOrderIds } from './orderLinks';
import { ReplyPalette, toast, type OrderChoice } from './palette';

/** The key that opens the palette when the browser's command did not take it (unset, or a page kept it). */
const PALETTE_KEY = { code: 'KeyE', altKey: true, shiftKey: true };
/** Saved replies and the open chat's variables are asked for again after this long. */
const REPLIES_FRESH_MS = 15_000;

/** A feature of the overlay: one failing never stops the others, and each says which it was. */
interface Feature {
  id: string;
  init(signal: AbortSignal): void;
}

function runFeatures(features: Feature[], signal: AbortSignal): void {
  for (const feature of features) {
    try {
      feature.init(signal);
    } catch (error) {
      console.error(`Sidedesk: ${feature.id} could not start`, error);
    }
  }
}

/** What is in the chat box before the caret, for a `;shortcut` just typed. */
export function textBeforeCaret(editable: HTMLElement): string | null {
  if (editable instanceof HTMLTextAreaElement || editable instanceof HTMLInputElement) {
    if (editable.selectionStart === null || editable.selectionStart !== editable.selectionEnd) return null;
    return editable.value.slice(0, editable.selectionStart);
  }
  const selection = editable.ownerDocument.getSelection();
  if (!selection || selection.rangeCount === 0 || !selection.isCollapsed) return null;
  const caret = selection.getRangeAt(0);
  if (!editable.contains(caret.startContainer)) return null;
  const before = editable.ownerDocument.createRange();
  before.setStart(editable, 0);
  before.setEnd(caret.startContainer, caret.startOffset);
  return before.toString();
}

/**
 * Sidedesk on a seller-center page (product §9): the saved-reply palette, `;shortcut` expansion in the chat box,
 * and order ids as links to the workbench. Everything it knows comes from the background.
 */
export async function startOverlay(signal: AbortSignal): Promise<void> {
  const settings = await askBackgroundFromPage<SiteSettingsAnswer>({ type: 'overlay.settings' });
  if (!settings.ok || signal.aborted) return;
  const site = siteFor(location.href, settings);
  if (!site) return;
  const { adapter } = site;
  const replies = new RepliesCache(adapter);
  // Built on first use: a page where the member never opens it pays nothing for it.
  let paletteMade: ReplyPalette | null = null;
  const palette = () => (paletteMade ??= new ReplyPalette());

  const chatBoxOf = (target: EventTarget | null): HTMLElement | null => {
    if (!(target instanceof HTMLElement)) return null;
    const editable = editableOf(target);
    if (!editable) return null;
    const composer = findFirst(document, adapter.selectors.composer)?.element;
    // The generic adapter knows no chat box: any text field the member types in is one.
    if (adapter.id === 'generic' || !composer) return editable;
    return composer === editable || composer.contains(editable) || editable.contains(composer)
      ? editable
      : null;
  };

  /**
   * Fills a reply for the chat and hands it to `put`; when the reply names an order and several of the
   * customer's orders fit, the palette asks which first (Esc there calls `cancel`, leaving the box as it was).
   */
  const withChatValues = (
    loaded: OverlayReplies,
    reply: SavedReply,
    put: (context: ReplyContext) => void,
    cancel: () => void,
  ) => {
    const { context, orderChoices } = replies.valuesFor(loaded);
    if (!namesAnOrder(reply.body) || orderChoices.length < 2) put(context);
    else palette().chooseOrder(orderChoices, (choice) => put({ ...context, ...choice }), cancel);
  };

  const openPalette = async () => {
    if (paletteMade?.isOpen) return;
    const field =
      chatBoxOf(document.activeElement) ?? findFirst(document, adapter.selectors.composer)?.element;
    if (!field) {
      toast(i18n.t('overlay.noChatBox'));
      return;
    }
    const restore = rememberCaret(field);
    // Asked afresh: the member may have opened another chat in the side panel since.
    const loaded = await replies.get(true);
    if (!loaded) return;
    palette().open(
      loaded.replies,
      {
        ranking: { language: loaded.language, category: loaded.category },
        preview: replies.valuesFor(loaded).context,
      },
      (reply) =>
        withChatValues(
          loaded,
          reply,
          (context) => {
            restore();
            const filled = fillReply(reply.body, context);
            if (insertText(field, filled.text).inserted)
              leaveUnfilledSelected(field, filled.text, filled.missing);
          },
          restore,
        ),
      restore,
    );
  };

  runFeatures(
    [
      {
        id: 'reply-palette',
        init(signal) {
          const onMessage = (message: unknown) => {
            if ((message as { type?: string } | null)?.type === 'sidedesk.openPalette') void openPalette();
          };
          browser.runtime.onMessage.addListener(onMessage);
          signal.addEventListener('abort', () => browser.runtime.onMessage.removeListener(onMessage));
          document.addEventListener(
            'keydown',
            (e) => {
              if (e.code === PALETTE_KEY.code && e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey) {
                e.preventDefault();
                void openPalette();
              }
            },
            { capture: true, signal },
          );
        },
      },
      {
        id: 'shortcut-expansion',
        init(signal) {
          // Replies are fetched when the member starts typing in the chat box, so a space can be taken at once.
          document.addEventListener(
            'focusin',
            (e) => {
              if (chatBoxOf(e.target)) void replies.get();
            },
            { capture: true, signal },
          );
          document.addEventListener(
            'keydown',
            (e) => {
              if ((e.key !== ' ' && e.key !== 'Tab') || e.ctrlKey || e.metaKey || e.altKey || e.isComposing)
                return;
              const field = chatBoxOf(e.target);
              const loaded = replies.now();
              if (!field || !loaded) return;
              const before = textBeforeCaret(field);
              const shortcut = before === null ? null : shortcutBeforeCaret(before);
              const reply = shortcut ? replyForShortcut(loaded.replies, shortcut) : undefined;
              if (!reply || before === null || !shortcut) return;
              // The space or Tab that ends a shortcut expands it instead of being typed.
              e.preventDefault();
              e.stopPropagation();
              const typed = before.slice(before.length - shortcut.length - 1);
              // The variables are asked afresh (the side panel may show another chat by now); the check that
              // the shortcut is still before the caret makes a key typed meanwhile harmless.
              void replies.get(true).then((fresh) => {
                const restore = rememberCaret(field);
                withChatValues(
                  fresh ?? loaded,
                  reply,
                  (context) => {
                    restore();
                    const filled = fillReply(reply.body, context);
                    if (replaceTextBeforeCaret(field, typed, filled.text).inserted)
                      leaveUnfilledSelected(field, filled.text, filled.missing);
                  },
                  restore,
                );
              });
            },
            { capture: true, signal },
          );
        },
      },
      { id: 'order-links', init: (signal) => linkOrderIds(adapter, signal) },
    ],
    signal,
  );
}

/**
 * A variable nobody knows is never sent raw: the first one left in the reply just inserted is selected in the
 * page's chat box for the member to type over, and a note says so, placed clear of the chat box.
 */
function leaveUnfilledSelected(field: HTMLElement, inserted: string, missing: string[]): void {
  if (missing.length === 0) return;
  const names = missing.map((v) => `{{${v}}}`).join(', ');
  // After the editor's own update of its text and caret: Lexical, Draft and ProseMirror make it after the event.
  setTimeout(() => {
    const selected = selectFirstPlaceholder(field, inserted);
    toast(i18n.t(selected ? 'replyOrder.unfilledPage' : 'overlay.unfilled', [names]), field);
  }, 0);
}

/** The saved replies and the side panel's chat variables, kept for a few seconds; the page's facts fill the rest. */
class RepliesCache {
  private loaded: { at: number; answer: OverlayReplies } | null = null;
  private loading: Promise<OverlayReplies | null> | null = null;

  constructor(private readonly adapter: SiteAdapter) {}

  /** What is known now, without waiting: a keydown must decide at once. */
  now(): OverlayReplies | null {
    if (this.loaded && Date.now() - this.loaded.at > REPLIES_FRESH_MS) void this.get();
    return this.loaded?.answer ?? null;
  }

  async get(fresh = false): Promise<OverlayReplies | null> {
    if (!fresh && this.loaded && Date.now() - this.loaded.at <= REPLIES_FRESH_MS) return this.loaded.answer;
    this.loading ??= askBackgroundFromPage<OverlayReplies>({ type: 'overlay.replies' }).then((answer) => {
      this.loading = null;
      if (!answer.ok) {
        toast(answer.error);
        return null;
      }
      this.loaded = { at: Date.now(), answer };
      return answer;
    });
    return this.loading;
  }

  /**
   * The open chat's values first, and its orders to choose among; with no chat open in the side panel, what
   * the page shows: the customer's name, and its order ids by the same rule (the only one, or a choice).
   */
  valuesFor(answer: OverlayReplies): { context: ReplyContext; orderChoices: OrderChoice[] } {
    const facts = readPageFacts(document, this.adapter, new URL(location.href));
    const fromPage: ReplyContext = {
      'customer.name': facts.customerName,
      'customer.firstName': facts.customerName?.split(/\s+/)[0],
    };
    let orderChoices: OrderChoice[] = answer.orderChoices;
    if (!('customer.name' in answer.context)) {
      const shown = orderInQuestion(
        [],
        facts.orderIds.map((number) => ({ number, placedAt: '' })),
      );
      if (shown.kind === 'decided') fromPage['order.id'] = shown.order.number;
      if (shown.kind === 'choose') orderChoices = shown.choices.map((o) => ({ 'order.id': o.number }));
    }
    return {
      context: { ...fromPage, 'agent.nickname': answer.agentNickname, ...answer.context },
      orderChoices,
    };
  }
}
