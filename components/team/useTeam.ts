import { queryOptions, useQuery } from '@tanstack/react-query';
import { useSession } from '@/components/app/session';
import type { ApiClient } from '@/lib/client/api';
import type { TeamMember } from '@/lib/protocol';

export const teamQuery = (api: ApiClient) =>
  queryOptions({
    queryKey: ['team', api.baseUrl],
    queryFn: () => api.team(),
    // Availability and loads move all day; a list a few seconds old is fine for picking a member.
    refetchInterval: 15_000,
  });

/** The workspace's members with their status, capacity and load. */
export function useTeam(): TeamMember[] | undefined {
  const { api } = useSession();
  return useQuery(teamQuery(api)).data;
}

/** Whether the member is the only one who may serve every shop they serve: then there is no queue to toggle. */
export function servesAlone(team: TeamMember[], memberId: string): boolean {
  const me = team.find((m) => m.id === memberId);
  if (!me || me.shopIds.length === 0) return false;
  return me.shopIds.every((shopId) => team.filter((m) => m.shopIds.includes(shopId)).length === 1);
}
