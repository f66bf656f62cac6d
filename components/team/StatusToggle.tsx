import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { i18n } from '#i18n';
import { useSession } from '@/components/app/session';
import { useStorageItem } from '@/components/app/useStorageItem';
import { connectionItem, ownStatusItem } from '@/lib/client/settings';
import { servesAlone, teamQuery, useCachedLoads, useTeam } from './useTeam';

/**
 * "Accept chats by auto-assign": on, the queue hands this member work whenever a chat window is open.
 * While the panel is not connected to the server it says so (grey), whatever the switch: the server cannot
 * see the member then, so no chat is handed to them.
 */
export function StatusToggle() {
  const { api, session } = useSession();
  const status = useStorageItem(ownStatusItem);
  const connection = useStorageItem(connectionItem);
  // Before the first connection state is read, the last known status stands.
  const online = connection === undefined || connection.status === 'online';
  const team = useTeam();
  // The load follows the cache, where each assignment lands as its event arrives; the stored status only
  // changes with availability, so its load would show the one before.
  const ownLoad = useCachedLoads([session.member.id])?.[session.member.id];
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (team && servesAlone(team, session.member.id)) return null;
  const accepts = status?.acceptsAutoAssign ?? session.member.acceptsAutoAssign;
  const label = !online
    ? i18n.t('panelLayout.offline')
    : !accepts
      ? i18n.t('status.notAccepting')
      : status?.available
        ? i18n.t('status.accepting')
        : i18n.t('status.acceptingOffline');
  const lit = online && accepts && status?.available === true;

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
    <div
      className="status-toggle"
      data-testid="status-toggle"
      data-state={lit ? 'on' : online ? 'off' : 'offline'}
    >
      <label title={online ? i18n.t('status.toggleHint') : i18n.t('panelLayout.offlineHint')}>
        <input
          type="checkbox"
          role="switch"
          data-testid="auto-assign-toggle"
          checked={accepts}
          disabled={busy}
          onChange={() => void toggle()}
        />
        <span className={`status-dot ${lit ? 'on' : 'off'}`} aria-hidden="true" />
        <span className="status-label" data-testid="status-label">
          {label}
        </span>
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
