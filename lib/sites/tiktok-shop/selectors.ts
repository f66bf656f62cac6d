// TikTok Shop's chat. Not yet checked against a live page by us: these come from what public automation
// code reports of the chat (2026): the send button is #chat-input-send-button, and the message box (a
// textarea or a contenteditable) sits in the same container.
import type { SiteSelectors } from '../site';

export const tiktokShopSelectors: SiteSelectors = {
  composer: [
    {
      selector: ':has(> #chat-input-send-button) :is(textarea, [contenteditable="true"])',
      since: '2026-11-22',
      note: 'reported by public automation code; unverified',
    },
  ],
  // The open chat's customer is not marked in a way we know yet; the conversation cards are
  // [data-testid="chat.chatroom.conversation_card"] but which one is open is not.
  customerName: [],
  orderIds: [],
};
