import { useState } from 'react';
import { useSession } from '@/components/app/session';
import { mayMoveConversation } from '@/lib/domain/assignment';
import type { Conversation } from '@/lib/protocol';
import { AssignDialog } from './AssignDialog';

/** What the member may do with this chat: take it, hand it on, or close it. */
export function ChatActions({ conversation }: { conversation: Conversation }) {
  const { api, session } = useSession();
  const [dialog, setDialog] = useState<'assign' | 'transfer' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const me = session.member;
  if (conversation.status === 'closed' || !mayMoveConversation(me, conversation)) return null;
  const run = (work: Promise<void>) =>
    work.then(
      () => setError(null),
      (e: Error) => setError(e.message),
    );

  return (
    <div className="chat-actions">
      {conversation.assigneeId === null ? (
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
      ) : (
        <button
          type="button"
          className="small secondary"
          data-testid="transfer"
          onClick={() => setDialog('transfer')}
        >
          Transfer…
        </button>
      )}
      <button
        type="button"
        className="small secondary"
        data-testid="close-chat"
        onClick={() => run(api.close(conversation.id))}
      >
        Close
      </button>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
      {dialog && <AssignDialog conversation={conversation} mode={dialog} onClose={() => setDialog(null)} />}
    </div>
  );
}
