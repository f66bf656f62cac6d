import { Ban, Package, Paperclip, ShoppingBag, Star, Ticket, type LucideIcon } from 'lucide-react';
import { i18n } from '#i18n';
import { listTimeOf } from '@/lib/domain/filters';
import type { ConversationRow as Row } from './useConversations';
import { formatDuration, shortTime } from './time';

/** The marks the server starts a preview with (a file, a voucher, a product, an order), drawn as icons. */
const PREVIEW_MARKS: Record<string, LucideIcon> = {
  '📎': Paperclip,
  '🎟': Ticket,
  '🛍': ShoppingBag,
  '📦': Package,
};

/** A preview, with its leading mark as an icon: an emoji would be an empty box without an emoji font. */
function PreviewText({ text }: { text: string }) {
  const [mark] = Array.from(text);
  const Icon = mark ? PREVIEW_MARKS[mark] : undefined;
  if (!Icon || !mark || text[mark.length] !== ' ') return text;
  return (
    <>
      <Icon size={12} aria-hidden="true" className="inline-icon" data-testid="preview-mark" />
      {text.slice(mark.length)}
    </>
  );
}

/**
 * One conversation of the list: who, the last message, its shop and the state of its SLA clock. Its time is
 * the one the list sorts by (the customer's last message), and its labels are its buckets, as the chips count.
 */
export function ConversationRow({
  row: { conversation: c, unread, buckets, overdueInMs, snippet },
  shopName,
  focused,
  selected,
  onOpen,
  onSelect,
}: {
  row: Row;
  shopName: string;
  focused: boolean;
  selected: boolean;
  onOpen: () => void;
  onSelect: (selected: boolean) => void;
}) {
  return (
    <div className={`conversation-line${focused ? ' focused' : ''}${selected ? ' selected' : ''}`}>
      <input
        type="checkbox"
        className="row-select"
        data-testid="select-conversation"
        aria-label={i18n.t('inboxTools.bulk.selectOne', [c.customerName])}
        checked={selected}
        onChange={(e) => onSelect(e.target.checked)}
      />
      <button
        type="button"
        className={`conversation-item${unread ? ' unread' : ''}`}
        data-testid="conversation-item"
        data-conversation-id={c.id}
        data-focused={focused ? 'true' : undefined}
        aria-current={focused ? 'true' : undefined}
        onClick={onOpen}
      >
        <span className="avatar" aria-hidden="true">
          {c.customerName.slice(0, 1).toUpperCase()}
          {unread && <span className="red-dot" data-testid="unread-dot" />}
        </span>
        <span className="conversation-main">
          <span className="conversation-top">
            <span className="customer-name">
              {c.starred && (
                <span className="row-star" role="img" aria-label={i18n.t('buckets.starred')}>
                  <Star size={12} fill="currentColor" aria-hidden="true" className="inline-icon" />{' '}
                </span>
              )}
              {c.customerName}
            </span>
            <time dateTime={listTimeOf(c)}>{shortTime(listTimeOf(c))}</time>
          </span>
          <span className="preview" data-testid={snippet ? 'search-snippet' : undefined}>
            {snippet ?? <PreviewText text={c.lastMessagePreview} />}
          </span>
          <span className="conversation-meta">
            <span>{shopName}</span>
            {c.category !== 'other' && (
              <span className="tag tag-category">{i18n.t(`inboxTools.categories.${c.category}`)}</span>
            )}
            {c.tags.map((t) => (
              <span key={t} className="tag tag-label">
                #{t}
              </span>
            ))}
            {c.customerBlocked && (
              <span className="tag tag-danger" data-testid="row-blocked">
                <Ban size={11} aria-hidden="true" className="inline-icon" /> {i18n.t('blocked.tag')}
              </span>
            )}
            {c.status === 'closed' && <span className="tag">{i18n.t('inbox.tags.closed')}</span>}
            {buckets.has('unreplied') && (
              <span className="tag tag-warn">{i18n.t('inbox.tags.unreplied')}</span>
            )}
            {buckets.has('overdue') && <span className="tag tag-danger">{i18n.t('inbox.tags.overdue')}</span>}
            {buckets.has('due_soon') && <span className="tag tag-warn">{i18n.t('inbox.tags.dueSoon')}</span>}
            {overdueInMs !== null && (
              <span className="countdown" data-testid="countdown">
                {i18n.t('inbox.countdown.overdue', [formatDuration(overdueInMs)])}
              </span>
            )}
          </span>
        </span>
      </button>
    </div>
  );
}
