import type { AssignmentChange, Conversation, Role, SyncEvent } from '../protocol';

/** Who may see what (product §1): managers and above see everything, an agent their own and unassigned chats. */

export interface Viewer {
  id: string;
  role: Role;
}

export function seesAllConversations(role: Role): boolean {
  return role !== 'agent';
}

export function canSeeConversation(viewer: Viewer, conversation: Pick<Conversation, 'assigneeId'>): boolean {
  return (
    seesAllConversations(viewer.role) ||
    conversation.assigneeId === null ||
    conversation.assigneeId === viewer.id
  );
}

/**
 * Who an event goes to: `null` for everyone in the workspace, else the members named, plus (unless it is
 * someone's private read mark) the members who see every conversation.
 */
export type Audience = string[] | null;

export function audienceOf(event: SyncEvent, assigneeId: string | null): Audience {
  if (event.type === 'conversation.read') return [event.readMark.memberId];
  if (assigneeId === null) return null;
  const change = event.type === 'conversation.upserted' ? event.assignment : undefined;
  // Leaving the queue concerns everyone who saw it there; leaving a member concerns that member too.
  if (change?.fromQueue) return null;
  const previous = change?.fromMemberId;
  return previous && previous !== assigneeId ? [assigneeId, previous] : [assigneeId];
}

/** Whether a viewer receives an event with this audience (a read mark stays private to its member). */
export function isInAudience(viewer: Viewer, type: SyncEvent['type'], audience: Audience): boolean {
  if (audience === null || audience.includes(viewer.id)) return true;
  return type !== 'conversation.read' && seesAllConversations(viewer.role);
}

/**
 * Whether an assignment change lets the viewer see a conversation they could not see before it: the
 * conversation left another member for the viewer or for the queue. Events are filtered by who could see
 * them when they were written, so such a viewer has none of the conversation's history yet.
 */
export function gainsSight(viewer: Viewer, change: AssignmentChange | undefined): boolean {
  if (!change || seesAllConversations(viewer.role)) return false;
  const sawBefore = change.fromMemberId === null || change.fromMemberId === viewer.id;
  const seesAfter = change.toMemberId === null || change.toMemberId === viewer.id;
  return !sawBefore && seesAfter;
}
