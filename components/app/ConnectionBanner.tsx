import { useLiveQuery } from 'dexie-react-hooks';
import type { ConnectionState } from '@/lib/protocol';
import { useDb } from './db';

/** Says when the inbox is not live, and how many replies wait to be sent. */
export function ConnectionBanner({ state }: { state: ConnectionState }) {
  const db = useDb();
  const waiting = useLiveQuery(() => db.outbox.count(), [db]) ?? 0;
  if (state.status === 'online' && waiting === 0) return null;
  const text =
    state.status === 'online'
      ? `Sending ${waiting} ${waiting === 1 ? 'reply' : 'replies'}…`
      : state.status === 'connecting'
        ? 'Connecting…'
        : `Offline: ${state.detail ?? 'reconnecting'}${waiting ? ` · ${waiting} ${waiting === 1 ? 'reply' : 'replies'} will be sent when back` : ''}`;
  return (
    <div className={`banner banner-${state.status}`} role="status" data-testid="connection-banner">
      {text}
    </div>
  );
}
