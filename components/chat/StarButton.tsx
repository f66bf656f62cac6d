import { Star } from 'lucide-react';
import { useState } from 'react';
import { i18n } from '#i18n';
import { useSession } from '@/components/app/session';
import type { Conversation } from '@/lib/protocol';

/** Marks the chat for follow-up; the Starred bucket lists it until the mark is cleared. */
export function StarButton({ conversation }: { conversation: Conversation }) {
  const { api } = useSession();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const label = conversation.starred ? i18n.t('chat.star.remove') : i18n.t('chat.star.add');
  return (
    <>
      <button
        type="button"
        className={`header-icon star-button${conversation.starred ? ' starred' : ''}`}
        data-testid="star"
        aria-pressed={conversation.starred}
        aria-label={label}
        title={label}
        disabled={pending}
        onClick={() => {
          setPending(true);
          api.setStarred(conversation.id, !conversation.starred).then(
            () => {
              setError(null);
              setPending(false);
            },
            (e: Error) => {
              setError(e.message);
              setPending(false);
            },
          );
        }}
      >
        <Star size={18} fill={conversation.starred ? 'currentColor' : 'none'} aria-hidden="true" />
      </button>
      {error && (
        <span className="error chat-action-error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
