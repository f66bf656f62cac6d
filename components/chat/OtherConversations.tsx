import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useState } from 'react';
import { i18n } from '#i18n';
import { useDb } from '@/components/app/db';
import { shortTime } from '@/components/inbox/time';
import type { Conversation, Shop } from '@/lib/protocol';

/** The customer's other conversations in the cache (any shop or channel), newest first. */
export function useOtherConversations(conversation: Pick<Conversation, 'id' | 'customerId'>) {
  const db = useDb();
  const { id, customerId } = conversation;
  return useLiveQuery(
    async () =>
      (
        await db.conversations
          .where('customerId')
          .equals(customerId)
          .filter((c) => c.id !== id)
          .toArray()
      ).sort((a, b) => b.lastMessageAt.localeCompare(a.lastMessageAt)),
    [db, id, customerId],
  );
}

function statusLabel(c: Conversation): string {
  return c.trashedAt !== null ? i18n.t('chatExtras.status.trash') : i18n.t(`chatExtras.status.${c.status}`);
}

/** A collapsible "Other conversations (N)" under the chat's header; hidden when there are none. */
export function OtherConversations({
  conversation,
  shops,
  onOpen,
}: {
  conversation: Conversation;
  shops: Shop[];
  /** Opens one of them; without it the list only shows them. */
  onOpen?: (conversationId: string) => void;
}) {
  const others = useOtherConversations(conversation);
  const [expanded, setExpanded] = useState(false);
  const listId = useId();
  if (!others || others.length === 0) return null;

  return (
    <section className="other-conversations" data-testid="other-conversations">
      <button
        type="button"
        className="link-button other-conversations-toggle"
        data-testid="other-conversations-toggle"
        aria-expanded={expanded}
        aria-controls={listId}
        onClick={() => setExpanded(!expanded)}
      >
        <span aria-hidden="true">{expanded ? '▾' : '▸'}</span>{' '}
        {i18n.t('chatExtras.otherConversations', [others.length])}
      </button>
      {expanded && (
        <ul id={listId}>
          {others.map((c) => {
            const content = (
              <>
                <span className="other-conversation-meta">
                  <span>{shops.find((s) => s.id === c.shopId)?.name ?? ''}</span>
                  <span className="tag" data-testid="other-conversation-status">
                    {statusLabel(c)}
                  </span>
                  <time dateTime={c.lastMessageAt}>{shortTime(c.lastMessageAt)}</time>
                </span>
                <span className="other-conversation-preview">{c.lastMessagePreview}</span>
              </>
            );
            return (
              <li key={c.id}>
                {onOpen ? (
                  <button
                    type="button"
                    className="other-conversation"
                    data-testid="other-conversation"
                    data-conversation-id={c.id}
                    onClick={() => onOpen(c.id)}
                  >
                    {content}
                  </button>
                ) : (
                  <div
                    className="other-conversation"
                    data-testid="other-conversation"
                    data-conversation-id={c.id}
                  >
                    {content}
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
