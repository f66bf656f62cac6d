import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useState } from 'react';
import { useDb } from '@/components/app/db';
import type { CachedMessage } from '@/lib/client/db';

/** How many of its newest messages a chat opens with, and how many more each step back in time adds. */
export const MESSAGE_PAGE = 40;

export interface MessageWindow {
  /** The newest messages, oldest first, replies still on their way included; undefined while reading. */
  messages: CachedMessage[] | undefined;
  /** Whether older messages than the first one shown are in the cache. */
  hasOlder: boolean;
  /** Shows `MESSAGE_PAGE` more of the older ones. */
  showOlder: () => void;
}

/**
 * A conversation's newest messages, oldest first, replies still on their way included: a long chat opens
 * with its last `MESSAGE_PAGE` and grows backwards on request, so its size never slows the opening.
 */
export function useMessages(conversationId: string): MessageWindow {
  const db = useDb();
  // The window belongs to its conversation: another one opens with the first page again.
  const [extent, setExtent] = useState({ conversationId, size: MESSAGE_PAGE });
  const size = extent.conversationId === conversationId ? extent.size : MESSAGE_PAGE;
  const read = useLiveQuery(async () => {
    // One more than shown says whether there are older ones.
    const newestFirst = await db.messages
      .where('[conversationId+createdAt]')
      .between([conversationId, ''], [conversationId, '\uffff'])
      .reverse()
      .limit(size + 1)
      .toArray();
    return {
      conversationId,
      messages: newestFirst.slice(0, size).reverse(),
      hasOlder: newestFirst.length > size,
    };
  }, [db, conversationId, size]);
  const showOlder = useCallback(
    () => setExtent({ conversationId, size: size + MESSAGE_PAGE }),
    [conversationId, size],
  );
  // A result read for the conversation shown before is not this one's.
  const current = read?.conversationId === conversationId ? read : undefined;
  return { messages: current?.messages, hasOlder: current?.hasOlder ?? false, showOlder };
}
