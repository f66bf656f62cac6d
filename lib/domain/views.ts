import type { Conversation, Role } from '../protocol';
import { seesAllConversations } from './visibility';

/** The inbox's lists (product §3). More views and the SLA buckets slot in beside these. */
export type InboxView = 'mine' | 'unassigned' | 'all' | 'trash';

export function viewsFor(role: Role): InboxView[] {
  return seesAllConversations(role)
    ? ['mine', 'unassigned', 'all', 'trash']
    : ['mine', 'unassigned', 'trash'];
}

/**
 * Whether a conversation is in a view: what its bucket chips count. "Assigned to me" holds the member's closed
 * and snoozed chats too, behind their chips; `shownWithoutBucket` (buckets.ts) says what its list shows.
 */
export function inView(
  view: InboxView,
  conversation: Pick<Conversation, 'assigneeId' | 'status' | 'trashedAt'>,
  viewerId: string,
): boolean {
  if (view === 'trash') return conversation.trashedAt !== null;
  if (conversation.trashedAt !== null) return false;
  switch (view) {
    case 'mine':
      return conversation.assigneeId === viewerId;
    case 'unassigned':
      return conversation.assigneeId === null && conversation.status === 'open';
    case 'all':
      return true;
  }
}
