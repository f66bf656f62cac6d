import type { Conversation, InboxFilter } from '../protocol';
import { inView } from './views';

type Filterable = Pick<
  Conversation,
  | 'assigneeId'
  | 'status'
  | 'trashedAt'
  | 'shopId'
  | 'channel'
  | 'category'
  | 'tags'
  | 'lastMessageAt'
  | 'awaitingReplySince'
>;

/** The calendar day (YYYY-MM-DD) of an instant in a time zone; the member's own by default. */
export function dayIn(iso: string, timeZone?: string): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(iso));
}

/** Whether a conversation belongs in a filtered list; each given list matches any of its values. */
export function matchesFilter(
  conversation: Filterable,
  filter: InboxFilter,
  viewerId: string,
  timeZone?: string,
): boolean {
  if (filter.view === 'agent') {
    if (conversation.trashedAt !== null || conversation.assigneeId !== (filter.agentId ?? null)) return false;
  } else if (!inView(filter.view, conversation, viewerId)) return false;
  if (filter.shopIds?.length && !filter.shopIds.includes(conversation.shopId)) return false;
  if (filter.channels?.length && !filter.channels.includes(conversation.channel)) return false;
  if (filter.categories?.length && !filter.categories.includes(conversation.category)) return false;
  if (filter.tags?.length && !filter.tags.some((t) => conversation.tags.includes(t))) return false;
  if (filter.from || filter.to) {
    const day = dayIn(conversation.lastMessageAt, timeZone);
    if (filter.from && day < filter.from) return false;
    if (filter.to && day > filter.to) return false;
  }
  return true;
}

/**
 * The list's order. Latest: the newest message first. Waiting: the longest-waiting customer first, then
 * those who wait for nothing, newest first.
 */
export function compareConversations(
  sort: InboxFilter['sort'],
): (a: Pick<Conversation, 'lastMessageAt' | 'awaitingReplySince' | 'status'>, b: typeof a) => number {
  const latest = (a: { lastMessageAt: string }, b: { lastMessageAt: string }) =>
    b.lastMessageAt.localeCompare(a.lastMessageAt);
  if (sort === 'latest') return latest;
  return (a, b) => {
    const wa = a.status !== 'closed' ? a.awaitingReplySince : null;
    const wb = b.status !== 'closed' ? b.awaitingReplySince : null;
    if (wa && wb) return wa.localeCompare(wb) || latest(a, b);
    if (wa) return -1;
    if (wb) return 1;
    return latest(a, b);
  };
}

/** Whether a filter narrows its view at all (for showing "filtered" and a reset). */
export function isNarrowed(filter: InboxFilter): boolean {
  return Boolean(
    filter.shopIds?.length ||
    filter.channels?.length ||
    filter.categories?.length ||
    filter.tags?.length ||
    filter.from ||
    filter.to,
  );
}
