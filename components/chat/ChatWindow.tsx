import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useRef } from 'react';
import { i18n } from '#i18n';
import { useDb } from '@/components/app/db';
import { longDateTime } from '@/components/inbox/time';
import { askBackground } from '@/lib/client/messaging';
import type { Member, Shop } from '@/lib/protocol';
import { useTeam } from '@/components/team/useTeam';
import { ChatActions } from './ChatActions';
import { Composer } from './Composer';
import { MessageBubble } from './MessageBubble';
import { StarButton } from './StarButton';
import { useMessages } from './useMessages';

export function ChatWindow({
  conversationId,
  member,
  shops,
  onBack,
}: {
  conversationId: string;
  member: Member;
  shops: Shop[];
  onBack: () => void;
}) {
  const db = useDb();
  const conversation = useLiveQuery(() => db.conversations.get(conversationId), [db, conversationId]);
  const messages = useMessages(conversationId);
  const team = useTeam();
  const endRef = useRef<HTMLDivElement>(null);
  const lastCustomerMessageAt = conversation?.lastCustomerMessageAt;

  // Opening the chat, and every customer message that arrives while it is open, marks it read.
  useEffect(() => {
    if (lastCustomerMessageAt) void askBackground({ type: 'markRead', conversationId });
  }, [conversationId, lastCustomerMessageAt]);

  useEffect(() => {
    endRef.current?.scrollIntoView({ block: 'end' });
  }, [messages?.length]);

  if (conversation === undefined) return <div className="loading" aria-busy="true" />;
  const shop = shops.find((s) => s.id === conversation.shopId);
  const assigneeName = (id: string | null) =>
    id === null
      ? i18n.t('chat.unassigned')
      : id === member.id
        ? i18n.t('chat.assignedToYou')
        : i18n.t('chat.assignedTo', [team?.find((m) => m.id === id)?.nickname ?? i18n.t('chat.aTeammate')]);
  const closed = conversation.status === 'closed';

  return (
    <section className="chat" aria-label={i18n.t('chat.label', [conversation.customerName])}>
      <header className="chat-header">
        <button type="button" className="link-button" onClick={onBack} aria-label={i18n.t('chat.back')}>
          ←
        </button>
        <div className="chat-title">
          <strong data-testid="chat-customer">{conversation.customerName}</strong>
          <span className="muted" data-testid="chat-assignee">
            {shop?.name ?? ''} · {assigneeName(conversation.assigneeId)}
          </span>
        </div>
        <StarButton conversation={conversation} />
        <ChatActions conversation={conversation} onGone={onBack} />
      </header>
      <div className="messages" data-testid="chat-messages">
        {messages?.map((m) => (
          <MessageBubble key={m.id} message={m} ownMemberId={member.id} />
        ))}
        <div ref={endRef} />
      </div>
      {conversation.status === 'snoozed' && conversation.snoozedUntil && (
        <p className="closed-note" data-testid="snoozed-note">
          {i18n.t('chat.snoozedUntil', [longDateTime(conversation.snoozedUntil)])}
        </p>
      )}
      {conversation.trashedAt !== null ? (
        <p className="closed-note">{i18n.t('chat.inTrash')}</p>
      ) : closed ? (
        <p className="closed-note" data-testid="closed-note">
          {i18n.t('chat.closed')}
          {conversation.rating !== null && (
            <span className="rating" data-testid="chat-rating">
              {' '}
              {i18n.t('chat.rated', ['★'.repeat(conversation.rating) + '☆'.repeat(5 - conversation.rating)])}
              {conversation.ratingComment ? ` “${conversation.ratingComment}”` : ''}
            </span>
          )}
        </p>
      ) : (
        <Composer conversationId={conversationId} />
      )}
    </section>
  );
}
