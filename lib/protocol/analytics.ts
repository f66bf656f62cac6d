import { z } from 'zod';
import { category, channel, conversationStatus, id, isoTime, role } from './entities';

/** Service data (product §8): what the popup and the reports page ask the server, and what it answers. */

/** A list in a query string: repeated (`?tags=a&tags=b`), comma-separated (`?tags=a,b`) or both. */
const listOf = <T extends z.ZodType>(item: T, max: number) =>
  z.preprocess(
    (value) =>
      (Array.isArray(value) ? value : [value])
        .flatMap((v) => (typeof v === 'string' ? v.split(',') : [v]))
        .map((v) => (typeof v === 'string' ? v.trim() : v))
        .filter((v) => v !== ''),
    z.array(item).max(max),
  );

/** Conversations without an assignee, in a `memberIds` filter. */
export const UNASSIGNED = 'unassigned';

/** A range may span at most this many days. */
export const MAX_RANGE_DAYS = 366;

/**
 * Which conversations a figure is about; each list matches any of its values. `memberIds` is the
 * conversation's assignee (`unassigned` for none), and for sessions the member the chat was assigned to.
 */
export const analyticsFilter = z.object({
  shopIds: listOf(id, 50).optional(),
  channels: listOf(channel, 4).optional(),
  memberIds: listOf(id, 200).optional(),
  tags: listOf(z.string().min(1).max(40), 20).optional(),
});
export type AnalyticsFilter = z.infer<typeof analyticsFilter>;

/** The popup's figures are always today and the last 7 days. */
export const analyticsSummaryQuery = analyticsFilter;
export type AnalyticsSummaryQuery = z.infer<typeof analyticsSummaryQuery>;

const DAY = 86_400_000;
const rangeChecks = <S extends z.ZodType<{ from: string; to: string }>>(schema: S): S =>
  schema
    .refine((q) => q.from <= q.to, { message: 'to must not be before from', path: ['to'] })
    .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / DAY < MAX_RANGE_DAYS, {
      message: `a range spans at most ${MAX_RANGE_DAYS} days`,
      path: ['to'],
    });

// A report's days lie in years a shop can have sold in; year 0 or 9999 would overflow the date arithmetic.
const FIRST_REPORT_DAY = '2000-01-01';
const LAST_REPORT_DAY = '2099-12-31';
const reportDay = z.iso
  .date()
  .refine(
    (day) => day >= FIRST_REPORT_DAY && day <= LAST_REPORT_DAY,
    `must be a day from ${FIRST_REPORT_DAY} to ${LAST_REPORT_DAY}`,
  );

/** Days are inclusive, each counted in its shop's time zone. */
const range = analyticsFilter.extend({ from: reportDay, to: reportDay });

export const analyticsReportQuery = rangeChecks(range);
export type AnalyticsReportQuery = z.infer<typeof analyticsReportQuery>;

/**
 * The figures one can drill into; each lists the conversations behind it.
 * - all: every conversation a report counts (started or closed in the range)
 * - created, open (started in the range and not closed now), closed, resolution (closed in the range)
 * - answered_24h, missed_24h, pending_24h: started in the range, by the 24 h response rule
 * - first_response: started in the range and answered by a person
 * - rated, satisfied (4–5), unsatisfied (1–3): closed in the range
 * - sessions: assigned to a member (one row per member and day)
 * - answered, converted: answered chats started in the range, and those that led to an order
 */
export const analyticsMetric = z.enum([
  'all',
  'created',
  'open',
  'closed',
  'resolution',
  'answered_24h',
  'missed_24h',
  'pending_24h',
  'first_response',
  'rated',
  'satisfied',
  'unsatisfied',
  'sessions',
  'answered',
  'converted',
]);
export type AnalyticsMetric = z.infer<typeof analyticsMetric>;

export const analyticsConversationsQuery = rangeChecks(
  range.extend({
    metric: analyticsMetric,
    /** One day of the range (a chart's point); the whole range when absent. */
    day: reportDay.optional(),
    /** From the previous page's `nextCursor`. */
    cursor: z.string().max(400).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  }),
).refine((q) => q.day === undefined || (q.day >= q.from && q.day <= q.to), {
  message: 'day must be inside the range',
  path: ['day'],
});
export type AnalyticsConversationsQuery = z.infer<typeof analyticsConversationsQuery>;

export const analyticsExportQuery = rangeChecks(range.extend({ metric: analyticsMetric.default('all') }));
export type AnalyticsExportQuery = z.infer<typeof analyticsExportQuery>;

const count = z.number().int().min(0);
const rate = z.number().min(0).max(1).nullable();

export const responseRateFigure = z.object({
  answered: count,
  /** Answered plus missed: what the rate is a share of. */
  countable: count,
  /** Younger than 24 h and unanswered: not yet counted. */
  pending: count,
  rate,
});
export const satisfactionFigure = z.object({ satisfied: count, rated: count, rate });
/** Seconds. */
export const durationFigure = z.object({ count, median: z.number().nullable(), p90: z.number().nullable() });
export const conversionFigure = z.object({ answered: count, converted: count, rate });

export const headline = z.object({
  responseRate24h: responseRateFigure,
  satisfaction: satisfactionFigure,
  /** Chats assigned to a member (each member's chats each day). */
  sessions: count,
});
export type Headline = z.infer<typeof headline>;

export const presenceStatus = z.enum(['online', 'away', 'offline']);

export const analyticsSummary = z.object({
  generatedAt: isoTime,
  /** The whole workspace (or its filtered part), or one member's own figures. */
  scope: z.enum(['workspace', 'member']),
  today: headline,
  last7Days: headline,
  /** Seven days, oldest first; `daysAgo` 0 is today in each shop's time zone, `date` as the first shop sees it. */
  trend: z.array(headline.extend({ daysAgo: z.number().int().min(0).max(6), date: z.iso.date() })).length(7),
  agents: z.array(
    z.object({
      memberId: id,
      nickname: z.string(),
      role,
      sessionsToday: count,
      /** Over the last 7 days, of the chats the member has now. */
      responseRate24h: responseRateFigure,
      satisfaction: satisfactionFigure,
      /** Assigned and not closed (snoozed included). */
      openChats: count,
      status: presenceStatus,
    }),
  ),
});
export type AnalyticsSummary = z.infer<typeof analyticsSummary>;

export const figures = z.object({
  /** Started in the range. */
  created: count,
  /** Closed in the range. */
  closed: count,
  /** Started in the range and not closed now. */
  open: count,
  sessions: count,
  responseRate24h: responseRateFigure,
  satisfaction: satisfactionFigure,
  firstResponseSeconds: durationFigure,
  resolutionSeconds: durationFigure,
  conversion: conversionFigure,
});
export type Figures = z.infer<typeof figures>;

export const revenue = z.object({ currency: z.string(), cents: z.number().int() });

export const analyticsReport = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  generatedAt: isoTime,
  totals: figures.extend({
    /** Orders led by a member's reply, once each, per currency. */
    revenue: z.array(revenue),
  }),
  /** One entry per day of the range, oldest first. */
  series: z.array(figures.extend({ date: z.iso.date() })),
  byChannel: z.array(figures.extend({ channel })),
  /** By the conversation's assignee (null: unassigned); sessions by the member the chat went to. */
  byAgent: z.array(figures.extend({ memberId: id.nullable(), nickname: z.string().nullable() })),
  byTag: z.array(figures.extend({ tag: z.string() })),
});
export type AnalyticsReport = z.infer<typeof analyticsReport>;

export const answeredWithin24h = z.enum(['answered', 'missed', 'pending']);

/** One conversation behind a figure, with its timings. */
export const analyticsConversation = z.object({
  id,
  shopId: id,
  shopName: z.string(),
  channel,
  customerName: z.string(),
  status: conversationStatus,
  assigneeId: id.nullable(),
  assigneeNickname: z.string().nullable(),
  category,
  tags: z.array(z.string()),
  createdAt: isoTime,
  firstResponseAt: isoTime.nullable(),
  closedAt: isoTime.nullable(),
  firstResponseSeconds: z.number().nullable(),
  resolutionSeconds: z.number().nullable(),
  rating: z.number().int().min(1).max(5).nullable(),
  answeredWithin24h,
  /** When the figure counts it: its start, its close, or (sessions) its assignment. */
  at: isoTime,
  /** Sessions only: the member it was assigned to that day. */
  assignedTo: id.nullable(),
});
export type AnalyticsConversation = z.infer<typeof analyticsConversation>;

export const analyticsConversations = z.object({
  metric: analyticsMetric,
  /** How many the figure counts: the sum of every page. */
  total: count,
  conversations: z.array(analyticsConversation),
  nextCursor: z.string().nullable(),
});
export type AnalyticsConversations = z.infer<typeof analyticsConversations>;
