import { useState, type FormEvent } from 'react';
import { i18n } from '#i18n';
import { askBackground } from '@/lib/client/messaging';
import type { CachedMessage } from '@/lib/client/db';
import { NUL_REFUSED } from '@/lib/protocol/text';

/**
 * A reply the server refused (or could not store): why, and what to do about it. "Edit and resend" opens the
 * text in place and sends it as a new reply; "Discard" drops it. The replies written after it went on.
 */
export function FailedReply({ message }: { message: CachedMessage }) {
  const [editing, setEditing] = useState(false);
  // A NUL character is invisible and never accepted, so the text offered for editing comes without it.
  const [text, setText] = useState(() => message.body.replaceAll('\u0000', ''));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // The server's words, except for the one refusal a member cannot see the cause of.
  const reason = message.failed?.includes(NUL_REFUSED) ? i18n.t('failedReply.nul') : (message.failed ?? '');

  const discard = () => askBackground({ type: 'discardFailedReply', clientId: message.clientId ?? '' });

  const resend = async (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim() || busy) return;
    setBusy(true);
    setError(null);
    const sent = await askBackground({
      type: 'sendReply',
      conversationId: message.conversationId,
      body: text,
    });
    if (!sent.ok) {
      setError(sent.error);
      setBusy(false);
      return;
    }
    // The new reply is in the outbox (its own pending line): the failed one goes.
    await discard();
  };

  return (
    <div className="failed-reply" data-testid="failed-reply">
      <span className="failed-reason" role="alert">
        {i18n.t('message.notSent', [reason])}
      </span>
      {editing ? (
        <form className="failed-reply-edit" onSubmit={(e) => void resend(e)}>
          <textarea
            aria-label={i18n.t('failedReply.label')}
            value={text}
            maxLength={5000}
            rows={3}
            autoFocus
            onChange={(e) => setText(e.target.value)}
          />
          {error && (
            <span className="failed-reason" role="alert">
              {error}
            </span>
          )}
          <div className="failed-reply-actions">
            <button type="button" className="link-button" onClick={() => setEditing(false)}>
              {i18n.t('failedReply.cancel')}
            </button>
            <button type="submit" className="primary" disabled={busy || !text.trim()}>
              {i18n.t('failedReply.send')}
            </button>
          </div>
        </form>
      ) : (
        <div className="failed-reply-actions">
          <button type="button" className="link-button" onClick={() => setEditing(true)}>
            {i18n.t('failedReply.edit')}
          </button>
          <button type="button" className="link-button" onClick={() => void discard()}>
            {i18n.t('failedReply.discard')}
          </button>
        </div>
      )}
    </div>
  );
}
