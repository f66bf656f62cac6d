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
 * The figures of SPEC §8 aggregated in the database: each query reads the conversations (or assignment lines,
 * or answered chats and their orders) of one window through an index and hands back a few grouped rows.
 *
 * Days are each shop's own: a timestamp falls in day bucket 0…count-1, counted in its shop's time zone.
 * A prefilter in UTC (wide enough for any zone) lets the indexes on the timestamps serve the query.
 */
export interface Buckets {
  count: number;
  /** The bucket of a timestamp column, with the conversation's shop aliased `s`. */
  of(timestamp: SQL): SQL;
  /** Every row in a bucket has its timestamp in [lo, hi). */
  lo: Date;
  hi: Date;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const localDate = (timestamp: SQL) => sql`(${timestamp} at time zone s.time_zone)::date`;

/** The days from `from` to `to` (inclusive), as each shop's calendar shows them. */
export function rangeBuckets(from: string, to: string): Buckets {
  // UTC offsets run from −12 h to +14 h.
  const lo = new Date(Date.parse(`${from}T00:00:00Z`) - 14 * HOUR);
  const hi = new Date(Date.parse(`${to}T00:00:00Z`) + DAY + 12 * HOUR);
  return {
    count: Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY) + 1,
    of: (timestamp) => sql`(${localDate(timestamp)} - ${from}::date)`,
    lo,
    hi,
  };
}

/** The last `count` days up to each shop's today at `now`; the last bucket is today. */
export function recentBuckets(now: Date, count: number): Buckets {
  const at = sql`${now.toISOString()}::timestamptz`;
  return {
    count,
    of: (timestamp) => sql`(${count - 1} - (${localDate(at)} - ${localDate(timestamp)}))`,
    // A local day starts at most 25 h before any instant of it (a day with a daylight-saving change).
    lo: new Date(now.getTime() - (count * DAY + 2 * HOUR)),
    hi: new Date(now.getTime() + DAY),
  };
}

/** How figures are grouped: every set asked for comes back in one query (GROUPING SETS); tags on their own. */
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

/** A stable key for a group, to join the three kinds of figures. */
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
>;

interface RawConversationFigures extends RawGroup {
  created: number;
  closed: number;
  open: number;
  answered: number;
  missed: number;
  pending: number;
  rated: number;
  satisfied: number;
  frt_count: number;
  frt_median: number | null;
  frt_p90: number | null;
  res_count: number;
  res_median: number | null;
  res_p90: number | null;
}

/** Where a chat stands for the 24 h response rate (lib/domain/metrics `responseOutcome`), in SQL. */
export function responseOutcomeSql(scope: AnalyticsScope): SQL {
  const now = nowOf(scope);
  const window = sql.raw(`interval '${RESPONSE_WINDOW_MS / 1000} seconds'`);
  return sql`case
      when c.first_response_at <= ${now}
        then case when c.first_response_at - c.created_at <= ${window} then 'answered' else 'missed' end
      when ${now} - c.created_at >= ${window} then 'missed'
      else 'pending' end`;
}

/** Seconds to a person's first reply (null before one, by the clock) and to the close, in SQL. */
export function timingsSql(scope: AnalyticsScope): { firstResponse: SQL; resolution: SQL } {
  return {
    firstResponse: sql`case when c.first_response_at <= ${nowOf(scope)}
      then extract(epoch from c.first_response_at - c.created_at)::float8 end`,
    resolution: sql`extract(epoch from c.closed_at - c.created_at)::float8`,
  };
}

/**
 * Ticket counts, the 24 h response rate, satisfaction, first response and resolution times. A conversation
 * counts once on the day it started (created, open, the response rate, first response) and once on the day
 * it closed (closed, satisfaction, resolution).
 */
export async function conversationFigures(
  db: Executor,
  scope: AnalyticsScope,
  buckets: Buckets,
  grouping: Grouping,
): Promise<Map<string, { group: Group; figures: ConversationFigures }>> {
  const { select, groupBy, from, sets } = groupingClause(grouping);
  const timings = timingsSql(scope);
  const rows = await rowsOf<RawConversationFigures>(
    db,
    sql`with f as (
      select c.channel, c.assignee_id as member_id, c.tags, c.status, c.rating,
        ${timings.firstResponse} as frs, ${timings.resolution} as res, ${responseOutcomeSql(scope)} as outcome,
        ${buckets.of(sql`c.created_at`)} as created_bucket, ${buckets.of(sql`c.closed_at`)} as closed_bucket
      from conversation c join shop s on s.id = c.shop_id
      where ${conversationConditions(scope)}
        and ((c.created_at >= ${buckets.lo.toISOString()} and c.created_at < ${buckets.hi.toISOString()})
          or (c.closed_at >= ${buckets.lo.toISOString()} and c.closed_at < ${buckets.hi.toISOString()}))
    ), k as (
      select f.*, v.kind, v.bucket from f
      cross join lateral (values ('created', f.created_bucket), ('closed', f.closed_bucket)) as v(kind, bucket)
      where v.bucket between 0 and ${buckets.count - 1}
    )
    select ${select},
      count(*) filter (where kind = 'created')::int as created,
      count(*) filter (where kind = 'closed')::int as closed,
      count(*) filter (where kind = 'created' and status <> 'closed')::int as open,
      count(*) filter (where kind = 'created' and outcome = 'answered')::int as answered,
      count(*) filter (where kind = 'created' and outcome = 'missed')::int as missed,
      count(*) filter (where kind = 'created' and outcome = 'pending')::int as pending,
      count(*) filter (where kind = 'closed' and rating is not null)::int as rated,
      count(*) filter (where kind = 'closed' and rating >= ${SATISFIED_FROM_RATING})::int as satisfied,
      count(frs) filter (where kind = 'created')::int as frt_count,
      percentile_cont(0.5) within group (order by frs) filter (where kind = 'created') as frt_median,
      percentile_cont(0.9) within group (order by frs) filter (where kind = 'created') as frt_p90,
      count(res) filter (where kind = 'closed')::int as res_count,
      percentile_cont(0.5) within group (order by res) filter (where kind = 'closed') as res_median,
      percentile_cont(0.9) within group (order by res) filter (where kind = 'closed') as res_p90
    from k ${from} ${groupBy}`,
  );
  const out = new Map<string, { group: Group; figures: ConversationFigures }>();
  for (const r of rows) {
    const group = groupOf(r, sets);
    const answered = Number(r.answered);
    const countable = answered + Number(r.missed);
    out.set(groupKey(group), {
      group,
      figures: {
        created: Number(r.created),
        closed: Number(r.closed),
        open: Number(r.open),
        responseRate24h: {
          answered,
          countable,
          pending: Number(r.pending),
          rate: share(answered, countable),
        },
        satisfaction: {
          satisfied: Number(r.satisfied),
          rated: Number(r.rated),
          rate: share(Number(r.satisfied), Number(r.rated)),
        },
        firstResponseSeconds: duration(r.frt_count, r.frt_median, r.frt_p90),
        resolutionSeconds: duration(r.res_count, r.res_median, r.res_p90),
      },
    });
  }
  return out;
}

const duration = (count: number, median: number | null, p90: number | null) => ({
  count: Number(count),
  median: median === null ? null : Number(median),
  p90: p90 === null ? null : Number(p90),
});

/**
 * The assignment lines of the timeline (system messages whose payload names the member a chat went to),
 * once per member, conversation and day, in SQL: the sessions of SPEC §8.
 */
export function sessionsSql(scope: AnalyticsScope, buckets: Buckets): SQL {
  const toMember = sql`(m.payload ->> 'toMemberId')`;
  return sql`select member_id, conversation_id, bucket, channel, tags, min(at) as at
    from (
      select ${toMember} as member_id, m.conversation_id, ${buckets.of(sql`m.created_at`)} as bucket,
        c.channel, c.tags, m.created_at as at
      from message m join conversation c on c.id = m.conversation_id join shop s on s.id = c.shop_id
      where m.workspace_id = ${scope.workspaceId} and m.direction = 'system' and ${toMember} is not null
        and m.created_at >= ${buckets.lo.toISOString()} and m.created_at < ${buckets.hi.toISOString()}
        and ${conversationConditions(scope, toMember)}
    ) lines
    where bucket between 0 and ${buckets.count - 1}
    group by member_id, conversation_id, bucket, channel, tags`;
}

/** Sessions: chats assigned to each member on each day (a chat assigned twice in a day counts once). */
export async function sessionFigures(
  db: Executor,
  scope: AnalyticsScope,
  buckets: Buckets,
  grouping: Grouping,
): Promise<Map<string, { group: Group; sessions: number }>> {
  const { select, groupBy, from, sets } = groupingClause(grouping);
  const rows = await rowsOf<RawGroup & { sessions: number }>(
    db,
    sql`with a as (${sessionsSql(scope, buckets)})
    select ${select}, count(*)::int as sessions from a ${from} ${groupBy}`,
  );
  return new Map(
    rows.map((r) => {
      const group = groupOf(r, sets);
      return [groupKey(group), { group, sessions: Number(r.sessions) }];
    }),
  );
}

/**
 * Answered chats (a person replied, by the clock) that started in the buckets, each with whether it led to
 * an order: one the customer placed in the chat's shop within 7 days after a member's reply in it, and not
 * cancelled. The conversation's first and last reply narrow the orders; the replies themselves decide.
 */
export function answeredChatsSql(scope: AnalyticsScope, buckets: Buckets): SQL {
  const now = nowOf(scope);
  const window = sql.raw(`interval '${CONVERSION_WINDOW_MS / 1000} seconds'`);
  return sql`with answered as (
      select c.id, c.customer_id, c.shop_id, c.channel, c.tags, c.assignee_id as member_id,
        c.first_response_at, greatest(c.last_agent_reply_at, c.first_response_at) as last_reply_at,
        ${buckets.of(sql`c.created_at`)} as bucket
      from conversation c join shop s on s.id = c.shop_id
      where ${conversationConditions(scope)}
        and c.created_at >= ${buckets.lo.toISOString()} and c.created_at < ${buckets.hi.toISOString()}
        and c.first_response_at <= ${now}
    ), led as (
      select a.id, o.id as order_id, o.total_cents, o.currency
      from answered a join "order" o on o.customer_id = a.customer_id and o.shop_id = a.shop_id
        and o.placed_at >= a.first_response_at and o.placed_at <= a.last_reply_at + ${window}
        and o.placed_at <= ${now} and o.status <> 'cancelled'
      where a.bucket between 0 and ${buckets.count - 1}
        and exists (
          select 1 from message m
          where m.conversation_id = a.id and m.direction = 'outbound' and m.author in ('member', 'seller_center')
            and m.created_at <= o.placed_at and m.created_at >= o.placed_at - ${window}
        )
    ), chats as (
      select a.*, exists (select 1 from led where led.id = a.id) as converted
      from answered a where a.bucket between 0 and ${buckets.count - 1}
    )`;
}

export interface ConversionResult {
  groups: Map<string, { group: Group; answered: number; converted: number }>;
  revenue: { currency: string; cents: number }[];
}

/** Conversion: answered chats, those that led to an order, and the revenue of those orders (each once). */
export async function conversionFigures(
  db: Executor,
  scope: AnalyticsScope,
  buckets: Buckets,
  grouping: Grouping,
): Promise<ConversionResult> {
  const { select, groupBy, from, sets } = groupingClause(grouping);
  const rows = await rowsOf<RawGroup & { answered: number; converted: number; revenue: unknown }>(
    db,
    sql`${answeredChatsSql(scope, buckets)}
    select ${select}, count(*)::int as answered, count(*) filter (where converted)::int as converted,
      (select coalesce(jsonb_agg(jsonb_build_object('currency', currency, 'cents', cents) order by currency), '[]')
        from (select currency, sum(total_cents)::float8 as cents
          from (select distinct order_id, total_cents, currency from led) o group by currency) r) as revenue
    from chats ${from} ${groupBy}`,
  );
  const groups = new Map<string, { group: Group; answered: number; converted: number }>();
  let revenue: { currency: string; cents: number }[] = [];
  for (const r of rows) {
    const group = groupOf(r, sets);
    groups.set(groupKey(group), { group, answered: Number(r.answered), converted: Number(r.converted) });
    revenue = (typeof r.revenue === 'string' ? JSON.parse(r.revenue) : r.revenue) as typeof revenue;
  }
  // Without any answered chat there is no row, and no revenue either.
  return { groups, revenue };
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

/** The three kinds of figures of one group, joined into one. */
export function figuresOf(
  key: string,
  conversations: Map<string, { figures: ConversationFigures }>,
  sessions: Map<string, { sessions: number }>,
  conversion: Map<string, { answered: number; converted: number }>,
): Figures {
  const c = conversations.get(key)?.figures;
  const conv = conversion.get(key);
  const answered = conv?.answered ?? 0;
  const converted = conv?.converted ?? 0;
  return {
    ...emptyFigures(),
    ...c,
    sessions: sessions.get(key)?.sessions ?? 0,
    conversion: { answered, converted, rate: share(converted, answered) },
  };
}
