import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { i18n } from '#i18n';
import { askBackground } from '@/lib/client/messaging';

/** The reply box: Enter sends, Shift+Enter starts a new line. A reply is queued even when offline. */
export function Composer({ conversationId }: { conversationId: string }) {
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function send(event?: FormEvent) {
    event?.preventDefault();
    const text = body.trim();
    if (!text) return;
    setBody('');
    const result = await askBackground({ type: 'sendReply', conversationId, body: text });
    if (result.ok) setError(null);
    else {
      setBody(text);
      setError(result.error);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) void send(event);
  }

  return (
    <form className="composer" onSubmit={send}>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <textarea
        data-testid="reply-input"
        aria-label={i18n.t('composer.label')}
        placeholder={i18n.t('composer.placeholder')}
        rows={3}
        value={body}
        maxLength={5000}
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <button type="submit" className="primary" data-testid="reply-send" disabled={!body.trim()}>
        {i18n.t('composer.send')}
      </button>
    </form>
  );
}
