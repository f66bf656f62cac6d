import { useState, type FormEvent } from 'react';
import { i18n } from '#i18n';
import { useSession } from '@/components/app/session';
import { REPLY_VARIABLES } from '@/lib/domain/saved-replies';
import { seesAllConversations } from '@/lib/domain/visibility';
import type { Category, SavedReply, SavedReplyFields } from '@/lib/protocol';
import { useDeleteReply, useSaveReply, useSavedReplies } from './useSavedReplies';

const CATEGORIES: Category[] = ['pre_sale', 'in_sale', 'after_sale', 'logistics', 'other'];

const emptyFields = (): SavedReplyFields => ({
  scope: 'personal',
  title: '',
  shortcut: '',
  category: null,
  body: '',
});

/** Saved replies on the options page: a member's own, and the team's for managers and above to edit. */
export function SavedRepliesEditor() {
  const { session } = useSession();
  const replies = useSavedReplies();
  const remove = useDeleteReply();
  const [editing, setEditing] = useState<{ id?: string; fields: SavedReplyFields } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const editsTeam = seesAllConversations(session.member.role);
  const mayEdit = (r: SavedReply) => r.scope === 'personal' || editsTeam;

  const onDelete = (r: SavedReply) => {
    if (!window.confirm(i18n.t('replies.manage.confirmDelete', [r.title]))) return;
    remove.mutate(r.id, { onError: (e) => setError(e.message) });
  };

  const group = (scope: SavedReply['scope'], heading: string) => {
    const list = (replies.data ?? []).filter((r) => r.scope === scope);
    return (
      <>
        <h3>{heading}</h3>
        {list.length === 0 ? (
          <p className="muted">{i18n.t('replies.manage.empty')}</p>
        ) : (
          <ul className="saved-replies" data-testid={`saved-replies-${scope}`}>
            {list.map((r) => (
              <li key={r.id} data-testid="saved-reply" data-shortcut={r.shortcut}>
                <div>
                  <strong>{r.title}</strong> <code>;{r.shortcut}</code>
                  {r.category && (
                    <span className="muted"> · {i18n.t(`chatExtras.category.${r.category}`)}</span>
                  )}
                  <p className="muted saved-reply-body">{r.body}</p>
                </div>
                {mayEdit(r) && (
                  <span className="saved-reply-actions">
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => {
                        setError(null);
                        setEditing({ id: r.id, fields: { ...r } });
                      }}
                    >
                      {i18n.t('replies.manage.edit')}
                    </button>
                    <button type="button" className="secondary" onClick={() => onDelete(r)}>
                      {i18n.t('replies.manage.delete')}
                    </button>
                  </span>
                )}
              </li>
            ))}
          </ul>
        )}
      </>
    );
  };

  return (
    <>
      <p className="muted">
        {i18n.t('replies.manage.intro', [REPLY_VARIABLES.map((v) => `{{${v}}}`).join(' ')])}
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {editing ? (
        <ReplyForm
          key={editing.id ?? 'new'}
          initial={editing.fields}
          id={editing.id}
          editsTeam={editsTeam}
          onDone={() => setEditing(null)}
        />
      ) : (
        <button
          type="button"
          className="primary"
          data-testid="add-saved-reply"
          onClick={() => {
            setError(null);
            setEditing({ fields: emptyFields() });
          }}
        >
          {i18n.t('replies.manage.add')}
        </button>
      )}
      {replies.error && (
        <p className="error" role="alert">
          {replies.error.message}
        </p>
      )}
      {group('personal', i18n.t('replies.manage.mineList'))}
      {group('team', i18n.t('replies.manage.teamList'))}
    </>
  );
}

function ReplyForm({
  initial,
  id,
  editsTeam,
  onDone,
}: {
  initial: SavedReplyFields;
  id?: string;
  editsTeam: boolean;
  onDone: () => void;
}) {
  const [fields, setFields] = useState(initial);
  const save = useSaveReply();
  const set = <K extends keyof SavedReplyFields>(key: K, value: SavedReplyFields[K]) =>
    setFields((f) => ({ ...f, [key]: value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ fields, id }, { onSuccess: onDone });
  };
  return (
    <form className="saved-reply-form" onSubmit={submit} data-testid="saved-reply-form">
      {save.error && (
        <p className="error" role="alert" data-testid="saved-reply-error">
          {save.error.message}
        </p>
      )}
      <label>
        {i18n.t('replies.manage.titleLabel')}
        <input required maxLength={120} value={fields.title} onChange={(e) => set('title', e.target.value)} />
      </label>
      <label>
        {i18n.t('replies.manage.shortcutLabel')}
        <input
          required
          maxLength={32}
          value={fields.shortcut}
          aria-describedby="shortcut-hint"
          onChange={(e) => set('shortcut', e.target.value)}
        />
        <span id="shortcut-hint" className="muted">
          {i18n.t('replies.manage.shortcutHint')}
        </span>
      </label>
      <label>
        {i18n.t('replies.manage.categoryLabel')}
        <select
          value={fields.category ?? ''}
          onChange={(e) => set('category', (e.target.value || null) as Category | null)}
        >
          <option value="">{i18n.t('replies.manage.anyCategory')}</option>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {i18n.t(`chatExtras.category.${c}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {i18n.t('replies.manage.bodyLabel')}
        <textarea
          required
          rows={4}
          maxLength={5000}
          value={fields.body}
          onChange={(e) => set('body', e.target.value)}
        />
      </label>
      <fieldset>
        <legend>{i18n.t('replies.manage.scopeLabel')}</legend>
        <label className="check">
          <input
            type="radio"
            name="scope"
            checked={fields.scope === 'personal'}
            onChange={() => set('scope', 'personal')}
          />
          {i18n.t('replies.manage.personal')}
        </label>
        <label className="check">
          <input
            type="radio"
            name="scope"
            disabled={!editsTeam}
            checked={fields.scope === 'team'}
            onChange={() => set('scope', 'team')}
          />
          {i18n.t('replies.manage.team')}
        </label>
        {!editsTeam && <p className="muted">{i18n.t('replies.manage.teamNote')}</p>}
      </fieldset>
      <div className="saved-reply-buttons">
        <button type="submit" className="primary" disabled={save.isPending}>
          {i18n.t('replies.manage.save')}
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          {i18n.t('replies.manage.cancel')}
        </button>
      </div>
    </form>
  );
}
