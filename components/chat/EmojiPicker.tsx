import { Smile } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { i18n } from '#i18n';

/** The emoji a support team reaches for most, in a small grid. */
const EMOJI = [
  '😊',
  '🙂',
  '😀',
  '😉',
  '🙏',
  '👍',
  '👌',
  '👋',
  '🎉',
  '❤️',
  '😍',
  '🥰',
  '😅',
  '😢',
  '😮',
  '🤔',
  '🙌',
  '👏',
  '💪',
  '✨',
  '✅',
  '❌',
  '⚠️',
  '⏳',
  '📦',
  '🚚',
  '📮',
  '🛒',
  '🎁',
  '🏷️',
  '💳',
  '💶',
  '🔁',
  '📞',
  '✉️',
  '📷',
  '🧾',
  '⭐',
  '🔥',
  '💯',
];

/** A button that opens the grid; picking an emoji hands it over and closes the grid. */
export function EmojiPicker({ onPick }: { onPick: (emoji: string) => void }) {
  const [open, setOpen] = useState(false);
  const grid = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (open) grid.current?.querySelector<HTMLButtonElement>('button')?.focus();
  }, [open]);
  return (
    <div className="emoji-picker">
      <button
        type="button"
        className="icon-button"
        data-testid="emoji-button"
        aria-label={i18n.t('attachments.emoji')}
        aria-expanded={open}
        title={i18n.t('attachments.emoji')}
        onClick={() => setOpen((o) => !o)}
      >
        <Smile size={16} aria-hidden="true" />
      </button>
      {open && (
        <div
          ref={grid}
          className="emoji-grid"
          role="group"
          aria-label={i18n.t('attachments.emojiList')}
          data-testid="emoji-grid"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              setOpen(false);
            }
          }}
        >
          {EMOJI.map((emoji) => (
            <button
              key={emoji}
              type="button"
              className="emoji"
              data-testid="emoji"
              onClick={() => {
                onPick(emoji);
                setOpen(false);
              }}
            >
              {emoji}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
