import type { Member, Shop } from '@/lib/protocol';
import { shortTime } from './time';
import { useConversations } from './useConversations';

export function ConversationList({
  member,
  shops,
  onOpen,
}: {
  member: Member;
  shops: Shop[];
  onOpen: (conversationId: string) => void;
}) {
  const rows = useConversations(member);
  const shopName = new Map(shops.map((s) => [s.id, s.name]));
  if (rows === undefined) return <div className="loading" aria-busy="true" />;
  if (rows.length === 0) {
    return <p className="empty">No conversations yet. New customer messages appear here as they arrive.</p>;
  }
  return (
    <ul className="conversation-list" data-testid="conversation-list" aria-label="Conversations">
      {rows.map(({ conversation: c, unread }) => (
        <li key={c.id}>
          <button
            type="button"
            className={`conversation-item${unread ? ' unread' : ''}`}
            data-testid="conversation-item"
            data-conversation-id={c.id}
            onClick={() => onOpen(c.id)}
          >
            <span className="avatar" aria-hidden="true">
              {c.customerName.slice(0, 1).toUpperCase()}
              {unread && <span className="red-dot" data-testid="unread-dot" />}
            </span>
            <span className="conversation-main">
              <span className="conversation-top">
                <span className="customer-name">{c.customerName}</span>
                <time dateTime={c.lastMessageAt}>{shortTime(c.lastMessageAt)}</time>
              </span>
              <span className="preview">{c.lastMessagePreview}</span>
              <span className="conversation-meta">
                <span>{shopName.get(c.shopId) ?? ''}</span>
                {c.status === 'closed' && <span className="tag">Closed</span>}
                {c.status !== 'closed' && c.awaitingReplySince && (
                  <span className="tag tag-warn">Not replied</span>
                )}
              </span>
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
