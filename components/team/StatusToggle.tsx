import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { i18n } from '#i18n';
import { useSession } from '@/components/app/session';
import { useStorageItem } from '@/components/app/useStorageItem';
import { ownStatusItem } from '@/lib/client/settings';
import { servesAlone, teamQuery, useCachedLoads, useTeam } from './useTeam';

/** "Accept chats by auto-assign": on, the queue hands this member work whenever a chat window is open. */
export function StatusToggle() {
  const { api, session } = useSession();
  const status = useStorageItem(ownStatusItem);
  const team = useTeam();
  // The load follows the cache, where each assignment lands as its event arrives; the stored status only
  // changes with availability, so its load would show the one before.
  const ownLoad = useCachedLoads([session.member.id])?.[session.member.id];
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (team && servesAlone(team, session.member.id)) return null;
  const accepts = status?.acceptsAutoAssign ?? session.member.acceptsAutoAssign;
  const label = !accepts
    ? i18n.t('status.notAccepting')
    : status?.available
      ? i18n.t('status.accepting')
      : i18n.t('status.acceptingOffline');

  async function toggle() {
    setBusy(true);
    try {
      const updated = await api.updateMember('me', { acceptsAutoAssign: !accepts });
      await ownStatusItem.setValue(updated);
      setError(null);
      void queryClient.invalidateQueries({ queryKey: teamQuery(api).queryKey });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="status-toggle">
      <label title={i18n.t('status.toggleHint')}>
        <input
          type="checkbox"
          role="switch"
          data-testid="auto-assign-toggle"
          checked={accepts}
          disabled={busy}
          onChange={() => void toggle()}
        />
        <span className={`status-dot ${accepts && status?.available ? 'on' : 'off'}`} aria-hidden="true" />
        <span>{label}</span>
      </label>
      {status && (
        <span className="muted" data-testid="own-load" title={i18n.t('status.loadHint')}>
          {ownLoad ?? status.load}/{status.capacity}
        </span>
      )}
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
