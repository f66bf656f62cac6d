import { and, eq, inArray } from 'drizzle-orm';
import { addDays } from '../../lib/domain/metrics';
import type { AnalyticsReport, Channel, Figures } from '../../lib/protocol';
import type { Executor } from '../store';
import { member } from '../store/schema';
import {
  conversationFigures,
  figuresOf,
  groupKey,
  rangeBuckets,
  sessionFigures,
  type Group,
} from './figures';
import type { AnalyticsScope } from './scope';

const CHANNEL_ORDER: Channel[] = ['marketplace', 'webchat', 'email', 'sms'];

/**
 * The reports page (product §8): every figure for a range of days, per day for the charts, and by channel, agent
 * and tag. Three grouped queries (conversations by when they started, with conversion; by when they closed;
 * sessions) run side by side, each reading its rows once for every breakdown and answering a few rows.
 */
export async function rangeReport(
  db: Executor,
  scope: AnalyticsScope,
  from: string,
  to: string,
): Promise<AnalyticsReport> {
  const buckets = await rangeBuckets(db, scope.workspaceId, from, to);
  const sets = ['total', 'day', 'channel', 'agent'] as const;
  const [conversations, sessions] = await Promise.all([
    conversationFigures(db, scope, buckets, [...sets], { percentiles: true, conversion: true, tags: true }),
    sessionFigures(db, scope, buckets, [...sets], { tags: true }),
  ]);
  const all = { conversations: conversations.groups, sessions };
  const figures = (group: Group): Figures => figuresOf(groupKey(group), all.conversations, all.sessions);
  const groupsOf = (set: Group['set']) => {
    const found = new Map<string, Group>();
    for (const source of [all.conversations, all.sessions]) {
      for (const [k, { group }] of source) if (group.set === set) found.set(k, group);
    }
    return [...found.values()];
  };
  const none = { bucket: null, channel: null, memberId: null, tag: null };

  const agents = groupsOf('agent');
  const agentIds = agents.map((g) => g.memberId).filter((id): id is string => id !== null);
  const nicknames = new Map(
    agentIds.length === 0
      ? []
      : (
          await db
            .select({ id: member.id, nickname: member.nickname })
            .from(member)
            .where(and(eq(member.workspaceId, scope.workspaceId), inArray(member.id, agentIds)))
        ).map((m) => [m.id, m.nickname]),
  );

  return {
    from,
    to,
    generatedAt: scope.now.toISOString(),
    totals: { ...figures({ set: 'total', ...none }), revenue: conversations.revenue },
    series: Array.from({ length: buckets.count }, (_, bucket) => ({
      ...figures({ set: 'day', ...none, bucket }),
      date: addDays(from, bucket),
    })),
    byChannel: groupsOf('channel')
      .filter((g): g is Group & { channel: Channel } => g.channel !== null)
      .sort((a, b) => CHANNEL_ORDER.indexOf(a.channel) - CHANNEL_ORDER.indexOf(b.channel))
      .map((g) => ({ ...figures(g), channel: g.channel })),
    byAgent: agents
      .map((g) => ({
        ...figures(g),
        memberId: g.memberId,
        nickname: g.memberId ? (nicknames.get(g.memberId) ?? null) : null,
      }))
      // By nickname; the unassigned last.
      .sort((a, b) =>
        a.memberId === null
          ? 1
          : b.memberId === null
            ? -1
            : (a.nickname ?? '').localeCompare(b.nickname ?? ''),
      ),
    byTag: groupsOf('tag')
      .filter((g): g is Group & { tag: string } => g.tag !== null)
      .map((g) => ({ ...figures(g), tag: g.tag }))
      .sort((a, b) => b.created - a.created || a.tag.localeCompare(b.tag)),
  };
}
