import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect } from 'react';
import { END_SESSION_ASKED } from '@/components/chat/endSessionAsked';
import { mayMoveConversation } from '@/lib/domain/assignment';
import { useDb } from './db';
import { useSession } from './session';

/** Typing in these is text, never a key command. */
export function isTypingTarget(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/** Focuses the reply box of the open chat, once it shows (the chat renders from the cache a moment later). */
export function focusReply(framesLeft = 60): void {
  requestAnimationFrame(() => {
    const box = document.querySelector<HTMLTextAreaElement>('[data-testid="reply-input"]');
    if (box) box.focus();
    else if (framesLeft > 0) focusReply(framesLeft - 1);
  });
}

/** Keys while a chat is open: r to reply, e to end the session, Esc back to the list, ? for the keys. */
export function ChatShortcuts({
  conversationId,
  onBack,
  onShowKeys,
}: {
  conversationId: string;
  onBack: () => void;
  onShowKeys: () => void;
}) {
  const db = useDb();
  const { session } = useSession();
  const conversation = useLiveQuery(() => db.conversations.get(conversationId), [db, conversationId]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTypingTarget(event.target)) {
        if (event.key === 'Escape') (event.target as HTMLElement).blur();
        return;
      }
      if (document.querySelector('dialog[open]')) return;
      switch (event.key) {
        case 'Escape':
          onBack();
          break;
        case 'r':
          focusReply();
          break;
        case 'e':
          if (
            conversation &&
            conversation.status !== 'closed' &&
            mayMoveConversation(session.member, conversation)
          )
            // The chat's actions ask first, as the End session button does.
            window.dispatchEvent(new Event(END_SESSION_ASKED));
          break;
        case '?':
          onShowKeys();
          break;
        default:
          return;
      }
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [conversation, onBack, onShowKeys, session.member]);
  return null;
}
