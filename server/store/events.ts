import { and, asc, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type { Message, NewSyncEvent, SyncEvent } from '../../lib/protocol';
import { syncEvent } from '../../lib/protocol';
import { audienceOf, gainsSight, isInAudience, type Viewer } from '../../lib/domain/visibility';
import type { Executor, Tx } from './index';
import { event, workspace } from './schema';

export interface AppendedEvent {
  event: SyncEvent;
  audience: string[] | null;
}

/**
 * Appends events about one conversation to a workspace's log, inside the caller's transaction. The
 * counter row is locked by the UPDATE, so seqs commit in order: a reader of `after=N` never skips one.
 */
export function appendEvents(
  tx: Tx,
  workspaceId: string,
  events: NewSyncEvent[],
  assigneeId: string | null,
): Promise<AppendedEvent[]> {
  return appendEventsOfMany(
    tx,
    workspaceId,
    events.map((e) => ({ event: e, assigneeId })),
  );
}

/** The same for events about several conversations, each with its own assignee, in one statement. */
export async function appendEventsOfMany(
  tx: Tx,
  workspaceId: string,
  entries: { event: NewSyncEvent; assigneeId: string | null }[],
): Promise<AppendedEvent[]> {
  if (entries.length === 0) return [];
  const at = new Date();
  const items = entries.map(({ event: e, assigneeId }) => {
    const payload = { ...e, at: at.toISOString() };
    return {
      type: e.type,
      conversationId: conversationIdOf(e),
      audience: audienceOf({ ...payload, seq: 0 } as SyncEvent, assigneeId),
      payload,
    };
  });
  // One statement, since it runs under the workspace's lock: bump the counter, insert the events with it.
  const n = items.length;
  const result = await tx.execute<{ seq: string | number }>(sql`
    with bumped as (
      update ${workspace} set last_seq = last_seq + ${n} where id = ${workspaceId} returning last_seq
    ), items as (
      select value as item, ordinality as ord from jsonb_array_elements(${JSON.stringify(items)}::jsonb) with ordinality
    )
    insert into ${event} (workspace_id, seq, type, conversation_id, audience, payload, created_at)
    select ${workspaceId}, bumped.last_seq - ${n} + items.ord, items.item->>'type', items.item->>'conversationId',
      case when jsonb_typeof(items.item->'audience') = 'array'
        then array(select jsonb_array_elements_text(items.item->'audience')) end,
      jsonb_set(items.item->'payload', '{seq}', to_jsonb(bumped.last_seq - ${n} + items.ord)),
      ${at.toISOString()}::timestamptz
    from bumped, items
    returning seq`);
  const seqs = resultRows<{ seq: string | number }>(result).map((r) => Number(r.seq));
  if (seqs.length !== n) throw new Error(`workspace ${workspaceId} does not exist`);
  const first = Math.min(...seqs);
  return items.map((item, i) => ({
    event: { ...item.payload, seq: first + i } as SyncEvent,
    audience: item.audience,
  }));
}

/** Rows of a raw query, from node-postgres (a result object) or PGlite (the same shape). */
function resultRows<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);
}

export function conversationIdOf(e: SyncEvent | NewSyncEvent): string {
  switch (e.type) {
    case 'conversation.upserted':
      return e.conversation.id;
    case 'message.created':
      return e.message.conversationId;
    case 'conversation.read':
      return e.readMark.conversationId;
    case 'conversation.deleted':
    case 'conversation.sla':
      return e.conversationId;
  }
}

export interface EventPage {
  events: SyncEvent[];
  /** The highest seq looked at, visible to the viewer or not: where the next page starts. */
  lastSeq: number;
  hasMore: boolean;
}

/**
 * The events after `after` that the viewer may see, oldest first. An assignment that lets the viewer see a
 * conversation for the first time carries the conversation's messages written before it, which the
 * viewer's earlier pages left out: who may see an event is fixed when it is written.
 */
export async function readEventsAfter(
  db: Executor,
  workspaceId: string,
  viewer: Viewer,
  after: number,
  limit: number,
): Promise<EventPage> {
  const rows = await db
    .select({ seq: event.seq, type: event.type, audience: event.audience, payload: event.payload })
    .from(event)
    .where(and(eq(event.workspaceId, workspaceId), gt(event.seq, after)))
    .orderBy(asc(event.seq))
    .limit(limit + 1);
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  const visible = page
    .filter((r) => isInAudience(viewer, r.type as SyncEvent['type'], r.audience))
    .map((r) => syncEvent.parse(r.payload));
  return {
    events: await withHistory(db, workspaceId, viewer, visible),
    lastSeq: page.at(-1)?.seq ?? after,
    hasMore,
  };
}

/** Adds `history` to the events that let the viewer see a conversation, with one read of the log. */
async function withHistory(
  db: Executor,
  workspaceId: string,
  viewer: Viewer,
  events: SyncEvent[],
): Promise<SyncEvent[]> {
  const grants = events.filter((e) => e.type === 'conversation.upserted' && gainsSight(viewer, e.assignment));
  if (grants.length === 0) return events;
  const rows = await db
    .select({ seq: event.seq, payload: event.payload })
    .from(event)
    .where(
      and(
        eq(event.workspaceId, workspaceId),
        inArray(event.conversationId, [...new Set(grants.map(conversationIdOf))]),
        eq(event.type, 'message.created'),
        lt(event.seq, Math.max(...grants.map((e) => e.seq))),
      ),
    )
    .orderBy(asc(event.seq));
  // Each row parsed once, whatever the number of grants in the page.
  const logged = rows.flatMap((row) => {
    const parsed = syncEvent.parse(row.payload);
    return parsed.type === 'message.created' ? [{ seq: row.seq, message: parsed.message }] : [];
  });
  return events.map((e) => {
    if (!grants.includes(e)) return e;
    // A message sent again (a later copy under the same id) keeps its first place with its latest copy.
    const messages = new Map<string, Message>();
    for (const { seq, message } of logged) {
      if (message.conversationId === conversationIdOf(e) && seq < e.seq) messages.set(message.id, message);
    }
    return { ...e, history: [...messages.values()] };
  });
}
