import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import { chatLanguage, orderInQuestion, orderNumberPattern } from '../domain/reply-context';
import { firstNameOf } from '../domain/saved-replies';
import type {
  Order,
  OverlayReplies,
  OverlayRequest,
  OverlayResponse,
  SavedReply,
  SiteSettingsAnswer,
  StoredSession,
} from '../protocol';
import { ApiClient, ApiError } from './api';
import type { SidedeskDb } from './db';
import {
  allowedSitesItem,
  chatOrderItem,
  chooseChatOrder,
  openConversationItem,
  panelRequestItem,
  sessionItem,
} from './settings';

/** Saved replies change rarely; a page asks on every palette and every `;shortcut`. */
const REPLIES_FRESH_MS = 30_000;

/**
 * The background's answers to seller-center pages (product §9): saved replies with the variables of the chat
 * open in the side panel, and opening the workbench on an order. Pages never see the token or Dexie.
 */
export class OverlayService {
  private replies: { token: string; at: number; list: SavedReply[] } | null = null;

  constructor(private readonly db: SidedeskDb) {}

  async handle(
    request: OverlayRequest,
    windowId: number | undefined,
  ): Promise<OverlayResponse | SiteSettingsAnswer> {
    const session = await sessionItem.getValue();
    if (request.type === 'overlay.settings') {
      return {
        ok: true,
        serverUrls: session ? [session.serverUrl] : [],
        allowedOrigins: await allowedSitesItem.getValue(),
      };
    }
    if (!session) return { ok: false, error: i18n.t('overlay.signInFirst') };
    const api = new ApiClient(session.serverUrl, session.token);
    try {
      if (request.type === 'overlay.replies') return await this.repliesFor(api, session);
      await this.openOrder(api, session, request.orderNumber, windowId);
      return { ok: true };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  }

  private async repliesFor(api: ApiClient, session: StoredSession): Promise<OverlayResponse> {
    if (
      !this.replies ||
      this.replies.token !== session.token ||
      Date.now() - this.replies.at > REPLIES_FRESH_MS
    ) {
      this.replies = { token: session.token, at: Date.now(), list: await api.savedReplies() };
    }
    return {
      ok: true,
      replies: this.replies.list,
      agentNickname: session.member.nickname,
      ...(await this.openChat(api, session)),
    };
  }

  /**
   * The customer, the order the chat is about and the shop of the chat open in the side panel, as far as they
   * are known: the same rule as the panel's "/" list (lib/domain/reply-context.ts), so both fill the same order.
   */
  private async openChat(
    api: ApiClient,
    session: StoredSession,
  ): Promise<Pick<OverlayReplies, 'context' | 'orderChoices' | 'language' | 'category'>> {
    const open = await openConversationItem.getValue();
    const conversation = open ? await this.db.conversations.get(open.conversationId) : undefined;
    if (!conversation) return { context: {}, orderChoices: [], language: null, category: null };
    const context: Record<string, string> = {
      'customer.name': conversation.customerName,
      'customer.firstName': firstNameOf(conversation.customerName),
    };
    const shop = session.shops.find((s) => s.id === conversation.shopId);
    if (shop) context['shop.name'] = shop.name;
    const [orders, messages, chosen] = await Promise.all([
      api.orders(conversation.id).catch(() => []),
      this.db.messages
        .where('[conversationId+createdAt]')
        .between([conversation.id, ''], [conversation.id, '\uffff'])
        .toArray(),
      chatOrderItem.getValue(),
    ]);
    const question = orderInQuestion(messages, orders, {
      pattern: orderNumberPattern(shop?.marketplace),
      chosen: chosen[conversation.id] ?? null,
    });
    return {
      context: question.kind === 'decided' ? { ...context, ...orderVariables(question.order) } : context,
      orderChoices: question.kind === 'choose' ? question.choices.map(orderVariables) : [],
      language: chatLanguage(messages, shop?.country),
      category: conversation.category,
    };
  }

  /** Finds the order in the member's shops and asks the side panel to show it, opening the panel. */
  private async openOrder(
    api: ApiClient,
    session: StoredSession,
    orderNumber: string,
    windowId: number | undefined,
  ): Promise<void> {
    // Opening the panel first keeps the click's user gesture, which sidePanel.open needs.
    const opening = windowId === undefined ? Promise.resolve() : browser.sidePanel.open({ windowId });
    for (const shop of session.shops) {
      try {
        const found = await api.orderByNumber(shop.id, orderNumber);
        // The order opened from the page is the one that chat is about, for saved replies here and there.
        if (found.conversationId) await chooseChatOrder(found.conversationId, orderNumber);
        await panelRequestItem.setValue({
          kind: 'order',
          orderNumber,
          shopId: shop.id,
          conversationId: found.conversationId,
          at: new Date().toISOString(),
        });
        await opening.catch(() => undefined);
        return;
      } catch (error) {
        if (!(error instanceof ApiError) || error.status !== 404) throw error;
      }
    }
    throw new Error(i18n.t('overlay.orderNotFound', [orderNumber]));
  }
}

/** An order's `{{order.*}}` values, its status in the member's words. */
function orderVariables(order: Order): Record<string, string> {
  return {
    'order.id': order.number,
    'order.status': i18n.t(`workbench.orderStatus.${order.status}`).toLowerCase(),
  };
}
