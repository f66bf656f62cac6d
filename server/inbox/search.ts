import { and, desc, eq, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { searchTerms, snippetAround } from '../../lib/domain/search';
import { seesAllConversations, type Viewer } from '../../lib/domain/visibility';
import type { SearchHit } from '../../lib/protocol';
import type { Db } from '../store';
import { toConversation } from '../store/mappers';
import {
  conversation,
  customer,
  customerHandle,
  message,
  MESSAGE_SEARCH_VECTOR,
  order,
} from '../store/schema';

export interface Searcher extends Viewer {
  workspaceId: string;
}

/**
 * Search across the workspace (product §3): an exact order id first, then customers by name or handle, then
 * words in messages by PostgreSQL full-text search in the simple, English and Italian configurations at
 * once. An agent finds only what they may see: their own and unassigned chats.
 */
export async function searchConversations(
  db: Db,
  searcher: Searcher,
  query: string,
  limit: number,
): Promise<SearchHit[]> {
  const visible: SQL[] = [eq(conversation.workspaceId, searcher.workspaceId)];
  if (!seesAllConversations(searcher.role)) {
    visible.push(or(isNull(conversation.assigneeId), eq(conversation.assigneeId, searcher.id))!);
  }
  const hits = new Map<string, SearchHit>();
  const add = (
    rows: { conversation: typeof conversation.$inferSelect; name: string }[],
    hit: Omit<SearchHit, 'conversation'>,
  ) => {
    for (const row of rows) {
      if (hits.size >= limit) return;
      if (!hits.has(row.conversation.id))
        hits.set(row.conversation.id, { conversation: toConversation(row.conversation, row.name), ...hit });
    }
  };
  const columns = { conversation, name: customer.displayName };
  // Hits of one kind come latest first, as the inbox lists them: by the customer's last message (listTimeOf).
  const latestFirst = desc(sql`coalesce(${conversation.lastCustomerMessageAt}, ${conversation.createdAt})`);

  // An order id is matched exactly, as the marketplace prints it.
  const orderCustomers = db
    .select({ id: order.customerId })
    .from(order)
    .where(
      and(
        eq(order.workspaceId, searcher.workspaceId),
        eq(sql`upper(${order.externalId})`, query.trim().toUpperCase()),
      ),
    );
  add(
    await db
      .select(columns)
      .from(conversation)
      .innerJoin(customer, eq(customer.id, conversation.customerId))
      .where(and(...visible, inArray(conversation.customerId, orderCustomers)))
      .orderBy(latestFirst)
      .limit(limit),
    { matchedOn: 'order', messageId: null, snippet: null },
  );

  const pattern = `%${query.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const byHandle = db
    .select({ id: customerHandle.customerId })
    .from(customerHandle)
    .where(and(eq(customerHandle.workspaceId, searcher.workspaceId), ilike(customerHandle.handle, pattern)));
  add(
    await db
      .select(columns)
      .from(conversation)
      .innerJoin(customer, eq(customer.id, conversation.customerId))
      .where(and(...visible, or(ilike(customer.displayName, pattern), inArray(customer.id, byHandle))))
      .orderBy(latestFirst)
      .limit(limit),
    { matchedOn: 'customer', messageId: null, snippet: null },
  );

  if (hits.size < limit) {
    const tsquery = sql`(plainto_tsquery('simple', ${query}) || plainto_tsquery('english', ${query}) || plainto_tsquery('italian', ${query}))`;
    const found = await db
      .select({ ...columns, messageId: message.id, body: message.body })
      .from(message)
      .innerJoin(conversation, eq(conversation.id, message.conversationId))
      .innerJoin(customer, eq(customer.id, conversation.customerId))
      .where(
        and(
          ...visible,
          eq(message.workspaceId, searcher.workspaceId),
          inArray(message.direction, ['inbound', 'outbound', 'note']),
          sql`${sql.raw(MESSAGE_SEARCH_VECTOR)} @@ ${tsquery}`,
        ),
      )
      .orderBy(desc(message.createdAt))
      .limit(limit * 4);
    const terms = searchTerms(query);
    for (const row of found) {
      if (hits.size >= limit) break;
      if (hits.has(row.conversation.id)) continue;
      hits.set(row.conversation.id, {
        conversation: toConversation(row.conversation, row.name),
        matchedOn: 'message',
        messageId: row.messageId,
        snippet: snippetAround(row.body, terms),
      });
    }
  }
  return [...hits.values()];
}
