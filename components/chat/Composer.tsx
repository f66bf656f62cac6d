import { useCallback, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { i18n } from '#i18n';
import { useSession } from '@/components/app/session';
import { ATTACHMENT_TYPES } from '@/lib/domain/attachments';
import { askBackground } from '@/lib/client/messaging';
import { checkPickedFile, makeThumbnail, problemText } from './attach';
import { EmojiPicker } from './EmojiPicker';

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

/**
 * The reply box: Enter sends, Shift+Enter starts a new line, Alt+N switches between a reply to the customer
 * (queued even when offline) and an internal note the customer never sees. A closed chat takes notes only.
 */
export function Composer({
  conversationId,
  notesOnly = false,
}: {
  conversationId: string;
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
        onChange={(e) => {
          setBody(e.target.value);
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
              📎
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
        disabled={!body.trim() || sendingNote}
      >
        {mode === 'note' ? i18n.t('chatExtras.composer.addNote') : i18n.t('composer.send')}
      </button>
    </form>
  );
}
