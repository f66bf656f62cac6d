import { useLiveQuery } from 'dexie-react-hooks';
import { useRef } from 'react';
import { useDb } from '@/components/app/db';
import type { BusinessCalendar } from '@/lib/domain/business-hours';
import { bucketsOf, BUCKETS, type Bucket } from '@/lib/domain/buckets';
import { compareConversations, matchesFilter } from '@/lib/domain/filters';
import { matchesTerms, searchTerms, snippetAround } from '@/lib/domain/search';
import { DEFAULT_SLA_THRESHOLDS, timeToNextSlaStep, type SlaThresholds } from '@/lib/domain/sla';
import { isUnread } from '@/lib/domain/unread';
import { inView, type InboxView } from '@/lib/domain/views';
import { canSeeConversation, type Viewer } from '@/lib/domain/visibility';
import type { Conversation, InboxFilter, Shop } from '@/lib/protocol';

export interface ConversationRow {
  conversation: Conversation;
  unread: boolean;
  buckets: Set<Bucket>;
  /** The next SLA step and how far off it is, for a countdown. */
  nextStep: { step: 'due_soon' | 'overdue'; inMs: number } | null;
  /** While searching: the piece of a message that matched, when the match was in a message. */
  snippet: string | null;
}

export interface InboxLists {
  rows: ConversationRow[];
  views: Record<InboxView, number>;
  /** Live counts of the SLA buckets within the current filter. */
  buckets: Record<Bucket, number>;
  /** Every tag in use, for the filter. */
  tags: string[];
}

/**
 * The conversations of a filtered view (and bucket, and search, when given) in the filter's order, with the
 * size of every view and bucket; live from the cache, and recomputed as `now` moves. Search here is the
 * instant one, over what is synced: customer name, preview, tags and every cached message.
 */
export function useConversations(
  viewer: Viewer,
  filter: InboxFilter,
  bucket: Bucket | null,
  query: string,
  shops: Shop[],
  now: Date,
  /** While a chat covers the list, it keeps its last lists and reads nothing, so it watches nothing. */
  paused = false,
): InboxLists | undefined {
  const db = useDb();
  const last = useRef<InboxLists | undefined>(undefined);
  return useLiveQuery(async () => {
    if (paused && last.current) return last.current;
    // Both tables at once: they are independent reads.
    const [markRows, cached] = await Promise.all([
      db.readMarks.where('memberId').equals(viewer.id).toArray(),
      db.conversations.toArray(),
    ]);
    const marks = new Map(markRows.map((m) => [m.conversationId, m.readUpTo]));
    const thresholdsOf = new Map<string, SlaThresholds>(
      shops.map((s) => [s.id, s.sla ?? DEFAULT_SLA_THRESHOLDS]),
    );
    const calendarOf = new Map(
      shops.map((s) => [s.id, (s.businessHours ?? null) as BusinessCalendar | null]),
    );
    const terms = searchTerms(query);
    // Message matches, read once per change: conversation id → the first matching message's snippet.
    const messageHits = new Map<string, string>();
    if (terms.length > 0) {
      await db.messages
        .filter((m) => m.direction !== 'system' && matchesTerms(m.body, terms))
        .each((m) => {
          if (!messageHits.has(m.conversationId))
            messageHits.set(m.conversationId, snippetAround(m.body, terms));
        });
    }
    const visible = cached.filter((c) => canSeeConversation(viewer, c));
    const views: Record<InboxView, number> = { mine: 0, unassigned: 0, all: 0, trash: 0 };
    const buckets = Object.fromEntries(BUCKETS.map((b) => [b, 0])) as Record<Bucket, number>;
    const tags = new Set<string>();
    const rows: ConversationRow[] = [];
    for (const c of visible) {
      for (const v of ['mine', 'unassigned', 'all', 'trash'] as const)
        if (inView(v, c, viewer.id)) views[v]++;
      for (const t of c.tags) tags.add(t);
      if (!matchesFilter(c, filter, viewer.id)) continue;
      let snippet: string | null = null;
      if (terms.length > 0) {
        snippet = messageHits.get(c.id) ?? null;
        const onConversation = matchesTerms(
          `${c.customerName} ${c.lastMessagePreview} ${c.tags.join(' ')}`,
          terms,
        );
        if (!onConversation && snippet === null) continue;
      }
      const thresholds = thresholdsOf.get(c.shopId) ?? DEFAULT_SLA_THRESHOLDS;
      const readUpTo = marks.get(c.id);
      const calendar = calendarOf.get(c.shopId) ?? null;
      const inBuckets = bucketsOf(c, { viewerId: viewer.id, readUpTo, now, thresholds, calendar });
      for (const b of inBuckets) buckets[b]++;
      if (bucket && !inBuckets.has(bucket)) continue;
      rows.push({
        conversation: c,
        unread: isUnread(c, readUpTo),
        buckets: inBuckets,
        nextStep: timeToNextSlaStep(c, thresholds, calendar, now),
        snippet,
      });
    }
    const order = compareConversations(filter.sort);
    rows.sort((a, b) => order(a.conversation, b.conversation));
    last.current = { rows, views, buckets, tags: [...tags].sort((a, b) => a.localeCompare(b)) };
    return last.current;
  }, [db, viewer.id, viewer.role, JSON.stringify(filter), bucket, query, shops, now.getTime(), paused]);
}
