import { askBackground } from '@/lib/client/messaging';
import type { CachedMessage } from '@/lib/client/db';
import { shortTime } from '@/components/inbox/time';

export function MessageBubble({ message: m, ownMemberId }: { message: CachedMessage; ownMemberId: string }) {
  const side = m.direction === 'inbound' ? 'inbound' : m.direction === 'system' ? 'system' : 'outbound';
  const byline =
    m.author === 'seller_center'
      ? 'Seller center'
      : m.author === 'member' && m.authorMemberId !== ownMemberId
        ? 'Team'
        : null;
  return (
    <div
      className={`bubble bubble-${side}${m.pending ? ' pending' : ''}${m.failed ? ' failed' : ''}`}
      data-testid="message"
      data-direction={m.direction}
      data-pending={m.pending ? 'true' : undefined}
    >
      <p>{m.body}</p>
      <footer>
        {byline && <span>{byline} · </span>}
        {m.pending ? <span>Sending…</span> : <time dateTime={m.createdAt}>{shortTime(m.createdAt)}</time>}
        {m.failed && (
          <span className="failed-reason" role="alert">
            Not sent: {m.failed}{' '}
            <button
              type="button"
              className="link-button"
              onClick={() => void askBackground({ type: 'discardFailedReply', clientId: m.clientId ?? '' })}
            >
              Dismiss
            </button>
          </span>
        )}
      </footer>
    </div>
  );
}
