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
import { ConversationDetails } from './ConversationDetails';
import { MessageBubble } from './MessageBubble';
import { OtherConversations } from './OtherConversations';
import { lastSeenMessageId } from './receipts';
import { StarButton } from './StarButton';
import { TypingLine } from './TypingLine';
import { useMessages } from './useMessages';
import './chat.css';

export function ChatWindow({
  conversationId,
  member,
  shops,
  onBack,
  onOpen,
}: {
  conversationId: string;
  member: Member;
  shops: Shop[];
  onBack: () => void;
  /** Opens another conversation (the customer's others); without it they are listed but not links. */
  onOpen?: (conversationId: string) => void;
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
  const seenId = lastSeenMessageId(messages ?? [], conversation.customerReadUpTo);
  const nicknameOf = (id: string | null) =>
    id === member.id ? member.nickname : team?.find((m) => m.id === id)?.nickname;

  return (
    <section
      className="chat"
      aria-label={i18n.t('chat.label', [conversation.customerName])}
      data-conversation-id={conversationId}
    >
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
      <ConversationDetails key={`details:${conversationId}`} conversation={conversation} />
      <OtherConversations conversation={conversation} shops={shops} onOpen={onOpen} />
      <div className="messages" data-testid="chat-messages">
        {messages?.map((m) => (
          <MessageBubble
            key={m.id}
            message={m}
            ownMemberId={member.id}
            authorNickname={m.direction === 'note' ? nicknameOf(m.authorMemberId) : undefined}
            seen={m.id === seenId}
          />
        ))}
        <div ref={endRef} />
      </div>
      {!closed && (
        <TypingLine
          key={`typing:${conversationId}`}
          conversationId={conversationId}
          customerName={conversation.customerName}
        />
      )}
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
        <Composer key={conversationId} conversationId={conversationId} />
      )}
      {closed && conversation.trashedAt === null && (
        <Composer key={`notes:${conversationId}`} conversationId={conversationId} notesOnly />
      )}
    </section>
  );
}
