import type { Message } from '@/lib/protocol';

/** The shop's messages a customer can read: replies from Sidedesk and from the seller center's own tool. */
const seenByCustomer = (m: Pick<Message, 'direction' | 'author'>) =>
  m.direction === 'outbound' && (m.author === 'member' || m.author === 'seller_center');

/**
 * The one message that carries "Seen": the newest reply the customer has read up to (as most chat apps show
 * it), or null. Messages come oldest first; replies still on their way have not been read.
 */
export function lastSeenMessageId(
  messages: readonly (Pick<Message, 'id' | 'direction' | 'author' | 'createdAt'> & { pending?: true })[],
  customerReadUpTo: string | null,
): string | null {
  if (!customerReadUpTo) return null;
  const readUpTo = Date.parse(customerReadUpTo);
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (!m.pending && seenByCustomer(m) && Date.parse(m.createdAt) <= readUpTo) return m.id;
  }
  return null;
}
