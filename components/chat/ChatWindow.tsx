import { useLiveQuery } from 'dexie-react-hooks';
import { ArrowLeft } from 'lucide-react';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { i18n } from '#i18n';
import { useDb } from '@/components/app/db';
import { longDateTime } from '@/components/inbox/time';
import { askBackground } from '@/lib/client/messaging';
import type { Member, Shop } from '@/lib/protocol';
import { useTeam } from '@/components/team/useTeam';
import { BlockedBanner } from './BlockCustomer';
import { ChatActions } from './ChatActions';
import { Composer } from './Composer';
import { ConversationDetails } from './ConversationDetails';
import { MessageBubble } from './MessageBubble';
import { OtherConversations } from './OtherConversations';
import { lastSeenMessageId } from './receipts';
import { StarButton } from './StarButton';
import { TypingLine } from './TypingLine';
import { useMessages } from './useMessages';
import { PaneTabs, type Pane } from './PaneTabs';
import { Workbench } from '@/components/workbench/Workbench';
import './chat.css';

/** Older messages are added once the view comes this close to the first one shown. */
const OLDER_WITHIN_PX = 400;

export function ChatWindow({
  conversationId,
  member,
  shops,
  onBack,
  onOpen,
  initialPane = 'chat',
  focusOrderNumber,
}: {
  conversationId: string;
  member: Member;
  shops: Shop[];
  onBack: () => void;
  /** Opens another conversation (the customer's others); without it they are listed but not links. */
  onOpen?: (conversationId: string) => void;
  /** The chat, or a workbench tab to show first (an order link on a seller-center page opens Orders). */
  initialPane?: Pane;
  focusOrderNumber?: string;
}) {
  const db = useDb();
  // null: not in the cache (it moved to a teammate and left this member's inbox); undefined: still reading.
  const found = useLiveQuery(
    () => db.conversations.get(conversationId).then((c) => c ?? null),
    [db, conversationId],
  );
  const conversation = found ?? undefined;
  // The customer's name stays known after the conversation has left the cache, for the notice that says so.
  const [shownName, setShownName] = useState<string | null>(null);
  if (conversation && conversation.customerName !== shownName) setShownName(conversation.customerName);
  const { messages, hasOlder, showOlder } = useMessages(conversationId);
  const team = useTeam();
  const listRef = useRef<HTMLDivElement>(null);
  // Set while older messages are being added above: where the view was, counted from the bottom, and the
  // messages shown then.
  const keep = useRef<{ fromBottom: number; shown: readonly unknown[] } | null>(null);
  const newestId = messages?.at(-1)?.id;
  const lastCustomerMessageAt = conversation?.lastCustomerMessageAt;
  const [pane, setPane] = useState<Pane>(initialPane);
  // Category and tags are shown on asking ("More actions"), so the messages start near the top.
  const [detailsShown, setDetailsShown] = useState(false);
  // Back from a workbench tab, the chat shows its newest message again.
  useLayoutEffect(() => {
    const list = listRef.current;
    if (list && pane === 'chat') list.scrollTop = list.scrollHeight;
  }, [pane]);

  // Opening the chat, and every customer message that arrives while it is open, marks it read.
  useEffect(() => {
    if (lastCustomerMessageAt) void askBackground({ type: 'markRead', conversationId });
  }, [conversationId, lastCustomerMessageAt]);

  // The chat opens at its newest message, and follows each new one; older ones added above keep the view.
  // (The messages may be read before the conversation, whose list is not there until then.)
  const listShown = conversation !== undefined;
  useLayoutEffect(() => {
    const list = listRef.current;
    if (list) list.scrollTop = list.scrollHeight;
  }, [newestId, listShown]);
  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    if (keep.current && keep.current.shown !== messages) {
      list.scrollTop = list.scrollHeight - keep.current.fromBottom;
      keep.current = null;
    }
    // Too few to scroll (and shown): nothing would ask for the older ones.
    if (hasOlder && list.clientHeight > 0 && list.scrollHeight <= list.clientHeight) showOlder();
  }, [messages, hasOlder, showOlder]);
  const onScrollMessages = () => {
    const list = listRef.current;
    if (!list || !messages || !hasOlder || keep.current) return;
    if (list.scrollTop < OLDER_WITHIN_PX) {
      keep.current = { fromBottom: list.scrollHeight - list.scrollTop, shown: messages };
      showOlder();
    }
  };

  if (found === null && shownName !== null) {
    return (
      <section className="chat chat-gone" data-testid="chat-gone" role="status">
        <p>{i18n.t('chat.gone', [shownName])}</p>
        <button type="button" onClick={onBack}>
          {i18n.t('chat.back')}
        </button>
      </section>
    );
  }
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
        <button
          type="button"
          className="header-icon"
          onClick={onBack}
          aria-label={i18n.t('chat.back')}
          title={i18n.t('chat.back')}
        >
          <ArrowLeft size={18} aria-hidden="true" />
        </button>
        <div className="chat-title">
          <strong data-testid="chat-customer">{conversation.customerName}</strong>
          {/* Who has it comes first: at 320 px the shop's name is the part the ellipsis takes. */}
          <span
            className="muted"
            data-testid="chat-assignee"
            title={`${assigneeName(conversation.assigneeId)} · ${shop?.name ?? ''}`}
          >
            {assigneeName(conversation.assigneeId)} · {shop?.name ?? ''}
          </span>
        </div>
        <StarButton conversation={conversation} />
        <ChatActions
          conversation={conversation}
          onGone={onBack}
          detailsShown={detailsShown}
          onToggleDetails={() => setDetailsShown((s) => !s)}
        />
      </header>
      {conversation.customerBlocked && <BlockedBanner conversation={conversation} />}
      <div className="chat-details-holder" hidden={!detailsShown}>
        <ConversationDetails key={`details:${conversationId}`} conversation={conversation} />
      </div>
      <OtherConversations conversation={conversation} shops={shops} onOpen={onOpen} />
      <PaneTabs pane={pane} onChange={setPane} />
      {pane !== 'chat' && (
        <Workbench conversation={conversation} shop={shop} tab={pane} focusOrderNumber={focusOrderNumber} />
      )}
      <div
        className="messages"
        data-testid="chat-messages"
        ref={listRef}
        onScroll={onScrollMessages}
        hidden={pane !== 'chat'}
      >
        {messages?.map((m) => (
          <MessageBubble
            key={m.id}
            message={m}
            ownMemberId={member.id}
            authorNickname={m.direction === 'note' ? nicknameOf(m.authorMemberId) : undefined}
            seen={m.id === seenId}
          />
        ))}
      </div>
      {!closed && pane === 'chat' && !conversation.customerBlocked && (
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
        <Composer
          key={conversationId}
          conversationId={conversationId}
          conversation={conversation}
          shop={shop}
          // Nothing is sent to a blocked customer; the team may still leave notes.
          notesOnly={conversation.customerBlocked === true}
        />
      )}
      {closed && conversation.trashedAt === null && (
        <Composer
          key={`notes:${conversationId}`}
          conversationId={conversationId}
          conversation={conversation}
          shop={shop}
          notesOnly
        />
      )}
    </section>
  );
}
