import { useLiveQuery } from 'dexie-react-hooks';
import { useDb } from '@/components/app/db';
import type { CachedMessage } from '@/lib/client/db';

/** A conversation's messages, oldest first, replies still on their way included. */
export function useMessages(conversationId: string): CachedMessage[] | undefined {
  const db = useDb();
  return useLiveQuery(
    () =>
      db.messages
        .where('[conversationId+createdAt]')
        .between([conversationId, ''], [conversationId, '\uffff'])
        .toArray(),
    [db, conversationId],
  );
}
