import type { Conversation, InboxFilter } from '../protocol';
import type { BusinessCalendar } from './business-hours';
import type { SlaThresholds } from './sla';
import { slaDeadlines, slaState } from './sla';
import { isUnread } from './unread';

/** The inbox buckets with live counts (product §3), in the order the inbox shows them. */
export const BUCKETS = [
  'unread',
  'unreplied',
  'due_soon',
  'overdue',
  'starred',
  'snoozed',
  'closed',
  'trash',
  'blocked',
] as const;

export type Bucket = (typeof BUCKETS)[number];

/** Who looks, when, and the SLA settings of the conversation's shop. */
export interface BucketContext {
  viewerId: string;
  /** The viewer's read mark on this conversation; absent or null when never opened. */
  readUpTo?: string | null;
  now: Date;
  thresholds: SlaThresholds;
  calendar: BusinessCalendar | null;
}

export type BucketFields = Pick<
  Conversation,
  | 'status'
  | 'assigneeId'
  | 'starred'
  | 'awaitingReplySince'
  | 'lastCustomerMessageAt'
  | 'snoozedUntil'
  | 'trashedAt'
> &
  Partial<Pick<Conversation, 'customerBlocked'>>;

/**
 * The buckets a conversation is in for a viewer at `now`.
 * - Trash excludes every other bucket; then Blocked does (product §11): a blocked customer's chat waits for
 *   nobody, so it is never unread, unreplied, due or starred work, and shows only under its own chip.
 * - Starred goes with any status but trash: a star is a mark for follow-up, and a chat that auto-closed
 *   unanswered is the one most worth following up.
 * - A closed conversation is otherwise only in Closed: read-only history waits for nothing.
 * - A snoozed one is only in Snoozed (and Starred) until `snoozedUntil`; from then on it is back, even
 *   before the server has reopened it.
 * - Unread is the assignee's to clear: a chat assigned to someone else is never unread for the viewer
 *   (read marks are private), so a supervisor sees it as Unreplied while it awaits a reply.
 * - Unreplied: not unread, but awaiting a reply. Due soon and overdue come on top of unread or unreplied.
 */
export function bucketsOf(conversation: BucketFields, context: BucketContext): Set<Bucket> {
  if (conversation.trashedAt !== null) return new Set(['trash']);
  if (conversation.customerBlocked) return new Set(['blocked']);
  const buckets = new Set<Bucket>();
  if (conversation.starred) buckets.add('starred');
  if (conversation.status === 'closed') return buckets.add('closed');
  if (isAsleep(conversation, context.now)) return buckets.add('snoozed');
  if (waitsForViewerToOpen(conversation, context)) buckets.add('unread');
  else if (conversation.awaitingReplySince !== null) buckets.add('unreplied');
  const state = slaState(conversation, context.thresholds, context.calendar, context.now);
  if (state === 'due_soon' || state === 'overdue') buckets.add(state);
  return buckets;
}

/**
 * Whether the conversation is in the viewer's Unread bucket: the same rule as `bucketsOf`, for the toolbar
 * badge, which counts what the Unread chip counts without the rest of the buckets.
 */
export function isInUnreadBucket(
  conversation: BucketFields,
  context: Pick<BucketContext, 'viewerId' | 'readUpTo' | 'now'>,
): boolean {
  if (conversation.trashedAt !== null || conversation.status === 'closed') return false;
  if (conversation.customerBlocked) return false;
  return !isAsleep(conversation, context.now) && waitsForViewerToOpen(conversation, context);
}

/** Unread is the assignee's to clear, or anyone's while nobody has the chat. */
function waitsForViewerToOpen(
  conversation: BucketFields,
  context: Pick<BucketContext, 'viewerId' | 'readUpTo'>,
): boolean {
  const viewersToOpen = conversation.assigneeId === null || conversation.assigneeId === context.viewerId;
  return viewersToOpen && isUnread(conversation, context.readUpTo);
}

/**
 * Whether a view's list shows a conversation while no bucket is chosen; the bucket chips count every
 * conversation of the view, so each chip's count is the number of rows it selects. "Assigned to me" is the
 * member's work at hand: their closed chats, and their snoozed ones until they are due back (product §3: hidden
 * until `snoozedUntil`), are behind its Closed and Snoozed chips. The other views show all they hold, except a
 * blocked customer's chats, which every view but the trash keeps behind its Blocked chip.
 */
export function shownWithoutBucket(
  view: InboxFilter['view'],
  conversation: Pick<Conversation, 'status' | 'snoozedUntil'> &
    Partial<Pick<Conversation, 'customerBlocked'>>,
  now: Date,
): boolean {
  // The trash shows all it holds, blocked or not: Trash comes before Blocked, as in `bucketsOf`.
  if (conversation.customerBlocked) return view === 'trash';
  if (view !== 'mine') return true;
  return conversation.status !== 'closed' && !isAsleep(conversation, now);
}

/**
 * For the row's countdown: the real time left before the reply is overdue (the deadline that counts; the due
 * soon bucket is the warning before it). Null when the row waits for nothing in its buckets: answered, closed,
 * snoozed, in the trash, or already overdue.
 */
export function timeToOverdue(
  conversation: BucketFields,
  buckets: Set<Bucket>,
  context: Pick<BucketContext, 'now' | 'thresholds' | 'calendar'>,
): number | null {
  if (['trash', 'blocked', 'closed', 'snoozed', 'overdue'].some((b) => buckets.has(b as Bucket))) {
    return null;
  }
  const overdue = slaDeadlines(conversation, context.thresholds, context.calendar).find(
    (deadline) => deadline.kind === 'overdue',
  );
  const left = overdue ? overdue.at.getTime() - context.now.getTime() : 0;
  return left > 0 ? left : null;
}

/** The live counts of a list; `contextOf` gives each conversation the viewer's read mark and shop's SLA. */
export function countBuckets<C extends BucketFields>(
  conversations: Iterable<C>,
  contextOf: (conversation: C) => BucketContext,
): Record<Bucket, number> {
  const counts = Object.fromEntries(BUCKETS.map((bucket) => [bucket, 0])) as Record<Bucket, number>;
  for (const conversation of conversations) {
    for (const bucket of bucketsOf(conversation, contextOf(conversation))) counts[bucket]++;
  }
  return counts;
}

function isAsleep(conversation: Pick<Conversation, 'status' | 'snoozedUntil'>, now: Date): boolean {
  if (conversation.status !== 'snoozed') return false;
  return conversation.snoozedUntil === null || now.getTime() < Date.parse(conversation.snoozedUntil);
}
