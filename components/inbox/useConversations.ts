import { useLiveQuery } from 'dexie-react-hooks';
import { useDb } from '@/components/app/db';
import type { BusinessCalendar } from '@/lib/domain/business-hours';
import { bucketsOf, BUCKETS, type Bucket } from '@/lib/domain/buckets';
import { DEFAULT_SLA_THRESHOLDS, timeToNextSlaStep, type SlaThresholds } from '@/lib/domain/sla';
import { isUnread } from '@/lib/domain/unread';
import { inView, type InboxView } from '@/lib/domain/views';
import { canSeeConversation, type Viewer } from '@/lib/domain/visibility';
import type { Conversation, Shop } from '@/lib/protocol';

export interface ConversationRow {
  conversation: Conversation;
  unread: boolean;
  buckets: Set<Bucket>;
  /** The next SLA step and how far off it is, for a countdown. */
  nextStep: { step: 'due_soon' | 'overdue'; inMs: number } | null;
}

export interface InboxLists {
  rows: ConversationRow[];
  views: Record<InboxView, number>;
  /** Live counts of the SLA buckets within the current view. */
  buckets: Record<Bucket, number>;
}

/**
 * The conversations of one view (and bucket, when one is picked), newest first, with the size of every
 * view and bucket; live from the cache, and recomputed as `now` moves.
 */
export function useConversations(
  viewer: Viewer,
  view: InboxView,
  bucket: Bucket | null,
  shops: Shop[],
  now: Date,
): InboxLists | undefined {
  const db = useDb();
  return useLiveQuery(async () => {
    const marks = new Map(
      (await db.readMarks.where('memberId').equals(viewer.id).toArray()).map((m) => [
        m.conversationId,
        m.readUpTo,
      ]),
    );
    const thresholdsOf = new Map<string, SlaThresholds>(
      shops.map((s) => [s.id, s.sla ?? DEFAULT_SLA_THRESHOLDS]),
    );
    const calendarOf = new Map(
      shops.map((s) => [s.id, (s.businessHours ?? null) as BusinessCalendar | null]),
    );
    const visible = (await db.conversations.orderBy('lastMessageAt').reverse().toArray()).filter((c) =>
      canSeeConversation(viewer, c),
    );
    const views: Record<InboxView, number> = { mine: 0, unassigned: 0, all: 0, trash: 0 };
    const buckets = Object.fromEntries(BUCKETS.map((b) => [b, 0])) as Record<Bucket, number>;
    const rows: ConversationRow[] = [];
    for (const c of visible) {
      for (const v of ['mine', 'unassigned', 'all', 'trash'] as const)
        if (inView(v, c, viewer.id)) views[v]++;
      if (!inView(view, c, viewer.id)) continue;
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
      });
    }
    return { rows, views, buckets };
  }, [db, viewer.id, viewer.role, view, bucket, shops, now.getTime()]);
}
