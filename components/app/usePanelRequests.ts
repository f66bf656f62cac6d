import { useEffect } from 'react';
import { i18n } from '#i18n';
import { canSeeConversation } from '@/lib/domain/visibility';
import type { SidedeskDb } from '@/lib/client/db';
import { openConversationItem, panelRequestItem } from '@/lib/client/settings';
import type { Member } from '@/lib/protocol';
import type { Pane } from '@/components/chat/PaneTabs';
import { useDb } from './db';
import { useStorageItem } from './useStorageItem';

export interface OpenRequest {
  conversationId: string;
  pane: Pane;
  focusOrderNumber?: string;
  /** Tells one request from the next for the same chat, so the chat opens again on the asked tab. */
  at: string;
}

/** The open chat nobody answered longest, other than the one shown: what "next unreplied" opens. */
export async function nextUnrepliedConversation(
  db: SidedeskDb,
  member: Member,
  currentId: string | null,
): Promise<string | null> {
  const waiting = await db.conversations
    .filter(
      (c) =>
        c.status === 'open' &&
        c.trashedAt === null &&
        c.awaitingReplySince !== null &&
        // A blocked customer waits for nobody (product §11).
        !c.customerBlocked &&
        c.id !== currentId &&
        canSeeConversation(member, c),
    )
    .toArray();
  // Own chats before the queue's: the member's work comes first.
  waiting.sort(
    (a, b) =>
      Number(b.assigneeId === member.id) - Number(a.assigneeId === member.id) ||
      (a.awaitingReplySince ?? '').localeCompare(b.awaitingReplySince ?? ''),
  );
  return waiting[0]?.id ?? null;
}

/**
 * Keeps the background told which chat is open (a seller-center page fills reply variables from it), and
 * carries out what a page or a keyboard command asked the panel to show.
 */
export function usePanelRequests(
  member: Member,
  openConversationId: string | null,
  open: (request: OpenRequest) => void,
  say: (message: string) => void,
): void {
  const db = useDb();
  const request = useStorageItem(panelRequestItem);

  useEffect(() => {
    void openConversationItem.setValue(
      openConversationId ? { conversationId: openConversationId, at: new Date().toISOString() } : null,
    );
  }, [openConversationId]);

  useEffect(() => {
    if (!request) return;
    void panelRequestItem.setValue(null);
    if (request.kind === 'order') {
      if (request.conversationId) {
        open({
          conversationId: request.conversationId,
          pane: 'orders',
          focusOrderNumber: request.orderNumber,
          at: request.at,
        });
      } else say(i18n.t('overlay.noChatForOrder', [request.orderNumber]));
      return;
    }
    if (request.kind === 'conversation') {
      open({ conversationId: request.conversationId, pane: 'chat', at: request.at });
      return;
    }
    void nextUnrepliedConversation(db, member, openConversationId).then((id) => {
      if (id) open({ conversationId: id, pane: 'chat', at: request.at });
      else say(i18n.t('overlay.noneUnreplied'));
    });
    // Only a new request acts; the open chat changing is no request.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [request]);
}
