import { Paperclip } from 'lucide-react';
import { useCallback, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { i18n } from '#i18n';
import { useSession } from '@/components/app/session';
import { ATTACHMENT_TYPES } from '@/lib/domain/attachments';
import { askBackground } from '@/lib/client/messaging';
import { checkPickedFile, makeThumbnail, problemText } from './attach';
import { EmojiPicker } from './EmojiPicker';
import { OrderChoice } from '@/components/replies/OrderChoice';
import { SavedReplyPicker } from '@/components/replies/SavedReplyPicker';
import {
  orderVariables,
  useReplyContextLoader,
  useReplyPreview,
  useSavedReplies,
} from '@/components/replies/useSavedReplies';
import { chooseChatOrder } from '@/lib/client/settings';
import {
  fillReply,
  matchSavedReplies,
  unfilledVariables,
  type ReplyContext,
} from '@/lib/domain/saved-replies';
import type { Conversation, Order, SavedReply, Shop } from '@/lib/protocol';

type Mode = 'reply' | 'note';

/** How often, at most, the customer is told again that the shop is typing (the server holds it 6 s). */
const TYPING_EVERY_MS = 3_000;

/** Tells the customer's channel the shop is typing, at most every few seconds per conversation. */
function useTypingSignal(conversationId: string): () => void {
  const last = useRef({ conversationId: '', at: 0 });
  return useCallback(() => {
    const now = Date.now();
    if (last.current.conversationId === conversationId && now - last.current.at < TYPING_EVERY_MS) return;
    last.current = { conversationId, at: now };
    void askBackground({ type: 'typing', conversationId });
  }, [conversationId]);
}

/** "/" typed at the start or after a space, and what follows it up to the caret. */
const SLASH_QUERY = /(?:^|\s)\/([^\s/]{0,40})$/u;

/**
 * The saved-reply list "/" opens: what was typed after it filters, the chat's language and category rank it,
 * previews read with the chat's values, and Esc closes it until the next "/".
 */
function useReplyPicker(
  body: string,
  caret: number,
  conversation: Conversation | undefined,
  shop: Shop | undefined,
) {
  const id = useId();
  const found = SLASH_QUERY.exec(body.slice(0, caret));
  const query = found ? (found[1] ?? '') : '';
  const slashAt = found ? caret - query.length - 1 : null;
  const [closedAt, setClosedAt] = useState<number | null>(null);
  // Once the "/" is gone, the next one opens the list again, even at the same place.
  if (slashAt === null && closedAt !== null) setClosedAt(null);
  const [activeChoice, setActive] = useState({ query: '', index: 0 });
  const open = slashAt !== null && closedAt !== slashAt;
  const replies = useSavedReplies(open);
  const preview = useReplyPreview(conversation, shop, open);
  const matches = open
    ? matchSavedReplies(replies.data ?? [], query, {
        category: conversation?.category,
        language: preview.language,
      }).slice(0, 30)
    : [];
  // A new query starts again at the top of its list.
  const active =
    activeChoice.query === query ? Math.min(activeChoice.index, Math.max(0, matches.length - 1)) : 0;
  return {
    id,
    open,
    slashAt,
    matches,
    active,
    loading: replies.isLoading,
    previewContext: preview.context,
    setActive: (index: number) => setActive({ query, index }),
    close: () => setClosedAt(slashAt),
    /** Handles the picker's keys; true when the key was its. */
    onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>, pick: (reply: SavedReply) => void): boolean {
      const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
      if (step && matches.length > 0) {
        setActive({ query, index: (active + step + matches.length) % matches.length });
      } else if ((event.key === 'Enter' || event.key === 'Tab') && !event.shiftKey && matches[active]) {
        pick(matches[active]);
      } else if (event.key === 'Escape') {
        setClosedAt(slashAt);
        // Esc closes the list only; the chat stays open.
        event.stopPropagation();
      } else return false;
      event.preventDefault();
      return true;
    },
  };
}

/**
 * The reply box: Enter sends, Shift+Enter starts a new line, Alt+N switches between a reply to the customer
 * (queued even when offline) and an internal note the customer never sees. A closed chat takes notes only.
 */
export function Composer({
  conversationId,
  conversation,
  shop,
  notesOnly = false,
}: {
  conversationId: string;
  /** The chat and its shop, for the variables of saved replies. */
  conversation?: Conversation;
  shop?: Shop;
  notesOnly?: boolean;
}) {
  const { api } = useSession();
  const [chosenMode, setChosenMode] = useState<Mode>('reply');
  const mode: Mode = notesOnly ? 'note' : chosenMode;
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sendingNote, setSendingNote] = useState(false);
  // A retry of the same note after a lost answer reuses its client id, so the server stores it once.
  const lastNoteTry = useRef<{ conversationId: string; body: string; clientId: string } | null>(null);
  const signalTyping = useTypingSignal(conversationId);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const [uploading, setUploading] = useState<string | null>(null);
  const [caret, setCaret] = useState(0);
  const picker = useReplyPicker(body, caret, conversation, shop);
  const loadContext = useReplyContextLoader(conversation, shop);
  const unfilled = mode === 'reply' ? unfilledVariables(body) : [];
  // A reply waiting for the member to say which order it is about, and where it goes.
  const [orderChoice, setOrderChoice] = useState<{
    reply: SavedReply;
    context: ReplyContext;
    choices: Order[];
    because: 'named' | 'severalOrders';
    from: number;
    to: number;
  } | null>(null);

  /**
   * Puts a saved reply where "/…" was typed, filled with the chat's values; when several of the customer's
   * orders fit, the member chooses one first.
   */
  async function insertReply(reply: SavedReply) {
    const slash = picker.slashAt;
    if (slash === null) return;
    picker.close();
    const { context, question } = await loadContext(reply.body);
    if (question.kind === 'choose') {
      setOrderChoice({
        reply,
        context,
        choices: question.choices,
        because: question.because,
        from: slash,
        to: caret,
      });
      return;
    }
    putReply(reply.body, context, slash, caret);
  }

  /** The chosen order fills the reply, and becomes the chat's order for the next replies (here and on the page). */
  function insertWithOrder(order: Order) {
    if (!orderChoice) return;
    setOrderChoice(null);
    void chooseChatOrder(conversationId, order.number);
    putReply(
      orderChoice.reply.body,
      { ...orderChoice.context, ...orderVariables(order) },
      orderChoice.from,
      orderChoice.to,
    );
  }

  /** Replaces `from`–`to` with the filled reply; a variable with no value is selected for the agent to fill. */
  function putReply(replyBody: string, context: ReplyContext, from: number, to: number) {
    const filled = fillReply(replyBody, context);
    setBody(body.slice(0, from) + filled.text + body.slice(to));
    const placeholder = filled.missing.length > 0 ? filled.text.indexOf('{{') : -1;
    const [start, end] =
      placeholder >= 0
        ? [from + placeholder, from + filled.text.indexOf('}}', placeholder) + 2]
        : [from + filled.text.length, from + filled.text.length];
    requestAnimationFrame(() => {
      textRef.current?.focus();
      textRef.current?.setSelectionRange(start, end);
      setCaret(end);
    });
  }

  /** Puts an emoji where the caret is, and the caret after it. */
  function insertEmoji(emoji: string) {
    const box = textRef.current;
    const at = box?.selectionStart ?? body.length;
    const end = box?.selectionEnd ?? body.length;
    setBody(body.slice(0, at) + emoji + body.slice(end));
    requestAnimationFrame(() => {
      box?.focus();
      box?.setSelectionRange(at + emoji.length, at + emoji.length);
    });
  }

  /** A file goes at once: checked here, uploaded with its thumbnail, then sent with the typed text as caption. */
  async function sendFile(file: File) {
    const problem = await checkPickedFile(file);
    if (problem) {
      setError(problemText(problem));
      return;
    }
    setUploading(file.name);
    setError(null);
    try {
      const uploaded = await api.uploadAttachment(file, file.name);
      const thumbnail = uploaded.kind === 'file' ? null : await makeThumbnail(file);
      if (thumbnail) await api.setThumbnail(uploaded.id, thumbnail).catch(() => undefined);
      const caption = body.trim();
      await api.reply(conversationId, {
        clientId: crypto.randomUUID(),
        body: caption,
        attachmentId: uploaded.id,
      });
      if (caption) setBody('');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setUploading(null);
    }
  }

  async function send(event?: FormEvent) {
    event?.preventDefault();
    const text = body.trim();
    if (!text || sendingNote) return;
    const waiting = mode === 'reply' ? unfilledVariables(text) : [];
    if (waiting.length > 0) {
      // A customer never gets "{{order.id}}" or a blank where it was.
      setError(i18n.t('replies.fillFirst', [waiting.map((v) => `{{${v}}}`).join(', ')]));
      return;
    }
    setBody('');
    if (mode === 'note') {
      setSendingNote(true);
      const again = lastNoteTry.current;
      const attempt =
        again?.body === text && again.conversationId === conversationId
          ? again
          : { conversationId, body: text, clientId: crypto.randomUUID() };
      lastNoteTry.current = attempt;
      try {
        await api.addNote(conversationId, { clientId: attempt.clientId, body: text });
        lastNoteTry.current = null;
        setError(null);
      } catch (e) {
        setBody(text);
        setError(e instanceof Error ? e.message : String(e));
      } finally {
        setSendingNote(false);
      }
      return;
    }
    const result = await askBackground({ type: 'sendReply', conversationId, body: text });
    if (result.ok) setError(null);
    else {
      setBody(text);
      setError(result.error);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (picker.open && picker.onKeyDown(event, (reply) => void insertReply(reply))) return;
    // `code`, not `key`: on a Mac, Alt+N types a dead key.
    if (event.altKey && event.code === 'KeyN' && !notesOnly) {
      event.preventDefault();
      setChosenMode(mode === 'note' ? 'reply' : 'note');
      return;
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) void send(event);
  }

  const modeButton = (value: Mode, label: string) => (
    <button
      type="button"
      className={`composer-mode${mode === value ? ' active' : ''}`}
      data-testid={`composer-mode-${value}`}
      aria-pressed={mode === value}
      disabled={notesOnly && value === 'reply'}
      title={i18n.t('chatExtras.composer.shortcut')}
      onClick={() => setChosenMode(value)}
    >
      {label}
    </button>
  );

  return (
    <form className={`composer composer-${mode}`} data-mode={mode} onSubmit={send}>
      <div className="composer-modes" role="group" aria-label={i18n.t('chatExtras.composer.modes')}>
        {modeButton('reply', i18n.t('chatExtras.composer.reply'))}
        {modeButton('note', i18n.t('chatExtras.composer.note'))}
        {mode === 'note' && <span className="muted">{i18n.t('chatExtras.composer.noteHint')}</span>}
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {uploading && (
        <p className="muted" role="status" data-testid="uploading">
          {i18n.t('attachments.uploading', [uploading])}
        </p>
      )}
      {picker.open && (
        <SavedReplyPicker
          id={picker.id}
          replies={picker.matches}
          active={picker.active}
          loading={picker.loading}
          previewContext={picker.previewContext}
          onPick={(reply) => void insertReply(reply)}
          onHover={picker.setActive}
        />
      )}
      {orderChoice && (
        <OrderChoice
          choices={orderChoice.choices}
          because={orderChoice.because}
          onChoose={insertWithOrder}
          onCancel={() => {
            setOrderChoice(null);
            textRef.current?.focus();
          }}
        />
      )}
      {unfilled.length > 0 && (
        <p className="unfilled-note" data-testid="unfilled-note">
          {i18n.t('replies.unfilled', [unfilled.map((v) => `{{${v}}}`).join(', ')])}
        </p>
      )}
      <textarea
        ref={textRef}
        data-testid="reply-input"
        aria-label={mode === 'note' ? i18n.t('chatExtras.composer.noteLabel') : i18n.t('composer.label')}
        aria-keyshortcuts={notesOnly ? undefined : 'Alt+N'}
        placeholder={
          mode === 'note' ? i18n.t('chatExtras.composer.notePlaceholder') : i18n.t('composer.placeholder')
        }
        rows={3}
        value={body}
        maxLength={5000}
        aria-controls={picker.open ? picker.id : undefined}
        aria-activedescendant={
          picker.open && picker.matches.length > 0 ? `${picker.id}-${picker.active}` : undefined
        }
        aria-autocomplete="list"
        onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
        onChange={(e) => {
          setBody(e.target.value);
          setCaret(e.target.selectionStart);
          // Only a reply is shown to the customer as "typing"; a note is the team's own business.
          if (mode === 'reply' && e.target.value.trim()) signalTyping();
        }}
        onKeyDown={onKeyDown}
      />
      <div className="composer-tools">
        <EmojiPicker onPick={insertEmoji} />
        {mode === 'reply' && (
          <>
            <button
              type="button"
              className="icon-button"
              data-testid="attach-button"
              aria-label={i18n.t('attachments.attach')}
              title={i18n.t('attachments.attach')}
              disabled={uploading !== null}
              onClick={() => fileRef.current?.click()}
            >
              <Paperclip size={16} aria-hidden="true" />
            </button>
            <input
              ref={fileRef}
              type="file"
              data-testid="attach-input"
              hidden
              accept={Object.keys(ATTACHMENT_TYPES).join(',')}
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (file) void sendFile(file);
              }}
            />
          </>
        )}
      </div>
      <button
        type="submit"
        className="primary"
        data-testid="reply-send"
        disabled={!body.trim() || sendingNote || unfilled.length > 0}
      >
        {mode === 'note' ? i18n.t('chatExtras.composer.addNote') : i18n.t('composer.send')}
      </button>
    </form>
  );
}
