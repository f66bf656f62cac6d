import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { i18n } from '#i18n';
import { useDb } from '@/components/app/db';
import { useSession } from '@/components/app/session';
import { Avatar } from '@/components/team/Avatar';
import { roleName } from '@/components/team/roleName';
import { useTeam } from '@/components/team/useTeam';
import { wouldExceedCapacity } from '@/lib/domain/assignment';
import type { Conversation } from '@/lib/protocol';

type Scope = 'this' | 'all';

/**
 * "Assign to…" for a queued chat, or "Transfer" of this chat or of all the assignee's ongoing chats, to a
 * member picked by nickname, with an optional note that lands in the timeline.
 */
export function AssignDialog({
  conversation,
  mode,
  onClose,
}: {
  conversation: Conversation;
  mode: 'assign' | 'transfer';
  onClose: () => void;
}) {
  const { api, session } = useSession();
  const db = useDb();
  const team = useTeam();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [scope, setScope] = useState<Scope>('this');
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const owner = conversation.assigneeId ?? session.member.id;
  const ongoing = useLiveQuery(
    () =>
      db.conversations
        .filter((c) => c.assigneeId === owner && c.status !== 'closed' && c.trashedAt === null)
        .count(),
    [db, owner],
  );

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const needle = search.trim().toLowerCase();
  // Handing chats to a member who is full is allowed, but only once the dialog said so.
  const target = team?.find((m) => m.id === chosen);
  const moving = mode === 'transfer' && scope === 'all' ? (ongoing ?? 1) : 1;
  const overCapacity = target !== undefined && wouldExceedCapacity(target, moving);
  const candidates = (team ?? []).filter(
    (m) =>
      m.id !== conversation.assigneeId &&
      (scope === 'all' || m.shopIds.includes(conversation.shopId)) &&
      (!needle || m.nickname.toLowerCase().includes(needle)),
  );

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!chosen) {
      setError(i18n.t('assign.pickFirst'));
      return;
    }
    setBusy(true);
    try {
      const trimmed = note.trim() || undefined;
      if (mode === 'assign') await api.assign(conversation.id, { assigneeId: chosen, note: trimmed });
      else if (scope === 'this') await api.transfer(conversation.id, { toMemberId: chosen, note: trimmed });
      else await api.transferAll(owner, { toMemberId: chosen, note: trimmed });
      onClose();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  }

  return (
    <dialog
      ref={dialogRef}
      className="dialog"
      data-testid="assign-dialog"
      onClose={onClose}
      onCancel={onClose}
    >
      <form method="dialog" onSubmit={submit}>
        <h2>{mode === 'assign' ? i18n.t('assign.titleAssign') : i18n.t('assign.titleTransfer')}</h2>
        {mode === 'transfer' && (
          <fieldset className="scope">
            <label>
              <input type="radio" name="scope" checked={scope === 'this'} onChange={() => setScope('this')} />
              {i18n.t('assign.scopeThis')}
            </label>
            <label>
              <input
                type="radio"
                name="scope"
                data-testid="scope-all"
                checked={scope === 'all'}
                onChange={() => setScope('all')}
              />
              {i18n.t(owner === session.member.id ? 'assign.scopeAllMine' : 'assign.scopeAll', [
                ongoing ?? '…',
              ])}
            </label>
          </fieldset>
        )}
        <input
          type="search"
          placeholder={i18n.t('assign.search')}
          aria-label={i18n.t('assign.search')}
          data-testid="member-search"
          value={search}
          autoFocus
          onChange={(e) => setSearch(e.target.value)}
        />
        <ul className="member-list" role="listbox" aria-label={i18n.t('assign.members')}>
          {team === undefined && <li className="muted">{i18n.t('assign.loadingTeam')}</li>}
          {team !== undefined && candidates.length === 0 && (
            <li className="muted">{i18n.t('assign.noMatch')}</li>
          )}
          {candidates.map((m) => (
            <li key={m.id}>
              <label className={chosen === m.id ? 'chosen' : ''}>
                <input
                  type="radio"
                  name="member"
                  value={m.id}
                  data-testid="member-option"
                  data-nickname={m.nickname}
                  checked={chosen === m.id}
                  onChange={() => setChosen(m.id)}
                />
                <span className={`status-dot ${m.available ? 'on' : 'off'}`} aria-hidden="true" />
                <Avatar serverUrl={session.serverUrl} member={m} size={20} />
                <span className="member-name">{m.nickname}</span>
                <span className="muted" data-testid="member-load">
                  {roleName(m.role)} · {m.load}/{m.capacity}
                  {wouldExceedCapacity(m) && (
                    <strong className="member-full"> · {i18n.t('assignLoad.full')}</strong>
                  )}
                  {m.available ? '' : ` · ${i18n.t('assign.away')}`}
                  {m.outsideHours ? ` · ${i18n.t('me.outsideHours')}` : ''}
                </span>
              </label>
            </li>
          ))}
        </ul>
        <label className="note">
          {i18n.t('assign.note')}
          <textarea
            rows={2}
            maxLength={500}
            value={note}
            data-testid="assign-note"
            onChange={(e) => setNote(e.target.value)}
          />
        </label>
        {overCapacity && (
          <p className="capacity-warning" role="alert" data-testid="capacity-warning">
            {scope === 'all' && mode === 'transfer'
              ? i18n.t('assignLoad.warnAll', [target.nickname, target.load, target.capacity, moving])
              : i18n.t(mode === 'assign' ? 'assignLoad.warnAssign' : 'assignLoad.warnThis', [
                  target.nickname,
                  target.load,
                  target.capacity,
                ])}
          </p>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={onClose}>
            {i18n.t('assign.cancel')}
          </button>
          <button type="submit" className="primary" data-testid="assign-confirm" disabled={busy || !chosen}>
            {overCapacity
              ? i18n.t(mode === 'assign' ? 'assignLoad.assignAnyway' : 'assignLoad.transferAnyway')
              : mode === 'assign'
                ? i18n.t('assign.assign')
                : i18n.t('assign.transfer')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
