import { useState } from 'react';
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
          Restore
        </button>
        {seesAllConversations(me.role) && (
          <button
            type="button"
            className="small secondary danger"
            data-testid="delete-for-good"
            onClick={() => {
              // Deleting for good cannot be undone, so it asks first.
              if (
                window.confirm(
                  'Delete this conversation for good? Its messages are gone and this cannot be undone.',
                )
              ) {
                void run(api.deleteForGood(conversation.id), onGone);
              }
            }}
          >
            Delete for good
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
            Assign to me
          </button>
          <button type="button" className="small secondary" onClick={() => setDialog('assign')}>
            Assign to…
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
          Transfer…
        </button>
      )}
      {conversation.status === 'open' && (
        <select
          className="small secondary"
          aria-label="Snooze"
          data-testid="snooze"
          value=""
          onChange={(e) => {
            const until = snoozeUntil(e.target.value);
            if (until) void run(api.snooze(conversation.id, until));
          }}
        >
          <option value="">Snooze…</option>
          <option value="1h">for 1 hour</option>
          <option value="4h">for 4 hours</option>
          <option value="tomorrow">until tomorrow 09:00</option>
        </select>
      )}
      {conversation.status === 'snoozed' && (
        <button
          type="button"
          className="small secondary"
          data-testid="unsnooze"
          onClick={() => run(api.unsnooze(conversation.id))}
        >
          Unsnooze
        </button>
      )}
      {conversation.status !== 'closed' && (
        <button
          type="button"
          className="small secondary"
          data-testid="end-session"
          title="Close the chat and ask the customer to rate it"
          onClick={() => run(api.endSession(conversation.id))}
        >
          End session
        </button>
      )}
      <button
        type="button"
        className="small secondary"
        data-testid="trash"
        onClick={() => run(api.trash(conversation.id), onGone)}
      >
        Trash
      </button>
      {failure}
      {dialog && <AssignDialog conversation={conversation} mode={dialog} onClose={() => setDialog(null)} />}
    </div>
  );
}
