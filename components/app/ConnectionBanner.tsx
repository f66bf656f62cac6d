import { useLiveQuery } from 'dexie-react-hooks';
import { i18n } from '#i18n';
import type { ConnectionState } from '@/lib/protocol';
import { useDb } from './db';

/** Says when the inbox is not live, and how many replies wait to be sent. */
export function ConnectionBanner({ state }: { state: ConnectionState }) {
  const db = useDb();
  const waiting = useLiveQuery(() => db.outbox.count(), [db]) ?? 0;
  if (state.status === 'online' && waiting === 0) return null;
  const text =
    state.status === 'online'
      ? i18n.t('connection.sending', waiting)
      : state.status === 'connecting'
        ? i18n.t('connection.connecting')
        : i18n.t('connection.offline', [state.detail ?? i18n.t('connection.reconnecting')]) +
          (waiting ? ` · ${i18n.t('connection.queued', waiting)}` : '');
  return (
    <div className={`banner banner-${state.status}`} role="status" data-testid="connection-banner">
      {text}
    </div>
  );
}
