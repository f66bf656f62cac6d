/** Who is typing where: conversation id → until when (ISO), as `typingItem` keeps it in session storage. */
export type TypingMap = Record<string, string>;

/**
 * The map after one change: `until` sets (or, when null, clears) a conversation's entry, and every entry
 * that has run out by `now` is dropped, so the stored map never grows with old chats.
 */
export function nextTypingMap(
  current: TypingMap,
  conversationId: string,
  until: string | null,
  now: Date,
): TypingMap {
  const next: TypingMap = {};
  for (const [id, at] of Object.entries(current))
    if (id !== conversationId && Date.parse(at) > now.getTime()) next[id] = at;
  if (until !== null && Date.parse(until) > now.getTime()) next[conversationId] = until;
  return next;
}
