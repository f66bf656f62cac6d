import type { Conversation } from '../protocol';

/** A conversation is unread for a member when a customer wrote after the member's read mark. */
export function isUnread(
  conversation: Pick<Conversation, 'lastCustomerMessageAt' | 'status' | 'trashedAt'>,
  readUpTo: string | null | undefined,
): boolean {
  if (conversation.trashedAt !== null || conversation.lastCustomerMessageAt === null) return false;
  if (!readUpTo) return true;
  return Date.parse(conversation.lastCustomerMessageAt) > Date.parse(readUpTo);
}

/** The toolbar badge: how many conversations have news, "99+" past that. */
export function badgeText(unreadCount: number): string {
  if (unreadCount <= 0) return '';
  return unreadCount > 99 ? '99+' : String(unreadCount);
}
