import Dexie, { type Collection } from 'dexie';
import type { SidedeskDb } from '../../lib/client/db';
import type { BusinessCalendar } from '../../lib/domain/business-hours';
import { bucketsOf, BUCKETS, shownWithoutBucket, timeToOverdue, type Bucket } from '../../lib/domain/buckets';
import { compareConversations, matchesFilter } from '../../lib/domain/filters';
import { matchesTerms, searchTerms, snippetAround } from '../../lib/domain/search';
import { DEFAULT_SLA_THRESHOLDS, type SlaThresholds } from '../../lib/domain/sla';
import { inView, type InboxView } from '../../lib/domain/views';
import { canSeeConversation, type Viewer } from '../../lib/domain/visibility';
import type { Conversation, InboxFilter, Shop } from '../../lib/protocol';

// The inbox list's reads of the cache and its computation, apart from React (the hook is useConversations).

/**
 * A row of the list. Its red dot and labels come from its buckets, the same `bucketsOf` with the same context
 * as the chips' counts, so a row never says what its chip does not count.
 */
export interface ConversationRow {
  conversation: Conversation;
  /** In the Unread bucket: the red dot. */
  unread: boolean;
  buckets: Set<Bucket>;
  /** The real time left before the reply is overdue, for a countdown; null when there is none to count. */
  overdueInMs: number | null;
  /** While searching: the piece of a message that matched, when the match was in a message. */
  snippet: string | null;
}

export interface InboxLists {
  rows: ConversationRow[];
  /** The size of every view; null while only the first screen has been read. */
  views: Record<InboxView, number> | null;
  /**
   * Live counts of the buckets within the current view, filter and search; each is the number of rows its chip
   * selects. Null while only the first screen is read.
   */
  buckets: Record<Bucket, number> | null;
  /** Every tag in use, for the filter (empty while only the first screen is read). */
  tags: string[];
  /** False while the rows are the first screen's alone and the rest of the cache is still being read. */
  complete: boolean;
}

/** What the lists are computed from: conversations and the viewer's read marks. */
export interface InboxCache {
  conversations: Conversation[];
  /** Conversation id → the viewer's read mark. */
  readUpTo: Map<string, string>;
  /** True when `conversations` is the whole cache; false for the first screen's few. */
  complete: boolean;
}

/** Rows read for the first screen: more than a tall panel shows, with the virtualizer's overscan. */
export const FIRST_SCREEN_ROWS = 30;
/** The whole cache is read in slices, so the page stays responsive while a large one loads. */
export const SLICE = 2_000;

export interface MessageHits {
  query: string;
  snippets: Map<string, string>;
}

export async function readMessageHits(db: SidedeskDb, query: string): Promise<MessageHits> {
  const terms = searchTerms(query);
  const snippets = new Map<string, string>();
  await db.messages
    .filter((m) => m.direction !== 'system' && matchesTerms(m.body, terms))
    .each((m) => {
      if (!snippets.has(m.conversationId)) snippets.set(m.conversationId, snippetAround(m.body, terms));
    });
  return { query, snippets };
}

/** Every cached conversation and the viewer's read marks; the conversations in slices of the primary key. */
export async function readCache(db: SidedeskDb, viewerId: string): Promise<InboxCache> {
  const marks = db.readMarks.where('memberId').equals(viewerId).toArray();
  const conversations: Conversation[] = [];
  for (let after: string | null = null; ;) {
    const slice: Conversation[] = await (
      after === null ? db.conversations.limit(SLICE) : db.conversations.where(':id').above(after).limit(SLICE)
    ).toArray();
    conversations.push(...slice);
    if (slice.length < SLICE) break;
    after = slice.at(-1)!.id;
  }
  return {
    conversations,
    readUpTo: new Map((await marks).map((m) => [m.conversationId, m.readUpTo])),
    complete: true,
  };
}

/**
 * The first screen of a view sorted latest first: its conversations with the newest customer messages (their
 * `listTime`, see `listTimeOf`), read through an index until enough match, with their read marks. A member's
 * own (their view, or theirs in the per-agent view) come from `[assigneeId+status+listTime]`, latest first
 * within each status the view shows, so the read stops after about a screen of records. Null for a view whose
 * first rows an index cannot give cheaply (the trash, the longest-waiting order).
 */
export async function readFirstScreen(
  db: SidedeskDb,
  viewer: Viewer,
  filter: InboxFilter,
  rows = FIRST_SCREEN_ROWS,
  now = new Date(),
): Promise<InboxCache | null> {
  if (filter.sort !== 'latest' || filter.view === 'trash') return null;
  // One transaction for the conversations and their read marks.
  return db.transaction('r', [db.conversations, db.readMarks], () =>
    readFirstRows(db, viewer, filter, rows, now),
  );
}

async function readFirstRows(
  db: SidedeskDb,
  viewer: Viewer,
  filter: InboxFilter,
  rows: number,
  now: Date,
): Promise<InboxCache> {
  // The first screen has no bucket chosen: the rows the list shows without one.
  const keep = (c: Conversation) =>
    canSeeConversation(viewer, c) &&
    matchesFilter(c, filter, viewer.id) &&
    shownWithoutBucket(filter.view, c, now);
  const assignee =
    filter.view === 'mine' ? viewer.id : filter.view === 'agent' ? (filter.agentId ?? null) : null;
  let conversations: Conversation[];
  if (assignee !== null) {
    // A member's own list shows no closed chat; the per-agent view shows every status.
    const statuses: Conversation['status'][] =
      filter.view === 'mine' ? ['open', 'snoozed'] : ['open', 'snoozed', 'closed'];
    const perStatus = await Promise.all(
      statuses.map((status) =>
        newestMatching(
          () =>
            db.conversations
              .where('[assigneeId+status+listTime]')
              .between([assignee, status, Dexie.minKey], [assignee, status, Dexie.maxKey])
              .reverse(),
          keep,
          rows,
        ),
      ),
    );
    conversations = perStatus.flat().sort(compareConversations('latest')).slice(0, rows);
  } else {
    // Unassigned chats are not in that index (a null is no key): the latest of all, until enough match.
    conversations = await newestMatching(() => db.conversations.orderBy('listTime').reverse(), keep, rows);
  }
  const marks = await db.readMarks.bulkGet(conversations.map((c) => [c.id, viewer.id] as [string, string]));
  const readUpTo = new Map<string, string>();
  for (const mark of marks) if (mark) readUpTo.set(mark.conversationId, mark.readUpTo);
  return { conversations, readUpTo, complete: false };
}

/**
 * The first `rows` records of `newestFirst` that `keep` accepts. First as one request for `rows` records (a
 * browser with IndexedDB's newer getAll reads them backwards at once), which is the answer when they all
 * match; else record by record with a cursor until enough do.
 */
async function newestMatching(
  newestFirst: () => Collection<Conversation, string>,
  keep: (c: Conversation) => boolean,
  rows: number,
): Promise<Conversation[]> {
  const newest = await newestFirst().limit(rows).toArray();
  const kept = newest.filter(keep);
  if (kept.length === newest.length || newest.length < rows) return kept;
  return newestFirst().filter(keep).limit(rows).toArray();
}

/** The lists of the inbox from what has been read of the cache. */
export function listInbox(
  cache: InboxCache,
  options: {
    viewer: Viewer;
    filter: InboxFilter;
    bucket: Bucket | null;
    terms: string[];
    /** Conversation id → the snippet of its first message matching the search. */
    messageHits: Map<string, string>;
    shops: Shop[];
    now: Date;
  },
): InboxLists {
  const { viewer, filter, bucket, terms, messageHits, shops, now } = options;
  const thresholdsOf = new Map<string, SlaThresholds>(
    shops.map((s) => [s.id, s.sla ?? DEFAULT_SLA_THRESHOLDS]),
  );
  const calendarOf = new Map(shops.map((s) => [s.id, (s.businessHours ?? null) as BusinessCalendar | null]));
  // A view's count is the length of its list with no bucket chosen.
  const views: Record<InboxView, number> = { mine: 0, unassigned: 0, all: 0, trash: 0 };
  const buckets = Object.fromEntries(BUCKETS.map((b) => [b, 0])) as Record<Bucket, number>;
  const tags = new Set<string>();
  const rows: ConversationRow[] = [];
  for (const c of cache.conversations) {
    if (!canSeeConversation(viewer, c)) continue;
    for (const v of ['mine', 'unassigned', 'all', 'trash'] as const) {
      if (inView(v, c, viewer.id) && shownWithoutBucket(v, c, now)) views[v]++;
    }
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
    const readUpTo = cache.readUpTo.get(c.id);
    const calendar = calendarOf.get(c.shopId) ?? null;
    const inBuckets = bucketsOf(c, { viewerId: viewer.id, readUpTo, now, thresholds, calendar });
    for (const b of inBuckets) buckets[b]++;
    if (bucket ? !inBuckets.has(bucket) : !shownWithoutBucket(filter.view, c, now)) continue;
    rows.push({
      conversation: c,
      unread: inBuckets.has('unread'),
      buckets: inBuckets,
      overdueInMs: timeToOverdue(c, inBuckets, { now, thresholds, calendar }),
      snippet,
    });
  }
  const order = compareConversations(filter.sort);
  rows.sort((a, b) => order(a.conversation, b.conversation));
  if (!cache.complete) return { rows, views: null, buckets: null, tags: [], complete: false };
  return { rows, views, buckets, tags: [...tags].sort((a, b) => a.localeCompare(b)), complete: true };
}
