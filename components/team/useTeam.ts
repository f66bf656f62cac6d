import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import Dexie from 'dexie';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useRef } from 'react';
import { useDb } from '@/components/app/db';
import { useSession } from '@/components/app/session';
import type { ApiClient } from '@/lib/client/api';
import type { SidedeskDb } from '@/lib/client/db';
import { countsTowardsLoad } from '@/lib/domain/assignment';
import { seesAllConversations } from '@/lib/domain/visibility';
import type { TeamMember } from '@/lib/protocol';

export const teamQuery = (api: ApiClient) =>
  queryOptions({
    queryKey: ['team', api.baseUrl],
    queryFn: () => api.team(),
    // Availability moves all day; a list a few seconds old is fine for picking a member (loads follow the cache).
    refetchInterval: 15_000,
  });

/** A member's load from the inbox cache: their open conversations outside the trash, as the server counts. */
async function cachedLoad(db: SidedeskDb, memberId: string): Promise<number> {
  return db.conversations
    .where('[assigneeId+status+listTime]')
    .between([memberId, 'open', Dexie.minKey], [memberId, 'open', Dexie.maxKey])
    .filter(countsTowardsLoad)
    .count();
}

/**
 * The loads the cache knows in full, by member: the viewer's own, and everyone's for a viewer who sees every
 * conversation. They follow an assignment as soon as its event is applied, with no trip to the server.
 */
export function useCachedLoads(memberIds: string[]): Record<string, number> | undefined {
  const db = useDb();
  const key = memberIds.join(',');
  return useLiveQuery(async () => {
    const loads: Record<string, number> = {};
    for (const id of key ? key.split(',') : []) loads[id] = await cachedLoad(db, id);
    return loads;
  }, [db, key]);
}

/**
 * The workspace's members with their status, capacity and load. A load the cache knows in full is taken from
 * it, so the header and the transfer dialog move with each assignment at once; when it moves, the list is
 * asked for again, for the loads of the members the viewer does not see every chat of.
 */
export function useTeam(): TeamMember[] | undefined {
  const { api, session } = useSession();
  const queryClient = useQueryClient();
  const team = useQuery(teamQuery(api)).data;
  const seesAll = seesAllConversations(session.member.role);
  const ids = seesAll && team ? team.map((m) => m.id) : [session.member.id];
  const loads = useCachedLoads(ids);
  const signature = loads ? JSON.stringify(loads) : undefined;
  const seen = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (signature === undefined) return;
    if (seen.current !== undefined && seen.current !== signature)
      void queryClient.invalidateQueries({ queryKey: teamQuery(api).queryKey });
    seen.current = signature;
  }, [signature, queryClient, api]);
  return useMemo(
    () => team?.map((m) => (loads && m.id in loads ? { ...m, load: loads[m.id]! } : m)),
    [team, loads],
  );
}

/** Whether the member is the only one who may serve every shop they serve: then there is no queue to toggle. */
export function servesAlone(team: TeamMember[], memberId: string): boolean {
  const me = team.find((m) => m.id === memberId);
  if (!me || me.shopIds.length === 0) return false;
  return me.shopIds.every((shopId) => team.filter((m) => m.shopIds.includes(shopId)).length === 1);
}
