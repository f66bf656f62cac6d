import { useRef, useState, type KeyboardEvent } from 'react';
import { i18n } from '#i18n';
import { useSession } from '@/components/app/session';
import {
  category as categorySchema,
  type Category,
  type Conversation,
  type ConversationPatch,
} from '@/lib/protocol';
import { addTags, MAX_TAG_LENGTH, MAX_TAGS, type TagProblem } from './tags';

/**
 * Changes sent to the server, shown at once. Until sync brings the last of them back, the cache may pass
 * through the earlier ones; any other state in the cache means someone else changed it, and it wins.
 */
interface Pending<T> {
  value: T;
  /** The cache's state when the first change was made, and every state sent since (as keys). */
  known: string[];
  inFlight: number;
}

function usePendingChange<T>(
  actual: T,
  keyOf: (value: T) => string,
): [shown: T, begin: (next: T) => void, settle: (ok: boolean) => void] {
  const [pending, setPending] = useState<Pending<T> | null>(null);
  const actualKey = keyOf(actual);
  const current = pending && pending.known.includes(actualKey) ? pending : null;
  // Sync has caught up with the last change (or someone else changed it): the cache speaks again.
  if (pending && (!current || (pending.inFlight === 0 && actualKey === keyOf(pending.value))))
    setPending(null);
  const begin = (next: T) =>
    setPending((p) => {
      const base = p && p.known.includes(actualKey) ? p : null;
      return {
        value: next,
        known: [...(base?.known ?? [actualKey]), keyOf(next)],
        inFlight: (base?.inFlight ?? 0) + 1,
      };
    });
  const settle = (ok: boolean) =>
    setPending((p) => (p && ok ? { ...p, inFlight: Math.max(0, p.inFlight - 1) } : null));
  return [current ? current.value : actual, begin, settle];
}

const tagsKey = (tags: readonly string[]) => tags.join('\n');

function problemText(problem: TagProblem): string {
  return problem === 'tooLong'
    ? i18n.t('chatExtras.tags.tooLong', [MAX_TAG_LENGTH])
    : i18n.t('chatExtras.tags.tooMany', [MAX_TAGS]);
}

/**
 * The open conversation's category and tags. Each change is saved with `organize`; the new state comes back
 * through sync into the cache, and until it does the panel shows what the member chose. Mount it once per
 * conversation (a `key`).
 */
export function ConversationDetails({ conversation }: { conversation: Conversation }) {
  const { api } = useSession();
  const [shownCategory, beginCategory, settleCategory] = usePendingChange(conversation.category, String);
  const [shownTags, beginTags, settleTags] = usePendingChange(conversation.tags, tagsKey);
  const [draft, setDraft] = useState('');
  // What the server refused, and what is wrong with the tag being typed: each clears on its own.
  const [saveError, setSaveError] = useState<string | null>(null);
  const [tagProblem, setTagProblem] = useState<TagProblem | null>(null);
  // Saves go one after another, so the server ends with the last change the member made.
  const saving = useRef<Promise<unknown>>(Promise.resolve());

  function save(patch: ConversationPatch, settle: (ok: boolean) => void) {
    saving.current = saving.current.then(() =>
      api.organize(conversation.id, patch).then(
        () => {
          settle(true);
          setSaveError(null);
        },
        (e: unknown) => {
          settle(false);
          setSaveError(e instanceof Error ? e.message : String(e));
        },
      ),
    );
  }

  function chooseCategory(value: Category) {
    if (value === shownCategory) return;
    beginCategory(value);
    save({ category: value }, settleCategory);
  }

  function changeTags(next: string[]) {
    if (tagsKey(next) === tagsKey(shownTags)) return;
    beginTags(next);
    save({ tags: next }, settleTags);
  }

  function commitDraft(text: string): boolean {
    const { tags: next, problem } = addTags(shownTags, text);
    if (problem) {
      setTagProblem(problem);
      return false;
    }
    setTagProblem(null);
    changeTags(next);
    return true;
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if ((event.key === 'Enter' || event.key === ',') && !event.nativeEvent.isComposing) {
      event.preventDefault();
      if (commitDraft(draft)) setDraft('');
    } else if (event.key === 'Backspace' && draft === '' && shownTags.length > 0) {
      changeTags(shownTags.slice(0, -1));
    }
  }

  const errorText = saveError ?? (tagProblem ? problemText(tagProblem) : null);
  return (
    <div className="chat-details" data-testid="chat-details">
      <label className="chat-category">
        <span className="muted">{i18n.t('chatExtras.category.label')}</span>
        <select
          data-testid="chat-category"
          value={shownCategory}
          onChange={(e) => chooseCategory(categorySchema.parse(e.target.value))}
        >
          {categorySchema.options.map((c) => (
            <option key={c} value={c}>
              {i18n.t(`chatExtras.category.${c}`)}
            </option>
          ))}
        </select>
      </label>
      <div className="tag-editor" role="group" aria-label={i18n.t('chatExtras.tags.label')}>
        <ul className="chips" data-testid="chat-tags">
          {shownTags.map((tag) => (
            <li key={tag} className="chip" data-testid="chat-tag">
              <span data-testid="chat-tag-name">{tag}</span>
              <button
                type="button"
                className="chip-remove"
                data-testid="chat-tag-remove"
                aria-label={i18n.t('chatExtras.tags.remove', [tag])}
                title={i18n.t('chatExtras.tags.remove', [tag])}
                onClick={() => changeTags(shownTags.filter((t) => t !== tag))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
        <input
          type="text"
          data-testid="chat-tag-input"
          aria-label={i18n.t('chatExtras.tags.add')}
          placeholder={i18n.t('chatExtras.tags.placeholder')}
          value={draft}
          onChange={(e) => {
            const value = e.target.value;
            // A pasted "a, b, c" adds what comes before the last comma and keeps the rest to type on.
            const cut = value.lastIndexOf(',');
            if (cut < 0) return setDraft(value);
            if (commitDraft(value.slice(0, cut))) setDraft(value.slice(cut + 1).trimStart());
            else setDraft(value);
          }}
          onKeyDown={onKeyDown}
        />
      </div>
      {errorText && (
        <p className="error" role="alert" data-testid="chat-details-error">
          {errorText}
        </p>
      )}
    </div>
  );
}
