import { i18n } from '#i18n';
import type { CachedMessage } from '@/lib/client/db';
import { splitLinks } from '@/lib/domain/links';
import { shortTime } from '@/components/inbox/time';
import { AttachmentView, attachmentOf } from './AttachmentView';
import { timelineLineOf, timelineWords } from './timeline';
import { FailedReply } from './FailedReply';
import { DeliveryState } from './DeliveryState';
import { CardView, cardOf } from '@/components/workbench/CardView';

/**
 * One line of the timeline. Customer messages sit on the left, the shop's on the right, system lines in the
 * middle; an internal note is yellow and says so first, so it never passes for something the customer saw.
 */
export function MessageBubble({
  message: m,
  ownMemberId,
  authorNickname,
  seen = false,
}: {
  message: CachedMessage;
  ownMemberId: string;
  /** The nickname of the member who wrote it, for a note's label. */
  authorNickname?: string;
  /** The customer has read this reply (shown on the newest one read). */
  seen?: boolean;
}) {
  const file = attachmentOf(m.payload);
  const card = cardOf(m.payload);
  // A system line is worded in the reader's language from its code; one stored before codes keeps its text.
  const line = m.direction === 'system' ? timelineLineOf(m.payload) : null;
  const body = line ? timelineWords(line) : m.body;
  const side =
    m.direction === 'inbound'
      ? 'inbound'
      : m.direction === 'system'
        ? 'system'
        : m.direction === 'note'
          ? 'note'
          : 'outbound';
  const byline =
    m.direction === 'note'
      ? null
      : m.author === 'seller_center'
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
      {m.direction === 'note' && (
        <strong className="note-label" data-testid="note-label">
          {i18n.t('chatExtras.noteBy', [authorNickname ?? i18n.t('chat.aTeammate')])}
        </strong>
      )}
      {file && <AttachmentView file={file} />}
      {card && <CardView card={card} />}
      {(body || (!file && !card)) && (
        <p>
          {/* Text nodes and safe http(s) links only: nothing in a message is ever parsed as markup. */}
          {splitLinks(body).map((piece, i) =>
            'href' in piece ? (
              <a key={i} href={piece.href} target="_blank" rel="noopener noreferrer">
                {piece.text}
              </a>
            ) : (
              piece.text
            ),
          )}
        </p>
      )}
      <footer>
        {byline && <span>{byline} · </span>}
        {m.pending ? (
          <span>{i18n.t('message.sending')}</span>
        ) : (
          <time dateTime={m.createdAt}>{shortTime(m.createdAt)}</time>
        )}
        {seen && (
          <span className="seen" data-testid="message-seen">
            {' · '}
            {i18n.t('chatExtras.seen')}
          </span>
        )}
      </footer>
      {m.delivery && m.direction === 'outbound' && <DeliveryState messageId={m.id} delivery={m.delivery} />}
      {m.failed && <FailedReply message={m} />}
    </div>
  );
}
