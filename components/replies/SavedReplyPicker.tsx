import { useEffect, useRef } from 'react';
import { i18n } from '#i18n';
import { fillReply, type ReplyContext } from '@/lib/domain/saved-replies';
import type { SavedReply } from '@/lib/protocol';

/**
 * The list "/" opens in the composer: filtered as the agent types, ↑/↓ to move, Tab or Enter to insert, Esc
 * to close. Focus stays in the text box; the box points at the active option (aria-activedescendant).
 */
export function SavedReplyPicker({
  id,
  replies,
  active,
  loading,
  previewContext,
  onPick,
  onHover,
}: {
  id: string;
  replies: SavedReply[];
  active: number;
  loading: boolean;
  /** The chat's values: a preview reads "Hi Harry", not "Hi {{customer.firstName}}". */
  previewContext: ReplyContext;
  onPick: (reply: SavedReply) => void;
  onHover: (index: number) => void;
}) {
  const listRef = useRef<HTMLUListElement>(null);
  useEffect(() => {
    listRef.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);
  return (
    <div className="reply-picker" data-testid="reply-picker">
      <ul ref={listRef} id={id} role="listbox" aria-label={i18n.t('replies.pickerLabel')}>
        {replies.map((reply, i) => (
          <li
            key={reply.id}
            id={`${id}-${i}`}
            role="option"
            data-index={i}
            data-testid="reply-option"
            aria-selected={i === active}
            className={i === active ? 'active' : undefined}
            // mousedown, not click: the text box keeps its focus and caret.
            onMouseDown={(e) => {
              e.preventDefault();
              onPick(reply);
            }}
            onMouseEnter={() => onHover(i)}
          >
            <span className="reply-title">
              <strong>{reply.title}</strong> <code>/{reply.shortcut}</code>
              {reply.scope === 'personal' && <span className="muted"> · {i18n.t('replies.personal')}</span>}
            </span>
            <span className="muted reply-body" data-testid="reply-preview">
              {fillReply(reply.body, previewContext).text}
            </span>
          </li>
        ))}
      </ul>
      {replies.length === 0 && (
        <p className="muted">{loading ? i18n.t('replies.loading') : i18n.t('replies.noMatch')}</p>
      )}
      <p className="muted reply-picker-hint">{i18n.t('replies.pickerHint')}</p>
    </div>
  );
}
