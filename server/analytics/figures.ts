import { sql, type SQL } from 'drizzle-orm';
import {
  CONVERSION_WINDOW_MS,
  RESPONSE_WINDOW_MS,
  SATISFIED_FROM_RATING,
  share,
} from '../../lib/domain/metrics';
import type { Figures } from '../../lib/protocol';
import type { Executor } from '../store';
import { conversationConditions, nowOf, rowsOf, type AnalyticsScope } from './scope';

/**
 * The figures of product §8 aggregated in the database: each query reads the conversations (or sessions, or
 * answered chats and their orders) of one window through an index and hands back a few grouped rows.
 *
 * Days are each shop's own. The instants where each shop's days start are computed once per request (by
 * PostgreSQL's time-zone rules) and written into the statement as constants, one array per shop; a
 * timestamp's day is then a binary search in its shop's array (`width_bucket`) instead of a time-zone
 * conversion per row, and no join.
 */
export interface Buckets {
  count: number;
  /**
   * The day bucket (0…count-1 inside, −1 before, count after) of a timestamp of a row whose shop is `shop`
   * (the conversation's, `c.shop_id`, unless told).
   */
  of(timestamp: SQL, shop?: SQL): SQL;
  /** Every timestamp in a bucket is in [lo, hi). */
  lo: Date;
  hi: Date;
  /** The same days, with [lo, hi) narrowed to what can fall in bucket `day` (for one day's rows). */
  narrowedTo(day: number): Buckets;
}

interface ShopBounds {
  id: string;
  bounds: string;
}

/**
 * The days of each shop of the workspace: `firstDay` (a date, or SQL for one per shop) and the `count` days
 * after it, as instants in UTC.
 */
async function bucketsOf(db: Executor, workspaceId: string, firstDay: SQL, count: number): Promise<Buckets> {
  const rows = await rowsOf<ShopBounds>(
    db,
    sql`select id, array_to_string(array(
        select to_char((d::timestamp at time zone time_zone) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
        from generate_series(0, ${count}::int) as g, lateral (select (${firstDay}) + g as d) day order by g
      ), ',') as bounds
      from shop where workspace_id = ${workspaceId}`,
  );
  const perShop = rows.map((r) => r.bounds.split(',').map((t) => Date.parse(t)));
  const window = (first: number, last: number) => ({
    lo: new Date(perShop.length ? Math.min(...perShop.map((b) => b[first]!)) : 0),
    hi: new Date(perShop.length ? Math.max(...perShop.map((b) => b[last]!)) : 0),
  });
  const boundsOf = (shop: SQL) =>
    rows.length > 0
      ? sql`case ${shop} ${sql.join(
          rows.map((r) => sql`when ${r.id} then ${`{${r.bounds}}`}::timestamptz[]`),
          sql` `,
        )} end`
      : sql`null::timestamptz[]`;
  const buckets = (lo: Date, hi: Date): Buckets => ({
    count,
    of: (timestamp, shop = sql`c.shop_id`) => sql`(width_bucket(${timestamp}, ${boundsOf(shop)}) - 1)`,
    lo,
    hi,
    narrowedTo: (day) => {
      const narrow = window(day, day + 1);
      return buckets(narrow.lo, narrow.hi);
    },
  });
  const whole = window(0, count);
  return buckets(whole.lo, whole.hi);
}

/** The days from `from` to `to` (inclusive), as each shop's calendar shows them. */
export function rangeBuckets(db: Executor, workspaceId: string, from: string, to: string): Promise<Buckets> {
  const count =
    Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
  return bucketsOf(db, workspaceId, sql`${from}::date`, count);
}

/** The last `count` days up to each shop's today at `now`; the last bucket is today. */
export function recentBuckets(db: Executor, workspaceId: string, now: Date, count: number): Promise<Buckets> {
  const today = sql`(${now.toISOString()}::timestamptz at time zone time_zone)::date`;
  return bucketsOf(db, workspaceId, sql`${today} - ${count - 1}::int`, count);
}

/** How figures are grouped: every set asked for comes back in one pass (GROUPING SETS); tags in a pass of their own. */
export type GroupSet = 'total' | 'day' | 'channel' | 'agent' | 'agentDay';
export type Grouping = GroupSet[] | 'tag';

/** One grouped row: its set and key (a bucket, channel, member id or tag; null for the unassigned). */
export interface Group {
  set: GroupSet | 'tag';
  bucket: number | null;
  channel: string | null;
  memberId: string | null;
  tag: string | null;
}

const SET_COLUMNS: Record<GroupSet, string[]> = {
  total: [],
  day: ['bucket'],
  channel: ['channel'],
  agent: ['member_id'],
  agentDay: ['member_id', 'bucket'],
};
const COLUMNS = ['bucket', 'channel', 'member_id'];
const COLUMN_TYPES: Record<string, string> = { bucket: 'int', channel: 'text', member_id: 'text' };

/** The GROUP BY clause and what to select for it; `sets` tells a row's set from its `grouping(…)` bits. */
function groupingClause(grouping: Grouping): {
  select: SQL;
  groupBy: SQL;
  from: SQL;
  sets: Map<number, GroupSet>;
} {
  if (grouping === 'tag') {
    return {
      select: sql`-1 as g, null::int as bucket, null::text as channel, null::text as member_id, t.tag`,
      groupBy: sql`group by t.tag`,
      from: sql`cross join lateral unnest(tags) as t(tag)`,
      sets: new Map(),
    };
  }
  // GROUPING() takes only columns some set groups by; a bit is set for each of those a row's set leaves out.
  const used = COLUMNS.filter((column) => grouping.some((set) => SET_COLUMNS[set].includes(column)));
  const sets = new Map(
    grouping.map((set) => [
      used.reduce((mask, column) => (mask << 1) | (SET_COLUMNS[set].includes(column) ? 0 : 1), 0),
      set,
    ]),
  );
  const columns = COLUMNS.map((column) =>
    used.includes(column) ? column : `null::${COLUMN_TYPES[column]} as ${column}`,
  ).join(', ');
  const mask = used.length > 0 ? `grouping(${used.join(', ')})` : '0';
  const groupSets = grouping.map((set) => `(${SET_COLUMNS[set].join(', ')})`).join(', ');
  return {
    select: sql.raw(`${mask} as g, ${columns}, null::text as tag`),
    groupBy: sql.raw(`group by grouping sets (${groupSets})`),
    from: sql``,
    sets,
  };
}

interface RawGroup {
  g: number;
  bucket: number | null;
  channel: string | null;
  member_id: string | null;
  tag: string | null;
}

function groupOf(row: RawGroup, sets: Map<number, GroupSet>): Group {
  const set = Number(row.g) === -1 ? 'tag' : sets.get(Number(row.g));
  if (!set) throw new Error(`A grouped row of an unknown set: ${row.g}`);
  return {
    set,
    bucket: row.bucket === null ? null : Number(row.bucket),
    channel: row.channel,
    memberId: row.member_id,
    tag: row.tag,
  };
}

/**
 * The grouped rows of a relation (`rows`: bucket, channel, member_id and tags, and whatever `aggregates`
 * reads): every set asked for in one hashed pass and, with `tags`, the same aggregates per tag over the tagged
 * rows, in one statement that reads the rows once.
 */
async function groupedRows<T extends RawGroup>(
  db: Executor,
  buckets: Buckets,
  grouping: GroupSet[],
  options: { tags: boolean; workMem: boolean },
  rows: SQL,
  aggregates: SQL,
): Promise<{ group: Group; row: T }[]> {
  const inBuckets = sql`r.bucket between 0 and ${buckets.count - 1}`;
  const bySets = groupingClause(grouping);
  const byTag = groupingClause('tag');
  const statement = options.tags
    ? sql`with f as materialized (select * from (${rows}) r where ${inBuckets})
        select ${bySets.select}, ${aggregates} from f ${bySets.groupBy}
        union all
        select ${byTag.select}, ${aggregates} from f ${byTag.from} where cardinality(f.tags) > 0 ${byTag.groupBy}`
    : sql`select ${bySets.select}, ${aggregates} from (${rows}) r where ${inBuckets} ${bySets.groupBy}`;
  const found = await rowsOf<T>(db, statement, { workMem: options.workMem });
  return found.map((row) => ({ group: groupOf(row, bySets.sets), row }));
}

/**
 * The median and 90th percentile of a column over a group, as `[median, p90]`. The group's values are
 * gathered into an array (which a hashed grouping can do) and sorted once per group, instead of sorting the
 * rows by every set's key first.
 */
const percentilesOf = (column: string) =>
  // unnest in the select list streams the values; in FROM it would copy them into a tuplestore first.
  sql.raw(`(select percentile_cont(array[0.5, 0.9]) within group (order by v)
    from (select unnest(array_agg(${column}) filter (where ${column} is not null)) as v) as group_values)`);

/** A stable key for a group, to join its conversations' figures and its sessions. */
export const groupKey = (g: Group) =>
  `${g.set}|${g.bucket ?? ''}|${g.channel ?? ''}|${g.memberId ?? ''}|${g.tag ?? ''}`;

export type ConversationFigures = Pick<
  Figures,
  | 'created'
  | 'closed'
  | 'open'
  | 'responseRate24h'
  | 'satisfaction'
  | 'firstResponseSeconds'
  | 'resolutionSeconds'
  | 'conversion'
>;

export interface Revenue {
  currency: string;
  cents: number;
}

interface RawStartedFigures extends RawGroup {
  created: number;
  open: number;
  answered: number;
  missed: number;
  pending: number;
  frt_count: number;
  frt: number[] | string | null;
}

interface RawClosedFigures extends RawGroup {
  closed: number;
  rated: number;
  satisfied: number;
  res_count: number;
  res: number[] | string | null;
}

/**
 * Where a chat stands for the 24 h response rate (lib/domain/metrics `responseOutcome`), in SQL: its name, or
 * as `codes` (what grouping compares fastest).
 */
export function responseOutcomeSql(scope: AnalyticsScope, as: 'names' | 'codes' = 'names'): SQL {
  const now = nowOf(scope);
  const window = sql.raw(`interval '${RESPONSE_WINDOW_MS / 1000} seconds'`);
  const [answered, missed, pending] = (
    as === 'names' ? ["'answered'", "'missed'", "'pending'"] : OUTCOME_CODES.map(String)
  ).map((v) => sql.raw(v));
  return sql`case
      when c.first_response_at <= ${now}
        then case when c.first_response_at - c.created_at <= ${window} then ${answered} else ${missed} end
      when ${now} - c.created_at >= ${window} then ${missed}
      else ${pending} end`;
}

/** The outcomes' codes: answered, missed, pending. */
const OUTCOME_CODES = [1, 2, 3] as const;

/** Seconds to a person's first reply (null before one, by the clock) and to the close, in SQL. */
export function timingsSql(scope: AnalyticsScope): { firstResponse: SQL; resolution: SQL } {
  return {
    firstResponse: sql`case when c.first_response_at <= ${nowOf(scope)}
      then date_part('epoch', c.first_response_at - c.created_at) end`,
    resolution: sql`date_part('epoch', c.closed_at - c.created_at)`,
  };
}

/**
 * Ticket counts, the 24 h response rate, satisfaction, first response and resolution times, conversion. A
 * conversation counts on the day it started (created, open, the response rate, first response, conversion)
 * and on the day it closed (closed, satisfaction, resolution): each side reads its own range through its own
 * index; conversion reads the answered chats that led to an order, a few of the started ones. All of them run
 * side by side. Without `percentiles` (the popup) they are plain hashed counts.
 */
export async function conversationFigures(
  db: Executor,
  scope: AnalyticsScope,
  buckets: Buckets,
  grouping: GroupSet[],
  options: { percentiles: boolean; conversion: boolean; tags: boolean },
): Promise<{ groups: Map<string, { group: Group; figures: ConversationFigures }>; revenue: Revenue[] }> {
  const timings = timingsSql(scope);
  const inWindow = (column: string) =>
    sql`${sql.raw(column)} >= ${buckets.lo.toISOString()} and ${sql.raw(column)} < ${buckets.hi.toISOString()}`;
  const percentiles = (column: string) => (options.percentiles ? percentilesOf(column) : sql`null::float8[]`);
  const workMem = options.percentiles;
  const [started, closed, conversion] = await Promise.all([
    groupedRows<RawStartedFigures>(
      db,
      buckets,
      grouping,
      { tags: options.tags, workMem },
      sql`select c.channel, c.assignee_id as member_id, c.tags, c.status <> 'closed' as open,
          ${timings.firstResponse} as frs, ${responseOutcomeSql(scope, 'codes')} as outcome, ${buckets.of(sql`c.created_at`)} as bucket
        from conversation c
        where ${conversationConditions(scope)} and ${inWindow('c.created_at')}`,
      sql`count(*)::int as created,
        count(*) filter (where open)::int as open,
        count(*) filter (where outcome = ${OUTCOME_CODES[0]})::int as answered,
        count(*) filter (where outcome = ${OUTCOME_CODES[1]})::int as missed,
        count(*) filter (where outcome = ${OUTCOME_CODES[2]})::int as pending,
        count(frs)::int as frt_count, ${percentiles('frs')} as frt`,
    ),
    groupedRows<RawClosedFigures>(
      db,
      buckets,
      grouping,
      { tags: options.tags, workMem },
      sql`select c.channel, c.assignee_id as member_id, c.tags, c.rating, ${timings.resolution} as res,
          ${buckets.of(sql`c.closed_at`)} as bucket
        from conversation c
        where ${conversationConditions(scope)} and c.closed_at is not null and ${inWindow('c.closed_at')}`,
      sql`count(*)::int as closed,
        count(rating)::int as rated,
        count(*) filter (where rating >= ${SATISFIED_FROM_RATING})::int as satisfied,
        count(res)::int as res_count, ${percentiles('res')} as res`,
    ),
    options.conversion ? conversionFigures(db, scope, buckets, grouping, options) : null,
  ]);
  const out = new Map<string, { group: Group; figures: ConversationFigures }>();
  const entry = (group: Group) => {
    const key = groupKey(group);
    let found = out.get(key);
    if (!found) {
      const { sessions: _sessions, ...figures } = emptyFigures();
      found = { group, figures };
      out.set(key, found);
    }
    return found.figures;
  };
  for (const { group, row: r } of started) {
    const figures = entry(group);
    const answered = Number(r.answered);
    const countable = answered + Number(r.missed);
    figures.created = Number(r.created);
    figures.open = Number(r.open);
    figures.responseRate24h = {
      answered,
      countable,
      pending: Number(r.pending),
      rate: share(answered, countable),
    };
    figures.firstResponseSeconds = duration(r.frt_count, r.frt);
    // Answered, for conversion, is answered by a person at all (by the clock): the chats with a first response.
    const answeredAtAll = Number(r.frt_count);
    const converted = conversion?.converted.get(groupKey(group)) ?? 0;
    figures.conversion = { answered: answeredAtAll, converted, rate: share(converted, answeredAtAll) };
  }
  for (const { group, row: r } of closed) {
    const figures = entry(group);
    figures.closed = Number(r.closed);
    figures.satisfaction = {
      satisfied: Number(r.satisfied),
      rated: Number(r.rated),
      rate: share(Number(r.satisfied), Number(r.rated)),
    };
    figures.resolutionSeconds = duration(r.res_count, r.res);
  }
  return { groups: out, revenue: conversion?.revenue ?? [] };
}

/**
 * Conversion: per group, the answered chats that led to an order (a few of the started ones, so grouped in one
 * statement with their tags), and the revenue of those orders by currency, each order once.
 */
async function conversionFigures(
  db: Executor,
  scope: AnalyticsScope,
  buckets: Buckets,
  grouping: GroupSet[],
  options: { tags: boolean },
): Promise<{ converted: Map<string, number>; revenue: Revenue[] }> {
  const bySets = groupingClause(grouping);
  const byTag = groupingClause('tag');
  const perTag = options.tags
    ? sql`union all select ${byTag.select}, count(*)::int as converted, null::jsonb as revenue
        from f ${byTag.from} ${byTag.groupBy}`
    : sql``;
  const rows = await rowsOf<RawGroup & { converted: number; revenue: Revenue[] | string | null }>(
    db,
    sql`with led as materialized (${ledSql(scope, buckets)}), f as materialized (
        select distinct on (conversation_id) channel, member_id, tags, bucket from led
      )
      select ${bySets.select}, count(*)::int as converted,
        (select coalesce(jsonb_agg(jsonb_build_object('currency', currency, 'cents', cents) order by currency), '[]')
          from (select currency, sum(total_cents)::float8 as cents
            from (select distinct order_id, total_cents, currency from led) o group by currency) r) as revenue
      from f ${bySets.groupBy} ${perTag}`,
  );
  const converted = new Map(rows.map((r) => [groupKey(groupOf(r, bySets.sets)), Number(r.converted)]));
  // Every grouped row carries the same revenue (one subquery); with no converted chat there is none.
  const first = rows.find((r) => r.revenue !== null)?.revenue ?? [];
  return { converted, revenue: (typeof first === 'string' ? JSON.parse(first) : first) as Revenue[] };
}

/** A count and its [median, p90] from `percentile_cont(array[…])` (a driver may hand the array as text). */
function duration(count: number, percentiles: number[] | string | null) {
  const values =
    typeof percentiles === 'string'
      ? percentiles
          .slice(1, -1)
          .split(',')
          .map((v) => (v === 'NULL' ? null : Number(v)))
      : percentiles;
  return { count: Number(count), median: values?.[0] ?? null, p90: values?.[1] ?? null };
}

/**
 * Sessions (product §8) in a range, from their rollup (`member_session`, one row per member, chat and day, kept
 * from the timeline's assignment lines): the member, the chat, the day's bucket, the first assignment that
 * day, and the chat's channel and tags.
 */
export function sessionsSql(scope: AnalyticsScope, buckets: Buckets): SQL {
  const bucket = buckets.of(sql`l.assigned_at`, sql`l.shop_id`);
  return sql`select l.member_id, l.conversation_id, ${bucket} as bucket, l.assigned_at as at, l.channel, l.tags
    from member_session l
    where ${conversationConditions(scope, sql`l.member_id`, 'l')}
      and l.assigned_at >= ${buckets.lo.toISOString()} and l.assigned_at < ${buckets.hi.toISOString()}
      and ${bucket} between 0 and ${buckets.count - 1}`;
}

/** Sessions: chats assigned to each member on each day (a chat assigned twice in a day counts once). */
export async function sessionFigures(
  db: Executor,
  scope: AnalyticsScope,
  buckets: Buckets,
  grouping: GroupSet[],
  options: { tags: boolean },
): Promise<Map<string, { group: Group; sessions: number }>> {
  const rows = await groupedRows<RawGroup & { sessions: number }>(
    db,
    buckets,
    grouping,
    { tags: options.tags, workMem: false },
    // Only what the grouping reads: the chat and the time of each session stay behind.
    sql`select member_id, bucket, channel, tags from (${sessionsSql(scope, buckets)}) as s`,
    sql`count(*)::int as sessions`,
  );
  return new Map(rows.map(({ group, row }) => [groupKey(group), { group, sessions: Number(row.sessions) }]));
}

/**
 * The orders answered chats led to: placed by the chat's customer in its shop within 7 days after a member's
 * reply in it, not cancelled, for the chats that started in the buckets and were answered by the clock, with
 * what the chat is grouped by. The conversation's first and last reply narrow the orders and decide most of
 * them; the replies between them decide the rest.
 */
export function ledSql(scope: AnalyticsScope, buckets: Buckets): SQL {
  const now = nowOf(scope);
  const window = sql.raw(`interval '${CONVERSION_WINDOW_MS / 1000} seconds'`);
  return sql`select c.id as conversation_id, o.id as order_id, o.total_cents, o.currency,
      c.channel, c.assignee_id as member_id, c.tags, ${buckets.of(sql`c.created_at`)} as bucket
    from conversation c
    join "order" o on o.customer_id = c.customer_id and o.shop_id = c.shop_id
      and o.placed_at >= c.first_response_at
      and o.placed_at <= greatest(c.last_agent_reply_at, c.first_response_at) + ${window}
      and o.placed_at <= ${now} and o.status <> 'cancelled'
    where ${conversationConditions(scope)}
      and c.created_at >= ${buckets.lo.toISOString()} and c.created_at < ${buckets.hi.toISOString()}
      and c.first_response_at <= ${now} and ${buckets.of(sql`c.created_at`)} between 0 and ${buckets.count - 1}
      -- The first and the last reply are replies themselves: only an order in between needs the timeline.
      and (o.placed_at <= c.first_response_at + ${window} or o.placed_at >= c.last_agent_reply_at or exists (
        select 1 from message m
        where m.conversation_id = c.id and m.direction = 'outbound' and m.author in ('member', 'seller_center')
          and m.created_at <= o.placed_at and m.created_at >= o.placed_at - ${window}
      ))`;
}

/** Answered chats started in the buckets (`chats`: id, converted), as a WITH clause for the drill-down. */
export function answeredChatsSql(scope: AnalyticsScope, buckets: Buckets): SQL {
  return sql`with led as materialized (${ledSql(scope, buckets)}), chats as (
      select c.id, c.id in (select conversation_id from led) as converted
      from conversation c
      where ${conversationConditions(scope)}
        and c.created_at >= ${buckets.lo.toISOString()} and c.created_at < ${buckets.hi.toISOString()}
        and c.first_response_at <= ${nowOf(scope)} and ${buckets.of(sql`c.created_at`)} between 0 and ${buckets.count - 1}
    )`;
}

/** Figures with nothing in them, for days and members without any. */
export function emptyFigures(): Figures {
  return {
    created: 0,
    closed: 0,
    open: 0,
    sessions: 0,
    responseRate24h: { answered: 0, countable: 0, pending: 0, rate: null },
    satisfaction: { satisfied: 0, rated: 0, rate: null },
    firstResponseSeconds: { count: 0, median: null, p90: null },
    resolutionSeconds: { count: 0, median: null, p90: null },
    conversion: { answered: 0, converted: 0, rate: null },
  };
}

/** The figures of one group: its conversations' and its sessions. */
export function figuresOf(
  key: string,
  conversations: Map<string, { figures: ConversationFigures }>,
  sessions: Map<string, { sessions: number }>,
): Figures {
  return {
    ...emptyFigures(),
    ...conversations.get(key)?.figures,
    sessions: sessions.get(key)?.sessions ?? 0,
  };
}
