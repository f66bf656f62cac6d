import { i18n } from '#i18n';
import { askBackground } from '@/lib/client/messaging';
import type { CachedMessage } from '@/lib/client/db';
import { shortTime } from '@/components/inbox/time';

export function MessageBubble({ message: m, ownMemberId }: { message: CachedMessage; ownMemberId: string }) {
  const side = m.direction === 'inbound' ? 'inbound' : m.direction === 'system' ? 'system' : 'outbound';
  const byline =
    m.author === 'seller_center'
      ? i18n.t('message.sellerCenter')
      : m.author === 'member' && m.authorMemberId !== ownMemberId
        ? i18n.t('message.team')
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
        {m.pending ? (
          <span>{i18n.t('message.sending')}</span>
        ) : (
          <time dateTime={m.createdAt}>{shortTime(m.createdAt)}</time>
        )}
        {m.failed && (
          <span className="failed-reason" role="alert">
            {i18n.t('message.notSent', [m.failed])}{' '}
            <button
              type="button"
              className="link-button"
              onClick={() => void askBackground({ type: 'discardFailedReply', clientId: m.clientId ?? '' })}
            >
              {i18n.t('message.dismiss')}
            </button>
          </span>
        )}
      </footer>
    </div>
  );
}
