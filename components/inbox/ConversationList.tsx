import { useState } from 'react';
import { i18n } from '#i18n';
import { useSession } from '@/components/app/session';
import { AssignDialog } from '@/components/chat/AssignDialog';
import { useNow } from '@/components/app/useNow';
import type { Bucket } from '@/lib/domain/buckets';
import { viewsFor, type InboxView } from '@/lib/domain/views';
import type { Conversation, Member, Shop } from '@/lib/protocol';
import { formatDuration, shortTime } from './time';
import { useConversations } from './useConversations';

const SHOWN_BUCKETS: Bucket[] = [
  'unread',
  'unreplied',
  'due_soon',
  'overdue',
  'starred',
  'snoozed',
  'closed',
];

export function ConversationList({
  member,
  shops,
  onOpen,
}: {
  member: Member;
  shops: Shop[];
  onOpen: (conversationId: string) => void;
}) {
  const [view, setView] = useState<InboxView>('mine');
  const [bucket, setBucket] = useState<Bucket | null>(null);
  const now = useNow(30_000);
  const lists = useConversations(member, view, bucket, shops, now);
  const shopName = new Map(shops.map((s) => [s.id, s.name]));
  return (
    <div className="inbox">
      <nav className="view-tabs" role="tablist" aria-label={i18n.t('inbox.viewsLabel')}>
        {viewsFor(member.role).map((v) => (
          <button
            key={v}
            type="button"
            role="tab"
            aria-selected={v === view}
            data-testid={`view-${v}`}
            className={v === view ? 'active' : ''}
            onClick={() => {
              setView(v);
              setBucket(null);
            }}
          >
            {i18n.t(`inbox.views.${v}`)} <span className="count">{lists?.views[v] ?? ''}</span>
          </button>
        ))}
      </nav>
      {view !== 'trash' && lists && (
        <div className="bucket-bar" role="group" aria-label={i18n.t('inbox.bucketsLabel')}>
          {SHOWN_BUCKETS.map((b) => (
            <button
              key={b}
              type="button"
              data-testid={`bucket-${b}`}
              aria-pressed={bucket === b}
              className={`bucket bucket-${b}${bucket === b ? ' active' : ''}`}
              onClick={() => setBucket(bucket === b ? null : b)}
            >
              {i18n.t(`buckets.${b}`)} <span className="count">{lists.buckets[b]}</span>
            </button>
          ))}
        </div>
      )}
      {lists === undefined ? (
        <div className="loading" aria-busy="true" />
      ) : lists.rows.length === 0 ? (
        <p className="empty">{i18n.t(`inbox.empty.${view}`)}</p>
      ) : (
        <ul
          className="conversation-list"
          data-testid="conversation-list"
          aria-label={i18n.t(`inbox.views.${view}`)}
        >
          {lists.rows.map(({ conversation: c, unread, buckets, nextStep }) => (
            <li key={c.id} className="conversation-row">
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
                    {c.status === 'closed' && <span className="tag">{i18n.t('inbox.tags.closed')}</span>}
                    {c.status !== 'closed' && c.awaitingReplySince && (
                      <span className="tag tag-warn">{i18n.t('inbox.tags.unreplied')}</span>
                    )}
                    {buckets.has('overdue') && (
                      <span className="tag tag-danger">{i18n.t('inbox.tags.overdue')}</span>
                    )}
                    {buckets.has('due_soon') && (
                      <span className="tag tag-warn">{i18n.t('inbox.tags.dueSoon')}</span>
                    )}
                    {nextStep && c.status === 'open' && (
                      <span className="countdown" data-testid="countdown">
                        {i18n.t(
                          nextStep.step === 'due_soon'
                            ? 'inbox.countdown.dueSoon'
                            : 'inbox.countdown.overdue',
                          [formatDuration(nextStep.inMs)],
                        )}
                      </span>
                    )}
                  </span>
                </span>
              </button>
              {view === 'unassigned' && <QueueActions conversation={c} />}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** "Assign to me" and "Assign to…" beside a queued conversation. */
function QueueActions({ conversation }: { conversation: Conversation }) {
  const { api, session } = useSession();
  const [picking, setPicking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="row-actions">
      <button
        type="button"
        className="small"
        data-testid="assign-to-me"
        onClick={() =>
          api.assign(conversation.id, { assigneeId: session.member.id }).then(
            () => setError(null),
            (e: Error) => setError(e.message),
          )
        }
      >
        {i18n.t('chat.actions.assignToMe')}
      </button>
      <button
        type="button"
        className="small secondary"
        data-testid="assign-to"
        onClick={() => setPicking(true)}
      >
        {i18n.t('chat.actions.assignTo')}
      </button>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
      {picking && (
        <AssignDialog conversation={conversation} mode="assign" onClose={() => setPicking(false)} />
      )}
    </div>
  );
}
