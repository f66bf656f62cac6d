import type { AssignmentChange, Conversation, Role, TimelineLine } from '../protocol';
import { seesAllConversations } from './visibility';

/** The assignment queue's rules (product §5), as pure functions of the members' state. */

export interface AssignmentCandidate {
  id: string;
  /** Open conversations assigned now. */
  load: number;
  capacity: number;
  /** When the member was last handed a conversation; null if never. */
  lastAssignedAt: Date | null;
}

/**
 * The member a new conversation goes to: the lowest load ÷ capacity among those with room, ties to the one
 * idle longest since their last assignment (never assigned counts as longest). Null when nobody has room.
 */
export function pickAssignee<C extends AssignmentCandidate>(candidates: C[]): C | null {
  let best: C | null = null;
  for (const c of candidates) {
    if (c.capacity <= 0 || c.load >= c.capacity) continue;
    if (!best || compareForAssignment(c, best) < 0) best = c;
  }
  return best;
}

function compareForAssignment(a: AssignmentCandidate, b: AssignmentCandidate): number {
  // load/capacity compared without division: a.load/a.cap < b.load/b.cap ⇔ a.load·b.cap < b.load·a.cap
  const byRatio = a.load * b.capacity - b.load * a.capacity;
  if (byRatio !== 0) return byRatio;
  const idleA = a.lastAssignedAt?.getTime() ?? -Infinity;
  const idleB = b.lastAssignedAt?.getTime() ?? -Infinity;
  if (idleA !== idleB) return idleA - idleB;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** A member is available for auto-assignment with the toggle on, a live socket, and a chat window open. */
export function isAvailable(member: { acceptsAutoAssign: boolean }, openWindows: number): boolean {
  return member.acceptsAutoAssign && openWindows > 0;
}

/** Managers and above move anyone's chats; an agent only their own and unassigned ones. */
export function mayMoveConversation(
  actor: { id: string; role: Role },
  conversation: Pick<Conversation, 'assigneeId'>,
): boolean {
  return (
    seesAllConversations(actor.role) ||
    conversation.assigneeId === null ||
    conversation.assigneeId === actor.id
  );
}

/**
 * The timeline line of an assignment change, as a code and the names it needs (null: a member who has left);
 * the reader's language words it (`timelineText` gives the English).
 */
export function assignmentLine(
  change: Pick<AssignmentChange, 'reason' | 'note' | 'fromMemberId' | 'toMemberId' | 'byMemberId'>,
  names: { from: string | null; to: string | null; by: string | null },
  context: { memberRemoved?: boolean } = {},
): TimelineLine {
  const note = change.note || null;
  // A removed member's chats go back to the queue with a line that says why (product §11).
  if (context.memberRemoved)
    return { code: 'returned_member_removed', args: { from: names.from, by: names.by } };
  switch (change.reason) {
    case 'auto':
      return { code: 'assigned_by_queue', args: { to: names.to } };
    case 'returned_to_queue':
      return change.byMemberId
        ? { code: 'returned_to_queue', args: { by: names.by, note } }
        : { code: 'returned_away', args: { from: names.from } };
    case 'transfer':
      return change.fromMemberId && change.fromMemberId !== change.byMemberId
        ? { code: 'transferred_from', args: { by: names.by, from: names.from, to: names.to, note } }
        : { code: 'transferred', args: { by: names.by, to: names.to, note } };
    default:
      if (change.byMemberId !== change.toMemberId)
        return { code: 'assigned', args: { by: names.by, to: names.to, note } };
      return change.fromMemberId
        ? { code: 'taken_from', args: { by: names.by, from: names.from, note } }
        : { code: 'taken', args: { by: names.by, note } };
  }
}

/** Whether a conversation counts towards its assignee's load, as the server counts it: open, not in the trash. */
export function countsTowardsLoad(c: Pick<Conversation, 'assigneeId' | 'status' | 'trashedAt'>): boolean {
  return c.assigneeId !== null && c.status === 'open' && c.trashedAt === null;
}

/** Whether handing `more` chats to a member puts them over their capacity (so: they are full already for one). */
export function wouldExceedCapacity(member: { load: number; capacity: number }, more = 1): boolean {
  return member.load + more > member.capacity;
}
