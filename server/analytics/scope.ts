import { and, eq, inArray } from 'drizzle-orm';
import { sql, type SQL } from 'drizzle-orm';
import { seesAllConversations, type Viewer } from '../../lib/domain/visibility';
import { UNASSIGNED, type AnalyticsFilter } from '../../lib/protocol';
import { forbidden, HttpError } from '../errors';
import type { Executor } from '../store';
import { member, shop } from '../store/schema';

/** Which conversations a figure is about: one workspace, narrowed by the query's filter. */
export interface AnalyticsScope extends AnalyticsFilter {
  workspaceId: string;
  /** The clock's time: what "today", "younger than 24 h" and "not yet replied" are measured against. */
  now: Date;
}

/**
 * The rule for who sees which figures (product §1): managers and above see the workspace and any member's; an
 * agent sees their own only, asked for as `memberIds=<own id>`. Anything else an agent asks is a 403, so a
 * popup never shows an agent a figure that is secretly the workspace's. Shops and members named must be of
 * the workspace (400 naming the field otherwise).
 */
export async function scopeFor(
  db: Executor,
  viewer: Viewer & { workspaceId: string },
  filter: AnalyticsFilter,
  now: Date,
): Promise<AnalyticsScope & { ownFigures: boolean }> {
  const memberIds = filter.memberIds ? [...new Set(filter.memberIds)] : undefined;
  const ownFigures = memberIds?.length === 1 && memberIds[0] === viewer.id;
  if (!seesAllConversations(viewer.role) && !ownFigures) {
    throw forbidden(
      `Agents see their own figures only: ask with memberIds=${viewer.id}; the workspace's figures are for managers and above`,
    );
  }
  if (filter.shopIds?.length) {
    const found = await db
      .select({ id: shop.id })
      .from(shop)
      .where(and(eq(shop.workspaceId, viewer.workspaceId), inArray(shop.id, filter.shopIds)));
    const missing = filter.shopIds.find((id) => !found.some((s) => s.id === id));
    if (missing) throw invalid('shopIds', `shop ${missing} is not one of this workspace's`);
  }
  const named = memberIds?.filter((id) => id !== UNASSIGNED) ?? [];
  if (named.length > 0) {
    const found = await db
      .select({ id: member.id })
      .from(member)
      .where(and(eq(member.workspaceId, viewer.workspaceId), inArray(member.id, named)));
    const missing = named.find((id) => !found.some((m) => m.id === id));
    if (missing) throw invalid('memberIds', `member ${missing} is not one of this workspace's`);
  }
  return { ...filter, memberIds, workspaceId: viewer.workspaceId, now, ownFigures };
}

const invalid = (field: string, message: string) =>
  new HttpError(400, 'invalid_input', `querystring.${field}: ${message}`, `querystring.${field}`);

const list = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

/**
 * The filter as SQL over a conversation aliased `c`, or over another row that carries the conversation's
 * workspace, shop, channel, tags and trash (`table`: a session of the rollup, checked against its chat's block). `memberColumn` is what
 * `memberIds` narrows: the assignee, or for sessions the member a chat was assigned to.
 */
export function conversationConditions(
  scope: AnalyticsScope,
  memberColumn: SQL = sql`c.assignee_id`,
  table = 'c',
): SQL {
  const column = (name: string) => sql.raw(`${table}.${name}`);
  const parts: SQL[] = [
    sql`${column('workspace_id')} = ${scope.workspaceId}`,
    sql`${column('trashed_at')} is null`,
    // A blocked customer's chats count nowhere (product §11); a session row reads the flag of its chat.
    table === 'c'
      ? sql`not c.customer_blocked`
      : sql`not exists (select 1 from conversation b where b.id = ${column('conversation_id')} and b.customer_blocked)`,
  ];
  if (scope.shopIds?.length) parts.push(sql`${column('shop_id')} in (${list(scope.shopIds)})`);
  if (scope.channels?.length) parts.push(sql`${column('channel')} in (${list(scope.channels)})`);
  if (scope.tags?.length) parts.push(sql`${column('tags')} && array[${list(scope.tags)}]::text[]`);
  if (scope.memberIds?.length) {
    const named = scope.memberIds.filter((id) => id !== UNASSIGNED);
    const either: SQL[] = [];
    if (named.length > 0) either.push(sql`${memberColumn} in (${list(named)})`);
    if (named.length < scope.memberIds.length) either.push(sql`${memberColumn} is null`);
    parts.push(sql`(${sql.join(either, sql` or `)})`);
  }
  return sql.join(parts, sql` and `);
}

/** The clock's time as a SQL value. */
export const nowOf = (scope: AnalyticsScope) => sql`${scope.now.toISOString()}::timestamptz`;

/**
 * Rows of a raw query, from node-postgres or PGlite (both answer `{ rows }`). A query that sorts a range's
 * values for percentiles gets the memory to do it without spilling to disk (`workMem`), in a transaction of
 * its own so the setting ends with it.
 */
export async function rowsOf<T>(db: Executor, query: SQL, options: { workMem?: boolean } = {}): Promise<T[]> {
  const result = options.workMem
    ? await db.transaction(async (tx) => {
        await tx.execute(sql`set local work_mem = '32MB'`);
        return tx.execute(query);
      })
    : await db.execute(query);
  const rows = result as unknown as { rows?: T[] } | T[];
  return Array.isArray(rows) ? rows : (rows.rows ?? []);
}

/** A timestamp column as an ISO string (drivers differ in how they hand back dates). */
export const isoOf = (column: SQL) =>
  sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
