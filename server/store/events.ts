import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { NewSyncEvent, SyncEvent } from '../../lib/protocol';
import { syncEvent } from '../../lib/protocol';
import { audienceOf, isInAudience, type Viewer } from '../../lib/domain/visibility';
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
export async function appendEvents(
  tx: Tx,
  workspaceId: string,
  events: NewSyncEvent[],
  assigneeId: string | null,
): Promise<AppendedEvent[]> {
  if (events.length === 0) return [];
  const [row] = await tx
    .update(workspace)
    .set({ lastSeq: sql`${workspace.lastSeq} + ${events.length}` })
    .where(eq(workspace.id, workspaceId))
    .returning({ lastSeq: workspace.lastSeq });
  if (!row) throw new Error(`workspace ${workspaceId} does not exist`);
  const at = new Date();
  const first = row.lastSeq - events.length + 1;
  const stored = events.map((e, i) => {
    const full = { ...e, seq: first + i, at: at.toISOString() } as SyncEvent;
    return { event: full, audience: audienceOf(full, assigneeId) };
  });
  await tx.insert(event).values(
    stored.map(({ event: e, audience }) => ({
      workspaceId,
      seq: e.seq,
      type: e.type,
      conversationId: conversationIdOf(e),
      audience,
      payload: e,
      createdAt: at,
    })),
  );
  return stored;
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
      return e.conversationId;
  }
}

export interface EventPage {
  events: SyncEvent[];
  /** The highest seq looked at, visible to the viewer or not: where the next page starts. */
  lastSeq: number;
  hasMore: boolean;
}

/** The events after `after` that the viewer may see, oldest first. */
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
  const visible = page.filter((r) => isInAudience(viewer, r.type as SyncEvent['type'], r.audience));
  return {
    events: visible.map((r) => syncEvent.parse(r.payload)),
    lastSeq: page.at(-1)?.seq ?? after,
    hasMore,
  };
}
