import { useLiveQuery } from 'dexie-react-hooks';
import { useDb } from '@/components/app/db';
import { isUnread } from '@/lib/domain/unread';
import { canSeeConversation, type Viewer } from '@/lib/domain/visibility';
import type { Conversation } from '@/lib/protocol';

export interface ConversationRow {
  conversation: Conversation;
  unread: boolean;
}

/** The conversations the member may see, newest first, live from the cache. */
export function useConversations(viewer: Viewer): ConversationRow[] | undefined {
  const db = useDb();
  return useLiveQuery(async () => {
    const marks = new Map(
      (await db.readMarks.where('memberId').equals(viewer.id).toArray()).map((m) => [
        m.conversationId,
        m.readUpTo,
      ]),
    );
    const newestFirst = await db.conversations.orderBy('lastMessageAt').reverse().toArray();
    return newestFirst
      .filter((c) => c.trashedAt === null && canSeeConversation(viewer, c))
      .map((conversation) => ({ conversation, unread: isUnread(conversation, marks.get(conversation.id)) }));
  }, [db, viewer.id, viewer.role]);
}
