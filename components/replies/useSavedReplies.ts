import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLiveQuery } from 'dexie-react-hooks';
import { useDb } from '@/components/app/db';
import { useSession } from '@/components/app/session';
import { useStorageItem } from '@/components/app/useStorageItem';
import type { ApiClient } from '@/lib/client/api';
import type { SidedeskDb } from '@/lib/client/db';
import { chatOrderItem } from '@/lib/client/settings';
import {
  chatLanguage,
  orderInQuestion,
  orderNumberPattern,
  type OrderInQuestion,
} from '@/lib/domain/reply-context';
import { firstNameOf, namesAnOrder, type ReplyContext } from '@/lib/domain/saved-replies';
import type { Conversation, Order, SavedReplyFields, Shop } from '@/lib/protocol';
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

/** The chat's messages from the cache, oldest first: the customer's words name the order and the language. */
const chatLines = (db: SidedeskDb, conversationId: string) =>
  db.messages
    .where('[conversationId+createdAt]')
    .between([conversationId, ''], [conversationId, '\uffff'])
    .toArray();

/** The order's variables, its status in the member's words. */
export function orderVariables(order: Order): ReplyContext {
  return { 'order.id': order.number, 'order.status': orderStatusLabel(order.status).toLowerCase() };
}

/** What every reply of the chat can use at once: the customer, the member and the shop. */
function baseContext(
  conversation: Conversation | undefined,
  shop: Shop | undefined,
  nickname: string,
): ReplyContext {
  return {
    'customer.name': conversation?.customerName,
    'customer.firstName': conversation ? firstNameOf(conversation.customerName) : undefined,
    'agent.nickname': nickname,
    'shop.name': shop?.name,
  };
}

export interface ReplyContextNow {
  /** The values known now; `{{order.*}}` only when one order is the chat's. */
  context: ReplyContext;
  /** The order the chat is about, or the orders to choose among (lib/domain/reply-context.ts). */
  question: OrderInQuestion<Order>;
}

/**
 * What a reply's variables are filled with in this chat, read when it is inserted: the customer, the order the
 * chat is about (the one the member chose, else the one the customer named, else their only one), the member
 * and the shop. The orders are read only for a reply that names an order (and then from the cache the
 * workbench shares, when it is fresh).
 */
export function useReplyContextLoader(
  conversation: Conversation | undefined,
  shop: Shop | undefined,
): (body: string) => Promise<ReplyContextNow> {
  const { api, session } = useSession();
  const client = useQueryClient();
  const db = useDb();
  return async (body) => {
    const context = baseContext(conversation, shop, session.member.nickname);
    if (!conversation || !namesAnOrder(body)) return { context, question: { kind: 'none' } };
    const [orders, messages, chosen] = await Promise.all([
      client.fetchQuery(workbenchQueries.orders(api, conversation.id)).catch(() => []),
      chatLines(db, conversation.id),
      chatOrderItem.getValue(),
    ]);
    const question = orderInQuestion(messages, orders, {
      pattern: orderNumberPattern(shop?.marketplace),
      chosen: chosen[conversation.id] ?? null,
    });
    return {
      context: question.kind === 'decided' ? { ...context, ...orderVariables(question.order) } : context,
      question,
    };
  };
}

/**
 * The chat's values as the "/" list shows them while open, following the chat: previews read with the
 * customer's name and the chat's order, and the chat's language ranks the list.
 */
export function useReplyPreview(
  conversation: Conversation | undefined,
  shop: Shop | undefined,
  open: boolean,
): { context: ReplyContext; language: string | null } {
  const { api, session } = useSession();
  const db = useDb();
  const conversationId = conversation?.id ?? '';
  const orders = useQuery({
    ...workbenchQueries.orders(api, conversationId),
    enabled: open && !!conversation,
  });
  const messages = useLiveQuery(
    () => (open && conversationId ? chatLines(db, conversationId) : []),
    [db, conversationId, open],
  );
  const chosen = useStorageItem(chatOrderItem);
  const context = baseContext(conversation, shop, session.member.nickname);
  const lines = messages ?? [];
  const question = orderInQuestion(lines, orders.data ?? [], {
    pattern: orderNumberPattern(shop?.marketplace),
    chosen: chosen?.[conversationId] ?? null,
  });
  return {
    context: question.kind === 'decided' ? { ...context, ...orderVariables(question.order) } : context,
    language: chatLanguage(lines, shop?.country),
  };
}
