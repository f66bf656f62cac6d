import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSession } from '@/components/app/session';
import type { SavedView } from '@/lib/protocol';

/** The member's saved views, kept on the server so they follow the member to any browser. */
export function useSavedViews() {
  const { api } = useSession();
  const client = useQueryClient();
  const key = ['savedViews', api.baseUrl];
  const query = useQuery({ queryKey: key, queryFn: () => api.savedViews(), staleTime: 60_000 });
  const save = useMutation({
    mutationFn: (views: SavedView[]) => api.saveViews(views),
    onSuccess: (views) => client.setQueryData(key, views),
  });
  return { views: query.data ?? [], save: save.mutateAsync, error: save.error?.message ?? null };
}
