import { useLiveQuery } from 'dexie-react-hooks';
import { useDb } from '@/components/app/db';
import { isUnread } from '@/lib/domain/unread';
import { inView, type InboxView } from '@/lib/domain/views';
import { canSeeConversation, type Viewer } from '@/lib/domain/visibility';
import type { Conversation } from '@/lib/protocol';

export interface ConversationRow {
  conversation: Conversation;
  unread: boolean;
}

export interface InboxLists {
  rows: ConversationRow[];
  counts: Record<InboxView, number>;
}

/** The conversations of one view, newest first, and the size of every view; live from the cache. */
export function useConversations(viewer: Viewer, view: InboxView): InboxLists | undefined {
  const db = useDb();
  return useLiveQuery(async () => {
    const marks = new Map(
      (await db.readMarks.where('memberId').equals(viewer.id).toArray()).map((m) => [
        m.conversationId,
        m.readUpTo,
      ]),
    );
    const visible = (await db.conversations.orderBy('lastMessageAt').reverse().toArray()).filter((c) =>
      canSeeConversation(viewer, c),
    );
    const counts: Record<InboxView, number> = { mine: 0, unassigned: 0, all: 0, trash: 0 };
    const rows: ConversationRow[] = [];
    for (const c of visible) {
      for (const v of ['mine', 'unassigned', 'all', 'trash'] as const)
        if (inView(v, c, viewer.id)) counts[v]++;
      if (inView(view, c, viewer.id)) rows.push({ conversation: c, unread: isUnread(c, marks.get(c.id)) });
    }
    return { rows, counts };
  }, [db, viewer.id, viewer.role, view]);
}
