import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSession } from '@/components/app/session';
import type { ApiClient } from '@/lib/client/api';
import { firstNameOf, type ReplyContext } from '@/lib/domain/saved-replies';
import type { Conversation, SavedReplyFields, Shop } from '@/lib/protocol';
import { orderStatusLabel } from '@/components/workbench/format';
import { workbenchQueries } from '@/components/workbench/useWorkbench';

export const savedRepliesQuery = (api: ApiClient) =>
  queryOptions({ queryKey: ['savedReplies'], queryFn: () => api.savedReplies(), staleTime: 60_000 });

/** The team's and the member's own saved replies. */
export function useSavedReplies(enabled = true) {
  const { api } = useSession();
  return useQuery({ ...savedRepliesQuery(api), enabled });
}

export function useSaveReply() {
  const { api } = useSession();
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ fields, id }: { fields: SavedReplyFields; id?: string }) => api.saveReply(fields, id),
    onSuccess: () => client.invalidateQueries({ queryKey: ['savedReplies'] }),
  });
}

export function useDeleteReply() {
  const { api } = useSession();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.deleteReply(id),
    onSuccess: () => client.invalidateQueries({ queryKey: ['savedReplies'] }),
  });
}

/**
 * What a reply's variables are filled with in this chat: the customer, their latest order in the shop, the
 * member and the shop. The orders are read only for a reply that names an order (and then from the cache
 * the workbench shares, when it is fresh).
 */
export function useReplyContextLoader(
  conversation: Conversation | undefined,
  shop: Shop | undefined,
): (body: string) => Promise<ReplyContext> {
  const { api, session } = useSession();
  const client = useQueryClient();
  return async (body) => {
    const latest =
      conversation && /\{\{\s*order\./.test(body)
        ? (await client.fetchQuery(workbenchQueries.orders(api, conversation.id)).catch(() => []))[0]
        : undefined;
    return {
      'customer.name': conversation?.customerName,
      'customer.firstName': conversation ? firstNameOf(conversation.customerName) : undefined,
      'order.id': latest?.number,
      'order.status': latest ? orderStatusLabel(latest.status).toLowerCase() : undefined,
      'agent.nickname': session.member.nickname,
      'shop.name': shop?.name,
    };
  };
}
