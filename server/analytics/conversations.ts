import { sql, type SQL } from 'drizzle-orm';
import { daysFrom, SATISFIED_FROM_RATING } from '../../lib/domain/metrics';
import type { AnalyticsConversation, AnalyticsMetric } from '../../lib/protocol';
import { HttpError } from '../errors';
import type { Executor } from '../store';
import {
  answeredChatsSql,
  rangeBuckets,
  responseOutcomeSql,
  sessionsSql,
  timingsSql,
  type Buckets,
} from './figures';
import { conversationConditions, isoOf, rowsOf, type AnalyticsScope } from './scope';

/**
 * The conversations behind a figure (the drill-down, and the rows of the CSV export): the same conditions the
 * figure counts with, newest started first (the list's "Started" column, whatever moment the figure counts
 * at), a page at a time by a cursor on (start, id, member, when it counts).
 */
export interface ConversationsPage {
  total: number;
  conversations: AnalyticsConversation[];
  nextCursor: string | null;
}

interface Cursor {
  started: string;
  id: string;
  assignedTo: string;
  at: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.started, cursor.id, cursor.assignedTo, cursor.at])).toString(
    'base64url',
  );
}

const isTime = (value: unknown): value is string =>
  typeof value === 'string' && !Number.isNaN(Date.parse(value));

function decodeCursor(text: string): Cursor {
  try {
    const [started, id, assignedTo, at] = JSON.parse(
      Buffer.from(text, 'base64url').toString('utf8'),
    ) as unknown[];
    if (isTime(started) && typeof id === 'string' && typeof assignedTo === 'string' && isTime(at))
      return { started, id, assignedTo, at };
  } catch {
    // Not ours: said below.
  }
  throw new HttpError(
    400,
    'invalid_input',
    'querystring.cursor: not a cursor this list gave',
    'querystring.cursor',
  );
}

/** The statement that lists a metric's conversations: its WITH clause (if any) and a select of rows. */
function metricRows(
  scope: AnalyticsScope,
  metric: AnalyticsMetric,
  buckets: Buckets,
): { with: SQL; rows: SQL } {
  const inRange = (timestamp: SQL) => sql`${buckets.of(timestamp)} between 0 and ${buckets.count - 1}`;
  const created = inRange(sql`c.created_at`);
  const closed = inRange(sql`c.closed_at`);
  const outcome = responseOutcomeSql(scope);
  const timings = timingsSql(scope);
  const columns = (at: SQL, assignedTo: SQL) => sql`c.id, c.shop_id, sh.name as shop_name, c.channel,
      cu.display_name as customer_name, c.status, c.assignee_id, mm.nickname as assignee_nickname, c.category,
      c.tags, ${isoOf(sql`c.created_at`)} as created_at, ${isoOf(sql`c.first_response_at`)} as first_response_at,
      ${isoOf(sql`c.closed_at`)} as closed_at, ${timings.firstResponse} as first_response_seconds,
      ${timings.resolution} as resolution_seconds, c.rating, ${outcome} as outcome,
      ${at} as at, ${buckets.of(at)} as at_bucket, ${assignedTo} as assigned_to, c.created_at as started`;
  const joins = sql`join shop sh on sh.id = c.shop_id join customer cu on cu.id = c.customer_id
      left join member mm on mm.id = c.assignee_id`;
  const window = (column: SQL) =>
    sql`(${column} >= ${buckets.lo.toISOString()} and ${column} < ${buckets.hi.toISOString()})`;

  if (metric === 'sessions') {
    return {
      with: sql``,
      rows: sql`select ${columns(sql`a.at`, sql`a.member_id`)}
        from (${sessionsSql(scope, buckets)}) a join conversation c on c.id = a.conversation_id ${joins}`,
    };
  }
  if (metric === 'answered' || metric === 'converted') {
    return {
      with: answeredChatsSql(scope, buckets),
      rows: sql`select ${columns(sql`c.created_at`, sql`null::text`)}
        from chats a join conversation c on c.id = a.id ${joins}
        ${metric === 'converted' ? sql`where a.converted` : sql``}`,
    };
  }
  const byCreated: Partial<Record<AnalyticsMetric, SQL>> = {
    created: sql`true`,
    open: sql`c.status <> 'closed'`,
    answered_24h: sql`${outcome} = 'answered'`,
    missed_24h: sql`${outcome} = 'missed'`,
    pending_24h: sql`${outcome} = 'pending'`,
    first_response: sql`${timings.firstResponse} is not null`,
  };
  const byClosed: Partial<Record<AnalyticsMetric, SQL>> = {
    closed: sql`true`,
    resolution: sql`true`,
    rated: sql`c.rating is not null`,
    satisfied: sql`c.rating >= ${SATISFIED_FROM_RATING}`,
    unsatisfied: sql`c.rating < ${SATISFIED_FROM_RATING}`,
  };
  const base = conversationConditions(scope);
  if (metric === 'all') {
    return {
      with: sql``,
      rows: sql`select ${columns(sql`case when ${created} then c.created_at else c.closed_at end`, sql`null::text`)}
        from conversation c ${joins}
        where ${base} and (${window(sql`c.created_at`)} or ${window(sql`c.closed_at`)}) and (${created} or ${closed})`,
    };
  }
  const createdCondition = byCreated[metric];
  if (createdCondition) {
    return {
      with: sql``,
      rows: sql`select ${columns(sql`c.created_at`, sql`null::text`)}
        from conversation c ${joins}
        where ${base} and ${window(sql`c.created_at`)} and ${created} and ${createdCondition}`,
    };
  }
  return {
    with: sql``,
    rows: sql`select ${columns(sql`c.closed_at`, sql`null::text`)}
      from conversation c ${joins}
      where ${base} and ${window(sql`c.closed_at`)} and ${closed} and ${byClosed[metric] ?? sql`true`}`,
  };
}

interface RawRow {
  id: string;
  shop_id: string;
  shop_name: string;
  channel: AnalyticsConversation['channel'];
  customer_name: string;
  status: AnalyticsConversation['status'];
  assignee_id: string | null;
  assignee_nickname: string | null;
  category: AnalyticsConversation['category'];
  tags: string[] | string;
  created_at: string;
  first_response_at: string | null;
  closed_at: string | null;
  first_response_seconds: number | null;
  resolution_seconds: number | null;
  rating: number | null;
  outcome: AnalyticsConversation['answeredWithin24h'];
  at_iso: string;
  at_exact: string;
  started_exact: string;
  assigned_to: string | null;
}

/** A page of the conversations behind `metric` over the days from `from` to `to` (or the one `day`). */
export async function conversationsBehind(
  db: Executor,
  scope: AnalyticsScope,
  query: { metric: AnalyticsMetric; from: string; to: string; day?: string; cursor?: string; limit: number },
  options: { withTotal: boolean } = { withTotal: true },
): Promise<ConversationsPage> {
  // Days count within the whole range (a chat started before it counts on the day it closed), so one day's
  // rows are the range's rows of that day; only the index ranges read are narrowed to the day.
  const whole = await rangeBuckets(db, scope.workspaceId, query.from, query.to);
  const day = query.day === undefined ? null : daysFrom(query.from, query.day);
  const statement = metricRows(scope, query.metric, day === null ? whole : whole.narrowedTo(day));
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  const conditions = [
    ...(day === null ? [] : [sql`r.at_bucket = ${day}`]),
    ...(cursor
      ? [
          sql`(r.started, r.id, coalesce(r.assigned_to, ''), r.at) < (${cursor.started}::timestamptz, ${cursor.id}, ${cursor.assignedTo}, ${cursor.at}::timestamptz)`,
        ]
      : []),
  ];
  const after = conditions.length ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
  const inDay = day === null ? sql`` : sql`where r.at_bucket = ${day}`;
  const [rows, total] = await Promise.all([
    rowsOf<RawRow>(
      db,
      sql`${statement.with}
      select r.*, ${isoOf(sql`r.at`)} as at_iso,
        to_char(r.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at_exact,
        to_char(r.started at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as started_exact
      from (${statement.rows}) r ${after}
      order by r.started desc, r.id desc, coalesce(r.assigned_to, '') desc, r.at desc
      limit ${query.limit + 1}`,
    ),
    options.withTotal
      ? rowsOf<{ n: number }>(
          db,
          sql`${statement.with} select count(*)::int as n from (${statement.rows}) r ${inDay}`,
        )
      : Promise.resolve([{ n: 0 }]),
  ]);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    total: Number(total[0]?.n ?? 0),
    conversations: page.map(toConversation),
    // The cursor keeps the database's microseconds, so a page never skips or repeats a row.
    nextCursor:
      rows.length > query.limit && last
        ? encodeCursor({
            started: last.started_exact,
            id: last.id,
            assignedTo: last.assigned_to ?? '',
            at: last.at_exact,
          })
        : null,
  };
}

function toConversation(r: RawRow): AnalyticsConversation {
  return {
    id: r.id,
    shopId: r.shop_id,
    shopName: r.shop_name,
    channel: r.channel,
    customerName: r.customer_name,
    status: r.status,
    assigneeId: r.assignee_id,
    assigneeNickname: r.assignee_nickname,
    category: r.category,
    tags: Array.isArray(r.tags) ? r.tags : parseTextArray(r.tags),
    createdAt: r.created_at,
    firstResponseAt: r.first_response_at,
    closedAt: r.closed_at,
    firstResponseSeconds: r.first_response_seconds === null ? null : Number(r.first_response_seconds),
    resolutionSeconds: r.resolution_seconds === null ? null : Number(r.resolution_seconds),
    rating: r.rating === null ? null : Number(r.rating),
    answeredWithin24h: r.outcome,
    at: r.at_iso,
    assignedTo: r.assigned_to,
  };
}

/** A text[] that a driver handed back in PostgreSQL's literal form: {a,"b c"}. */
function parseTextArray(literal: string): string[] {
  const inner = literal.slice(1, -1);
  if (inner === '') return [];
  const out: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|([^,]+)/g;
  for (const match of inner.matchAll(pattern)) {
    out.push(match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2]!);
  }
  return out;
}
