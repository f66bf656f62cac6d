import { useState } from 'react';
import { i18n } from '#i18n';
import { useSession } from '@/components/app/session';
import { mayMoveConversation } from '@/lib/domain/assignment';
import { seesAllConversations } from '@/lib/domain/visibility';
import type { Conversation } from '@/lib/protocol';
import { AssignDialog } from './AssignDialog';

/** When a snooze choice ends, in the member's own time zone. */
function snoozeUntil(choice: string): Date | null {
  const now = new Date();
  if (choice === '1h') return new Date(now.getTime() + 3_600_000);
  if (choice === '4h') return new Date(now.getTime() + 4 * 3_600_000);
  if (choice === 'tomorrow') {
    const tomorrow = new Date(now);
    tomorrow.setDate(now.getDate() + 1);
    tomorrow.setHours(9, 0, 0, 0);
    return tomorrow;
  }
  return null;
}

/** What the member may do with this chat: take it, hand it on, end it, or put it in the trash and back. */
export function ChatActions({ conversation, onGone }: { conversation: Conversation; onGone: () => void }) {
  const { api, session } = useSession();
  const [dialog, setDialog] = useState<'assign' | 'transfer' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const me = session.member;
  if (!mayMoveConversation(me, conversation)) return null;
  const run = (work: Promise<void>, after?: () => void) =>
    work.then(
      () => {
        setError(null);
        after?.();
      },
      (e: Error) => setError(e.message),
    );
  const failure = error && (
    <span className="error" role="alert">
      {error}
    </span>
  );

  if (conversation.trashedAt !== null) {
    return (
      <div className="chat-actions">
        <button
          type="button"
          className="small"
          data-testid="restore"
          onClick={() => run(api.restore(conversation.id))}
        >
          {i18n.t('chat.actions.restore')}
        </button>
        {seesAllConversations(me.role) && (
          <button
            type="button"
            className="small secondary danger"
            data-testid="delete-for-good"
            onClick={() => {
              // Deleting for good cannot be undone, so it asks first.
              if (window.confirm(i18n.t('chat.actions.confirmDeleteForGood'))) {
                void run(api.deleteForGood(conversation.id), onGone);
              }
            }}
          >
            {i18n.t('chat.actions.deleteForGood')}
          </button>
        )}
        {failure}
      </div>
    );
  }

  return (
    <div className="chat-actions">
      {conversation.status !== 'closed' && conversation.assigneeId === null && (
        <>
          <button
            type="button"
            className="small"
            data-testid="chat-assign-to-me"
            onClick={() => run(api.assign(conversation.id, { assigneeId: me.id }))}
          >
            {i18n.t('chat.actions.assignToMe')}
          </button>
          <button type="button" className="small secondary" onClick={() => setDialog('assign')}>
            {i18n.t('chat.actions.assignTo')}
          </button>
        </>
      )}
      {conversation.status !== 'closed' && conversation.assigneeId !== null && (
        <button
          type="button"
          className="small secondary"
          data-testid="transfer"
          onClick={() => setDialog('transfer')}
        >
          {i18n.t('chat.actions.transfer')}
        </button>
      )}
      {conversation.status === 'open' && (
        <select
          className="small secondary"
          aria-label={i18n.t('chat.actions.snooze')}
          data-testid="snooze"
          value=""
          onChange={(e) => {
            const until = snoozeUntil(e.target.value);
            if (until) void run(api.snooze(conversation.id, until));
          }}
        >
          <option value="">{i18n.t('chat.actions.snoozeChoose')}</option>
          <option value="1h">{i18n.t('chat.actions.snoozeForHours', 1)}</option>
          <option value="4h">{i18n.t('chat.actions.snoozeForHours', 4)}</option>
          <option value="tomorrow">{i18n.t('chat.actions.snoozeUntilTomorrow')}</option>
        </select>
      )}
      {conversation.status === 'snoozed' && (
        <button
          type="button"
          className="small secondary"
          data-testid="unsnooze"
          onClick={() => run(api.unsnooze(conversation.id))}
        >
          {i18n.t('chat.actions.unsnooze')}
        </button>
      )}
      {conversation.status !== 'closed' && (
        <button
          type="button"
          className="small secondary"
          data-testid="end-session"
          title={i18n.t('chat.actions.endSessionHint')}
          onClick={() => run(api.endSession(conversation.id))}
        >
          {i18n.t('chat.actions.endSession')}
        </button>
      )}
      <button
        type="button"
        className="small secondary"
        data-testid="trash"
        onClick={() => run(api.trash(conversation.id), onGone)}
      >
        {i18n.t('chat.actions.trash')}
      </button>
      {failure}
      {dialog && <AssignDialog conversation={conversation} mode={dialog} onClose={() => setDialog(null)} />}
    </div>
  );
}
