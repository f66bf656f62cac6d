import { sql } from 'drizzle-orm';
import { addDays, localDay } from '../../lib/domain/metrics';
import type { AnalyticsSummary, Headline } from '../../lib/protocol';
import type { Executor } from '../store';
import {
  conversationFigures,
  groupKey,
  recentBuckets,
  sessionFigures,
  type ConversationFigures,
  type Group,
} from './figures';
import { conversationConditions, rowsOf, type AnalyticsScope } from './scope';

const DAYS = 7;
const TODAY = DAYS - 1;

const key = (g: Partial<Group> & Pick<Group, 'set'>) =>
  groupKey({ bucket: null, channel: null, memberId: null, tag: null, ...g });

/**
 * The popup's at-a-glance view (product §8): the 24 h response rate, satisfaction and sessions for today and the
 * last 7 days, one value per day for the trend, and a row per agent. "Today" is each shop's own today.
 */
export async function popupSummary(
  db: Executor,
  scope: AnalyticsScope & { ownFigures: boolean },
): Promise<AnalyticsSummary> {
  const buckets = await recentBuckets(db, scope.workspaceId, scope.now, DAYS);
  const [{ groups: conversations }, sessions, members, firstShopZone] = await Promise.all([
    conversationFigures(db, scope, buckets, ['total', 'day', 'agent'], {
      percentiles: false,
      conversion: false,
      tags: false,
    }),
    sessionFigures(db, scope, buckets, ['total', 'day', 'agentDay'], { tags: false }),
    membersWithStatus(db, scope),
    firstShopTimeZone(db, scope),
  ]);

  const headlineOf = (figures: ConversationFigures | undefined, sessionCount: number): Headline => ({
    responseRate24h: figures?.responseRate24h ?? { answered: 0, countable: 0, pending: 0, rate: null },
    satisfaction: figures?.satisfaction ?? { satisfied: 0, rated: 0, rate: null },
    sessions: sessionCount,
  });
  const day = (bucket: number) =>
    headlineOf(
      conversations.get(key({ set: 'day', bucket }))?.figures,
      sessions.get(key({ set: 'day', bucket }))?.sessions ?? 0,
    );
  const today = localDay(scope.now, firstShopZone ?? 'UTC');

  return {
    generatedAt: scope.now.toISOString(),
    scope: scope.ownFigures ? 'member' : 'workspace',
    today: day(TODAY),
    last7Days: headlineOf(
      conversations.get(key({ set: 'total' }))?.figures,
      sessions.get(key({ set: 'total' }))?.sessions ?? 0,
    ),
    trend: Array.from({ length: DAYS }, (_, bucket) => ({
      ...day(bucket),
      daysAgo: TODAY - bucket,
      date: addDays(today, bucket - TODAY),
    })),
    agents: members
      .map((m) => {
        const figures = conversations.get(key({ set: 'agent', memberId: m.id }))?.figures;
        return {
          memberId: m.id,
          nickname: m.nickname,
          role: m.role,
          sessionsToday: sessions.get(key({ set: 'agentDay', memberId: m.id, bucket: TODAY }))?.sessions ?? 0,
          responseRate24h: figures?.responseRate24h ?? { answered: 0, countable: 0, pending: 0, rate: null },
          satisfaction: figures?.satisfaction ?? { satisfied: 0, rated: 0, rate: null },
          openChats: m.openChats,
          status: m.status,
        };
      })
      // Agents always; a manager or owner only when they have work in the figures.
      .filter(
        (row) =>
          row.role === 'agent' ||
          row.sessionsToday > 0 ||
          row.openChats > 0 ||
          row.responseRate24h.countable + row.responseRate24h.pending > 0,
      ),
  };
}

interface MemberStatusRow {
  id: string;
  nickname: string;
  role: 'owner' | 'admin' | 'manager' | 'agent';
  openChats: number;
  status: 'online' | 'away' | 'offline';
}

/**
 * The members of the table, with their open chats (under the filter) and presence: online when available to
 * the queue, away when connected but not available (toggle off or no chat window open), else offline.
 */
async function membersWithStatus(db: Executor, scope: AnalyticsScope): Promise<MemberStatusRow[]> {
  const named = scope.memberIds?.filter((id) => id !== 'unassigned');
  const onlyNamed = named
    ? sql`and m.id in (${
        named.length
          ? sql.join(
              named.map((id) => sql`${id}`),
              sql`, `,
            )
          : sql`null`
      })`
    : sql``;
  const rows = await rowsOf<{
    id: string;
    nickname: string;
    role: MemberStatusRow['role'];
    open_chats: number;
    status: MemberStatusRow['status'];
  }>(
    db,
    sql`select m.id, m.nickname, m.role, coalesce(o.open_chats, 0)::int as open_chats,
        case when m.available then 'online'
          when exists (select 1 from member_presence p where p.member_id = m.id) then 'away'
          else 'offline' end as status
      from member m
      left join (
        select c.assignee_id, count(*)::int as open_chats from conversation c
        where ${conversationConditions(scope)} and c.status <> 'closed' and c.assignee_id is not null
        group by c.assignee_id
      ) o on o.assignee_id = m.id
      where m.workspace_id = ${scope.workspaceId} and m.removed_at is null ${onlyNamed}
      order by m.nickname, m.id`,
  );
  return rows.map((r) => ({ ...r, openChats: Number(r.open_chats) }));
}

/** Dates in the trend are labelled as the first shop in the figures sees them. */
async function firstShopTimeZone(db: Executor, scope: AnalyticsScope): Promise<string | null> {
  const shops = scope.shopIds?.length
    ? sql`and id in (${sql.join(
        scope.shopIds.map((id) => sql`${id}`),
        sql`, `,
      )})`
    : sql``;
  const [row] = await rowsOf<{ time_zone: string }>(
    db,
    sql`select time_zone from shop where workspace_id = ${scope.workspaceId} ${shops} order by created_at, id limit 1`,
  );
  return row?.time_zone ?? null;
}
