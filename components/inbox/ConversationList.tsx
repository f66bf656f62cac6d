import { useState } from 'react';
import { useSession } from '@/components/app/session';
import { AssignDialog } from '@/components/chat/AssignDialog';
import { useNow } from '@/components/app/useNow';
import type { Bucket } from '@/lib/domain/buckets';
import { viewsFor, type InboxView } from '@/lib/domain/views';
import type { Conversation, Member, Shop } from '@/lib/protocol';
import { shortTime } from './time';
import { useConversations } from './useConversations';

const BUCKET_LABELS: Record<Bucket, string> = {
  unread: 'Unread',
  unreplied: 'Not replied',
  due_soon: 'Due soon',
  overdue: 'Overdue',
  starred: 'Starred',
  snoozed: 'Snoozed',
  closed: 'Closed',
  trash: 'Trash',
};
const SHOWN_BUCKETS: Bucket[] = [
  'unread',
  'unreplied',
  'due_soon',
  'overdue',
  'starred',
  'snoozed',
  'closed',
];

/** "3 h 12 min", "45 min", "under a minute". */
function formatDuration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'under a minute';
  const hours = Math.floor(minutes / 60);
  return hours > 0 ? `${hours} h ${minutes % 60} min` : `${minutes} min`;
}

const VIEW_LABELS: Record<InboxView, string> = {
  mine: 'Assigned to me',
  unassigned: 'Unassigned',
  all: 'All',
  trash: 'Trash',
};

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
      <nav className="view-tabs" role="tablist" aria-label="Inbox views">
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
            {VIEW_LABELS[v]} <span className="count">{lists?.views[v] ?? ''}</span>
          </button>
        ))}
      </nav>
      {view !== 'trash' && lists && (
        <div className="bucket-bar" role="group" aria-label="Buckets">
          {SHOWN_BUCKETS.map((b) => (
            <button
              key={b}
              type="button"
              data-testid={`bucket-${b}`}
              aria-pressed={bucket === b}
              className={`bucket bucket-${b}${bucket === b ? ' active' : ''}`}
              onClick={() => setBucket(bucket === b ? null : b)}
            >
              {BUCKET_LABELS[b]} <span className="count">{lists.buckets[b]}</span>
            </button>
          ))}
        </div>
      )}
      {lists === undefined ? (
        <div className="loading" aria-busy="true" />
      ) : lists.rows.length === 0 ? (
        <p className="empty">{emptyText(view)}</p>
      ) : (
        <ul className="conversation-list" data-testid="conversation-list" aria-label={VIEW_LABELS[view]}>
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
                    {c.status === 'closed' && <span className="tag">Closed</span>}
                    {c.status !== 'closed' && c.awaitingReplySince && (
                      <span className="tag tag-warn">Not replied</span>
                    )}
                    {buckets.has('overdue') && <span className="tag tag-danger">Overdue</span>}
                    {buckets.has('due_soon') && <span className="tag tag-warn">Due soon</span>}
                    {nextStep && c.status === 'open' && (
                      <span className="countdown" data-testid="countdown">
                        {nextStep.step === 'due_soon' ? 'due soon in' : 'overdue in'}{' '}
                        {formatDuration(nextStep.inMs)}
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

function emptyText(view: InboxView): string {
  switch (view) {
    case 'mine':
      return 'No chats assigned to you. New ones arrive here while you accept chats and this panel is open.';
    case 'unassigned':
      return 'Nobody is waiting in the queue.';
    case 'all':
      return 'No conversations yet. New customer messages appear here as they arrive.';
    case 'trash':
      return 'The trash is empty.';
  }
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
        Assign to me
      </button>
      <button
        type="button"
        className="small secondary"
        data-testid="assign-to"
        onClick={() => setPicking(true)}
      >
        Assign to…
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
