import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSession } from '@/components/app/session';
import type { ApiClient } from '@/lib/client/api';
import type { CardRef } from '@/lib/protocol';

/** The workbench's reads: orders change as they ship, the catalogue and vouchers less often. */
export const workbenchQueries = {
  orders: (api: ApiClient, conversationId: string) =>
    queryOptions({
      queryKey: ['workbench', 'orders', conversationId],
      queryFn: () => api.orders(conversationId),
      staleTime: 30_000,
    }),
  products: (api: ApiClient, shopId: string, q: string) =>
    queryOptions({
      queryKey: ['workbench', 'products', shopId, q],
      queryFn: () => api.products(shopId, q),
      staleTime: 60_000,
      // The list of the last search stays while the next one loads, so it does not flash empty.
      placeholderData: keepPreviousData,
    }),
  vouchers: (api: ApiClient, shopId: string) =>
    queryOptions({
      queryKey: ['workbench', 'vouchers', shopId],
      queryFn: () => api.vouchers(shopId),
      staleTime: 60_000,
    }),
};

export function useOrders(conversationId: string) {
  const { api } = useSession();
  return useQuery(workbenchQueries.orders(api, conversationId));
}

export function useProducts(shopId: string, q: string) {
  const { api } = useSession();
  return useQuery(workbenchQueries.products(api, shopId, q));
}

export function useVouchers(shopId: string) {
  const { api } = useSession();
  return useQuery(workbenchQueries.vouchers(api, shopId));
}

/** Sends a voucher, product or order as a card; the timeline shows it when the server's event arrives. */
export function useSendCard(conversationId: string) {
  const { api } = useSession();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (card: CardRef) =>
      api.reply(conversationId, { clientId: crypto.randomUUID(), body: '', card }),
    // A refused voucher may have just run out: show the list as it is now.
    onError: () => client.invalidateQueries({ queryKey: ['workbench', 'vouchers'] }),
  });
}
