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
  | 'lastCustomerMessageAt'
  | 'createdAt'
>;

/**
 * A conversation's time in the inbox list: its customer's last message (product §3, "latest": the newest customer
 * message first), so a member's reply, a system line or the rating request moves nothing; while the customer
 * has written nothing (a chat the shop started), the time it began. The "latest" order, the date filter and
 * the row's time all read it.
 */
export function listTimeOf(conversation: Pick<Conversation, 'lastCustomerMessageAt' | 'createdAt'>): string {
  return conversation.lastCustomerMessageAt ?? conversation.createdAt;
}

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
    const day = dayIn(listTimeOf(conversation), timeZone);
    if (filter.from && day < filter.from) return false;
    if (filter.to && day > filter.to) return false;
  }
  return true;
}

/**
 * The list's order. Latest: the newest customer message first (`listTimeOf`). Waiting: the longest-waiting
 * customer first, then those who wait for nothing, latest first. Chats of the same time go by id, last first,
 * as the cache's index holds them, so the first screen read through it is the top of the whole list.
 */
export function compareConversations(
  sort: InboxFilter['sort'],
): (
  a: Pick<Conversation, 'id' | 'lastCustomerMessageAt' | 'createdAt' | 'awaitingReplySince' | 'status'>,
  b: typeof a,
) => number {
  const latest = (a: Latest, b: Latest) =>
    byCodeUnits(listTimeOf(b), listTimeOf(a)) || byCodeUnits(b.id, a.id);
  if (sort === 'latest') return latest;
  return (a, b) => {
    const wa = a.status !== 'closed' ? a.awaitingReplySince : null;
    const wb = b.status !== 'closed' ? b.awaitingReplySince : null;
    if (wa && wb) return byCodeUnits(wa, wb) || latest(a, b);
    if (wa) return -1;
    if (wb) return 1;
    return latest(a, b);
  };
}

type Latest = Pick<Conversation, 'id' | 'lastCustomerMessageAt' | 'createdAt'>;

/** Strings in IndexedDB's order (by UTF-16 code units), which is not the locale's. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
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
